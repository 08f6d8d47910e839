/**
 * In Chromium, as a new user would: the quote email's release link opens /release/, the page shows
 * the revision and the technical track in plain words, the form refuses a release without the
 * authority checkbox, then releases; the invoice it names is paid through the emulator's hosted page,
 * and the request ends paid. Once with two people, once with one person declared in both roles.
 * axe reports no serious or critical violation on /release/.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeScan, browserAvailable, collectPageErrors, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { emulatorOf, invoicesForQuote, issueQuoteWithLink } from '../support/release.js';
import { probe } from '../support/probe.js';
import { getJson } from '../support/intake.js';

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
    await page.getByRole('heading', { level: 2, name: 'Released' }).waitFor();
    const invoiceLink = page.getByRole('link', { name: 'view and pay the invoice' }).first();
    const href = await invoiceLink.getAttribute('href');
    expect(href).toMatch(/\/_emulator\/invoices\/in_/);
    const doneText = await page.locator('.release-done').innerText();
    expect(doneText).toContain(`sent to ${email}`);
    expect(doneText).toContain('production waits for technical review');

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

    // Back on the release page (a reload keeps the token in this tab): released, invoice named, no form.
    await page.goto(`${server.url}/release/?id=${quote.revisionId}`);
    await page.getByText('This quote is released.').waitFor();
    expect(await page.getByRole('button', { name: 'Release the order' }).count()).toBe(0);
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
