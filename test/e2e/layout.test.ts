/**
 * Layout in a real Chromium, on every page at a 390 px phone and a 1280 px desktop: nothing wider
 * than the viewport, every table cell inside its table, every button in the page's font, axe clean.
 * The link pages open through a real request's links (made over HTTP with the test helpers), so they
 * show their real state. Also: the footer names the shop (legal name, address, VAT id) and links
 * to working terms, and the home page's first action is visible without scrolling on a phone.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { site } from '../../src/domain/site.js';
import { axeScan, browserAvailable, collectPageErrors, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createRequestWithLinks } from '../support/review.js';
import { issueQuoteWithLink, staffOf } from '../support/release.js';

const slugs = readdirSync(path.resolve(import.meta.dirname, '../../content/guides'))
  .filter((file) => file.endsWith('.md') && !file.startsWith('_'))
  .map((file) => file.replace(/\.md$/, ''))
  .sort();

const VIEWPORTS = [
  { width: 390, height: 844 },
  { width: 1280, height: 800 },
];

/**
 * A page to check: a path or a full link, whether it needs the staff session, and what is on it only
 * once it shows its content (a static page's heading; an island's view once its data came back).
 */
type Target = { name: string; url: () => string; staff?: boolean; ready: (page: Page) => Promise<unknown> };

const heading = (page: Page) => page.locator('main h1').first().waitFor();
/** An element that the loaded view has and its loading state (aria-busy, architecture §3.5) has not. */
const shown = (selector: string) => (page: Page) => page.locator(selector).first().waitFor();

let server: TestServer;
let browser: Browser;
let links: { review: string; status: string; release: string; shopRequest: string };
let staffCookie = '';

const TARGETS: Target[] = [
  { name: 'home', url: () => '/', ready: heading },
  { name: 'guides index', url: () => '/guides/', ready: heading },
  { name: 'guide article', url: () => `/guides/${slugs[0] ?? 'missing'}/`, ready: heading },
  { name: 'quote form', url: () => '/quote/', ready: shown('.quote-form button[type=submit]:not([disabled])') },
  { name: 'terms', url: () => site.termsPath, ready: heading },
  { name: 'status', url: () => links.status, ready: shown('.status-page #tracks-title') },
  { name: 'review', url: () => links.review, ready: shown('.review-page:not([aria-busy]) h1') },
  { name: 'release', url: () => links.release, ready: shown('.release-page #quote-title') },
  {
    name: 'shop inbox',
    url: () => '/shop/',
    staff: true,
    ready: (page) =>
      page
        .getByRole('status')
        .filter({ hasText: /^\d+ requests?$/ })
        .waitFor(),
  },
  { name: 'shop request', url: () => links.shopRequest, staff: true, ready: shown('.shop-page:not([aria-busy]) h1') },
];

async function open(target: Target, viewport: { width: number; height: number }): Promise<[Page, string[]]> {
  const context = await browser.newContext({
    viewport,
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
  });
  if (target.staff) {
    const [name = '', value = ''] = staffCookie.split('=');
    await context.addCookies([{ name, value, url: server.url }]);
  }
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  const url = target.url();
  const response = await page.goto(url.startsWith('http') ? url : server.url + url, { waitUntil: 'load' });
  expect(response?.status(), target.name).toBe(200);
  await page.locator('main h1').first().waitFor();
  await target.ready(page);
  await settled(page);
  return [page, errors];
}

/**
 * The page as a person sees it once it stops changing: every island hydrated, no loading state left
 * (aria-busy, or a status that says it is loading), every image in and the fonts applied. What
 * `networkidle` waited for, without its half second of quiet after the last request.
 */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const islands = [...document.querySelectorAll('astro-island')];
    const loading = [...document.querySelectorAll('[role=status], [aria-live]')].some((node) =>
      /^(Loading|Checking)\b/.test((node.textContent ?? '').trim()),
    );
    return (
      islands.every((island) => !island.hasAttribute('ssr')) &&
      !document.querySelector('[aria-busy="true"]') &&
      !loading &&
      [...document.images].every((image) => image.complete)
    );
  });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

