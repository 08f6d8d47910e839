/**
 * Lighthouse (mobile defaults: Moto G class screen, simulated slow 4G and 4× CPU) against Debian
 * Chromium, on the product as `npm start` serves it (compressed, hashed assets immutable): the home
 * page, an article, /quote/ (first visit and a second one with storage kept), and the pages opened by
 * a signed link (/status/, /review/, /release/, for a request and a quote the bench creates over the
 * API). Each page is audited three times; the run with the median performance score is reported.
 * Goals: 100 in every category on home and articles, ≥ 98 on the others, layout shift 0 everywhere.
 * Then, in Chromium with 4× CPU and slow-4G throttling over CDP: how long /quote/ takes until Next
 * works (the form's `quote-form-ready` mark), and the layout shift of a second visit that restores a
 * real draft. Plus the gzip size of every article's HTML (goal ≤ 14 KB, the first TCP round trip).
 * Lighthouse simulates a slow phone from the CPU time it observes, so a busy machine lowers even a
 * script-free page's score: every figure is printed with the 1-minute load average at its run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import lighthouse, { type Flags } from 'lighthouse';
import { ensureSiteBuilt } from '../../src/dev/build-site.js';
import { readOutbox } from '../../src/dev/outbox.js';
import { launchBrowser, CHROME_PATH } from '../support/browser.js';
import { quoteForm } from '../support/fixtures.js';
import { postJson, validRequest } from '../support/intake.js';
import { freePort } from '../support/postgres.js';
import { fmt, ROOT, startProduct } from './support.js';

const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
const GZIP_BUDGET_BYTES = 14 * 1024;

interface Chromium {
  port: number;
  stop(): Promise<void>;
}

async function launchChromium(): Promise<Chromium> {
  if (!CHROME_PATH) throw new Error('Chromium not found (apt-get install -y chromium, or set CHROME_PATH)');
  const port = await freePort();
  const profile = mkdtempSync(path.join(os.tmpdir(), 'lighthouse-profile-'));
  const child: ChildProcess = spawn(
    CHROME_PATH,
    [...FLAGS, `--remote-debugging-port=${port}`, `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Chromium exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/json/version`)).ok) break;
    } catch {
      // DevTools not listening yet
    }
    if (Date.now() > deadline) throw new Error('Chromium did not open its DevTools port within 30 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    port,
    async stop() {
      // Chromium keeps writing its profile while it exits: wait for the exit, then remove it.
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill();
      await exited;
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    },
  };
}

interface Audit {
  scores: Record<(typeof CATEGORIES)[number], number>;
  cls: number;
  /** What fell short of full marks, as Lighthouse names it. */
  failing: string[];
  /** The metrics behind the performance score, as Lighthouse displays them. */
  metrics: string;
}

const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
];

/** One audit; a trace Lighthouse failed to record (NO_NAVSTART and the like, on a busy machine) is taken again once. */
async function audit(url: string, port: number, flags: Flags = {}): Promise<Audit> {
  try {
    return await auditOnce(url, port, flags);
  } catch (error) {
    if (!(error instanceof LighthouseRuntimeError)) throw error;
    console.log(`  (${new URL(url).pathname}: ${error.message}; measuring again)`);
    return auditOnce(url, port, flags);
  }
}

class LighthouseRuntimeError extends Error {}

async function auditOnce(url: string, port: number, flags: Flags): Promise<Audit> {
  const result = await lighthouse(url, {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: [...CATEGORIES],
    ...flags,
  });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  if (result.lhr.runtimeError) throw new LighthouseRuntimeError(`Lighthouse: ${result.lhr.runtimeError.code}`);
  const score = (id: string) => Math.round((result.lhr.categories[id]?.score ?? 0) * 100);
  const failing = Object.values(result.lhr.audits)
    .filter((item) => item.score !== null && item.score < 1 && item.scoreDisplayMode !== 'informative')
    .map((item) => (item.displayValue ? `${item.id} ${item.displayValue}` : item.id));
  return {
    failing,
    cls: Number(result.lhr.audits['cumulative-layout-shift']?.numericValue ?? Number.NaN),
    scores: {
      performance: score('performance'),
      accessibility: score('accessibility'),
      'best-practices': score('best-practices'),
      seo: score('seo'),
    },
    metrics: METRICS.map((id) => `${id.replace(/-/g, ' ')} ${result.lhr.audits[id]?.displayValue ?? '?'}`).join(', '),
  };
}

