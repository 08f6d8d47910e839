// @ts-check
import { copyFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'astro/config';
import react from '@astrojs/react';
import sitemap from '@astrojs/sitemap';
import { chunkModules } from './src/build/chunk-modules.js';
import { cspHashes } from './src/build/csp.js';
import { modulePreload } from './src/build/module-preload.js';
import { buildSiteUrl } from './src/build/site-url.js';
import { vendorPacketCheck } from './src/build/vendor-packet.js';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
/** @type {import('./src/build/chunk-modules.js').ChunkModules} */
const CHUNKS = {};

// Pages reached through signed links (and the 404) are noindex, so they stay out of the sitemap.
const UNLISTED = /\/(review|release|status|shop|404)\/?$/;

// Pages are static; everything dynamic lives in api/ (Vercel functions).
// SITE_URL is read here (src/build/site-url.ts) for canonical URLs and the canonical host at build
// time; the runtime reads it through src/server/config.
export default defineConfig({
  site: buildSiteUrl(),
  output: 'static',
  trailingSlash: 'always',
  integrations: [
    // A vendor packet entry without its file, or with an unknown kind, fails the build (src/build/vendor-packet.ts).
    vendorPacketCheck(),
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
    {
      // Before any island hydrates, a visit on another host moves to SITE_URL's (src/components/canonical-host-gate.ts).
      name: 'canonical-host',
      hooks: {
        'astro:config:setup': ({ injectScript }) => {
          injectScript('before-hydration', "import '/src/components/canonical-host-gate.ts';");
        },
      },
    },
    // Every module an island starts with is requested with the page (src/build/module-preload.ts).
    modulePreload(),
    // vercel.json's Content-Security-Policy allows inline blocks by hash only: every build brings
    // the hashes in line with the pages it emits, or fails on Vercel and in CI (src/build/csp.ts).
    cspHashes(),
  ],
  // Every page's CSS is small; inlining it saves a render-blocking request on the first visit
  // (as external sheets, /quote/ fell from 98 to 93 in the Lighthouse bench); the CSP allows each
  // <style> by its hash.
  build: { format: 'directory', inlineStylesheets: 'always' },
  // Page scripts stay files under /_astro/ ('self' in the CSP), however small: Vite would inline a
  // small one, and its hash would then change with every edit.
  // The geometry worker is an ES module so it can load STEP's WASM reader with a dynamic import() only
  // when a STEP file arrives (src/islands/lib/geometry-worker.ts).
  // chunkModules records what each client chunk and worker holds, for the /quote/ bundle bench.
  vite: {
    plugins: [chunkModules(ROOT, CHUNKS)],
    build: { assetsInlineLimit: (file) => (/\.[cm]?js$/.test(file) ? false : undefined) },
    worker: { format: 'es', plugins: () => [chunkModules(ROOT, CHUNKS)] },
  },
});
