/**
 * `npm start` as a process: a bad variable stops it at once with a line naming the variable; with
 * nothing set it comes up on its embedded defaults and answers /api/health.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadEmbeddedDriver } from '../../src/server/db/index.js';
import { seedDatabase } from '../support/db-template.js';
import { freePort } from '../support/postgres.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** As package.json's `start` runs it, from any working folder. */
function startProcess(env: Record<string, string>, cwd = ROOT) {
  const imports = pathToFileURL(path.join(ROOT, 'src/dev/ts-imports.ts')).href;
  const child = spawn(process.execPath, ['--import', imports, path.join(ROOT, 'src/dev/start.ts')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

// Each test is its own process, mostly waiting on its start-up: the ones that do not race a fresh
// database run side by side. The migration test runs alone, so its first health poll comes early.
describe('npm start', () => {
  it.concurrent.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number between 1 and 65535'],
    [{ DATABASE_URL: 'nonsense' }, 'DATABASE_URL must be a postgres:// or postgresql:// connection URL'],
  ])('stops at once on %o, naming the variable', async (env, message) => {
    const run = startProcess(env);
    const code = await run.exited;
    expect(code).toBe(1);
    expect(run.output().stderr).toContain(message);
  });

  it.concurrent('refuses a production start without the production variables, one line each', async () => {
    const run = startProcess({ NODE_ENV: 'production' });
    expect(await run.exited).toBe(1);
    const lines = run
      .output()
      .stderr.split('\n')
      .filter((line) => line.includes('is required in production'));
    expect(lines.map((line) => line.trim().split(' ')[0])).toEqual([
      'DATABASE_URL',
      'STRIPE_SECRET_KEY',
      'STRIPE_WEBHOOK_SECRET',
      'S3_BUCKET',
      'SMTP_URL',
      'SITE_URL',
      'CRON_SECRET',
    ]);
  });

  it.concurrent(
    'reads .env from the working folder, and the demo switch runs production mode on the embedded defaults',
    async () => {
      const cwd = mkdtempSync(path.join(os.tmpdir(), 'portal-dotenv-'));
      seedDatabase(path.join(cwd, 'data'));
      const port = await freePort();
      writeFileSync(
        path.join(cwd, '.env'),
        [
          '# a shop copies .env.example to .env',
          'NODE_ENV=production',
          'ALLOW_EMBEDDED_DEFAULTS=true',
          `PORT=${port}`,
          'DATA_DIR=data',
          `STRIPE_EMULATOR_PORT=${await freePort()}`,
        ].join('\n'),
      );
      const run = startProcess({}, cwd);
      try {
        await expect
          .poll(() => run.output().stdout, { timeout: 60_000, interval: 200 })
          .toContain('Quote portal ready');
        const { stdout } = run.output();
        expect(stdout).toContain('.env     5 variables read');
        expect(stdout).toContain(`Listens  127.0.0.1:${port} (this machine only`);
        expect(stdout).toContain(`Data     ${path.join(cwd, 'data')}`);
        const response = await fetch(`http://127.0.0.1:${port}/api/health`);
        expect(await response.json()).toMatchObject({ ok: true, migrations: 'applied' });
      } finally {
        run.child.kill('SIGTERM');
        await run.exited;
        rmSync(cwd, { recursive: true, force: true });
      }
    },
  );

  it.concurrent('comes up on embedded defaults, prints where everything is, and answers health', async () => {
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

  it('answers health 503 until the migrations have run, and holds other functions until then', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'portal-fresh-'));
    // A new DATA_DIR is seeded from a migrated template, so this folder gets a cluster holding none of
    // the migrations: a template made for an empty journal.
    const migrationsFolder = path.join(dataDir, 'no-migrations');
    mkdirSync(path.join(migrationsFolder, 'meta'), { recursive: true });
    writeFileSync(
      path.join(migrationsFolder, 'meta/_journal.json'),
      JSON.stringify({ version: '7', dialect: 'postgresql', entries: [] }),
    );
    const { ensureTemplate } = await loadEmbeddedDriver();
    const bare = await ensureTemplate({ cacheDir: path.join(dataDir, 'cache'), migrationsFolder });
    cpSync(bare, path.join(dataDir, 'db'), { recursive: true });
    const port = await freePort();
    const run = startProcess({ PORT: String(port), DATA_DIR: dataDir, STRIPE_EMULATOR_PORT: String(await freePort()) });
    const seen: { status: number; migrations?: string; ready: boolean }[] = [];
    let intake: Promise<number> | undefined;
    try {
      while (!run.output().stdout.includes('Quote portal ready')) {
        const reply = await fetch(`http://127.0.0.1:${port}/api/health`).catch(() => undefined);
        if (reply) {
          const body = (await reply.json()) as { migrations?: string };
          seen.push({
            status: reply.status,
            migrations: body.migrations,
            ready: run.output().stdout.includes('ready'),
          });
          // A customer request while the database is still being prepared must wait, not fail.
          intake ??= fetch(`http://127.0.0.1:${port}/api/requests`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', origin: `http://localhost:${port}` },
            body: JSON.stringify({}),
          }).then((response) => response.status);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      expect(seen.length).toBeGreaterThan(0);
      expect(seen[0]?.status).toBe(503);
      // Never ok before the migrations: every 200 says they are applied, and no 503 follows a 200.
      const firstOk = seen.findIndex((entry) => entry.status === 200);
      for (const entry of firstOk === -1 ? [] : seen.slice(firstOk)) expect(entry).toMatchObject({ status: 200 });
      expect(seen.filter((entry) => entry.status === 200).every((entry) => entry.migrations === 'applied')).toBe(true);
      expect(await intake).toBe(422);
      const after = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(await after.json()).toMatchObject({ ok: true, migrations: 'applied' });
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
