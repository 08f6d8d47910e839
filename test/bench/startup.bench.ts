/**
 * Start-up of the product as `npm start` runs it (`node --import ./src/dev/ts-imports.ts src/dev/start.ts`), to the first
 * 200 from /api/health: from an empty DATA_DIR (the embedded database seeded from the template that
 * `npm install` prepares), a restart on the same folder, and a bad variable refused (spawn → exit);
 * beside Node starting an empty script, in the same run. Medians of RUNS.
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { rmSync } from 'node:fs';
import { ensureTemplate } from '../../src/server/db/pglite.js';
import { fmt, quantile, ROOT, startProduct } from './support.js';

const RUNS = 3;
const GOALS = { firstStartMs: 3_000, restartMs: 1_500, refusedMs: 500 };

const median = (values: number[]) =>
  quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
const against = (ms: number, goal: number) =>
  `${fmt.ms(ms)}  (goal ≤ ${fmt.ms(goal)})${ms > goal ? '  OVER BUDGET' : ''}`;

/** Milliseconds from spawn to exit, and the exit code. */
function timeToExit(args: string[], env: Record<string, string>): Promise<{ ms: number; code: number | null }> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: 'ignore',
  });
  return new Promise((resolve) => child.once('exit', (code) => resolve({ ms: performance.now() - started, code })));
}

export async function run(report: (label: string, value: string) => void): Promise<void> {
  report(
    'load average (1, 5, 15 min)',
    os
      .loadavg()
      .map((load) => load.toFixed(2))
      .join(', '),
  );
  const template = performance.now();
  await ensureTemplate();
  report('embedded database template (npm install makes it once)', fmt.ms(performance.now() - template));

  const first: number[] = [];
  const restart: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const product = await startProduct();
    first.push(product.coldStartMs);
    await product.stop();
    const again = await startProduct({}, product.dataDir);
    restart.push(again.coldStartMs);
    await again.stop();
    rmSync(product.dataDir, { recursive: true, force: true });
  }
  report(`first start, empty DATA_DIR, median of ${RUNS}`, against(median(first), GOALS.firstStartMs));
  report(`restart, same DATA_DIR, median of ${RUNS}`, against(median(restart), GOALS.restartMs));

  const refused: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const result = await timeToExit(['--import', './src/dev/ts-imports.ts', 'src/dev/start.ts'], { PORT: 'abc' });
    if (result.code !== 1) throw new Error(`PORT=abc exited with ${result.code}, expected 1`);
    refused.push(result.ms);
    bare.push((await timeToExit(['-e', '0'], {})).ms);
  }
  report(`PORT=abc refused (spawn → exit), median of ${RUNS}`, against(median(refused), GOALS.refusedMs));
  report('node -e 0 (spawn → exit), same run', fmt.ms(median(bare)));
}
