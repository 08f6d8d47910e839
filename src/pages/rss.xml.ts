/**
 * The guides as an RSS feed: newest first, drafts left out, each item dated by its `updated` day.
 */
import rss from '@astrojs/rss';
import type { APIContext } from 'astro';
import { getCollection } from 'astro:content';
import { site } from '../domain/site.js';
import { guideHref, isPublished, sortGuides } from '../domain/guides.js';

export async function GET(context: APIContext): Promise<Response> {
  const guides = sortGuides(await getCollection('guides', isPublished));
  return rss({
    title: `${site.name} guides`,
    description: site.tagline,
    site: context.site ?? context.url.origin,
    trailingSlash: true,
    customData: `<language>${site.language}</language>`,
    items: guides.map((entry) => ({
      title: entry.data.title,
      description: entry.data.description,
      link: guideHref(entry.id),
      pubDate: entry.data.updated,
    })),
  });
}
