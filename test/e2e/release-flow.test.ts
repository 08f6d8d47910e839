/**
 * In Chromium, as a new user would: the quote email's release link opens /release/, the page shows
 * the revision and the technical track in plain words, the form refuses a release without the
 * authority checkbox, then releases; the invoice it names is paid through the emulator's hosted page,
 * and the request ends paid. Once with two people, once with one person declared in both roles.
 * Then, at 1280 and 390 px: one focused action prefilled from the request (approver, PO), hold one
 * click away, the hold shown with its reason on return, and a receipt after the release; nothing
 * wider than the viewport, every table cell inside its table, the total under "Total"; the hold names
 * a follow-up day, and a reminder's "stop reminders" link opens a page whose one button stops them.
 * axe reports no serious or critical violation on /release/.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeScan, browserAvailable, collectPageErrors, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { emulatorOf, invoicesForQuote, issueQuoteWithLink } from '../support/release.js';
import { probe } from '../support/probe.js';
import { getJson } from '../support/intake.js';
import { issueLink } from '../../src/server/links/index.js';

const SLOW = { timeout: 240_000 };
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function expectAxeClean(page: Page, where: string): Promise<void> {
  const violations = await axeScan(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

/** Nothing wider than the viewport, and every cell of the quote lines inside its table. */
async function expectFitsViewport(page: Page, width: number): Promise<void> {
  const found = await page.evaluate((viewport) => {
    // The skip link waits off-screen until focused, by design: everything else must fit.
    const wide = [...document.querySelectorAll('body *:not(.skip-link)')]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && (box.right > viewport + 0.5 || box.left < -0.5);
      })
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}`);
    const outside: string[] = [];
    for (const table of document.querySelectorAll('table')) {
      const t = table.getBoundingClientRect();
      for (const cell of table.querySelectorAll('th, td')) {
        const c = cell.getBoundingClientRect();
        if (c.width === 0 && c.height === 0) continue;
        if (c.left < t.left - 0.5 || c.right > t.right + 0.5) outside.push(cell.textContent ?? '');
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, wide, outside };
  }, width);
  expect(found.scrollWidth).toBeLessThanOrEqual(width);
  expect(found.wide).toEqual([]);
  expect(found.outside).toEqual([]);
}

/** The total row's amount sits in the same column as the "Total" header, at every width. */
async function expectTotalUnderTotal(page: Page): Promise<void> {
  const { header, amount } = await page.evaluate(() => {
    const box = (el: Element | null) => {
      const r = el?.getBoundingClientRect();
      return r ? { left: Math.round(r.left), right: Math.round(r.right) } : null;
    };
    const headers = [...document.querySelectorAll('.release-lines thead th')].filter(
      (th) => th.getBoundingClientRect().width > 0,
    );
    return {
      header: box(headers.at(-1) ?? null),
      amount: box(document.querySelector('.release-lines tfoot td:last-child')),
    };
  });
  expect(amount).toEqual(header);
}

/** With SCREENSHOT_DIR set, keeps a screenshot of the page for a person to look at. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

const BOTH_ROLES = {
  sameContactForBothRoles: true,
  purchasingApprover: { poStatus: 'in_progress' },
};

describe.runIf(browserAvailable)('release in Chromium', SLOW, () => {
  it.each([
    ['two people', {}, 'Paul Purchase', 'paul@acme.example'],
    ['one person in both roles', BOTH_ROLES, 'Tina Technik', 'tina@acme.example'],
  ])('%s: from the quote email to a paid invoice', async (_label, request, name, email) => {
    const quote = await issueQuoteWithLink(server, { request });
    expect(quote.releaseUrl.startsWith(server.url)).toBe(true);
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(quote.releaseUrl);

    await page.getByRole('heading', { level: 1, name: /Release the order: Pump housing bracket/ }).waitFor();
    // The token left the address bar.
    expect(page.url()).not.toContain('token=');
    await page.getByText('Technical review is still pending: you can release now, production waits for it.').waitFor();
    await page.getByText('Valid until').waitFor();
    expect(await page.getByRole('row', { name: /^Total/ }).innerText()).toContain('620.00');
    // The release starts from the request: the approver's name and job title are filled in.
    expect(await page.getByLabel('Your name').inputValue()).toBe(name);
    // 50 of a planned 500 are being released: 450 remain for later lots.
    await page.getByText('450 pcs remain for later lots').waitFor();

    const violations = await axeScan(page);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);

    const accepts = () => emulatorOf(server).requestLog.filter((e) => e.path.endsWith('/accept')).length;
    const acceptsBefore = accepts();
    await page.getByLabel('Purchase order (PO) number').fill('PO-4411');
    await page.getByLabel('Budget or project code').fill('MAINT-2027');
    await page.getByLabel('Your name').fill(name);
    await page.getByLabel('Your job title').fill('Buyer');
    await page.getByRole('button', { name: 'Release the order' }).click();
    await page.getByText('Confirm that you are authorised to release this order').waitFor();
    expect(accepts()).toBe(acceptsBefore);
    const before = invoicesForQuote(server, (await probe.revision(quote.revisionId))?.stripeQuoteId ?? '');
    expect(before).toHaveLength(0);

    await page.getByLabel('I am authorised to release this order').check();
    await page.getByRole('button', { name: 'Release the order' }).click();
    await page.getByRole('heading', { level: 2, name: 'Released', exact: true }).waitFor();
    await page.getByRole('heading', { level: 1, name: /^Order released: Pump housing bracket/ }).waitFor();
    // The invoice link once, on the receipt.
    const invoiceLink = page.getByRole('link', { name: /view and pay the invoice/i });
    await invoiceLink.waitFor();
    expect(await invoiceLink.count()).toBe(1);
    const href = await invoiceLink.getAttribute('href');
    expect(href).toMatch(/\/_emulator\/invoices\/in_/);
    const doneText = await page.locator('.release-receipt').innerText();
    expect(doneText).toContain(`sent to ${email}`);
    expect(doneText).toContain('production waits for technical review');
    expect(doneText).toContain(`${name}, Buyer`);
    expect(doneText).toContain('PO-4411');
    expect(doneText).toContain('MAINT-2027');

    expect(errors).toEqual([]);

    // Pay on the emulator's hosted invoice page, as the approver would from the invoice email
    // (another origin, with its own missing favicon: its console is not ours to judge).
    await page.goto(href ?? '');
    await page.getByRole('button', { name: 'Pay this invoice' }).click();
    await emulatorOf(server).webhooks.flush(60_000);
    const status = await getJson(server.url, `/api/requests/${quote.id}`, quote.statusToken);
    expect(status.body.commercial.state).toBe('paid');
    expect(await probe.revision(quote.revisionId)).toMatchObject({ status: 'accepted', invoiceStatus: 'paid' });
    expect(await probe.progress(quote.revisionId)).toMatchObject({ step: 'sent', poNumber: 'PO-4411' });
    const invoices = invoicesForQuote(server, (await probe.revision(quote.revisionId))?.stripeQuoteId ?? '');
    expect(invoices).toHaveLength(1);

    // Back on the release page (a reload keeps the token in this tab): the receipt, no form.
    await page.goto(`${server.url}/release/?id=${quote.revisionId}`);
    await page.getByRole('heading', { level: 1, name: /^Order released/ }).waitFor();
    const receipt = await page.locator('.release-receipt').innerText();
    expect(receipt).toContain('PO-4411');
    expect(receipt).toContain('MAINT-2027');
    expect(await page.getByRole('link', { name: /view and pay the invoice/i }).count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Release the order' }).count()).toBe(0);
    await context.close();
  });

  it.each([
    ['desktop', 1280],
    ['phone', 390],
  ])('%s (%i px): prefilled release, hold with its reason on return, then a receipt', async (label, width) => {
    const quote = await issueQuoteWithLink(server, {
      request: {
        quantities: { openingLot: 100, total: 500, provisional: true },
        purchasingApprover: {
          name: 'Paul Purchase',
          email: 'paul@acme.example',
          company: 'Acme Pumps GmbH',
          jobTitle: 'Head of purchasing',
          poStatus: 'issued',
          poNumber: 'PO-9001',
        },
      },
      quote: {
        quantity: 100,
        lines: [
          {
            description: 'Pump housing bracket, PETG, black, with the reinforced clip',
            quantity: 100,
            unitPrice: '12.40',
          },
          { description: 'Setup and first-article inspection report', quantity: 1, unitPrice: '1250.00' },
        ],
      },
    });
    const context = await browser.newContext({
      viewport: { width, height: 900 },
      ...(width < 500 ? { isMobile: true, hasTouch: true } : {}),
    });
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(quote.releaseUrl);
    await page.getByRole('heading', { level: 1, name: /Release the order/ }).waitFor();

    // Before release: 100 of 500 quoted leaves 400 for later lots; the form is prefilled from intake.
    await page.getByText('400 pcs remain for later lots').waitFor();
    expect(await page.getByLabel('Purchase order (PO) number').inputValue()).toBe('PO-9001');
    expect(await page.getByLabel('Your name').inputValue()).toBe('Paul Purchase');
    expect(await page.getByLabel('Your job title').inputValue()).toBe('Head of purchasing');
    // One focused action: only the release form is open; hold and decline are a click away.
    expect(await page.locator('form').count()).toBe(1);
    const holdButton = page.getByRole('button', { name: 'Put on hold' });
    expect(await holdButton.getAttribute('aria-expanded')).toBe('false');
    await expectFitsViewport(page, width);
    await expectTotalUnderTotal(page);
    await expectAxeClean(page, `${label} before release`);
    await shot(page, `release-before-${width}`);

    // Hold with a reason.
    await holdButton.click();
    expect(await holdButton.getAttribute('aria-expanded')).toBe('true');
    await page.getByLabel('Reason', { exact: true }).selectOption('budget');
    await page.getByLabel(/Note for the shop/).fill('Q3 budget opens in July');
    // A follow-up day the portal reminds purchasing of (architecture §13).
    const followUpOn = new Date(Date.now() + 10 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
    await page.getByLabel(/Follow up on/).fill(followUpOn);
    await expectFitsViewport(page, width);
    await shot(page, `release-hold-form-${width}`);
    await page.getByRole('button', { name: 'Put the quote on hold' }).click();
    await page.getByRole('heading', { level: 2, name: 'This quote is on hold' }).waitFor();
    expect(await page.locator('.release-hold').innerText()).toContain('Waiting for budget: Q3 budget opens in July');
    const held = (await probe.events(quote.id)).find((row) => row.type === 'purchasing_hold');
    expect(held?.payload).toMatchObject({ followUpOn });

    // Coming back later: the hold, its reason and what can be done are still there.
    await page.goto(`${server.url}/release/?id=${quote.revisionId}`);
    await page.getByRole('heading', { level: 2, name: 'This quote is on hold' }).waitFor();
    const hold = await page.locator('.release-hold').innerText();
    expect(hold).toContain('Waiting for budget: Q3 budget opens in July');
    expect(hold).toContain('Paul Purchase');
    expect(hold).toContain('Nothing is ordered or invoiced');
    expect(hold).toMatch(/release the order below/i);
    expect(await page.getByRole('button', { name: 'Put on hold' }).count()).toBe(0);
    await expectFitsViewport(page, width);
    await expectAxeClean(page, `${label} on hold`);
    await shot(page, `release-on-hold-${width}`);

    // Release from the hold: a receipt with who, when, PO, budget code and the invoice once.
    await page.getByLabel('Budget or project code').fill('OPS-12');
    await page.getByLabel('I am authorised to release this order').check();
    await page.getByRole('button', { name: 'Release the order' }).click();
    await page.getByRole('heading', { level: 1, name: 'Order released: Pump housing bracket' }).waitFor();
    await page.getByRole('link', { name: /view and pay the invoice/i }).waitFor();
    const receipt = await page.locator('.release-receipt').innerText();
    expect(receipt).toContain('Paul Purchase, Head of purchasing');
    expect(receipt).toContain('PO-9001');
    expect(receipt).toContain('OPS-12');
    expect(receipt).toMatch(/\d{4}, \d{2}:\d{2} UTC/);
    expect(await page.getByRole('link', { name: /view and pay the invoice/i }).count()).toBe(1);
    expect(await page.locator('.release-hold').count()).toBe(0);
    expect(await page.locator('form').count()).toBe(0);
    await expectFitsViewport(page, width);
    await expectTotalUnderTotal(page);
    await expectAxeClean(page, `${label} after release`);
    await shot(page, `release-after-${width}`);

    // The link at the foot of a reminder: opening it changes nothing, the one button stops reminders.
    const stop = await issueLink({
      purpose: 'reminders_off',
      recipientEmail: 'paul@acme.example',
      requestId: quote.id,
      params: { id: quote.id },
    });
    await page.goto(stop.url);
    await page.getByRole('heading', { level: 1, name: 'Stop reminder emails' }).waitFor();
    expect(await page.evaluate(() => window.location.hash)).toBe('');
    await expectFitsViewport(page, width);
    await expectAxeClean(page, `${label} reminders page`);
    await shot(page, `reminders-off-${width}`);
    expect((await probe.events(quote.id)).some((row) => row.type === 'reminders_stopped')).toBe(false);
    await page.getByRole('button', { name: 'Stop reminders for this request' }).click();
    await page.getByText(/are stopped for you/).waitFor();
    expect((await probe.events(quote.id)).filter((row) => row.type === 'reminders_stopped')).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a link that no longer works says so in words', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/release/?id=00000000-0000-4000-8000-000000000000#token=${'x'.repeat(43)}`);
    await page.getByRole('heading', { level: 1, name: 'This link does not work any more' }).waitFor();
    await page.goto(`${server.url}/release/`);
    await page.getByRole('heading', { level: 1, name: 'This page needs your link' }).waitFor();
    const violations = await axeScan(page);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await context.close();
  });
});
