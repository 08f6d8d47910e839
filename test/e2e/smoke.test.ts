/**
 * Browser smoke test: the home page renders in a real Chromium with no console errors.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, collectPageErrors, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe.skipIf(!browserAvailable)('browser smoke', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('renders the home page with no console errors', async () => {
    const page = await browser.newPage();
    const errors = collectPageErrors(page);
    const response = await page.goto(`${server.url}/`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').first().isVisible()).toBe(true);
    expect(await page.title()).not.toBe('');
    expect(errors).toEqual([]);
  });
});
