/**
 * The built Vercel functions (`vercel build` of the working tree, reused when the content was built
 * before): each function's unpacked size (its .func folder; Vercel's limit is 250 MB, and our goal is
 * 10 MB except api/uploads, which carries sharp), and the built health function's cold start under
 * Vercel's launcher (process start → first 200 from /api/health, production environment against a
 * throwaway PostgreSQL with the migrations applied and the Stripe emulator) side by side with the
 * launcher's own floor (the same measurement with a handler that imports nothing: the launcher loads
 * ts-morph and esbuild, which Vercel's production runtime does not), and each function's import graph
 * in a fresh plain-Node process. The local runtime's start-up is startup.bench.ts.
 */
import { spawn } from 'node:child_process';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startStripeEmulator } from '../../src/dev/stripe-emulator/index.js';
import { INITDB, PG_CTL, startPostgres } from '../support/postgres.js';
import { ensureVercelBuild, listFunctions, readVcConfig } from '../support/vercel-build.js';
import { migrateDatabase, runtimeOf, startDeployment, type Deployment } from '../support/vercel-functions.js';
import { fmt, quantile } from './support.js';

const SIZE_GOAL_BYTES = 10 * 1024 * 1024;
const SIZE_GOAL_EXEMPT = new Set(['api/uploads']);
const RUNS = 5;

/** Bytes of every file under a folder (symbolic links counted as links, not followed). */
export function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(full);
    else total += lstatSync(full).size;
  }
  return total;
}

const mb = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
const median = (values: number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );

async function firstOk(url: string, deadlineMs: number): Promise<void> {
  const deadline = Date.now() + deadlineMs;
  let last: string;
  for (;;) {
    try {
      const response = await fetch(url);
      last = `${response.status} ${(await response.text()).slice(0, 200)}`;
      if (response.status === 200) return;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    if (Date.now() > deadline) throw new Error(`${url} gave no 200 within ${deadlineMs} ms (last: ${last})`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** A build output with one trivial function at /api/health: what the launcher itself costs. */
function trivialOutput(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-bench-trivial-'));
  const func = path.join(dir, 'functions/api/health.func');
  mkdirSync(func, { recursive: true });
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ version: 3, routes: [{ handle: 'filesystem' }] }));
  writeFileSync(
    path.join(func, '.vc-config.json'),
    JSON.stringify({ handler: 'index.mjs', runtime: runtimeOf(), launcherType: 'Nodejs', shouldAddHelpers: true }),
  );
  writeFileSync(
    path.join(func, 'index.mjs'),
    "export default function handler(_req, res) { res.setHeader('content-type', 'application/json'); res.end('{\"ok\":true}'); }\n",
  );
  return dir;
}

/** Milliseconds from a fresh function process (started by the request) to the first 200, RUNS times. */
async function coldStarts(deployment: Deployment): Promise<number[]> {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await deployment.kill('api/health');
    const started = performance.now();
    await firstOk(`${deployment.url}/api/health`, 60_000);
    runs.push(performance.now() - started);
  }
  return runs;
}

const IMPORT_GOAL_MS = 300;
const COLD_START_GOAL_RATIO = 3;

