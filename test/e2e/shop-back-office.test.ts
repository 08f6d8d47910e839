/**
 * The shop back office in a real Chromium, tried as a new staff member would: sign in through the
 * outbox link, find a new request in the inbox, send a rough estimate, issue a firm quote for an
 * opening lot of a provisional quantity, revise it. The Stripe emulator then holds both revisions with
 * our ids in metadata, and axe finds no serious or critical violation on the pages used.
 *
 * Then a request the technical contact reviewed twice, at 1280 and 390 px: what the contact said
 * beside the quote editor, every part fact, lot figures and local dates in words, a sample that
 * cannot be marked shipped without a question while purchasing has released none, the filter bar on
 * one line on a desktop and stacked on a phone, no focus ring on the focused heading, nothing wider
 * than a phone's viewport.
 *
 * And a request with a 3D file, at both widths: the figures the server measured on upload under the
 * file, a note under one it could not read, and the rough estimate proposed from the measured file.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeScan, browserAvailable, collectPageErrors, launchBrowser } from '../support/browser.js';
import { STEP_FILE, pngBytes, upload } from '../support/intake.js';
import { expectLogs } from '../support/logs.js';
import { createRequestWithLinks, postWithToken, review, sampleFirst } from '../support/review.js';
import { deliveredMails, startTestServer, type TestServer } from '../support/server.js';
import { createCustomerRequest, signIn } from '../support/shop.js';
import { binaryStl, mushroom } from '../support/solids.js';

describe.skipIf(!browserAvailable)('shop back office in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signInLink(): Promise<string> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const mail = (await deliveredMails(server)).find(
        (m) => m.to.includes('shop@localhost') && /Sign in/.test(m.subject),
      );
      const link = mail?.links.find((l) => l.includes('/shop/#token='));
      if (link) return link;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('no sign-in mail');
  }

  async function expectNoSeriousAxe(page: Page) {
    expect(await axeScan(page)).toEqual([]);
  }

  it('signs in, finds the request, sends an estimate, issues and revises a firm quote', async () => {
    const request = await createCustomerRequest(server, {
      quantities: { openingLot: 50, total: 500, provisional: true },
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = collectPageErrors(page);

    await page.goto(`${server.url}/shop/`);
    await page.getByRole('heading', { name: 'Sign in to the shop back office' }).waitFor();
    await expectNoSeriousAxe(page);
    await page.getByLabel('Staff email address').fill('shop@localhost');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByText(/sign-in link is on its way/).waitFor();

    // Opening the link writes nothing (a mail scanner may open it): only the button uses it.
    const writes: string[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'GET') writes.push(`${request.method()} ${request.url()}`);
    });
    await page.goto(await signInLink());
    const confirm = page.getByRole('button', { name: 'Sign in to the back office' });
    await confirm.waitFor();
    expect(page.url()).not.toContain('token=');
    await page.waitForLoadState('networkidle');
    expect(writes).toEqual([]);
    await expectNoSeriousAxe(page);
    await confirm.click();
    await page.getByRole('heading', { name: 'Shop inbox' }).waitFor();
    expect(writes).toEqual([`POST ${server.url}/api/shop/session`]);
    await page.getByText('Signed in as').waitFor();
    await page.getByLabel('Search reference, company or email').fill(request.reference);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /^1 request$/ })
      .waitFor();
    await expectNoSeriousAxe(page);
    await page.getByRole('link', { name: new RegExp(request.reference) }).click();

    await page.getByRole('heading', { name: new RegExp(`${request.reference}: Pump housing bracket`) }).waitFor();
    await expectNoSeriousAxe(page);

    await page.getByRole('button', { name: 'Rough estimate…' }).click();
    const estimate = page.getByRole('form', { name: 'Send a rough estimate' });
    await expect(estimate.getByLabel('Total from (EUR)').inputValue()).resolves.toMatch(/^\d+\.00$/);
    await estimate.getByLabel('Total up to (EUR)').fill('4200');
    await expectNoSeriousAxe(page);
    await estimate.getByRole('button', { name: 'Send rough estimate' }).click();
    await page.getByText(/Rough estimate sent to tina@acme\.example and paul@acme\.example/).waitFor();
    await page.getByText(/Rough estimates sent/).waitFor();

    await page.getByRole('button', { name: 'Firm quote…' }).click();
    const quote = page.getByRole('form', { name: 'Issue a firm quote' });
    await quote.getByLabel('What this quote releases').selectOption('opening_lot');
    await quote.getByLabel('Quantity this quote releases').fill('50');
    await quote.getByLabel('Line 1 quantity').fill('50');
    await quote.getByLabel('Line 1 unit price (EUR)').fill('12.40');
    await quote.getByRole('button', { name: 'Add a line' }).click();
    await quote.getByLabel('Line 2 unit price (EUR)').fill('85');
    await expectNoSeriousAxe(page);
    await quote.getByRole('button', { name: 'Issue firm quote' }).click();
    await page.getByText('Quote revision 1 issued and sent to purchasing.').waitFor();
    await page.getByRole('heading', { name: /Revision 1: opening lot of 50 · open/ }).waitFor();
    await page.getByText(/Quoted and open 50 · Released 0 of 500 · 500 remaining/).waitFor();

    await page.getByRole('button', { name: 'Revise quote…' }).click();
    const revise = page.getByRole('form', { name: 'Revise the quote' });
    await revise.getByLabel('Line 1 unit price (EUR)').fill('11.90');
    await revise.getByRole('button', { name: 'Issue revision 2' }).click();
    await page.getByText('Revision 2 issued; the previous link no longer works.').waitFor();
    await page.getByRole('heading', { name: /Revision 2: opening lot of 50 · open/ }).waitFor();
    await page.getByRole('heading', { name: /Revision 1: .* · superseded/ }).waitFor();
    await expectNoSeriousAxe(page);
    expect(errors).toEqual([]);

    const quotes = Object.values(server.runtime.emulator?.snapshot().quotes ?? {}).filter(
      (q) => q.metadata.request_id === request.id,
    );
    expect(quotes.map((q) => [q.metadata.revision, q.status]).sort()).toEqual([
      ['1', 'canceled'],
      ['2', 'open'],
    ]);
    for (const q of quotes) expect(q.metadata.revision_id).toMatch(/^[0-9a-f-]{36}$/);
    const second = quotes.find((q) => q.metadata.revision === '2');
    expect(second?.from_quote?.is_revision).toBe(true);
    expect(second?.metadata.scope).toBe('opening_lot');
  }, 120_000);

  /** A sample request the technical contact reviewed twice (the first with a markup), with a sample quote open. */
  async function reviewedSampleRequest() {
    const request = await createRequestWithLinks(server, {
      mode: 'sample',
      quantities: { sample: 5, total: 500, provisional: true },
    });
    const markup = await upload(
      server.url,
      { name: 'markup.png', bytes: await pngBytes(), type: 'image/png' },
      { authorization: `Bearer ${request.reviewToken}` },
    );
    const reviewPath = `/api/requests/${request.id}/technical-review`;
    const first = await postWithToken(
      server.url,
      reviewPath,
      sampleFirst({ notes: 'Send a sample first.', fileIds: [markup.body.id] }),
      request.reviewToken,
    );
    const second = await postWithToken(
      server.url,
      reviewPath,
      review({
        decision: 'sample_required',
        checklist: {
          conceptSolvesProblem: 'yes',
          rightVersion: 'yes',
          materialFitsEnvironment: 'unsure',
          sampleNeeded: 'yes',
          remainingUnknowns: ['heat', 'fit'],
        },
        notes: 'Material fits: not sure near the heater.',
      }),
      request.reviewToken,
    );
    expect([first.status, second.status]).toEqual([201, 201]);
    const staff = await signIn(server);
    const quote = await staff.call('POST', `/api/shop/requests/${request.id}/quotes`, {
      draftId: randomUUID(),
      scope: 'sample',
      quantity: 5,
      lines: [{ description: 'Heater clip sample, PETG, matte', quantity: 5, unitPrice: '24.80' }],
      leadTimeDays: 5,
      shippingTerms: 'DAP your site',
      paymentTermsDays: 30,
      validDays: 30,
    });
    expect(quote.status).toBe(201);
    return { request, staff };
  }

  async function staffContext(cookie: string, width: number): Promise<BrowserContext> {
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      locale: 'en-GB',
      timezoneId: 'Europe/Berlin',
    });
    const [name = '', value = ''] = cookie.split('=');
    await context.addCookies([{ name, value, url: server.url }]);
    return context;
  }

  /** Elements whose right edge passes the viewport (a phone would scroll sideways). */
  function overflowing(page: Page): Promise<string[]> {
    return page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const wide = [...document.querySelectorAll('body *')]
        .filter((element) => element.getBoundingClientRect().right > width + 0.5)
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`);
      return document.documentElement.scrollWidth > width ? ['(page scrolls sideways)', ...wide] : wide;
    });
  }

  /** The focused heading is focused (for screen readers) but draws no ring. */
  async function expectFocusedHeadingWithoutRing(page: Page) {
    const h1 = page.getByRole('heading', { level: 1 });
    await expect.poll(() => h1.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await h1.evaluate((el) => getComputedStyle(el).outlineStyle)).toBe('none');
  }

  it('shows the shop everything the technical contact said beside the quote editor, at 1280 px', async () => {
    const { request, staff } = await reviewedSampleRequest();
    const context = await staffContext(staff.cookie, 1280);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = collectPageErrors(page);

    await page.goto(`${server.url}/shop/`);
    await page.getByRole('heading', { name: 'Shop inbox' }).waitFor();
    await expectFocusedHeadingWithoutRing(page);
    await page.getByRole('link', { name: new RegExp(request.reference) }).waitFor();
    // The filter bar: search, mode and both states on one line, each control the same height and styled.
    const controls = await Promise.all(
      ['Search reference, company or email', 'Mode', 'Technical track', 'Commercial track'].map(async (label) => {
        const control = page.getByLabel(label, { exact: true });
        const box = await control.boundingBox();
        const border = await control.evaluate((el) => getComputedStyle(el).borderTopWidth);
        return { top: Math.round(box?.y ?? -1), height: Math.round(box?.height ?? -1), border };
      }),
    );
    expect(new Set(controls.map((c) => c.top)).size).toBe(1);
    expect(new Set(controls.map((c) => c.height)).size).toBe(1);
    expect(controls[0]?.height).toBeGreaterThanOrEqual(44);
    expect(controls.map((c) => c.border)).toEqual(['2px', '2px', '2px', '2px']);
    // Dates for people, in the reader's zone: never the server's ISO text.
    const received = page.locator('.shop-item time').first();
    expect(await received.textContent()).toBe(
      new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Europe/Berlin' }).format(
        new Date((await received.getAttribute('datetime')) ?? ''),
      ),
    );
    expect(await axeScan(page)).toEqual([]);

    // The dashboard above the list: figures in words, who waits in a table, the chart with its table.
    const glance = page.getByRole('region', { name: 'At a glance' });
    for (const term of ['Open quotes', 'Released, not shipped', 'Overdue', 'Estimate to release, last 90 days']) {
      await glance.getByText(term, { exact: true }).waitFor();
    }
    const waitingCounts = await glance
      .getByRole('table', { name: 'Who acts next' })
      .locator('tbody td:nth-child(2)')
      .allTextContents();
    const chart = glance.getByRole('figure', { name: 'How long requests have waited' });
    expect(await chart.locator('svg').getAttribute('aria-hidden')).toBe('true');
    const bucketTotals = await chart
      .getByRole('table', { name: 'Requests by time waited and who they wait on' })
      .locator('tbody td:last-child')
      .allTextContents();
    const sum = (cells: string[]) => cells.reduce((total, cell) => total + Number(cell), 0);
    expect(sum(waitingCounts)).toBeGreaterThan(0);
    expect(sum(bucketTotals)).toBe(sum(waitingCounts));
    // A sample the contact asked for waits on the shop: filtering by it keeps the request, empties the rest.
    await page.getByLabel('Waiting on', { exact: true }).selectOption('shop');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByRole('heading', { name: 'Waiting on the technical contact (0)' }).waitFor();
    await page.getByRole('link', { name: new RegExp(request.reference) }).waitFor();
    expect(
      await glance.getByRole('table', { name: 'Who acts next' }).locator('tbody td:nth-child(2)').allTextContents(),
    ).toEqual(['0', '0', String(await page.locator('#group-shop + ul > li').count())]);
    // Nothing here is past its needed-by date or the reply promise: "Overdue only" empties list and figures.
    await page.getByLabel('Overdue only').check();
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('Figures for the 0 requests the filters select, listed below.').waitFor();
    await page
      .getByRole('status')
      .filter({ hasText: /^0 requests$/ })
      .waitFor();
    expect(await axeScan(page)).toEqual([]);
    await page.getByLabel('Overdue only').uncheck();
    await page.getByRole('button', { name: 'Apply' }).click();

    await page.getByRole('link', { name: new RegExp(request.reference) }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(request.reference) }).waitFor();
    await expectFocusedHeadingWithoutRing(page);

    const said = page.getByRole('region', { name: 'What the technical contact said' });
    const current = said.getByRole('article', { name: 'Technical review: Sample first' });
    await current.getByText('Does the material fit the environment?').waitFor();
    expect(await current.locator('dt', { hasText: 'material fit' }).locator('+ dd').textContent()).toBe('Not sure');
    await current.getByText('Open unknowns: Heat, Fit').waitFor();
    await current.getByText('Material fits: not sure near the heater.').waitFor();
    await said.getByText(/Earlier decisions \(1\)/).click();
    const earlier = said.getByRole('article', { name: 'Technical review: Sample first (superseded)' });
    await earlier.getByText('Superseded').waitFor();
    await earlier.getByText('Send a sample first.').waitFor();
    expect(await earlier.getByRole('link', { name: 'markup.png' }).getAttribute('href')).toMatch(
      /^\/api\/shop\/files\//,
    );

    // Every part fact the customer gave.
    const part = page.getByRole('region', { name: 'Part and contacts' });
    for (const fact of ['Replaces an existing part', 'Exposed to heat and load', 'Matte']) {
      await part.getByText(fact, { exact: true }).waitFor();
    }
    // Lot figures in words, with one separator between figures.
    const tracks = page.getByRole('region', { name: 'Both tracks' });
    await tracks
      .getByText('Planned 500 (provisional) · Quoted and open 0 · Released 0 of 500 · 500 remaining')
      .waitFor();
    // What is still missing for the sample.
    await tracks.getByText('A purchasing release of the sample quote (revision 1) before the sample ships.').waitFor();
    // The history in local time, never UTC ISO.
    const history = page.getByRole('region', { name: 'History' });
    const moment = history.locator('time').first();
    expect(await moment.textContent()).toBe(
      new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Berlin' }).format(
        new Date((await moment.getAttribute('datetime')) ?? ''),
      ),
    );
    expect(await history.textContent()).not.toMatch(/UTC|\d{4}-\d{2}-\d{2}T/);

    // The quote editor open, the technical facts beside it.
    await page.getByRole('button', { name: 'Revise quote…' }).click();
    const editor = await page.getByRole('form', { name: 'Revise the quote' }).boundingBox();
    const aside = await said.boundingBox();
    expect(editor && aside).toBeTruthy();
    if (editor && aside) {
      expect(aside.x).toBeGreaterThanOrEqual(editor.x + editor.width);
      expect(aside.y).toBeLessThan(editor.y + editor.height);
    }
    await page.getByRole('button', { name: 'Revise quote…' }).click();
    expect(await axeScan(page)).toEqual([]);

    // No purchasing release for a sample: the first click asks, and sends nothing.
    const posts: string[] = [];
    page.on('request', (sent) => {
      if (sent.method() === 'POST') posts.push(new URL(sent.url()).pathname);
    });
    await page.getByRole('button', { name: 'Sample shipped…' }).click();
    const sample = page.getByRole('form', { name: 'Record a shipped sample' });
    await sample.getByRole('button', { name: 'Record sample shipped' }).click();
    await sample.getByRole('alert').getByText('No purchasing release for a sample yet', { exact: false }).waitFor();
    expect(await sample.getByRole('alert').textContent()).toMatch(/Ship anyway\?/);
    expect(posts).toEqual([]);
    expect(await axeScan(page)).toEqual([]);
    await sample.getByRole('button', { name: 'Not yet' }).click();
    await sample.getByRole('button', { name: 'Record sample shipped' }).click();
    await sample.getByLabel('Tracking reference').fill('TRK-1');
    await sample.getByRole('button', { name: 'Ship anyway: record sample shipped' }).click();
    await page.getByText(/Sample recorded as shipped/).waitFor();
    expect(posts).toEqual([`/api/shop/requests/${request.id}/sample-shipped`]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it('fits the inbox and a reviewed, quoted request on a 390 px phone', async () => {
    const { request, staff } = await reviewedSampleRequest();
    const context = await staffContext(staff.cookie, 390);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors = collectPageErrors(page);

    await page.goto(`${server.url}/shop/`);
    await page.getByRole('link', { name: new RegExp(request.reference) }).waitFor();
    await expectFocusedHeadingWithoutRing(page);
    // The filters stack: one column, each control as wide as the bar.
    const boxes = await Promise.all(
      ['Search reference, company or email', 'Mode', 'Technical track', 'Commercial track'].map(
        async (label) => (await page.getByLabel(label, { exact: true }).boundingBox()) ?? { x: -1, y: -1, width: 0 },
      ),
    );
    expect(new Set(boxes.map((b) => Math.round(b.x))).size).toBe(1);
    expect(boxes.map((b) => b.y)).toEqual([...boxes.map((b) => b.y)].sort((a, b) => a - b));
    expect(new Set(boxes.map((b) => Math.round(b.width))).size).toBe(1);
    // The dashboard fits too: its cards, tables and chart stack within the phone's width.
    await page.getByRole('figure', { name: 'How long requests have waited' }).waitFor();
    expect(await overflowing(page)).toEqual([]);
    expect(await axeScan(page)).toEqual([]);

    await page.goto(`${server.url}/shop/request/?id=${request.id}`);
    await page.getByRole('heading', { name: 'What the technical contact said' }).waitFor();
    await page.getByRole('heading', { name: /Revision 1: sample of 5 · open/ }).waitFor();
    await expectFocusedHeadingWithoutRing(page);
    expect(await overflowing(page)).toEqual([]);
    // The quote table stays readable: every figure on one line, none cut across lines.
    const brokenCells = await page
      .locator('.shop-quote tbody td:not(:first-child), .shop-quote tfoot td')
      .evaluateAll((cells) =>
        cells
          .filter((cell) => {
            const range = document.createRange();
            range.selectNodeContents(cell);
            return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size > 1;
          })
          .map((cell) => cell.textContent),
      );
    expect(brokenCells).toEqual([]);
    expect(await axeScan(page)).toEqual([]);

    await page.getByRole('button', { name: 'Revise quote…' }).click();
    await page.getByRole('form', { name: 'Revise the quote' }).waitFor();
    expect(await overflowing(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
  it('shows each 3D file’s measured figures on the request page and prices from them, at 1280 and 390 px', async () => {
    expectLogs(/^upload [0-9a-f-]{36} stored unmeasured \(step\): [a-z_]+$/);
    const part = await upload(server.url, {
      name: 'mushroom.stl',
      bytes: Buffer.from(binaryStl(mushroom().positions)),
    });
    const unreadable = await upload(server.url, { name: 'old-export.step', bytes: STEP_FILE });
    expect([part.status, unreadable.status]).toEqual([201, 201]);
    const request = await createCustomerRequest(server, { fileIds: [part.body.id, unreadable.body.id] });
    const staff = await signIn(server);
    for (const width of [1280, 390]) {
      const context = await staffContext(staff.cookie, width);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      const errors = collectPageErrors(page);
      await page.goto(`${server.url}/shop/request/?id=${request.id}`);
      const files = page.getByRole('region', { name: 'Part and contacts' });
      // The mushroom: a 60 × 60 × 40 part of 48,000 mm³, best printed standing on its cap.
      const facts = files.locator('dl.shop-geometry');
      await facts.waitFor();
      const fact = async (label: string) => facts.locator('dt', { hasText: label }).locator('+ dd').textContent();
      expect(await fact('Measured size')).toBe('60 × 60 × 40 mm');
      expect(await fact('Volume')).toBe('48 cm³');
      expect(await fact('Triangles')).toBe(String(mushroom().triangleCount));
      expect(await fact('Shells')).toBe('1');
      expect(await fact('Mesh')).toBe('Watertight, no problems found');
      expect(await fact('Suggested orientation')).toMatch(/^upside down \(−Z up\), 40 mm tall; no support needed$/);
      await files.getByText(/old-export\.step/).waitFor();
      await files.getByText(/could not be measured automatically; the shop will size it by hand/).waitFor();
      await page.getByRole('button', { name: 'Rough estimate…' }).click();
      await page
        .getByRole('form', { name: 'Send a rough estimate' })
        .getByText(/measured from mushroom\.stl/)
        .waitFor();
      await page.getByRole('button', { name: 'Firm quote…' }).click();
      await page
        .getByRole('form', { name: 'Issue a firm quote' })
        .getByText(/proposed from the measured figures of mushroom\.stl/)
        .waitFor();
      expect(await overflowing(page)).toEqual([]);
      expect(await axeScan(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }
  }, 120_000);
});
