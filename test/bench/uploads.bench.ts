/**
 * The check after a direct upload lands (architecture §15), on a 250 MB binary STL (a cube of
 * 4,992,300 triangles, just under the core's 5,000,000): the verification runs in a child process of
 * its own, reading the object from local storage as a stream, hashing it, telling its type and
 * measuring it with the geometry core. Reported: its time and the child's peak RSS. Budget: 256 MB.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
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
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
        'test/bench/verify-upload-child.ts',
        dataDir,
        key,
        String(stl.size),
      ],
      { cwd: ROOT, maxBuffer: 1024 * 1024 },
    );
    const outcome = JSON.parse(stdout) as {
      ms: number;
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
    const over = outcome.maxRssBytes > BUDGET_BYTES ? '  OVER BUDGET' : '';
    report('peak RSS of the verifying process (budget 256 MB)', `${(outcome.maxRssBytes / MB).toFixed(0)} MB${over}`);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
