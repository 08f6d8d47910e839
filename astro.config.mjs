// @ts-check
import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'astro/config';
import react from '@astrojs/react';
import sitemap from '@astrojs/sitemap';

// Pages reached through signed links (and the 404) are noindex, so they stay out of the sitemap.
const UNLISTED = /\/(review|release|status|shop|404)\/?$/;

// Pages are static; everything dynamic lives in api/ (Vercel functions).
// SITE_URL is read here only for canonical URLs at build time; the runtime reads it through src/server/config.
export default defineConfig({
  site: process.env.SITE_URL ?? 'http://localhost:4321',
  output: 'static',
  trailingSlash: 'always',
  integrations: [
    react(),
    sitemap({ filter: (page) => !UNLISTED.test(new URL(page).pathname) }),
    {
      // Crawlers and people look for /sitemap.xml; the integration writes sitemap-index.xml.
      name: 'sitemap-xml-alias',
      hooks: {
        'astro:build:done': async ({ dir }) => {
          await copyFile(new URL('sitemap-index.xml', dir), new URL('sitemap.xml', dir));
        },
      },
    },
  ],
  // Every page's CSS is small; inlining it saves a render-blocking request on the first visit.
  build: { format: 'directory', inlineStylesheets: 'always' },
});
