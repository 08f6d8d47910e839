/**
 * robots.txt with an absolute sitemap address, which only the build knows (SITE_URL); a file in
 * public/ could not carry it. Token pages stay crawlable on purpose: their `noindex` meta only
 * works if a crawler may fetch them, and their tokens live in the URL fragment, never sent.
 */
import type { APIContext } from 'astro';

export function GET(context: APIContext): Response {
  const sitemap = new URL('/sitemap.xml', context.site ?? context.url.origin).href;
  const body = ['User-agent: *', 'Allow: /', 'Disallow: /api/', '', `Sitemap: ${sitemap}`, ''].join('\n');
  return new Response(body, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
