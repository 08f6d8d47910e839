/**
 * Lighthouse (mobile defaults: Moto G class screen, simulated slow 4G and 4× CPU) against Debian
 * Chromium for one article page and /quote/, served by the product as `npm start` runs it; plus the
 * gzip size of every article's HTML. Goals: 100 in every category on articles, ≥ 98 on /quote/, and
 * ≤ 14 KB gzip per article so it arrives in the first TCP round trip (10 segments of ~1.4 KB).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import lighthouse from 'lighthouse';
import { ensureSiteBuilt } from '../../src/dev/build-site.js';
import { CHROME_PATH } from '../support/browser.js';
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
  /** The metrics behind the performance score, as Lighthouse displays them. */
  metrics: string;
}

const METRICS = [
  'first-contentful-paint',
  'largest-contentful-paint',
  'total-blocking-time',
  'cumulative-layout-shift',
];

async function audit(url: string, port: number): Promise<Audit> {
  const result = await lighthouse(url, { port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
  if (result.lhr.runtimeError) throw new Error(`Lighthouse: ${result.lhr.runtimeError.message}`);
  const score = (id: string) => Math.round((result.lhr.categories[id]?.score ?? 0) * 100);
  const failing = Object.values(result.lhr.audits)
    .filter((item) => item.score !== null && item.score < 1 && item.scoreDisplayMode !== 'informative')
    .map((item) => (item.displayValue ? `${item.id} ${item.displayValue}` : item.id));
  if (failing.length > 0) console.log(`  (${new URL(url).pathname}: below full marks: ${failing.join('; ')})`);
  return {
    scores: {
      performance: score('performance'),
      accessibility: score('accessibility'),
      'best-practices': score('best-practices'),
      seo: score('seo'),
    },
    metrics: METRICS.map((id) => `${id.replace(/-/g, ' ')} ${result.lhr.audits[id]?.displayValue ?? '?'}`).join(', '),
  };
}

const verdict = (value: number, goal: number) => (value >= goal ? `${value}` : `${value}  OVER BUDGET (goal ${goal})`);

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
    const targets: [string, number][] = [
      [`/guides/${articles[0] ?? 'missing'}/`, 100],
      ['/quote/', 98],
    ];
    for (const [pathname, goal] of targets) {
      const status = (await fetch(product.url + pathname)).status;
      if (status !== 200) {
        report(`lighthouse ${pathname}`, `not measured: the page answers ${status}`);
        continue;
      }
      // Lighthouse simulates a slow phone from the CPU time it observes, so a busy machine lowers
      // the performance score of even a script-free page; the load average shows how busy it was.
      const load = os.loadavg()[0] ?? 0;
      const { scores, metrics } = await audit(product.url + pathname, chromium.port);
      for (const category of CATEGORIES) {
        report(`lighthouse mobile ${pathname} ${category}`, verdict(scores[category], goal));
      }
      report(`lighthouse mobile ${pathname} metrics`, metrics);
      report(`lighthouse mobile ${pathname} machine load (1 min, ${os.cpus().length} cores)`, load.toFixed(1));
    }
  } finally {
    await chromium.stop();
    await product.stop();
    rmSync(product.dataDir, { recursive: true, force: true });
  }
}
