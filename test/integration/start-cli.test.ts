/**
 * `npm start` as a process: a bad variable stops it at once with a line naming the variable; with
 * nothing set it comes up on its embedded defaults and answers /api/health.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seedDatabase } from '../support/db-template.js';
import { freePort } from '../support/postgres.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/tsx/dist/cli.mjs');

function startProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, [TSX, 'src/dev/start.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('npm start', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number between 1 and 65535'],
    [{ DATABASE_URL: 'nonsense' }, 'DATABASE_URL must be a postgres:// or postgresql:// connection URL'],
  ])('stops at once on %o, naming the variable', async (env, message) => {
    const run = startProcess(env);
    const code = await run.exited;
    expect(code).toBe(1);
    expect(run.output().stderr).toContain(message);
  });

  it('comes up on embedded defaults, prints where everything is, and answers health', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'portal-start-'));
    seedDatabase(dataDir);
    const port = await freePort();
    const run = startProcess({ PORT: String(port), DATA_DIR: dataDir, STRIPE_EMULATOR_PORT: String(await freePort()) });
    try {
      await expect.poll(() => run.output().stdout, { timeout: 60_000, interval: 200 }).toContain('Quote portal ready');
      const { stdout } = run.output();
      expect(stdout).toContain(`Site     http://localhost:${port}/`);
      expect(stdout).toContain('Outbox');
      expect(stdout).toMatch(/Database PGlite \(embedded\)/);
      expect(stdout).toContain('Billing  Stripe emulator');
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(await response.json()).toMatchObject({ ok: true });
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
