/**
 * The instant estimate from a 3D file on the quote form, in a real Chromium against the real functions:
 * a generated STL dropped on the files step shows the preview (a WebGL canvas, or the words that stand
 * in for it where this Chromium has no WebGL), the measured size and a price range labelled a rough
 * estimate, which follows the orientation chosen; at 1280 and 390 px, axe clean. A garbage .stl says
 * plainly that it cannot be opened and the request still goes out with the typed size. One server, one
 * browser, one page load per viewport: the form starts at the files step from a saved draft.
 *
 * The picture itself: drawn by the preview worker on the canvas the page handed over, turned, zoomed
 * and panned from the keyboard, the mouse and the wheel, and drawn by the page instead where the
 * browser has no OffscreenCanvas or its worker no WebGL 2. Debian's Chromium draws WebGL 2 in
 * software, so a missing picture fails them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  axeScan,
  browserAvailable,
  collectPageErrors,
  launchBrowser,
  openQuoteFormAtFiles,
} from '../support/browser.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { binaryStl, mushroom } from '../support/solids.js';

let server: TestServer;
let browser: Browser;
let fixtures: string;
let part: string;
let garbage: string;

/** Opens /quote/ at the files step with every other step answered, as a person coming back to a draft. */
async function openFilesStep(
  width: number,
  prepare: (context: BrowserContext) => Promise<unknown> = async () => undefined,
): Promise<{ page: Page; errors: string[]; close: () => Promise<void> }> {
  const context = await browser.newContext({
    viewport: { width, height: 900 },
    locale: 'en-US',
    isMobile: width < 500,
    hasTouch: width < 500,
  });
  await prepare(context);
  const page = await context.newPage();
  // Chromium without a GPU logs driver notes as warnings; only errors count.
  const errors = collectPageErrors(page);
  await openQuoteFormAtFiles(page, server.url);
  return { page, errors, close: () => context.close() };
}

/**
 * The preview is there: a drawn canvas where WebGL works (the size is laid over it once the first
 * frame is drawn), the plain words where it does not.
 */
async function expectPreview(page: Page): Promise<void> {
  await page.waitForSelector('.model-overlay, .model-no-preview', { timeout: 30_000 });
  if (await page.locator('.model-no-preview').isVisible()) {
    expect(await page.locator('.model-no-preview').textContent()).toContain('cannot show the 3D preview');
  } else {
    const canvas = page.locator('.model-canvas');
    expect(await canvas.getAttribute('role')).toBe('img');
    expect(await canvas.getAttribute('tabindex')).toBe('0');
    const box = await canvas.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(200);
  }
  // The text alternative carries the figures either way.
  expect(await page.locator('.model-caption').textContent()).toMatch(/60 × 60 × 40 mm.*48 cm³/);
}

/** Who draws the canvas: 'worker' when its control was handed over (the page can no longer draw on it). */
async function drawnBy(page: Page): Promise<'worker' | 'page' | 'nobody'> {
  return page.locator('.model-canvas').evaluate((canvas: HTMLCanvasElement) => {
    try {
      return canvas.getContext('webgl2') ? 'page' : 'nobody';
    } catch {
      return 'worker';
    }
  });
}

/**
 * The canvas's pixels as on screen, inside its border: the rounded corners blend with whatever is
 * behind them, which differs with where the canvas sits on the page.
 */
async function picture(page: Page): Promise<Buffer> {
  const shot = sharp(await page.locator('.model-canvas').screenshot());
  const { width = 0, height = 0 } = await shot.metadata();
  return shot
    .extract({ left: 4, top: 4, width: width - 8, height: height - 8 })
    .raw()
    .toBuffer();
}

/** The picture once two looks in a row agree (a frame may be on its way). */
async function settledPicture(page: Page): Promise<Buffer> {
  let last = await picture(page);
  for (let look = 0; look < 50; look += 1) {
    await page.waitForTimeout(150);
    const next = await picture(page);
    if (next.equals(last)) return next;
    last = next;
  }
  throw new Error('the picture never stopped changing');
}

/** The picture moves away from `before`: the input reached whichever renderer draws it. */
async function expectPictureMoves(page: Page, before: Buffer, what: string): Promise<void> {
  await expect.poll(async () => (await picture(page)).equals(before), { message: what }).toBe(false);
}

/** The picture comes back to exactly `home`: reset is the first view, not an approximation. */
async function expectPictureBack(page: Page, home: Buffer, what: string): Promise<void> {
  await expect.poll(async () => (await picture(page)).equals(home), { message: what }).toBe(true);
}