const verdict = (value: number, goal: number) =>
  value >= goal ? `${value} (goal ${goal})` : `${value}  OVER BUDGET (goal ${goal})`;
const clsVerdict = (value: number) => (value === 0 ? '0 (goal 0)' : `${value.toFixed(3)}  OVER BUDGET (goal 0)`);
const load1 = () => (os.loadavg()[0] ?? 0).toFixed(1);

const RUNS = 3;
const READY_GOAL_MS = 1500;

interface Target {
  path: string;
  goal: number;
}

/** The product's links for one request and its issued quote, as the mails carry them. */
async function signedLinks(url: string, dataDir: string): Promise<{ status: string; review: string; release: string }> {
  const localPath = (link: string) => {
    const parsed = new URL(link);
    return `${parsed.pathname}${parsed.search}${parsed.hash}`;
  };
  const mails = async (filter: (link: string) => boolean) => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = (await readOutbox(path.join(dataDir, 'outbox'))).flatMap((m) => m.links).find(filter);
      if (found) return localPath(found);
      if (Date.now() > deadline) throw new Error('an expected link never reached the outbox');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const created = await postJson(url, '/api/requests', validRequest());
  if (created.status !== 201) throw new Error(`creating a request answered ${created.status}`);
  const { id } = created.body;
  const review = await mails((link) => link.includes(`/review/?id=${id}#token=`));
  const status = await mails((link) => link.includes(`/status/?id=${id}#token=`));

  // The shop issues a quote: staff sign-in through its mailed link, then the quote form.
  const json = { 'content-type': 'application/json', origin: url };
  const asked = await fetch(`${url}/api/shop/sign-in`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email: 'shop@localhost' }),
  });
  if (asked.status !== 202) throw new Error(`shop sign-in answered ${asked.status}`);
  const signIn = await mails((link) => link.includes('/shop/') && link.includes('token='));
  const token = new URL(signIn, url).hash.match(/token=([^&]+)/)?.[1] ?? '';
  const session = await fetch(`${url}/api/shop/session`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ token }),
  });
  const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  if (session.status !== 201 || !cookie) throw new Error(`shop session answered ${session.status}`);
  const issued = await fetch(`${url}/api/shop/requests/${id}/quotes`, {
    method: 'POST',
    headers: { ...json, cookie },
    body: JSON.stringify(quoteForm()),
  });
  if (issued.status !== 201) throw new Error(`issuing a quote answered ${issued.status}: ${await issued.text()}`);
  const { id: revisionId } = (await issued.json()) as { id: string };
  const release = await mails((link) => link.includes(`/release/?id=${revisionId}#token=`));
  return { status, review, release };
}

/** Three audits; the one with the median performance score. */
async function medianAudit(url: string, port: number): Promise<Audit & { performances: number[] }> {
  const runs: Audit[] = [];
  for (let i = 0; i < RUNS; i += 1) runs.push(await audit(url, port));
  const sorted = [...runs].sort((a, b) => a.scores.performance - b.scores.performance);
  const median = sorted[Math.floor(sorted.length / 2)] ?? sorted[0];
  if (!median) throw new Error(`no audit of ${url}`);
  return { ...median, performances: runs.map((run) => run.scores.performance) };
}

/**
 * /quote/ in Playwright's Chromium with Lighthouse's mobile throttling applied over CDP (4× CPU,
 * 150 ms RTT, 1.6 Mbit/s): milliseconds from navigation to the form's ready mark (Next enabled), and
 * the layout shift of a reload that restores a draft (a quantity typed on the first visit).
 */
async function quoteInChromium(url: string): Promise<{ readyMs: number; restoredCls: number; restored: boolean }> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: (1.6 * 1024 * 1024) / 8,
      uploadThroughput: (750 * 1024) / 8,
    });
    await page.addInitScript(() => {
      const shifts: number[] = [];
      (window as unknown as { __shifts: number[] }).__shifts = shifts;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) shifts.push(entry.value);
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const readyMark = () =>
      page.waitForFunction(() => performance.getEntriesByName('quote-form-ready')[0]?.startTime, undefined, {
        timeout: 60_000,
      });
    await page.goto(`${url}/quote/`);
    const readyMs = Number(await (await readyMark()).jsonValue());
    await page.fill('#q-quantities-total', '40');
    await page.waitForFunction(() => localStorage.getItem('quote-form-draft-v1') !== null, undefined, {
      timeout: 10_000,
    });
    await page.reload();
    await readyMark();
    await page.waitForTimeout(2_000);
    const restoredCls = await page.evaluate(() =>
      (window as unknown as { __shifts: number[] }).__shifts.reduce((sum, value) => sum + value, 0),
    );
    const restored = (await page.locator('.restored-notice').count()) === 1;
    await context.close();
    return { readyMs, restoredCls, restored };
  } finally {
    await browser.close();
  }
}