/** Milliseconds a fresh plain-Node process takes to import a built function's handler (its import graph). */
function importMs(funcDir: string): Promise<number> {
  const handler = path.join(funcDir, readVcConfig(funcDir).handler);
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(handler).href)}); process.stdout.write(String(performance.now() - t)); process.exit(0);`;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: funcDir,
      env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.once('close', (code) =>
      code === 0
        ? resolve(Number(out))
        : reject(new Error(`import of ${handler} exited ${code}: ${err.slice(0, 500)}`)),
    );
  });
}

const runsText = (runs: number[]) => `${fmt.ms(median(runs))} (runs: ${runs.map((ms) => ms.toFixed(0)).join(', ')} ms)`;

export async function run(report: (label: string, value: string) => void): Promise<void> {
  const build = await ensureVercelBuild();
  report(
    'vercel build (offline, temp copy of the working tree)',
    `${(build.buildMs / 1000).toFixed(1)} s${build.reused ? ' (reused an earlier build of this content)' : ''}`,
  );

  const sized = listFunctions(build.outputDir)
    .map((fn) => ({ ...fn, bytes: folderBytes(fn.dir) }))
    .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
  for (const fn of sized) {
    const over = fn.bytes > SIZE_GOAL_BYTES && !SIZE_GOAL_EXEMPT.has(fn.name);
    report(
      `${fn.name}.func`,
      `${mb(fn.bytes)} (${fn.bytes.toLocaleString('en-US')} B)${over ? `  OVER BUDGET (goal ${mb(SIZE_GOAL_BYTES)})` : ''}`,
    );
  }
  report('all functions together', mb(sized.reduce((sum, fn) => sum + fn.bytes, 0)));

  // Each function's import graph, in a fresh plain-Node process (what a cold start pays first).
  const imports: { name: string; ms: number }[] = [];
  for (const fn of listFunctions(build.outputDir)) {
    const runs: number[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await importMs(fn.dir));
    imports.push({ name: fn.name, ms: median(runs) });
  }
  imports.sort((a, b) => b.ms - a.ms);
  const health = imports.find((fn) => fn.name === 'api/health');
  if (health) {
    report(
      `import graph, api/health (median of ${RUNS})`,
      `${fmt.ms(health.ms)}  (goal ≤ ${IMPORT_GOAL_MS} ms)${health.ms > IMPORT_GOAL_MS ? '  OVER BUDGET' : ''}`,
    );
  }
  for (const fn of imports.slice(0, 8)) report(`import graph, ${fn.name}`, fmt.ms(fn.ms));
  report(`import graph, median over all ${imports.length} functions`, fmt.ms(median(imports.map((fn) => fn.ms))));

  let healthRuns: number[] | undefined;
  if (!PG_CTL || !INITDB) {
    report('cold start, built health function', 'skipped: PostgreSQL server binaries not found');
  } else {
    const postgres = await startPostgres();
    const emulator = await startStripeEmulator({ port: 0, apiKey: 'sk_test_portal_bench' });
    const deployment = await startDeployment({
      outputDir: build.outputDir,
      env: (url) => ({
        NODE_ENV: 'production',
        DATABASE_URL: postgres.url,
        STRIPE_SECRET_KEY: 'sk_test_portal_bench',
        STRIPE_WEBHOOK_SECRET: 'whsec_portal_bench',
        STRIPE_API_BASE: emulator.url,
        // Health does not send mail or touch the bucket; the values only satisfy the production check.
        SMTP_URL: 'smtp://127.0.0.1:2525',
        MAIL_FROM: 'Layerline Print Works <quotes@layerline.example>',
        SHOP_STAFF_EMAILS: 'shop@layerline.example',
        SITE_URL: url,
        CRON_SECRET: 'cron-secret-portal-bench-00000001',
        S3_BUCKET: 'portal-uploads',
        S3_REGION: 'us-east-1',
        S3_ENDPOINT: 'http://127.0.0.1:9000',
        S3_ACCESS_KEY_ID: 'bench',
        S3_SECRET_ACCESS_KEY: 'bench',
        S3_FORCE_PATH_STYLE: 'true',
      }),
    });
    try {
      await migrateDatabase(build.projectDir, postgres.url);
      healthRuns = await coldStarts(deployment);
      report(`cold start, built health function (launcher, median of ${RUNS})`, runsText(healthRuns));
    } catch (error) {
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${deployment.logs('api/health')}`, {
        cause: error,
      });
    } finally {
      await deployment.stop();
      await emulator.close();
      await postgres.stop();
    }
  }

  // The launcher's own share: the same measurement with a handler that imports nothing.
  const trivial = trivialOutput();
  const floor = await startDeployment({ outputDir: trivial, env: {} });
  try {
    const floorRuns = await coldStarts(floor);
    report(`cold start, launcher floor (trivial handler, median of ${RUNS})`, runsText(floorRuns));
    if (healthRuns) {
      const ratio = median(healthRuns) / median(floorRuns);
      report(
        'cold start ratio (health / trivial handler)',
        `${fmt.ratio(ratio)}  (goal ≤ ${COLD_START_GOAL_RATIO}×)${ratio > COLD_START_GOAL_RATIO ? '  OVER BUDGET' : ''}`,
      );
    }
  } finally {
    await floor.stop();
    rmSync(trivial, { recursive: true, force: true });
  }
}
