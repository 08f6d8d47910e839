/**
 * The shop back office in a real Chromium, tried as a new staff member would: sign in through the
 * outbox link, find a new request in the inbox, send a rough estimate, issue a firm quote for an
 * opening lot of a provisional quantity, revise it. The Stripe emulator then holds both revisions with
 * our ids in metadata, and axe finds no serious or critical violation on the pages used.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutbox } from '../../src/dev/outbox.js';
import { axeScan, browserAvailable, collectPageErrors, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createCustomerRequest } from '../support/shop.js';

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
      const mail = (await readOutbox(`${server.dataDir}/outbox`)).find(
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
    await page.getByText(/quoted and open 50 · released 0/).waitFor();

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
});
