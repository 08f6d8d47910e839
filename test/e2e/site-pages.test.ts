/**
 * The public pages in a real Chromium, served by the local runtime: accessibility (axe serious and
 * critical) and no console errors on the articles layout.test.ts does not open, no script running on
 * articles, mobile layout, the print stylesheet and the 404 page.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeScan, browserAvailable, collectPageErrors, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const slugs = readdirSync(path.resolve(import.meta.dirname, '../../content/guides'))
  .filter((file) => file.endsWith('.md') && !file.startsWith('_'))
  .map((file) => file.replace(/\.md$/, ''))
  .sort();
const ARTICLE = `/guides/${slugs[0] ?? 'missing'}/`;
// The home page, the guides index and the first article are scanned by layout.test.ts (axe and
// console errors, at 390 and 1280 px); each page state is scanned once, so this file takes the rest.
const PAGES = slugs.map((slug) => `/guides/${slug}/`).filter((pathname) => pathname !== ARTICLE);

// Chromium and axe on two shared cores can be slow; the limit guards against hangs, not speed.
describe.skipIf(!browserAvailable)('public site in Chromium', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(pathname: string, viewport = { width: 412, height: 823 }): Promise<[Page, string[]]> {
    // axe needs a page from an explicit context (it opens a second page in the same context).
    const page = await (await browser.newContext({ viewport })).newPage();
    const errors = collectPageErrors(page);
    const response = await page.goto(server.url + pathname, { waitUntil: 'load' });
    expect(response?.status(), pathname).toBe(200);
    return [page, errors];
  }

  it.each(PAGES)('%s has no serious or critical axe violation and no console error', async (pathname) => {
    const [page, errors] = await open(pathname);
    try {
      expect(await axeScan(page)).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('runs no script on an article, and its table of contents and call to action work', async () => {
    const [page, errors] = await open(ARTICLE);
    try {
      const scriptTypes = await page.$$eval('script', (nodes) => nodes.map((node) => node.getAttribute('type')));
      expect(scriptTypes.length).toBeGreaterThan(0);
      expect(new Set(scriptTypes)).toEqual(new Set(['application/ld+json']));

      const firstEntry = page.locator('nav.toc a').first();
      const target = (await firstEntry.getAttribute('href')) ?? '';
      await firstEntry.click();
      expect(new URL(page.url()).hash).toBe(target);
      await expect.poll(() => page.locator(target).isVisible()).toBe(true);

      const ctaHref = await page.locator('.cta a.button').getAttribute('href');
      expect(ctaHref).toMatch(/^\/quote\/\?mode=(rough_estimate|sample|production)$/);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('fits a 320px-wide phone without sideways scrolling', async () => {
    for (const pathname of ['/', ARTICLE]) {
      const [page] = await open(pathname, { width: 320, height: 640 });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, pathname).toBeLessThanOrEqual(0);
      await page.context().close();
    }
  });

  it('prints an article without navigation, table of contents or calls to action', async () => {
    const [page] = await open(ARTICLE);
    try {
      const display = (selector: string) => page.$eval(selector, (node) => getComputedStyle(node).display);
      expect(await display('.print-only')).toBe('none');
      await page.emulateMedia({ media: 'print' });
      // On paper the reader still needs to find the page again.
      expect(await page.locator('.print-only').textContent()).toContain(ARTICLE);
      expect(await display('.print-only')).not.toBe('none');
      expect(await display('.site-header nav')).toBe('none');
      expect(await display('nav.toc')).toBe('none');
      expect(await display('.cta')).toBe('none');
      expect(await display('.fast-answer')).not.toBe('none');
      expect(await display('.faq')).not.toBe('none');
      expect(await page.locator('h1').isVisible()).toBe(true);
    } finally {
      await page.context().close();
    }
  });

  it('answers an unknown address with the 404 page', async () => {
    const page = await (await browser.newContext()).newPage();
    try {
      const response = await page.goto(`${server.url}/guides/no-such-guide/`);
      expect(response?.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe('Page not found');
      expect(await axeScan(page)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
