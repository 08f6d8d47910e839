/**
 * The island pages under the real Content-Security-Policy (vercel.json, served by the local runtime)
 * in Chromium: no 'unsafe-inline', no violation reported while the page loads and its islands
 * hydrate, nor while the quote form's workers measure and draw a 3D file, and the policy really is
 * enforced (an injected inline script is refused and reported); upload parts may go to an AWS S3 or
 * Cloudflare R2 bucket and nowhere else.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRELOAD_LIST_ID } from '../../src/build/module-preload.js';
import { browserAvailable, collectPageErrors, launchBrowser, openQuoteFormAtFiles } from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { binaryStl, mushroom } from '../support/solids.js';

const PAGES = ['/quote/', '/status/', '/shop/', '/review/', '/release/', '/shop/request/'];

declare global {
  interface Window {
    cspViolations?: string[];
    injectedRan?: boolean;
  }
}

interface Watched {
  page: Page;
  /** `securitypolicyviolation` events and console messages about the CSP. */
  violations: () => Promise<string[]>;
  errors: string[];
}

describe.skipIf(!browserAvailable)('Content-Security-Policy in Chromium', { timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function watch(): Promise<Watched> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    // Init scripts are injected by the browser itself, outside the page's CSP.
    await context.addInitScript(() => {
      window.cspViolations = [];
      window.addEventListener(
        'securitypolicyviolation',
        (event) =>
          window.cspViolations?.push(`${event.effectiveDirective} blocked ${event.blockedURI} ${event.sample}`),
        true,
      );
    });
    const page = await context.newPage();
    const consoleCsp: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) consoleCsp.push(message.text());
    });
    // A worker reports its own violations, in its own console.
    page.on('worker', (worker) =>
      worker.on('console', (message) => {
        if (message.text().includes('Content Security Policy')) consoleCsp.push(`${worker.url()}: ${message.text()}`);
      }),
    );
    const errors = collectPageErrors(page);
    return {
      page,
      errors,
      violations: async () => [...((await page.evaluate(() => window.cspViolations)) ?? []), ...consoleCsp],
    };
  }

  /** Every island on the page has hydrated (Astro drops `ssr` once React has rendered it). */
  async function hydrated(page: Page): Promise<void> {
    await page.waitForFunction(() => {
      const islands = [...document.querySelectorAll('astro-island')];
      return islands.length > 0 && islands.every((island) => !island.hasAttribute('ssr'));
    });
  }

  it.each(PAGES)('%s hydrates with no CSP violation', async (pathname) => {
    const { page, violations, errors } = await watch();
    try {
      const response = await page.goto(server.url + pathname, { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      const csp = response?.headers()['content-security-policy'] ?? '';
      expect(csp).toMatch(/script-src 'self'( 'sha256-[^']+')+;/);
      expect(csp).not.toContain('unsafe-inline');
      await hydrated(page);
      // What each island renders in the browser only (client:only pages render nothing on the server).
      await page.locator('astro-island h1, astro-island button').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await violations()).toEqual([]);
      // Token pages opened without a link say so (a console error from the refused API call is theirs, not the CSP's).
      expect(errors.filter((error) => error.includes('Content Security Policy'))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('/quote/ runs its preload script under the policy: one low-priority modulepreload per listed module', async () => {
    const { page, violations } = await watch();
    try {
      await page.goto(`${server.url}/quote/`, { waitUntil: 'load' });
      await hydrated(page);
      // The script adds them two animation frames after it runs, which may come after hydration.
      await page.waitForFunction(() => document.querySelector('link[rel=modulepreload]') !== null);
      const { listed, added } = await page.evaluate(
        (listId) => ({
          listed: JSON.parse(document.getElementById(listId)?.textContent ?? '[]') as string[],
          added: [...document.querySelectorAll<HTMLLinkElement>('link[rel=modulepreload]')].map((link) => ({
            href: new URL(link.href).pathname,
            priority: link.fetchPriority,
          })),
        }),
        PRELOAD_LIST_ID,
      );
      expect(listed.length).toBeGreaterThan(5);
      // Vite adds preloads of its own for the form's later steps (dynamic imports), at auto priority.
      expect(added.filter((link) => listed.includes(link.href))).toEqual(
        listed.map((href) => ({ href, priority: 'low' })),
      );
      expect(await violations()).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it("the quote form's first step responds to input under the policy", async () => {
    const { page, violations, errors } = await watch();
    try {
      await page.goto(`${server.url}/quote/`);
      await hydrated(page);
      await page.getByRole('button', { name: /^Next/ }).click();
      await page.waitForSelector('.error-summary[role=alert]');
      await page.getByLabel(/Sample or first article/).check();
      // A sample request names how many samples and the date they are needed by on this step.
      await page.fill('#q-quantities-sample', '2');
      await page.fill('#q-neededBy', new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10));
      await page.getByRole('button', { name: /^Next/ }).click();
      await page.waitForFunction(() => document.querySelector('#step-title')?.textContent === 'The part');
      expect(await violations()).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('the quote form measures and draws a 3D file in its workers under the policy', async () => {
    const { page, violations, errors } = await watch();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'csp-model-'));
    try {
      const part = path.join(dir, 'mushroom.stl');
      writeFileSync(part, binaryStl(mushroom().positions));
      const workers: string[] = [];
      page.on('worker', (worker) => workers.push(new URL(worker.url()).pathname));
      await openQuoteFormAtFiles(page, server.url);
      await page.setInputFiles('#q-fileIds', [part]);
      await page.waitForSelector('.model-price-range', { timeout: 30_000 });
      // Where this Chromium draws WebGL the preview worker must draw the picture: a worker stopped by
      // the policy would leave the words instead (and a refused eval throws rather than logs).
      await page.waitForSelector('.model-overlay, .model-no-preview', { timeout: 30_000 });
      const webgl = await page.evaluate(() => document.createElement('canvas').getContext('webgl2') !== null);
      expect(await page.locator(webgl ? '.model-overlay' : '.model-no-preview').isVisible()).toBe(true);
      // Drawn by the worker, not by the page's fallback: the canvas was handed over, so the page cannot draw on it.
      const handedOver = await page.locator('.model-canvas').evaluate((canvas: HTMLCanvasElement) => {
        try {
          canvas.getContext('webgl2');
          return false;
        } catch {
          return true;
        }
      });
      expect(handedOver).toBe(webgl);
      expect(workers.sort()).toEqual([
        expect.stringMatching(/^\/_astro\/geometry-worker-/),
        expect.stringMatching(/^\/_astro\/preview-worker-/),
      ]);
      expect(await violations()).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await page.context().close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lets a page send upload parts to an AWS S3 or Cloudflare R2 bucket, and to no other origin', async () => {
    const { page, violations } = await watch();
    try {
      // Nothing leaves the machine: what the policy lets through is answered here.
      await page.context().route(/^https:\/\//, (route) => route.fulfill({ status: 200, body: '' }));
      await page.goto(`${server.url}/quote/`);
      const outcomes = await page.evaluate(
        (urls) => {
          const send = (url: string) =>
            fetch(url, { method: 'POST', mode: 'no-cors', body: 'part' }).then(
              () => 'sent',
              () => 'refused',
            );
          return Promise.all(urls.map(send));
        },
        [
          'https://shop-files.s3.eu-central-1.amazonaws.com/key?partNumber=1',
          'https://s3.us-east-1.amazonaws.com/shop-files/key?partNumber=1',
          'https://0123abcd.r2.cloudflarestorage.com/shop-files/key?partNumber=1',
          'https://uploads.example.com/key?partNumber=1',
        ],
      );
      expect(outcomes).toEqual(['sent', 'sent', 'sent', 'refused']);
      // Reported once as an event and twice on the console, each about the refused origin alone.
      await expect
        .poll(async () => (await violations()).some((line) => line.startsWith('connect-src blocked https://uploads.')))
        .toBe(true);
      expect((await violations()).filter((line) => !line.includes('https://uploads.example.com/'))).toEqual([]);
    } finally {
      await page.context().close();
    }
  });

  it('is enforced: an inline script or style added to the page is refused and reported', async () => {
    const { page, violations } = await watch();
    try {
      await page.goto(`${server.url}/quote/`);
      await hydrated(page);
      await page.evaluate(() => {
        const script = document.createElement('script');
        script.textContent = 'window.injectedRan = true;';
        document.head.append(script);
        const style = document.createElement('style');
        style.textContent = 'body { background: red; }';
        document.head.append(style);
      });
      await expect.poll(async () => (await violations()).length).toBeGreaterThanOrEqual(2);
      expect(await page.evaluate(() => window.injectedRan)).toBeUndefined();
      const reported = (await violations()).join('\n');
      expect(reported).toContain('script-src-elem blocked inline');
      expect(reported).toContain('style-src-elem blocked inline');
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe('rgb(255, 0, 0)');
    } finally {
      await page.context().close();
    }
  });
});
