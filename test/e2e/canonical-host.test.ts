/**
 * A page opened on another host than SITE_URL's moves there before any island hydrates, with its
 * path, query and #fragment. The test server's SITE_URL is http://localhost:<port>, so 127.0.0.1 on
 * the same port is the alias. The pure rule first, then Chromium: the move, the no-op, the loop
 * guard, and the shop sign-in that used to answer "reload the page" on the alias.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { canonicalLocation, moveToCanonicalHost } from '../../src/components/canonical-host.js';
import { browserAvailable, collectPageErrors, launchBrowser } from '../support/browser.js';
import { deliveredMails, startTestServer, type TestServer } from '../support/server.js';

describe('the canonical host rule', () => {
  it('keeps path, query, fragment and the served port; takes scheme and host name from the site', () => {
    expect(canonicalLocation('http://127.0.0.1:5123/status/?id=7#token=abc', 'http://localhost:4321')).toBe(
      'http://localhost:5123/status/?id=7#token=abc',
    );
    expect(canonicalLocation('https://www.quotes.example/shop/#token=t', 'https://quotes.example')).toBe(
      'https://quotes.example/shop/#token=t',
    );
    expect(canonicalLocation('http://quotes.example/quote/', 'https://quotes.example/')).toBe(
      'https://quotes.example/quote/',
    );
  });

  it('is a no-op on the canonical host (any port), and off the web', () => {
    expect(canonicalLocation('http://localhost:5123/quote/#x', 'http://localhost:4321')).toBeUndefined();
    expect(canonicalLocation('https://quotes.example/', 'https://quotes.example')).toBeUndefined();
    expect(canonicalLocation('file:///tmp/index.html', 'https://quotes.example')).toBeUndefined();
    expect(canonicalLocation('http://127.0.0.1/', 'not a url')).toBeUndefined();
  });

  it('moves once, then stays if sent straight back, and never moves without the guard', () => {
    const store = new Map<string, string>();
    const storage = () => ({
      getItem: (key: string) => store.get(key) ?? null,
      setItem: (key: string, value: string) => void store.set(key, value),
    });
    const moves: string[] = [];
    const location = { href: 'http://127.0.0.1:5123/quote/#x', replace: (url: string) => moves.push(url) };
    expect(moveToCanonicalHost('http://localhost:4321', location, storage, 1_000)).toBe(
      'http://localhost:5123/quote/#x',
    );
    // Sent straight back: it stays, and says so in the console (the browser's, here the test's).
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      expect(moveToCanonicalHost('http://localhost:4321', location, storage, 3_000)).toBeUndefined();
      expect(warn.mock.calls).toEqual([
        ['http://localhost:5123/quote/#x sent this page back here; staying on http://127.0.0.1:5123/quote/#x.'],
      ]);
    } finally {
      warn.mockRestore();
    }
    expect(moveToCanonicalHost('http://localhost:4321', location, storage, 60_000)).toBe(
      'http://localhost:5123/quote/#x',
    );
    expect(moves).toHaveLength(2);
    const broken = () => {
      throw new Error('storage disabled');
    };
    expect(moveToCanonicalHost('http://localhost:4321', location, broken, 1_000)).toBeUndefined();
    expect(moves).toHaveLength(2);
  });
});

describe.skipIf(!browserAvailable)('canonical host in Chromium', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let alias: string;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    const url = new URL(server.url);
    expect(url.hostname).toBe('localhost');
    url.hostname = '127.0.0.1';
    alias = url.origin;
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh page, and every address its main frame showed (fragment changes included). */
  async function open(): Promise<{ page: Page; visited: string[]; errors: string[] }> {
    const page = await (await browser.newContext()).newPage();
    const visited: string[] = [];
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) visited.push(frame.url());
    });
    return { page, visited, errors: collectPageErrors(page) };
  }

  const islandsHydrated = (page: Page) =>
    page.waitForFunction(() => {
      const islands = [...document.querySelectorAll('astro-island')];
      return islands.length > 0 && islands.every((island) => !island.hasAttribute('ssr'));
    });

  it('moves /quote/#x on 127.0.0.1 to localhost with the fragment, and the form works there', async () => {
    const { page, visited, errors } = await open();
    try {
      await page.goto(`${alias}/quote/#x`);
      await page.waitForURL(`${server.url}/quote/#x`);
      await islandsHydrated(page);
      expect(page.url()).toBe(`${server.url}/quote/#x`);
      expect(visited).toEqual([`${alias}/quote/#x`, `${server.url}/quote/#x`]);
      await page.getByRole('button', { name: /^Next/ }).click();
      await page.waitForSelector('.error-summary[role=alert]');
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('keeps the query and the #token, and no island on the alias takes the token first', async () => {
    const { page, visited } = await open();
    try {
      const suffix = '/status/?id=00000000-0000-4000-8000-000000000000#token=not-a-real-token';
      await page.goto(alias + suffix);
      await page.waitForURL((url) => url.origin === server.url);
      await islandsHydrated(page);
      // The status island on localhost reads the token and removes it from the address bar; on the
      // alias nothing hydrated, so the address left there still carried it.
      expect(visited[0]).toBe(alias + suffix);
      expect(visited[1]).toBe(server.url + suffix);
      expect(visited.filter((url) => url.startsWith(alias))).toEqual([alias + suffix]);
    } finally {
      await page.context().close();
    }
  });

  it('stays put on the canonical host', async () => {
    const { page, visited, errors } = await open();
    try {
      await page.goto(`${server.url}/quote/#x`);
      await islandsHydrated(page);
      await page.waitForLoadState('networkidle');
      expect(visited).toEqual([`${server.url}/quote/#x`]);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('does not loop when the canonical host sends the visit back', async () => {
    const { page, visited } = await open();
    try {
      // A misconfigured edge that redirects localhost to 127.0.0.1, the opposite of SITE_URL.
      await page.context().route(
        (url) => url.origin === server.url && url.pathname === '/quote/',
        (route) => route.fulfill({ status: 302, headers: { location: `${alias}/quote/` } }),
      );
      const warnings: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'warning') warnings.push(message.text());
      });
      await page.goto(`${alias}/quote/#x`);
      await expect.poll(() => warnings.some((text) => text.includes('sent this page back here'))).toBe(true);
      await page.waitForTimeout(1_500);
      expect(page.url()).toBe(`${alias}/quote/#x`);
      expect(visited.length).toBeLessThanOrEqual(2);
    } finally {
      await page.context().close();
    }
  });

  it('signs the shop in from a mailed link opened on 127.0.0.1 (the functions accept only SITE_URL)', async () => {
    const { page, errors } = await open();
    page.setDefaultTimeout(15_000);
    try {
      await page.goto(`${alias}/shop/`);
      await page.getByRole('heading', { name: 'Sign in to the shop back office' }).waitFor();
      expect(new URL(page.url()).origin).toBe(server.url);
      await page.getByLabel('Staff email address').fill('shop@localhost');
      await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
      await page.getByText(/sign-in link is on its way/).waitFor();

      let link: string | undefined;
      for (let attempt = 0; attempt < 50 && !link; attempt++) {
        const mails = await deliveredMails(server);
        link = mails.flatMap((mail) => mail.links).find((candidate) => candidate.includes('/shop/#token='));
        if (!link) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (!link) throw new Error('no sign-in mail');
      const onAlias = new URL(link);
      onAlias.hostname = '127.0.0.1';
      await page.goto(onAlias.href);
      await page.getByRole('button', { name: 'Sign in to the back office' }).click();
      await page.getByRole('heading', { name: 'Shop inbox' }).waitFor();
      expect(new URL(page.url()).origin).toBe(server.url);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});
