/**
 * A 1,000,000-triangle binary STL (about 50 MB) dropped on the quote form in Debian Chromium, served by
 * the product as `npm start` runs it. Measured from the file input's change event in the page: until
 * the measured size shows (read and measured in the geometry worker), until the price shows, and until
 * the preview's first frame is drawn (by the preview worker, on the canvas the page handed over); and
 * every main-thread task over 50 ms in that time, from PerformanceObserver's longtask entries. Goals:
 * the size within 2 s, no long task over 50 ms. The file is over the upload limit, so this is also the
 * "measured here, send it another way" path.
 *
 * One more run, not timed, goes under a Chromium trace ('gpu' category) and counts the WebGL client
 * calls (context creation, shader compile, buffer upload, draws, frame readback) by the thread that
 * made them: the main thread's count should be 0, the work all in the preview worker.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureSiteBuilt } from '../../src/dev/build-site.js';
import { browserAvailable, launchBrowser, openQuoteFormAtFiles } from '../support/browser.js';
import { binaryStl, denseBox } from '../support/solids.js';
import { fmt, startProduct } from './support.js';

const BUDGET_MS = 2000;
const LONG_TASK_BUDGET_MS = 50;
const RUNS = 3;

declare global {
  interface Window {
    geometryBench?: { changedAt: number; longTasks: { start: number; duration: number }[] };
  }
}

interface Run {
  sizeMs: number;
  priceMs: number;
  previewMs: number;
  longTasks: number[];
  webgl: boolean;
}

export async function run(report: (label: string, value: string) => void): Promise<void> {
  if (!browserAvailable) throw new Error('Chromium not found (apt-get install -y chromium, or set CHROME_PATH)');
  await ensureSiteBuilt({ quiet: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'geometry-browser-bench-'));
  // n = 289: 12 · 289² = 1,002,252 triangles.
  const solid = denseBox(289);
  const file = path.join(dir, 'dense-box.stl');
  writeFileSync(file, binaryStl(solid.positions));
  const product = await startProduct();
  const browser = await launchBrowser();
  try {
    report('triangles', solid.triangleCount.toLocaleString('en-US'));
    report('binary STL size', `${((solid.triangleCount * 50 + 84) / 1024 / 1024).toFixed(1)} MB`);
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i += 1) runs.push(await measure(browser, product.url, file));
    const worst = (pick: (run: Run) => number) => Math.max(...runs.map(pick));
    const median = (pick: (run: Run) => number) => [...runs.map(pick)].sort((a, b) => a - b)[Math.floor(RUNS / 2)] ?? 0;
    const sizeWorst = worst((r) => r.sizeMs);
    report(`size shown, median of ${RUNS} (budget ${BUDGET_MS} ms)`, fmt.ms(median((r) => r.sizeMs)));
    report(`size shown, worst of ${RUNS}`, `${fmt.ms(sizeWorst)}${sizeWorst > BUDGET_MS ? ' OVER BUDGET' : ''}`);
    report('price shown, median', fmt.ms(median((r) => r.priceMs)));
    report(
      `preview drawn, median (${runs[0]?.webgl ? 'WebGL' : 'no WebGL: words instead'})`,
      fmt.ms(median((r) => r.previewMs)),
    );
    const longest = worst((r) => Math.max(0, ...r.longTasks));
    report(
      `longest main-thread task (budget ${LONG_TASK_BUDGET_MS} ms)`,
      `${fmt.ms(longest)}${longest > LONG_TASK_BUDGET_MS ? ' OVER BUDGET' : ''}`,
    );
    report(
      'long tasks (> 50 ms) per run',
      runs.map((r) => (r.longTasks.length === 0 ? '0' : r.longTasks.map((ms) => ms.toFixed(0)).join('+'))).join(', '),
    );
    const calls = await traceWebglCalls(browser, product.url, file);
    report(
      'WebGL calls on the main thread (traced run)',
      `${calls.main}${calls.main > 0 ? ' NOT OFF THE MAIN THREAD' : ''} (in workers: ${calls.workers})`,
    );
  } finally {
    await browser.close();
    await product.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(browser: Awaited<ReturnType<typeof launchBrowser>>, url: string, file: string): Promise<Run> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(() => {
      const state = { changedAt: 0, longTasks: [] as { start: number; duration: number }[] };
      window.geometryBench = state;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          state.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
      document.addEventListener(
        'change',
        (event) => {
          if ((event.target as Element | null)?.id === 'q-fileIds') state.changedAt = performance.now();
        },
        true,
      );
    });
    const page = await context.newPage();
    await openQuoteFormAtFiles(page, url);
    // Let hydration's own tasks pass; only what the file causes counts.
    await page.waitForTimeout(500);
    const since = await page.evaluate(() => performance.now());

    // The three moments, each taken in the page as it happens (a poll would add its own delay). A
    // string, not a function: tsx names inner functions with a helper the page does not have.
    const moments = page.evaluate<{ size: number; price: number; preview: number; webgl: boolean }>(`
      new Promise((resolve) => {
        const seen = {};
        const observer = new MutationObserver(() => {
          const now = performance.now();
          if (!seen.size && document.querySelector('.model-size')) seen.size = now;
          if (!seen.price && document.querySelector('.model-price-range')) seen.price = now;
          if (!seen.preview && document.querySelector('.model-overlay, .model-no-preview')) seen.preview = now;
          if (seen.size && seen.price && seen.preview) {
            observer.disconnect();
            resolve({ ...seen, webgl: document.querySelector('.model-overlay') !== null });
          }
        });
        observer.observe(document.body, { childList: true, subtree: true });
      })
    `);
    // A run that never shows the figures fails loudly with what the page says instead.
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        void page
          .locator('.model-estimate, .file-list')
          .allInnerTexts()
          .then((texts) => reject(new Error(`no figures within 60 s; the page says: ${texts.join(' | ')}`)));
      }, 60_000);
    });
    await page.setInputFiles('#q-fileIds', file);
    const seen = await Promise.race([moments, timeout]).finally(() => clearTimeout(timer));
    // Tasks that started during the analysis and the first frames of the preview.
    await page.waitForTimeout(1000);
    const { changedAt, longTasks } = await page.evaluate(() => window.geometryBench ?? { changedAt: 0, longTasks: [] });
    return {
      sizeMs: seen.size - changedAt,
      priceMs: seen.price - changedAt,
      previewMs: seen.preview - changedAt,
      longTasks: longTasks.filter((task) => task.start >= since).map((task) => task.duration),
      webgl: seen.webgl,
    };
  } finally {
    await context.close();
  }
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  args?: { name?: string };
}

// The GLES2 client's trace events: each is a WebGL call (or its flush) on the thread that made it.
const WEBGL_CALL = /^(GLES2|CommandBufferHelper::|CommandBufferProxyImpl::|GpuChannelHost::CreateViewCommandBuffer)/;

async function traceWebglCalls(
  browser: Awaited<ReturnType<typeof launchBrowser>>,
  url: string,
  file: string,
): Promise<{ main: number; workers: number }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    const page = await context.newPage();
    await openQuoteFormAtFiles(page, url);
    await browser.startTracing(page, { categories: ['gpu'] });
    await page.setInputFiles('#q-fileIds', file);
    await page.waitForSelector('.model-overlay, .model-no-preview', { timeout: 60_000 });
    await page.waitForTimeout(1000);
    const { traceEvents } = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] };
    const threads = new Map<string, string>();
    for (const event of traceEvents) {
      if (event.ph === 'M' && event.name === 'thread_name')
        threads.set(`${event.pid}:${event.tid}`, event.args?.name ?? '');
    }
    const counts = { main: 0, workers: 0 };
    for (const event of traceEvents) {
      if (!WEBGL_CALL.test(event.name)) continue;
      const thread = threads.get(`${event.pid}:${event.tid}`) ?? '';
      if (thread === 'CrRendererMain') counts.main += 1;
      else if (thread.startsWith('DedicatedWorker')) counts.workers += 1;
    }
    return counts;
  } finally {
    await context.close();
  }
}
