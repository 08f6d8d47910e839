/**
 * The check after a direct upload lands (architecture §15), on a 250 MB binary STL (a cube of
 * 4,992,300 triangles, just under the core's 5,000,000): the verification runs in a child process of
 * its own, reading the object from local storage as a stream, hashing it, telling its type and
 * measuring it with the geometry core. The child is compiled to JavaScript first and run by plain Node,
 * as a deployed function runs (the TypeScript loader alone would add about 30 MB). Reported: its time,
 * its RSS once loaded, and its peak RSS. Budget: 256 MB.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { writeCubeStl } from '../support/direct-upload.js';
import { ROOT } from './support.js';

const BUDGET_BYTES = 256 * 1024 * 1024;
const MB = 1024 * 1024;

export async function run(report: (label: string, value: string) => void): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'portal-bench-uploads-'));
  try {
    mkdirSync(path.join(dataDir, 'uploads'));
    const key = '00000000-0000-4000-8000-000000000000.stl';
    const stl = await writeCubeStl(path.join(dataDir, 'uploads', key), { n: 645, side: 150 });
    report('file', `${(stl.size / 1e6).toFixed(1)} MB, ${stl.triangleCount.toLocaleString('en-US')} triangles`);
    // Inside node_modules, so the compiled file finds the packages as the function does.
    const child = path.join(ROOT, 'node_modules/.cache/print-quote-portal/bench/verify-upload-child.mjs');
    await build({
      entryPoints: [path.join(ROOT, 'test/bench/verify-upload-child.ts')],
      outfile: child,
      bundle: true,
      packages: 'external',
      platform: 'node',
      format: 'esm',
      target: 'node24',
      logLevel: 'error',
    });
    const { stdout } = await promisify(execFile)(process.execPath, [child, dataDir, key, String(stl.size)], {
      cwd: ROOT,
      maxBuffer: 1024 * 1024,
    });
    const outcome = JSON.parse(stdout) as {
      ms: number;
      loadedRssBytes: number;
      maxRssBytes: number;
      triangleCount: number | null;
      reason: string | null;
    };
    report('verification (hash, type, geometry)', `${(outcome.ms / 1000).toFixed(1)} s`);
    report(
      'measured',
      outcome.triangleCount === null
        ? `not measured: ${outcome.reason}`
        : `${outcome.triangleCount.toLocaleString('en-US')} triangles`,
    );
    report('RSS of the process once loaded, before reading', `${(outcome.loadedRssBytes / MB).toFixed(0)} MB`);
    const over = outcome.maxRssBytes > BUDGET_BYTES ? '  OVER BUDGET' : '';
    report('peak RSS of the verifying process (budget 256 MB)', `${(outcome.maxRssBytes / MB).toFixed(0)} MB${over}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
