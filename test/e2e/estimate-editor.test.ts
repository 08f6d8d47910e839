/**
 * The rough-estimate editor in Chromium, at 1280 and 390 px: the proposal's internal costing (rates,
 * capacity, quantity breaks, the material warning) sits in its own box labelled "Internal — never
 * sent", outside every field; the customer assumptions field holds only words for the buyer; the
 * estimate that goes out carries none of the internal lines; axe finds nothing serious; nothing is
 * wider than the viewport.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeScan, browserAvailable, collectPageErrors, launchBrowser } from '../support/browser.js';
import { costBasisIn } from '../support/cost-basis.js';
import { deliveredMails, startTestServer, type TestServer } from '../support/server.js';
import { createCustomerRequest } from '../support/shop.js';

describe.skipIf(!browserAvailable)('rough-estimate editor in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function signedInPage(width: number): Promise<Page> {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const before = (await deliveredMails(server)).filter((m) => /Sign in/.test(m.subject)).length;
    await page.goto(`${server.url}/shop/`);
    await page.getByLabel('Staff email address').fill('shop@localhost');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    let link: string | undefined;
    for (let attempt = 0; attempt < 50 && !link; attempt++) {
      const mails = (await deliveredMails(server)).filter((m) => /Sign in/.test(m.subject));
      if (mails.length > before) link = mails[0]?.links.find((l) => l.includes('/shop/#token='));
      if (!link) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (!link) throw new Error('no sign-in mail');
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in to the back office' }).click();
    await page.getByRole('heading', { name: 'Shop inbox' }).waitFor();
    return page;
  }

  it.each([1280, 390])('keeps the internal costing apart from what is sent, at %i px', async (width) => {
    const request = await createCustomerRequest(server, { mode: 'rough_estimate' });
    const page = await signedInPage(width);
    const errors = collectPageErrors(page);
    await page.goto(`${server.url}/shop/request/?id=${request.id}`);
    await page.getByRole('button', { name: 'Rough estimate…' }).click();
    const form = page.getByRole('form', { name: 'Send a rough estimate' });

    const internal = form.getByRole('region', { name: 'Internal — never sent' });
    await internal.waitFor();
    const internalText = await internal.innerText();
    expect(internalText).toContain('18 EUR/h');
    expect(internalText).toContain('6 printers at 20 h a day');
    expect(internalText).toMatch(/PETG is not rated for heat/);
    // The box is not a field: nothing in it can be submitted.
    expect(await internal.locator('input, textarea, select').count()).toBe(0);

    const assumptions = form.getByLabel('Assumptions for the customer (one per line, sent as written)');
    const customerText = await assumptions.inputValue();
    expect(customerText).toContain('Printed in PETG (FDM), 0.2 mm layers.');
    expect(costBasisIn(customerText)).toEqual([]);

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await axeScan(page)).toEqual([]);
    await internal.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `test-results/estimate-editor-${width}.png`, fullPage: true });

    await form.getByRole('button', { name: 'Send rough estimate' }).click();
    await page.getByText(/Rough estimate sent to tina@acme\.example and paul@acme\.example/).waitFor();
    const sent = (await deliveredMails(server)).filter(
      (m) => m.subject.includes(request.reference) && /: rough estimate \(not an order\)/.test(m.subject),
    );
    expect(sent).toHaveLength(2);
    for (const mail of sent) expect(costBasisIn(`${mail.text}\n${mail.html}`)).toEqual([]);
    expect(errors).toEqual([]);
  });
});
