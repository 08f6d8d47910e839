/**
 * The status page in a real Chromium: a request made through the real functions, opened through its
 * status link on a desktop and a 390 px viewport (timeline, handoff note, next actor, files with
 * thumbnails, history, no emails shown, token out of the address bar, reload), and every problem
 * state: no link, a bad or expired link (with the shop's address), an unknown request, a network error.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { site } from '../../src/domain/site.js';
import { axeScan, browserAvailable, collectPageErrors, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SLOW = 120_000;

let server: TestServer;
let browser: Browser;
let statusUrl: string;
let requestId: string;
let reference: string;

async function createRequest(): Promise<void> {
  const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#c03030' } })
    .png()
    .toBuffer();
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'red-clip.png');
  const upload = await fetch(`${server.url}/api/uploads`, { method: 'POST', body: form });
  expect(upload.status).toBe(201);
  const { id: fileId } = (await upload.json()) as { id: string };
  const response = await fetch(`${server.url}/api/requests`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      clientDraftId: randomUUID(),
      mode: 'sample',
      part: {
        name: 'Heater clip',
        problem: 'The clip cracks after a week.',
        kind: 'replacement',
        size: { lengthMm: 40, widthMm: 12, heightMm: 8 },
        material: 'help_me_choose',
        environment: { heat: true, load: false, motion: false, outdoorUv: false, chemicals: false },
      },
      quantities: { sample: 2, provisional: false },
      neededBy: '2030-01-31',
      fileIds: [fileId],
      technicalContact: { name: 'Ada Lovelace', email: 'ada.status@acme.test', company: 'Acme' },
      sameContactForBothRoles: false,
      purchasingApprover: { name: 'Bo Buyer', email: 'bo.status@acme.test', company: 'Acme', poStatus: 'none' },
    }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { id: string; reference: string; statusUrl: string };
  requestId = body.id;
  reference = body.reference;
  // Link bases come from configuration; point the page at this test server.
  const link = new URL(body.statusUrl);
  statusUrl = `${server.url}${link.pathname}${link.search}${link.hash}`;
}

async function expectNoSeriousAxe(page: Page, where: string): Promise<void> {
  const violations = await axeScan(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

describe.skipIf(!browserAvailable)('status page in Chromium', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    await createRequest();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it(
    'shows both tracks as a timeline, the handoff note, who acts next, files and history (desktop)',
    async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await page.goto(statusUrl);
      await page.waitForSelector('.lane-steps');

      expect(await page.locator('h1').textContent()).toBe(`${reference}: Heater clip`);
      // The token left the address bar (and so history, bookmarks and screenshots).
      expect(page.url()).toBe(`${server.url}/status/?id=${requestId}`);

      const lanes = page.locator('.lane');
      expect(await lanes.count()).toBe(2);
      const technical = (await lanes.nth(0).textContent()) ?? '';
      expect(technical).toContain('Technical track');
      expect(technical).toContain('Technical review');
      expect(technical).toContain('Now');
      expect(technical).toContain('Sample made and shipped');
      expect(technical).toContain('Still to come');
      const commercial = (await lanes.nth(1).textContent()) ?? '';
      expect(commercial).toContain('Commercial track');
      expect(commercial).toContain('Purchasing release');
      expect(await page.locator('.production').textContent()).toContain('Not yet');

      expect(await page.locator('.handoff').textContent()).toContain('Technical review is still pending');
      const next = (await page.locator('section[aria-labelledby=next-title]').textContent()) ?? '';
      expect(next).toContain('Technical review of the part direction by the technical contact.');

      // The image is fetched with the bearer token and shown from a blob URL.
      const thumb = page.locator('img.file-thumb');
      await thumb.waitFor();
      expect(await thumb.getAttribute('src')).toMatch(/^blob:/);
      expect(await thumb.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
      expect(await page.locator('.file-name').textContent()).toBe('red-clip.png');

      expect(await page.locator('.history li').count()).toBeGreaterThan(0);
      // A status link may be forwarded: no contact emails on the page.
      expect(await page.locator('body').textContent()).not.toContain('@acme.test');

      await expectNoSeriousAxe(page, 'status desktop');

      // A reload works: the token was kept for this tab.
      await page.reload();
      await page.waitForSelector('.lane-steps');
      expect(await page.locator('h1').textContent()).toBe(`${reference}: Heater clip`);
      expect(errors).toEqual([]);
      await context.close();
    },
    SLOW,
  );

  it(
    'is usable at 390 px: lanes stack, nothing scrolls sideways, no axe violations',
    async () => {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
      });
      const page = await context.newPage();
      await page.goto(statusUrl);
      await page.waitForSelector('.lane-steps');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const [first, second] = await page
        .locator('.lane')
        .evaluateAll((els) => els.map((el) => el.getBoundingClientRect().top));
      expect(second).toBeGreaterThan(first ?? 0);
      await expectNoSeriousAxe(page, 'status 390 px');
      await context.close();
    },
    SLOW,
  );

  it(
    'explains an invalid or expired link and names the shop address to ask for a fresh one',
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/status/?id=${requestId}#token=${'x'.repeat(43)}`);
      await page.waitForSelector('h1:has-text("expired or was replaced")');
      expect(await page.locator(`a[href="mailto:${site.contactEmail}"]`).first().isVisible()).toBe(true);
      expect(page.url()).not.toContain('token=');
      await expectNoSeriousAxe(page, 'status 401');
      await context.close();
    },
    SLOW,
  );

  it(
    'without a link, says the page needs the link from the email',
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${server.url}/status/`);
      await page.waitForSelector('h1:has-text("needs the link from your email")');
      expect(await page.locator('[role=alert]').textContent()).toContain(site.contactEmail);
      await context.close();
    },
    SLOW,
  );

  it(
    'an unknown request is a clear 404',
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      const token = new URL(statusUrl).hash;
      await page.goto(`${server.url}/status/?id=not-a-request${token}`);
      await page.waitForSelector('h1:has-text("could not find this request")');
      await context.close();
    },
    SLOW,
  );

  it(
    'a network error offers to try again, and trying again loads the request',
    async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.route('**/api/requests/**', (route) => route.abort('internetdisconnected'));
      await page.goto(statusUrl);
      await page.waitForSelector('h1:has-text("could not reach the portal")');
      await page.unroute('**/api/requests/**');
      await page.getByRole('button', { name: 'Try again' }).press('Enter');
      await page.waitForSelector('.lane-steps');
      await context.close();
    },
    SLOW,
  );
});