/** What sticks out: the scroll width, and each visible element whose box passes the viewport's right edge. */
function overflowReport(page: Page) {
  return page.evaluate(() => {
    const width = window.innerWidth;
    const describe = (node: Element) =>
      `${node.tagName.toLowerCase()}${node.id ? `#${node.id}` : ''}${
        typeof node.className === 'string' && node.className ? `.${node.className.trim().split(/\s+/).join('.')}` : ''
      }`;
    const wide: string[] = [];
    for (const node of document.body.querySelectorAll('*')) {
      const box = node.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      const style = getComputedStyle(node);
      if (style.visibility === 'hidden' || style.display === 'none') continue;
      if (box.right > width + 0.5) wide.push(`${describe(node)} right edge ${Math.round(box.right)} px`);
    }
    return { scrollWidth: document.scrollingElement?.scrollWidth ?? 0, innerWidth: width, wide };
  });
}

/** Table cells whose box leaves their table's box. */
function cellsOutsideTables(page: Page) {
  return page.evaluate(() => {
    const outside: string[] = [];
    for (const table of document.querySelectorAll('table')) {
      const frame = table.getBoundingClientRect();
      for (const cell of table.querySelectorAll('th, td')) {
        const box = cell.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue;
        if (box.left < frame.left - 0.5 || box.right > frame.right + 0.5) {
          outside.push(
            `"${(cell.textContent ?? '').trim().slice(0, 30)}" ${Math.round(box.right)} > ${Math.round(frame.right)}`,
          );
        }
      }
    }
    return outside;
  });
}

/** Buttons whose computed font family differs from the body's. */
function buttonsInAnotherFont(page: Page) {
  return page.evaluate(() => {
    const body = getComputedStyle(document.body).fontFamily;
    return [...document.querySelectorAll('button, .button')]
      .map((node) => ({ text: (node.textContent ?? '').trim().slice(0, 40), font: getComputedStyle(node).fontFamily }))
      .filter((button) => button.font !== body);
  });
}

// Chromium and axe on two shared cores can be slow; the limit guards against hangs, not speed.
describe.skipIf(!browserAvailable)('layout on every page in Chromium', { timeout: 180_000 }, () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    const request = await createRequestWithLinks(server);
    const quoted = await issueQuoteWithLink(server);
    staffCookie = (await staffOf(server)).cookie;
    links = {
      review: request.reviewUrl,
      status: quoted.statusUrl,
      release: quoted.releaseUrl,
      shopRequest: `/shop/request/?id=${quoted.id}`,
    };
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const cases = TARGETS.flatMap((target) => VIEWPORTS.map((viewport) => ({ target, viewport })));

  it.each(cases.map((entry) => [`${entry.target.name} at ${entry.viewport.width} px`, entry] as const))(
    '%s: fits the viewport, tables hold their cells, buttons use the page font, axe is clean',
    async (_label, { target, viewport }) => {
      const [page, errors] = await open(target, viewport);
      try {
        const overflow = await overflowReport(page);
        expect(overflow.wide, 'elements past the right edge').toEqual([]);
        expect(overflow.scrollWidth, 'document scroll width').toBeLessThanOrEqual(overflow.innerWidth);
        expect(await cellsOutsideTables(page), 'table cells outside their table').toEqual([]);
        expect(await buttonsInAnotherFont(page), 'buttons in another font than the page').toEqual([]);
        expect(await axeScan(page)).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await page.context().close();
      }
    },
  );

  it('shows the shop in the footer of every kind of page, with terms that open', async () => {
    for (const target of [TARGETS[0], TARGETS[5]] as Target[]) {
      const [page] = await open(target, { width: 390, height: 844 });
      try {
        const footer = page.locator('footer.site-footer');
        const text = (await footer.innerText()).replace(/\s+/g, ' ');
        expect(text).toContain(site.legalName);
        expect(text).toContain(site.address.street);
        expect(text).toContain(`${site.address.postalCode} ${site.address.city}`);
        expect(text).toContain(site.address.country);
        expect(text).toContain(site.vatId);
        expect(text).toContain(site.contactEmail);
        const terms = footer.getByRole('link', { name: 'Terms of sale' });
        expect(await terms.getAttribute('href')).toBe(site.termsPath);
        const [response] = await Promise.all([page.waitForNavigation(), terms.click()]);
        expect(response?.status()).toBe(200);
        expect(new URL(page.url()).pathname).toBe(site.termsPath);
        await expect(page.locator('h1').innerText()).resolves.toBe('Terms of sale');
        const body = await page.locator('main').innerText();
        expect(body).toContain(`${site.defaultPaymentTermsDays} days net`);
        expect(body).toContain('Germany');
      } finally {
        await page.context().close();
      }
    }
  });

  it('puts the home page call to action in the first screen of a 390 × 844 phone', async () => {
    const [page] = await open(TARGETS[0] as Target, { width: 390, height: 844 });
    try {
      const cta = page.locator('main a.button--primary').first();
      expect(await cta.getAttribute('href')).toBe('/quote/');
      expect(await cta.innerText()).toBe('Request a quote');
      const box = await cta.boundingBox();
      expect(box).not.toBeNull();
      expect(box!.y).toBeGreaterThanOrEqual(0);
      expect(box!.y + box!.height).toBeLessThanOrEqual(844);
      // The sentence under "Terms in plain words" keeps its space before the address.
      expect((await page.locator('main').innerText()).replace(/\s+/g, ' ')).toContain(`Write to ${site.contactEmail}`);
    } finally {
      await page.context().close();
    }
  });
});
