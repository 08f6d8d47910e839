/**
 * Checks over the BUILT site in dist/ (the global setup rebuilds it when stale): every internal link
 * resolves, article pages ship no script but JSON-LD, and the SEO files list what was published.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { guideModes } from '../../src/domain/guides.js';

const DIST = path.resolve(import.meta.dirname, '../../dist');
const GUIDES_DIR = path.resolve(import.meta.dirname, '../../content/guides');

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return htmlFiles(full);
    return name.endsWith('.html') ? [full] : [];
  });
}

/** The URL path a built file is served at (directory format: guides/a/index.html → /guides/a/). */
function routeOf(file: string): string {
  const relative = path.relative(DIST, file).split(path.sep).join('/');
  return '/' + relative.replace(/(^|\/)index\.html$/, '$1');
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'i').exec(tag);
  return match ? decode(match[1] ?? match[2] ?? '') : undefined;
}

function decode(value: string): string {
  return value
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'");
}

function tags(html: string, name: string): string[] {
  return html.match(new RegExp(`<${name}\\b[^>]*>`, 'gi')) ?? [];
}

function ids(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]+)"/g)].map((match) => decode(match[1] ?? '')));
}

/** Where a same-site path lives in dist/, or undefined when nothing would be served. */
function distFileFor(pathname: string): string | undefined {
  const decoded = decodeURIComponent(pathname);
  const candidate = decoded.endsWith('/') ? path.join(DIST, decoded, 'index.html') : path.join(DIST, decoded);
  return existsSync(candidate) && statSync(candidate).isFile() ? candidate : undefined;
}

const pages = htmlFiles(DIST).map((file) => ({ file, route: routeOf(file), html: readFileSync(file, 'utf8') }));
const home = pages.find((page) => page.route === '/');
const siteOrigin = new URL(
  attribute(tags(home?.html ?? '', 'link').find((tag) => /rel="canonical"/.test(tag)) ?? '', 'href') ??
    'http://invalid',
).origin;
const publishedSlugs = readdirSync(GUIDES_DIR)
  .filter((file) => file.endsWith('.md') && !file.startsWith('_'))
  .filter((file) => !/^draft:\s*true\s*$/m.test(readFileSync(path.join(GUIDES_DIR, file), 'utf8')))
  .map((file) => file.replace(/\.md$/, ''))
  .sort();
const articles = pages.filter((page) => /^\/guides\/[^/]+\/$/.test(page.route));

interface Problem {
  page: string;
  link: string;
  why: string;
}

function checkLink(page: { file: string; route: string; html: string }, raw: string): Problem | undefined {
  if (/^(mailto|tel):/i.test(raw)) return undefined;
  const url = new URL(raw, siteOrigin + page.route);
  if (url.origin !== siteOrigin) return undefined;
  const problem = (why: string): Problem => ({ page: page.route, link: raw, why });
  const target = distFileFor(url.pathname);
  if (!target) return problem('no such page in dist/');
  if (url.pathname === '/quote/' && url.searchParams.has('mode')) {
    const mode = url.searchParams.get('mode') ?? '';
    if (!(guideModes as readonly string[]).includes(mode)) return problem(`unknown quote mode ${mode}`);
  }
  if (url.hash && target.endsWith('.html')) {
    const anchor = decodeURIComponent(url.hash.slice(1));
    const targetHtml = target === page.file ? page.html : readFileSync(target, 'utf8');
    if (!ids(targetHtml).has(anchor)) return problem(`no element with id ${anchor}`);
  }
  return undefined;
}

