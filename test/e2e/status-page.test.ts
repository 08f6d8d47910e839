/**
 * The status page in a real Chromium: a request made through the real functions, opened through its
 * status link on a desktop and a 390 px viewport (timeline, handoff note, next actor, files with
 * thumbnails and who added them, history, no emails shown, token out of the address bar, reload), and
 * every problem state: no link, a bad or expired link (with the shop's address), an unknown request,
 * a network error. Then the price as it develops, at 1280 and 390 px: a rough estimate (range, lead
 * time, assumptions; no invoice or payment steps), a firm quote (total; the PDF for the purchasing
 * link only), and after the release the invoice link, once; the shop is "the shop", never an address.
 * Last, production and shipping at both widths: the shop records them on its request page (a field
 * refused beside its label, more than remains refused), and the technical contact's and the
 * purchasing approver's links both show the production lane, the lot's figures and each shipment.
 * At 390 px, "Order again" sends a reorder and its status page names the earlier request.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { site } from '../../src/domain/site.js';
import { axeScan, browserAvailable, collectPageErrors, expectFits, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { accept, issueQuoteWithLink, staffOf } from '../support/release.js';
import { createRequestWithLinks, review } from '../support/review.js';

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

/** A link from the outbox or a reply, pointed at this test server. */
function onServer(link: string): string {
  const url = new URL(link);
  return `${server.url}${url.pathname}${url.search}${url.hash}`;
}

async function openAt(
  width: number,
  url: string,
): Promise<{ page: Page; close: () => Promise<void>; errors: string[] }> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    ...(width < 500 ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(url);
  await page.waitForSelector('.lane-steps');
  return { page, errors, close: () => context.close() };
}

/** The customer never reads a staff address or a contact's address on a status link. */
async function expectNoAddresses(page: Page): Promise<void> {
  const text = (await page.locator('main').textContent()) ?? '';
  expect(text).not.toContain('shop@localhost');
  expect(text).not.toContain('@acme.example');
  expect(text).not.toContain('@acme.test');
}

