/**
 * The address the pages are built for: SITE_URL, else the local runtime's default address. Astro's
 * `site` (astro.config.mjs) takes it for canonical URLs and the canonical-host script, and
 * src/dev/build-site.ts counts a dist/ built for another address as stale.
 */
export const DEFAULT_SITE_URL = 'http://localhost:4321';

export function buildSiteUrl(env: Record<string, string | undefined> = process.env): string {
  return env.SITE_URL || DEFAULT_SITE_URL;
}