describe('built site', () => {
  it('has a home page, a guides index, a 404 page and one page per published guide', () => {
    expect(home).toBeDefined();
    expect(siteOrigin).not.toBe('null');
    expect(pages.map((page) => page.route)).toEqual(expect.arrayContaining(['/', '/guides/', '/404.html']));
    expect(articles.map((page) => page.route.split('/')[2]).sort()).toEqual(publishedSlugs);
  });

  it('has no broken internal link on any page (pages, assets, anchors, quote modes)', () => {
    const problems: Problem[] = [];
    let checked = 0;
    for (const page of pages) {
      const links = [
        ...tags(page.html, 'a').map((tag) => attribute(tag, 'href')),
        ...tags(page.html, 'link').map((tag) => attribute(tag, 'href')),
        ...tags(page.html, 'script').map((tag) => attribute(tag, 'src')),
        ...tags(page.html, 'img').map((tag) => attribute(tag, 'src')),
      ].filter((link): link is string => link !== undefined);
      for (const link of links) {
        checked += 1;
        const problem = checkLink(page, link);
        if (problem) problems.push(problem);
      }
    }
    expect(checked).toBeGreaterThan(pages.length * 5);
    expect(problems).toEqual([]);
  });

  it('links every article to its related guides and to a quote mode', () => {
    for (const page of articles) {
      const hrefs = tags(page.html, 'a').map((tag) => attribute(tag, 'href') ?? '');
      expect(hrefs.filter((href) => /^\/guides\/[^/]+\/$/.test(href)).length, page.route).toBeGreaterThanOrEqual(2);
      expect(
        hrefs.some((href) => href.startsWith('/quote/?mode=')),
        page.route,
      ).toBe(true);
    }
  });

  it.each(articles.map((page) => [page.route, page] as const))('%s ships no script but JSON-LD', (_route, page) => {
    const scripts = tags(page.html, 'script');
    expect(scripts.length).toBeGreaterThanOrEqual(2);
    for (const tag of scripts) {
      expect(attribute(tag, 'type')).toBe('application/ld+json');
      expect(attribute(tag, 'src')).toBeUndefined();
    }
    expect(page.html).not.toMatch(/\son[a-z]+\s*=/i);
    expect(tags(page.html, 'link').filter((tag) => /rel="(stylesheet|modulepreload)"/.test(tag))).toEqual([]);
  });

  it.each(articles.map((page) => [page.route, page] as const))(
    '%s has Article and FAQPage JSON-LD, a canonical URL and Open Graph tags',
    (route, page) => {
      const blocks = [...page.html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
        (match) => JSON.parse(match[1] ?? '') as { '@type': string; mainEntity?: unknown[]; mainEntityOfPage?: string },
      );
      expect(blocks.map((block) => block['@type']).sort()).toEqual(['Article', 'FAQPage']);
      const faqOnPage = (page.html.match(/class="faq-item"/g) ?? []).length;
      expect(blocks.find((block) => block['@type'] === 'FAQPage')?.mainEntity).toHaveLength(faqOnPage);

      const canonical = attribute(tags(page.html, 'link').find((tag) => /rel="canonical"/.test(tag)) ?? '', 'href');
      expect(canonical).toBe(siteOrigin + route);
      expect(blocks.find((block) => block['@type'] === 'Article')?.mainEntityOfPage).toBe(canonical);
      const og = (property: string) =>
        attribute(tags(page.html, 'meta').find((tag) => tag.includes(`property="${property}"`)) ?? '', 'content');
      expect(og('og:url')).toBe(canonical);
      expect(og('og:type')).toBe('article');
      expect(og('og:title')).toBeTruthy();
      expect(og('og:description')).toBeTruthy();
    },
  );

  it('lists every published guide in sitemap.xml and keeps token pages and the 404 out', () => {
    const sitemap = readFileSync(path.join(DIST, 'sitemap.xml'), 'utf8');
    expect(sitemap).toContain('<sitemapindex');
    const urls = readdirSync(DIST)
      .filter((name) => /^sitemap-\d+\.xml$/.test(name))
      .flatMap((name) => [...readFileSync(path.join(DIST, name), 'utf8').matchAll(/<loc>([^<]+)<\/loc>/g)])
      .map((match) => match[1] ?? '');
    for (const slug of publishedSlugs) expect(urls).toContain(`${siteOrigin}/guides/${slug}/`);
    expect(urls).toContain(`${siteOrigin}/`);
    for (const url of urls) {
      expect(url).not.toMatch(/\/(review|release|status|shop|404)\/?$/);
      expect(distFileFor(new URL(url).pathname), url).toBeDefined();
    }
  });

  it('publishes every guide in the RSS feed and points robots.txt at the sitemap', () => {
    const feed = readFileSync(path.join(DIST, 'rss.xml'), 'utf8');
    const links = [...feed.matchAll(/<item>[\s\S]*?<link>([^<]+)<\/link>/g)].map((match) => match[1]);
    expect(links.sort()).toEqual(publishedSlugs.map((slug) => `${siteOrigin}/guides/${slug}/`));
    const robots = readFileSync(path.join(DIST, 'robots.txt'), 'utf8');
    expect(robots).toContain(`Sitemap: ${siteOrigin}/sitemap.xml`);
  });
});