/** With SCREENSHOT_DIR set, keeps a screenshot of the page for a person to look at. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
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
      // Who added the file, in words.
      const fileMeta = (await page.locator('.file-item .meta').textContent()) ?? '';
      expect(fileMeta).toContain('added by the requester');
      expect(fileMeta).not.toContain('anonymous');

      expect(await page.locator('.history li').count()).toBeGreaterThan(0);
      // A status link may be forwarded: no contact emails on the page.
      expect(await page.locator('body').textContent()).not.toContain('@acme.test');

      await expectNoSeriousAxe(page, 'status desktop');
      await page.getByRole('button', { name: 'Order again' }).click();
      await page.getByLabel('Needed by').waitFor();
      await shot(page, 'status-order-again-1280');
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('button', { name: 'Order again' }).waitFor();

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

      // Order again: one step on the page, only the quantity and the date to set (architecture §11, "Reorders").
      await page.getByRole('button', { name: 'Order again' }).click();
      const samples = page.getByLabel('Samples');
      expect(await samples.inputValue()).toBe('2');
      await samples.fill('3');
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await expectNoSeriousAxe(page, 'order again 390 px');
      await shot(page, 'status-order-again-390');
      await page.getByRole('button', { name: 'Send the reorder' }).click();
      const done = page.locator('.order-again-done');
      await done.waitFor();
      expect(await done.textContent()).toContain(`has no technical approval`);
      const next = await page.getByRole('link', { name: /^Open the status of PF-/ }).getAttribute('href');
      await page.goto(onServer(next ?? ''));
      await page.waitForSelector('.lane-steps');
      expect(await page.locator('.reorder-of').textContent()).toContain(`Reorder of ${reference}.`);
      expect(await page.locator('h1').textContent()).toContain('Heater clip');
      expect(await page.locator('.file-name').textContent()).toBe('red-clip.png');
      await expectNoSeriousAxe(page, 'reorder status 390 px');
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

  describe.each([
    ['desktop', 1280],
    ['phone', 390],
  ])('the price as it develops, %s (%i px)', (_label, width) => {
    it(
      'after a rough estimate: the range, lead time and assumptions; no invoice or payment steps',
      async () => {
        const request = await createRequestWithLinks(server, {
          mode: 'rough_estimate',
          quantities: { total: 500, provisional: true },
        });
        const staff = await staffOf(server);
        const sent = await staff.call('POST', `/api/shop/requests/${request.id}/estimate`, {
          sendId: randomUUID(),
          quantity: 500,
          low: '2400',
          high: '3900,50',
          leadDaysMin: 6,
          leadDaysMax: 10,
          material: 'PETG',
          assumptions: ['Size from the request', 'Excludes shipping'],
          note: 'Happy to refine after a sample.',
        });
        expect(sent.status).toBe(201);

        const { page, errors, close } = await openAt(width, onServer(request.statusUrl));
        const price = (await page.locator('section[aria-labelledby=price-title]').textContent()) ?? '';
        expect(price).toContain('Rough estimate');
        expect(price).toMatch(/2,400\.00.*–.*3,900\.50/);
        expect(price).toContain('For 500 pcs in PETG');
        expect(price).toContain('6–10 working days');
        expect(price).toContain('Size from the request');
        expect(price).toContain('Excludes shipping');
        expect(price).toContain('Happy to refine after a sample.');

        const commercial = (await page.locator('.lane').nth(1).textContent()) ?? '';
        expect(commercial).toContain('Rough estimate sent');
        expect(commercial).not.toContain('No quote yet');
        expect(commercial).not.toContain('Invoice');
        expect(commercial).not.toContain('Payment');
        expect(commercial).not.toContain('Purchasing release');

        // The estimate's line in the history is the shop's, without the staff member's address.
        const history = (await page.locator('.history').textContent()) ?? '';
        expect(history).toContain('The shop sent a rough estimate.');
        await expectNoAddresses(page);
        await expectFits(page, width);
        await expectNoSeriousAxe(page, `status after estimate ${width}`);
        await shot(page, `status-estimate-${width}`);
        expect(errors).toEqual([]);
        await close();
      },
      SLOW,
    );

    it(
      'with a quote: its total; the PDF for the purchasing link only',
      async () => {
        const quote = await issueQuoteWithLink(server);
        const { page, errors, close } = await openAt(width, onServer(quote.statusUrl));
        const price = (await page.locator('section[aria-labelledby=price-title]').textContent()) ?? '';
        expect(price).toMatch(/Quote QT-/);
        expect(price).toContain('620.00');
        expect(price).toContain('For the opening lot of 50 pcs');
        expect(price).toContain('Waiting for the purchasing approver');
        // A status link may not fetch the PDF: it says where the PDF is instead of a dead button.
        expect(await page.getByRole('button', { name: 'Download the quote PDF' }).count()).toBe(0);
        expect(price).toContain('The quote PDF goes to the purchasing approver');
        await expectNoAddresses(page);
        await expectFits(page, width);
        await expectNoSeriousAxe(page, `status with quote ${width}`);
        await shot(page, `status-quote-${width}`);
        expect(errors).toEqual([]);

        await close();

        // The approver's own link opens the same page with the PDF, which downloads.
        const approver = await openAt(width, `${server.url}/status/?id=${quote.id}#token=${quote.releaseToken}`);
        const button = approver.page.getByRole('button', { name: 'Download the quote PDF' });
        await button.waitFor();
        const [download] = await Promise.all([approver.page.waitForEvent('download'), button.click()]);
        expect(download.suggestedFilename()).toBe('quote-revision-1.pdf');
        expect(await approver.page.locator('[role=alert]').count()).toBe(0);
        expect(approver.errors).toEqual([]);
        await approver.close();
      },
      SLOW,
    );

    it(
      'after the release: the invoice link, once, and the invoice step is next',
      async () => {
        const quote = await issueQuoteWithLink(server);
        const released = await accept(server, quote.revisionId, quote.releaseToken);
        expect(released.status).toBe(201);
        expect(released.body.status).toBe('invoiced');

        const { page, errors, close } = await openAt(width, onServer(quote.statusUrl));
        const price = page.locator('section[aria-labelledby=price-title]');
        expect(await price.textContent()).toContain('Released by purchasing and invoiced.');
        const invoice = page.getByRole('link', { name: 'view and pay the invoice' });
        expect(await invoice.count()).toBe(1);
        expect(await invoice.getAttribute('href')).toBe(released.body.invoice?.url);
        const commercial = (await page.locator('.lane').nth(1).textContent()) ?? '';
        expect(commercial).toContain('Invoice');
        await expectNoAddresses(page);
        await expectFits(page, width);
        await expectNoSeriousAxe(page, `status after release ${width}`);
        await shot(page, `status-released-${width}`);
        expect(errors).toEqual([]);
        await close();
      },
      SLOW,
    );

    it(
      'production and shipping: the shop records them on its page; both customer roles see the third lane and the lot',
      async () => {
        const quote = await issueQuoteWithLink(server);
        expect((await accept(server, quote.revisionId, quote.releaseToken)).status).toBe(201);
        const reviewed = await fetch(`${server.url}/api/requests/${quote.id}/technical-review`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${quote.reviewToken}` },
          body: JSON.stringify(review()),
        });
        expect(reviewed.status).toBe(201);

        // The shop, on its request page: production started, a shipment refused beside its fields,
        // two partial shipments, one delivery.
        const staff = await staffOf(server);
        const shopContext = await browser.newContext({ viewport: { width, height: 900 } });
        const [name = '', value = ''] = staff.cookie.split('=');
        await shopContext.addCookies([{ name, value, url: server.url }]);
        const shop = await shopContext.newPage();
        shop.setDefaultTimeout(10_000);
        const shopErrors = collectPageErrors(shop);
        await shop.goto(`${server.url}/shop/request/?id=${quote.id}`);
        const production = shop.getByRole('region', { name: 'Production and shipping' });
        const start = production.getByRole('form', { name: 'Record production started: opening lot' });
        await start.getByLabel('Note for the customer').fill('Printing on two machines.');
        await start.getByRole('button', { name: 'Record production started' }).click();
        await shop.getByText('Production of the opening lot recorded as started.').waitFor();

        const ship = production.getByRole('form', { name: 'Record a shipment: opening lot' });
        await ship.getByText('50 of 50 remain to ship.').waitFor();
        await ship.getByLabel('Pieces in this shipment').fill('60');
        await ship.getByRole('button', { name: 'Record shipment' }).click();
        await ship.getByText('Enter the carrier, e.g. DHL or UPS.').waitFor();
        expect(await ship.getByLabel('Carrier').getAttribute('aria-invalid')).toBe('true');
        await ship.getByLabel('Carrier').fill('DHL');
        await ship.getByLabel('Tracking reference').fill('JD0001');
        await ship.getByRole('button', { name: 'Record shipment' }).click();
        await ship.getByText('Only 50 remain to ship; enter 50 or fewer.').waitFor();
        await ship.getByLabel('Pieces in this shipment').fill('30');
        await ship.getByLabel(/Tracking page address/).fill('https://www.dhl.example/track?id=JD0001');
        await ship.getByRole('button', { name: 'Record shipment' }).click();
        await shop.getByText('Shipment of 30 pcs recorded; both customer contacts are told.').waitFor();
        await ship.getByText('20 of 50 remain to ship.').waitFor();
        await ship.getByLabel('Carrier').fill('UPS');
        await ship.getByLabel('Tracking reference').fill('1Z999');
        await ship.getByLabel('Pieces in this shipment').fill('20');
        await ship.getByRole('button', { name: 'Record shipment' }).click();
        await shop.getByText('Shipment of 20 pcs recorded; both customer contacts are told.').waitFor();
        await production.getByRole('form', { name: 'Record a shipment: opening lot' }).waitFor({ state: 'detached' });
        await production
          .getByRole('form', { name: 'Record delivery of 30 pcs, tracking JD0001' })
          .getByRole('button', { name: 'Record delivered' })
          .click();
        await shop.getByText('Delivery of 30 pcs recorded; both customer contacts are told.').waitFor();
        await production
          .getByText(/^30 pcs by DHL, tracking JD0001 \(opens the carrier’s page\), shipped .+, delivered .+$/)
          .waitFor();
        await expectFits(shop, width);
        await expectNoSeriousAxe(shop, `shop production ${width}`);
        await shot(shop, `shop-production-${width}`);
        expect(shopErrors).toEqual([]);
        await shopContext.close();

        // Both customer roles: the technical contact's link and the purchasing approver's.
        for (const [role, token] of [
          ['technical', quote.reviewToken],
          ['purchasing', quote.releaseToken],
        ] as const) {
          const { page, errors, close } = await openAt(width, `${server.url}/status/?id=${quote.id}#token=${token}`);
          const lane = page.locator('.lane').nth(2);
          expect(await lane.textContent()).toMatch(
            /Production and delivery50 of 50 pcs shipped, 30 delivered.*All 50 pcs shipped.*Now.*30 of 50 pcs delivered/,
          );
          const lots = page.getByRole('region', { name: 'Lots and shipments' });
          const figures = await lots.locator('.lot-figures').textContent();
          expect(figures).toBe('Released50Shipped50Delivered30Still to ship0');
          await lots.getByText('Note from the shop: Printing on two machines.', { exact: false }).waitFor();
          const tracking = lots.getByRole('link', { name: /JD0001/ });
          expect(await tracking.getAttribute('href')).toBe('https://www.dhl.example/track?id=JD0001');
          expect(await lots.getByRole('link', { name: /1Z999/ }).count()).toBe(0);
          expect(await lots.locator('.shipment-list li').allTextContents()).toEqual([
            expect.stringMatching(
              /^30 pcs by DHL, tracking JD0001 \(the carrier’s tracking page\) · shipped .+ · delivered .+$/,
            ),
            expect.stringMatching(/^20 pcs by UPS, tracking 1Z999 · shipped .+ · on its way$/),
          ]);
          await expectFits(page, width);
          await expectNoSeriousAxe(page, `status production ${role} ${width}`);
          await shot(page, `status-production-${role}-${width}`);
          expect(errors).toEqual([]);
          await close();
        }
      },
      SLOW,
    );
  });
});
