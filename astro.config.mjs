// @ts-check
import { defineConfig } from 'astro/config';
import react from '@astrojs/react';

// Pages are static; everything dynamic lives in api/ (Vercel functions).
// SITE_URL is read here only for canonical URLs at build time; the runtime reads it through src/server/config.
export default defineConfig({
  site: process.env.SITE_URL ?? 'http://localhost:4321',
  output: 'static',
  trailingSlash: 'always',
  integrations: [react()],
  build: { format: 'directory' },
});
