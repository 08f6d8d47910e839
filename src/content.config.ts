/**
 * Content collections. `guides` are the articles under content/guides; the rules for their front
 * matter (every field, its limits and its default) live in src/domain/guides.ts so tests check
 * the very schema the build uses.
 */
import { defineCollection, reference } from 'astro:content';
import { glob } from 'astro/loaders';
import { createGuideSchema } from './domain/guides.js';

const guides = defineCollection({
  // `_name.md` is a scratch or fixture file and is never loaded; `draft: true` is loaded but not published.
  loader: glob({ base: './content/guides', pattern: ['**/*.md', '!**/_*.md'] }),
  // A related slug that names no guide fails the build instead of producing a dead link.
  schema: createGuideSchema({ related: reference('guides') }),
});

export const collections = { guides };
