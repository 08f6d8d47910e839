/**
 * Shared bench helpers: a load run with autocannon, and starting the product as its own process
 * (as `npm start` does) so the load generator does not share its event loop.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { freePort } from '../support/postgres.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

export async function load(
  url: string,
  options: {
    seconds?: number;
    connections?: number;
    method?: 'GET' | 'POST';
    headers?: Record<string, string>;
    body?: string;
  } = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    duration: options.seconds ?? 5,
    connections: options.connections ?? 20,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
  });
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

export interface ProductProcess {
  url: string;
  dataDir: string;
  child: ChildProcess;
  /** Milliseconds from spawn to the first 200 from /api/health. */
  coldStartMs: number;
  stop(): Promise<void>;
}

export async function startProduct(env: Record<string, string> = {}, dataDir?: string): Promise<ProductProcess> {
  const dir = dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'portal-bench-'));
  const port = await freePort();
  const started = performance.now();
  // As `npm start` runs it (package.json), without npm's own start-up in front.
  const child = spawn(process.execPath, ['--import', './src/dev/ts-imports.ts', 'src/dev/start.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      PORT: String(port),
      DATA_DIR: dir,
      STRIPE_EMULATOR_PORT: String(await freePort()),
      RATE_LIMIT_PER_MINUTE: '100000000',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  // The product's canonical address (SITE_URL defaults to localhost): pages on another host redirect to it.
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the product exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('the product did not answer /api/health within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  const coldStartMs = performance.now() - started;
  return {
    url,
    dataDir: dir,
    child,
    coldStartMs,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export const fmt = {
  rps: (value: number) => `${Math.round(value).toLocaleString('en-US')} req/s`,
  ms: (value: number) => `${value.toFixed(1)} ms`,
  ratio: (value: number) => `${value.toFixed(2)}×`,
  kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`,
};

/** The q-quantile (0..1) of ascending values, nearest rank. */
export function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}