/** Keys, the mouse and the wheel move the picture; 0 brings back the first view each time, which it returns. */
async function expectControlsWork(page: Page): Promise<Buffer> {
  const canvas = page.locator('.model-canvas');
  await canvas.focus();
  const home = await settledPicture(page);
  for (const key of ['ArrowLeft', 'ArrowUp', '+', '-']) {
    await page.keyboard.press(key);
    await expectPictureMoves(page, home, `${key} changes the view`);
    await page.keyboard.press('0');
    await expectPictureBack(page, home, `0 after ${key} resets the view`);
  }
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the canvas has no box');
  const [x, y] = [box.x + box.width / 2, box.y + box.height / 2];
  for (const button of ['left', 'right'] as const) {
    await page.mouse.move(x, y);
    await page.mouse.down({ button });
    await page.mouse.move(x + 60, y + 20, { steps: 4 });
    await page.mouse.up({ button });
    await expectPictureMoves(page, home, `a ${button} drag changes the view`);
    await page.keyboard.press('0');
    await expectPictureBack(page, home, `0 after a ${button} drag resets the view`);
  }
  // The wheel zooms the part and does not scroll the page.
  const scrolled = await page.evaluate(() => window.scrollY);
  await page.mouse.move(x, y);
  await page.mouse.wheel(0, -300);
  await expectPictureMoves(page, home, 'the wheel zooms');
  expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
  await page.keyboard.press('0');
  await expectPictureBack(page, home, '0 after the wheel resets the view');
  return home;
}

async function expectNoSeriousAxe(page: Page, where: string): Promise<void> {
  const violations = await axeScan(page);
  expect(violations, `${where}: ${JSON.stringify(violations, null, 1)}`).toEqual([]);
}