export async function run(report: (label: string, value: string) => void): Promise<void> {
  await ensureSiteBuilt({ quiet: true });

  const guidesDir = path.join(ROOT, 'dist/guides');
  const articles = readdirSync(guidesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  for (const slug of articles) {
    const bytes = gzipSync(readFileSync(path.join(guidesDir, slug, 'index.html')), { level: 9 }).length;
    const note = bytes <= GZIP_BUDGET_BYTES ? '' : `  OVER BUDGET (goal ${fmt.kb(GZIP_BUDGET_BYTES)})`;
    report(`gzip HTML /guides/${slug}/`, `${fmt.kb(bytes)} (${bytes} B)${note}`);
  }

  const product = await startProduct();
  const chromium = await launchChromium();
  try {
    const links = await signedLinks(product.url, product.dataDir);
    const targets: [string, Target][] = [
      ['home', { path: '/', goal: 100 }],
      ['article', { path: `/guides/${articles[0] ?? 'missing'}/`, goal: 100 }],
      ['/quote/', { path: '/quote/', goal: 98 }],
      ['/status/', { path: links.status, goal: 98 }],
      ['/review/', { path: links.review, goal: 98 }],
      ['/release/', { path: links.release, goal: 98 }],
    ];
    report('machine', `${os.cpus().length} cores, load ${load1()} (1 min) at the start`);
    for (const [name, target] of targets) {
      const status = (await fetch(product.url + target.path.replace(/#.*$/, ''))).status;
      if (status !== 200) {
        report(`lighthouse ${name}`, `not measured: the page answers ${status}`);
        continue;
      }
      const before = load1();
      const result = await medianAudit(product.url + target.path, chromium.port);
      const at = `load ${before} → ${load1()}`;
      for (const category of CATEGORIES) {
        const extra = category === 'performance' ? `  runs ${result.performances.join(', ')}; ${at}` : '';
        // A signed-link page is noindex on purpose, so Lighthouse's is-crawlable audit fails by design.
        const noindex =
          category === 'seo' && result.failing.includes('is-crawlable')
            ? '  (noindex by design: is-crawlable fails)'
            : '';
        report(
          `lighthouse mobile ${name} ${category}`,
          `${noindex ? result.scores[category] : verdict(result.scores[category], target.goal)}${extra}${noindex}`,
        );
      }
      report(`lighthouse mobile ${name} layout shift`, clsVerdict(result.cls));
      report(`lighthouse mobile ${name} metrics`, result.metrics);
      if (result.failing.length > 0) report(`lighthouse mobile ${name} below full marks`, result.failing.join('; '));
    }

    // A second visit keeps what the first left in storage (Lighthouse clears it by default).
    const before = load1();
    await audit(`${product.url}/quote/`, chromium.port);
    const second = await audit(`${product.url}/quote/`, chromium.port, { disableStorageReset: true });
    report(
      'lighthouse mobile /quote/ second visit performance',
      `${verdict(second.scores.performance, 98)}; load ${before}`,
    );
    report('lighthouse mobile /quote/ second visit layout shift', clsVerdict(second.cls));

    const quote = await quoteInChromium(product.url);
    const readyNote = quote.readyMs <= READY_GOAL_MS ? '' : '  OVER BUDGET';
    report(
      '/quote/ Next enabled (4× CPU, slow 4G, CDP)',
      `${fmt.ms(quote.readyMs)} (goal ≤ ${READY_GOAL_MS} ms)${readyNote}; load ${load1()}`,
    );
    report(
      '/quote/ reload restoring a draft: layout shift',
      `${clsVerdict(quote.restoredCls)}${quote.restored ? '' : ' (no restored-draft notice seen)'}`,
    );
  } finally {
    await chromium.stop();
    await product.stop();
    rmSync(product.dataDir, { recursive: true, force: true });
  }
}
