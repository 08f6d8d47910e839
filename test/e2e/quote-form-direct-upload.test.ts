/**
 * A 60 MB STL on the quote form in Chromium (architecture §15): it goes straight to storage in parts
 * (the embedded default's signed loopback URLs), the progress bar moves, the network is cut and
 * restored mid-upload and the upload resumes from the parts that landed, the file is checked on the
 * server ("Checking the file…"), and the request goes out with the file and its measured geometry.
 * And a reload halfway (a laptop lid closing): the same file chosen again sends only the parts that had
 * not landed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from '../../src/server/db/orm.js';
import type { Browser, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadedFileView } from '../../src/domain/contracts/file-view.js';
import { getDb } from '../../src/server/db/index.js';
import { files } from '../../src/server/db/schema.js';
import { browserAvailable, launchBrowser, openQuoteFormAtFiles } from '../support/browser.js';
import { writeCubeStl, type GeneratedStl } from '../support/direct-upload.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let browser: Browser;
let dir: string;
let stl: GeneratedStl;
let small: GeneratedStl;

describe.skipIf(!browserAvailable)('quote form: large STLs straight to storage, in Chromium', () => {
  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    dir = mkdtempSync(path.join(os.tmpdir(), 'direct-upload-e2e-'));
    // 12 · 324² triangles: 62,985,684 bytes (60 MiB), 8 parts of 8 MB.
    stl = await writeCubeStl(path.join(dir, 'enclosure.stl'), { n: 324, side: 80 });
    // 12 · 125² triangles: 9,375,084 bytes, 2 parts (8 MiB and the rest).
    small = await writeCubeStl(path.join(dir, 'housing.stl'), { n: 125, side: 60 });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('1280 px: the progress bar moves, survives a cut connection, and the request carries the geometry', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-US' });
    const page = await context.newPage();
    await openQuoteFormAtFiles(page, server.url);
    const completed = page.waitForResponse(
      (response) => /\/api\/uploads\/multipart\/[^/]+\/complete$/.test(response.url()),
      {
        timeout: 120_000,
      },
    );
    let resumes = 0;
    page.on('request', (request) => {
      if (/\/api\/uploads\/multipart\/[^/]+\/parts$/.test(request.url())) resumes += 1;
    });
    // Part 6 of 8 is held until the connection drops: on a fast machine the whole file would
    // otherwise land over loopback before the cut.
    const PART_SIX = /\/_local\/upload-parts\/[^/]+\/6\?/;
    let held: Route | undefined;
    await page.route(PART_SIX, (route) => {
      held = route;
    });
    await page.setInputFiles('#q-fileIds', [stl.file]);
    const bar = page.locator('.file-item progress');
    const value = async () => Number(await bar.getAttribute('value'));

    // Moving: some progress, not all of it.
    await expect.poll(value, { timeout: 60_000 }).toBeGreaterThan(10);
    await expect.poll(() => held !== undefined, { timeout: 60_000 }).toBe(true);
    const before = await value();
    expect(before).toBeLessThan(100);

    // The connection drops, with part 6 in flight: the bar stops short of the end, and nothing is finished.
    await context.setOffline(true);
    await held?.abort('internetdisconnected');
    await page.unroute(PART_SIX);
    await page.waitForTimeout(3000);
    const stalled = await value();
    expect(stalled).toBeLessThan(100);
    expect(await page.locator('.file-item.file-done').count()).toBe(0);

    // Back online: it resumes and finishes, checked on the server first.
    await context.setOffline(false);
    await expect.poll(value, { timeout: 60_000 }).toBeGreaterThan(stalled);
    // It resumed: asked the server which parts landed, which only a resume does.
    expect(resumes).toBeGreaterThan(0);
    const reply = (await (await completed).json()) as UploadedFileView;
    expect(reply).toMatchObject({ name: 'enclosure.stl', size: stl.size, sha256: stl.sha256 });
    expect(reply.geometry).toMatchObject({
      triangleCount: stl.triangleCount,
      watertight: true,
      boundingBoxMm: [80, 80, 80],
    });
    await page.locator('.file-item.file-done').waitFor({ timeout: 30_000 });
    expect(await page.locator('.file-item [role=status]').textContent()).toBe('Uploaded');

    for (const title of ['Technical contact', 'Purchasing approver', 'Review and send']) {
      await page.locator('button[type=submit]').click();
      await page.waitForFunction((t) => document.querySelector('#step-title')?.textContent === t, title);
    }
    await page.locator('button[type=submit]').click();
    await page.waitForSelector('#success-title', { timeout: 15_000 });
    const [row] = await getDb().select().from(files).where(eq(files.id, reply.id));
    expect(row?.requestId).toEqual(expect.any(String));
    expect(row?.geometry).toMatchObject({ triangleCount: stl.triangleCount, sha256: stl.sha256 });
    await context.close();
  });

  it('390 px: after a reload halfway, the same file chosen again sends only the parts that had not landed', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-US' });
    const page = await context.newPage();
    const partsSent: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'PUT') partsSent.push(new URL(request.url()).pathname.split('/').pop() ?? '');
    });
    await openQuoteFormAtFiles(page, server.url);
    // The first part lands; the second hangs until the page goes away (only it is intercepted: the
    // first goes out untouched).
    await page.route(/\/_local\/upload-parts\/[^/]+\/2\?/, () => undefined);
    const firstLanded = page.waitForResponse((response) => response.request().method() === 'PUT' && response.ok());
    await page.setInputFiles('#q-fileIds', [small.file]);
    await firstLanded;
    expect(partsSent.sort()).toEqual(['1', '2']);
    // The reload drops the part in flight; only then is the way clear for them.
    await page.reload();
    await page.unrouteAll({ behavior: 'ignoreErrors' });
    await openQuoteFormAtFiles(page, server.url);
    partsSent.length = 0;
    // The server's check is held back until the page has said it is checking.
    let releaseCheck: () => void = () => undefined;
    const checkHeld = new Promise<void>((resolve) => (releaseCheck = resolve));
    await page.route(/\/api\/uploads\/multipart\/[^/]+\/complete$/, async (route) => {
      await checkHeld;
      await route.continue();
    });
    const completed = page.waitForResponse((response) => /\/complete$/.test(response.url()), { timeout: 60_000 });
    await page.setInputFiles('#q-fileIds', [small.file]);
    await page.getByText('Checking the file…').waitFor({ timeout: 60_000 });
    releaseCheck();
    const reply = (await (await completed).json()) as UploadedFileView;
    expect(partsSent).toEqual(['2']);
    expect(reply).toMatchObject({ name: 'housing.stl', size: small.size, sha256: small.sha256 });
    expect(reply.geometry).toMatchObject({ triangleCount: small.triangleCount, boundingBoxMm: [60, 60, 60] });
    await page.locator('.file-item.file-done').waitFor({ timeout: 30_000 });
    await context.close();
  });
});
