/**
 * Approval by amount in Chromium, at 1280 and 390 px: the purchasing approver names a second approver
 * and a threshold on /release/ (empty fields refused by name), releases, and the page says their
 * release is recorded and whom it waits for; nothing is invoiced. The second approver opens their own
 * link from their mail, sees who released, finds the form prefilled with their name and the PO
 * number, and releases: one invoice, and a receipt with the release certificate. On the way the
 * first approver attaches the PO as a PDF and sees it compared with the revision beside the field,
 * and the shop's supplier documents are listed with their sizes. axe-clean and no wider than the
 * viewport at each step.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeScan, browserAvailable, collectPageErrors, expectFits, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { invoicesForQuote, issueQuoteWithLink } from '../support/release.js';
import { outbox } from '../support/review.js';
import { probe } from '../support/probe.js';
import { poPdf } from '../support/pdfs.js';

/** A PO for the quote fixture's one line: 50 × €12.40 = €620.00. */
const MATCHING_PO = {
  poNumber: 'PO-4411',
  quoteNumber: '',
  lines: [{ description: 'Pump housing bracket, PETG', quantity: 50, unitMinor: 1240 }],
};

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

/** With SCREENSHOT_DIR set, keeps a screenshot of the page for a person to look at. */
async function shot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

describe.runIf(browserAvailable)('two purchasing approvers in Chromium', SLOW, () => {
  it.each([
    ['desktop', 1280],
    ['phone', 390],
  ])(
    '%s (%i px): the first names a second approver and releases; the second completes the release',
    async (label, width) => {
      const quote = await issueQuoteWithLink(server);
      const stripeQuoteId = async () => (await probe.revision(quote.revisionId))?.stripeQuoteId ?? '';
      const context = await browser.newContext({ viewport: { width, height: 900 } });
      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await page.goto(quote.releaseUrl);
      await page.getByRole('heading', { level: 1, name: /Release the order/ }).waitFor();

      await page.getByRole('button', { name: 'Name a second approver' }).click();
      await page.getByRole('button', { name: 'Save the second approver' }).click();
      await page.getByText("Enter the second approver's name.").waitFor();
      expect(await page.getByLabel('Their email address').getAttribute('aria-invalid')).toBe('true');
      await page.getByLabel('Second approver’s name').fill('Dana Director');
      await page.getByLabel('Their email address').fill('dana.director@example.com');
      await page.getByLabel('Their job title').fill('Head of operations');
      await page.getByLabel(/Amount above which both must release/).fill('500');
      await expectAxeClean(page, `${label}: second approver form`);
      await page.getByRole('button', { name: 'Save the second approver' }).click();
      await page.getByRole('status').filter({ hasText: 'Dana Director is named as second approver' }).waitFor();
      const panel = page.locator('.release-approvals');
      await panel.getByText('release still needed').first().waitFor();
      expect(await panel.innerText()).toContain('Dana Director, Head of operations');
      expect(await panel.innerText()).toContain('Above €500.00 both approvers must release');
      await shot(page, `release-approvals-named-${width}`);

      await page.getByLabel('Purchase order (PO) number').fill('PO-4411');
      // The PO as a PDF: read on arrival and compared with this revision beside the field.
      await page.getByLabel('Purchase order document (PDF)').setInputFiles({
        name: 'PO-4411.pdf',
        mimeType: 'application/pdf',
        buffer: Buffer.from(await poPdf(MATCHING_PO)),
      });
      const check = page.locator('.po-check');
      await check.waitFor();
      expect(await check.getAttribute('class')).toContain('po-check-match');
      expect(await check.innerText()).toContain('PO-4411.pdf');
      // A PO number other than the PDF's is pointed out before the release.
      await page.getByLabel('Purchase order (PO) number').fill('PO-9999');
      await page.locator('.po-check-mismatch').waitFor();
      await page.getByLabel('Purchase order (PO) number').fill('PO-4411');
      await page.locator('.po-check-match').waitFor();
      // The shop's supplier documents, with their sizes, and one zip of them all.
      const vendor = page.locator('.release-vendor');
      await vendor.getByText(/Show the \d+ documents/).click();
      expect(await vendor.getByRole('listitem').count()).toBeGreaterThanOrEqual(3);
      expect(await vendor.innerText()).toMatch(/\d+(\.\d)? KB/);
      await vendor.getByRole('button', { name: /Download all as one zip/ }).waitFor();
      // Each document downloads with the page's link, under its own name.
      const download = page.waitForEvent('download');
      await vendor.getByRole('button', { name: /^Download Sample bank details/ }).click();
      expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
      await expectFits(page, width);
      await expectAxeClean(page, `${label}: PO attached, second approver pending, supplier documents`);
      await shot(page, `release-documents-${width}`);
      await page.getByLabel('I am authorised to release this order').check();
      await page.getByRole('button', { name: 'Release the order' }).click();
      await page.getByRole('heading', { level: 2, name: 'Your release is recorded' }).waitFor();
      expect(await page.locator('.release-waiting').innerText()).toContain('Dana Director');
      expect(await page.getByRole('button', { name: 'Release the order' }).count()).toBe(0);
      expect(invoicesForQuote(server, await stripeQuoteId())).toHaveLength(0);
      await expectFits(page, width);
      await expectAxeClean(page, `${label}: waiting for the second approver`);
      await shot(page, `release-approvals-waiting-${width}`);

      // Dana's own link, from the mail that says her release is still needed.
      const danaUrl = (await outbox(server))
        .filter((mail) => mail.to.includes('dana.director@example.com') && mail.subject.includes('still needed'))
        .flatMap((mail) => mail.links)
        .findLast((link) => link.includes(`/release/?id=${quote.revisionId}#token=`));
      expect(danaUrl).toBeDefined();
      const dana = await context.newPage();
      const danaErrors = collectPageErrors(dana);
      await dana.goto(danaUrl ?? '');
      await dana.getByRole('heading', { level: 1, name: /Release the order/ }).waitFor();
      const approvers = await dana.locator('.approver-list').innerText();
      expect(approvers).toMatch(/Paul Purchase.*\n?.*released on/);
      expect(approvers).toContain('Dana Director, Head of operations (you)');
      expect(await dana.getByLabel('Your name').inputValue()).toBe('Dana Director');
      expect(await dana.getByLabel('Purchase order (PO) number').inputValue()).toBe('PO-4411');
      // Only the approver the request names can change who approves.
      expect(await dana.getByRole('button', { name: /second approver/ }).count()).toBe(0);
      await expectFits(dana, width);
      await expectAxeClean(dana, `${label}: second approver's release page`);
      await shot(dana, `release-approvals-second-${width}`);

      await dana.getByLabel('I am authorised to release this order').check();
      await dana.getByRole('button', { name: 'Release the order' }).click();
      await dana.getByRole('heading', { level: 2, name: 'Released', exact: true }).waitFor();
      await dana.getByRole('button', { name: 'Download the release certificate' }).waitFor();
      expect(invoicesForQuote(server, await stripeQuoteId())).toHaveLength(1);
      expect(await dana.locator('.approver-list').innerText()).not.toContain('still needed');
      await expectAxeClean(dana, `${label}: receipt after both releases`);
      expect([...errors, ...danaErrors]).toEqual([]);
      await context.close();
    },
  );
});
