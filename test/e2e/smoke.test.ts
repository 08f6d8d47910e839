/**
 * Browser smoke test: the home page renders in a real Chromium with no console errors. Also the
 * browser the e2e layer runs: playwright-core's own disabled features kept, the omnibox popups off
 * (test/support/browser.ts says why).
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserAvailable, collectPageErrors, DISABLED_FEATURES, launchBrowser } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe.skipIf(!browserAvailable)('browser smoke', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    // The product as `npm start` runs it with no configuration: embedded PGlite.
    [server, browser] = await Promise.all([startTestServer({ database: 'embedded' }), launchBrowser()]);
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

  it('starts Chromium with every feature playwright-core switches off, and the omnibox popups too', () => {
    const argv = chromiumCommandLine();
    const lists = argv
      .filter((arg) => arg.startsWith('--disable-features='))
      .map((arg) => arg.slice('--disable-features='.length).split(','));
    // Chromium honours the last one only: it must hold the earlier ones (playwright-core's).
    expect(lists.length).toBeGreaterThan(1);
    const honoured = lists.at(-1) ?? [];
    expect(honoured).toEqual([...DISABLED_FEATURES]);
    for (const list of lists) expect(honoured).toEqual(expect.arrayContaining(list));
  });

  it('renders no omnibox popup beside the pages it opens', async () => {
    const context = await browser.newContext();
    try {
      await (await context.newPage()).goto(`${server.url}/`);
      const session = await browser.newBrowserCDPSession();
      const { targetInfos } = await session.send('Target.getTargets', { filter: [{}] });
      await session.detach();
      expect(targetInfos.some((target) => target.url === `${server.url}/`)).toBe(true);
      expect(targetInfos.filter((target) => target.url.includes('omnibox'))).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

/** The command line of the Chromium this process launched (its browser process, a child of this one). */
function chromiumCommandLine(): string[] {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const parent = /^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${entry}/status`, 'utf8'))?.[1];
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (Number(parent) === process.pid && argv.includes('--remote-debugging-pipe')) return argv;
    } catch {
      // the process ended meanwhile
    }
  }
  throw new Error('no Chromium launched by this process');
}