describe.skipIf(!browserAvailable)('quote form: instant estimate from a 3D file, in Chromium', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    fixtures = mkdtempSync(path.join(os.tmpdir(), 'quote-geometry-e2e-'));
    // A 60 × 60 × 40 mushroom: its cap overhangs when upright, nothing does upside down (suggested).
    part = path.join(fixtures, 'mushroom.stl');
    writeFileSync(part, binaryStl(mushroom().positions));
    garbage = path.join(fixtures, 'bracket.stl');
    writeFileSync(garbage, 'Not a model: notes about the bracket, saved with the wrong name.\n'.repeat(20));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (fixtures) rmSync(fixtures, { recursive: true, force: true });
  });

  it('1280 px: preview, measured size and a price range that follows the orientation', async () => {
    const { page, errors, close } = await openFilesStep(1280);
    await page.setInputFiles('#q-fileIds', [part]);
    await page.waitForSelector('.model-price-range', { timeout: 30_000 });
    await expectPreview(page);
    expect(await page.locator('.model-size').textContent()).toBe('60 × 60 × 40 mm');
    expect(await page.locator('.model-volume').textContent()).toBe('48 cm³');
    const suggested = (await page.locator('.model-price-range').textContent()) ?? '';
    expect(suggested).toMatch(/^€[\d,.]+ – €[\d,.]+$/);
    const panel = (await page.locator('.model-estimate').textContent()) ?? '';
    expect(panel).toContain('Rough price for 20 pieces');
    expect(panel).toContain('A rough estimate from your file, not an order or a firm quote.');
    expect(await page.locator('.model-orientation select').inputValue()).toBe('-z');
    // The status line is polite, so a screen reader hears the figures when it is free.
    expect(await page.locator('.model-estimate [role=status]').textContent()).toMatch(
      /mushroom\.stl measured: 60 × 60 × 40 mm, 48 cm³\. Rough price €/,
    );

    // Upright, the cap needs support: more material, a higher price, the support figure shown.
    await page.locator('.model-orientation select').selectOption('+z');
    await expect.poll(() => page.locator('.model-price-range').textContent(), { timeout: 10_000 }).not.toBe(suggested);
    expect(await page.locator('.model-figures').textContent()).toMatch(/Supportabout [\d.]+ cm³/);
    await expectNoSeriousAxe(page, 'files step with a measured part');
    expect(errors).toEqual([]);
    await close();
  });

  it('390 px: a garbage .stl is named plainly, and the request goes out with the typed size', async () => {
    const { page, errors, close } = await openFilesStep(390);
    await page.setInputFiles('#q-fileIds', [part, garbage]);
    await page.waitForSelector('.model-price-range', { timeout: 30_000 });
    await expectPreview(page);
    const unreadable = page.locator('.model-unreadable');
    await unreadable.waitFor({ timeout: 30_000 });
    expect(await unreadable.textContent()).toMatch(/We could not open bracket\.stl\..*the size you typed/);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(390);
    await expectNoSeriousAxe(page, 'files step at 390 px with a good and a garbage file');

    // The server refuses the garbage too; the person removes it and goes on.
    await page.waitForFunction(() => document.querySelectorAll('.file-item.file-uploading').length === 0, undefined, {
      timeout: 15_000,
    });
    if ((await page.locator('.file-item.file-failed').count()) > 0) {
      await page.getByRole('button', { name: 'Remove bracket.stl' }).click();
    }
    for (const title of ['Technical contact', 'Purchasing approver', 'Review and send']) {
      await page.locator('button[type=submit]').click();
      await page.waitForFunction((t) => document.querySelector('#step-title')?.textContent === t, title);
    }
    expect(await page.locator('.quote-form').textContent()).toContain('120 × 40 × 30');
    await page.locator('button[type=submit]').click();
    await page.waitForSelector('#success-title', { timeout: 15_000 });
    expect(await page.locator('#success-title').textContent()).toMatch(/^Request PF-\d{4}-\d{4,} received$/);
    // The browser's console may note the refused upload's 415; nothing else went wrong.
    expect(errors.filter((error) => !error.includes('415'))).toEqual([]);
    await close();
  });

  it('1280 px: the worker draws the picture; keys, mouse and wheel move it and 0 resets it', async () => {
    const { page, errors, close } = await openFilesStep(1280);
    await page.setInputFiles('#q-fileIds', [part]);
    await expectPreview(page);
    // Debian's Chromium draws WebGL 2 in software (SwiftShader), so the preview must be there.
    expect(await page.locator('.model-no-preview').isVisible()).toBe(false);
    expect(await drawnBy(page)).toBe('worker');
    const home = await expectControlsWork(page);
    // Another orientation is drawn too.
    await page.locator('.model-orientation select').selectOption('+z');
    await expectPictureMoves(page, home, 'the orientation redraws the part');
    expect(await page.locator('.model-canvas').getAttribute('aria-label')).toBe(
      '3D preview of mushroom.stl. Arrow keys turn it, plus and minus zoom, 0 resets the view.',
    );

    // The worker hands the positions back when the step closes: coming back draws the kept analysis again.
    await page.waitForFunction(() => document.querySelectorAll('.file-item.file-uploading').length === 0, undefined, {
      timeout: 15_000,
    });
    await page.locator('button[type=submit]').click();
    await page.waitForFunction(() => document.querySelector('#step-title')?.textContent === 'Technical contact');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.waitForFunction(() => document.querySelector('#step-title')?.textContent === 'Files');
    await page.waitForSelector('.model-overlay', { timeout: 30_000 });
    expect(await drawnBy(page)).toBe('worker');
    await page.locator('.model-canvas').focus();
    await expectPictureBack(page, home, 'the kept analysis is drawn again as first shown');
    expect(errors).toEqual([]);
    await close();
  });

  it('without OffscreenCanvas the page draws the picture itself, with the same controls', async () => {
    const { page, errors, close } = await openFilesStep(1280, (context) =>
      context.addInitScript(() => {
        // As in a browser that cannot hand a canvas to a worker.
        Reflect.deleteProperty(HTMLCanvasElement.prototype, 'transferControlToOffscreen');
      }),
    );
    await page.setInputFiles('#q-fileIds', [part]);
    await expectPreview(page);
    // Debian's Chromium draws WebGL 2 in software (SwiftShader), so the preview must be there.
    expect(await page.locator('.model-no-preview').isVisible()).toBe(false);
    expect(await drawnBy(page)).toBe('page');
    await expectControlsWork(page);
    expect(errors).toEqual([]);
    await close();
  });

  it('390 px: a worker with no WebGL 2 hands back, and the page draws on a fresh canvas', async () => {
    const { page, errors, close } = await openFilesStep(390, (context) =>
      // The preview worker's script as a browser whose OffscreenCanvas has no WebGL 2 would run it.
      context.route('**/_astro/preview-worker-*.js', async (route) => {
        const response = await route.fetch();
        const patch =
          'const getContext = OffscreenCanvas.prototype.getContext;' +
          "OffscreenCanvas.prototype.getContext = function (type, ...rest) { return type === 'webgl2' ? null : getContext.call(this, type, ...rest); };\n";
        await route.fulfill({ response, body: patch + (await response.text()) });
      }),
    );
    await page.setInputFiles('#q-fileIds', [part]);
    await expectPreview(page);
    // Debian's Chromium draws WebGL 2 in software (SwiftShader), so the preview must be there.
    expect(await page.locator('.model-no-preview').isVisible()).toBe(false);
    expect(await drawnBy(page)).toBe('page');
    await expectNoSeriousAxe(page, 'files step at 390 px drawn by the page');
    expect(errors).toEqual([]);
    await close();
  });
});
