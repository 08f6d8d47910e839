/**
 * Intake throughput: POST /api/requests against the product started as its own process (mail to the
 * outbox folder: three .eml files per request), every request a new draft; the replay of one draft
 * (idempotent 200 path); and, in the same run on the same engine, raw single-row inserts as the floor
 * the intake's own transaction is measured against. Once on embedded PGlite, once on a throwaway
 * PostgreSQL cluster (raw inserts through `pg`, one connection, as the PGlite floor uses one client).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import autocannon from 'autocannon';
import pg from 'pg';
import { validRequest } from '../support/intake.js';
import { startPostgres } from '../support/postgres.js';
import { fmt, load, startProduct } from './support.js';

const SECONDS = 8;
const CONNECTIONS = 10;
const RAW_SECONDS = SECONDS / 2;

type Report = (label: string, value: string) => void;

/** Sequential single-row inserts for `seconds`, through a `query(text, params)` of either driver. */
async function insertLoop(query: (text: string, params: unknown[]) => Promise<unknown>, seconds: number) {
  await query(
    'create table bench_rows (id bigserial primary key, name text not null, created_at timestamptz not null default now())',
    [],
  );
  for (let i = 0; i < 200; i++) await query('insert into bench_rows (name) values ($1)', ['warm-up']);
  let count = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  while (performance.now() < deadline) {
    await query('insert into bench_rows (name) values ($1)', [`row ${count}`]);
    count++;
  }
  return count / ((performance.now() - started) / 1000);
}

async function rawPgliteInserts(seconds: number): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-bench-pglite-'));
  const client = new PGlite(dir);
  try {
    return await insertLoop((text, params) => client.query(text, params), seconds);
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function rawPostgresInserts(url: string, seconds: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create database bench_raw');
  } finally {
    await client.end();
  }
  const raw = new pg.Client({ connectionString: url.replace(/\/postgres$/, '/bench_raw') });
  await raw.connect();
  try {
    return await insertLoop((text, params) => raw.query(text, params), seconds);
  } finally {
    await raw.end();
  }
}

async function measureIntake(report: Report, engine: string, env: Record<string, string>): Promise<number> {
  const product = await startProduct(env);
  try {
    const url = `${product.url}/api/requests`;
    const headers = { 'content-type': 'application/json' };
    const fresh = () => [{ setupRequest: (req: object) => ({ ...req, body: JSON.stringify(validRequest()) }) }];
    // Warm-up: JIT, the database's caches, the outbox folder.
    await autocannon({ url, method: 'POST', headers, amount: 100, connections: 5, requests: fresh() });

    // Each request is a new draft (a fresh clientDraftId), so each one is a real intake with its mails.
    const result = await autocannon({
      url,
      method: 'POST',
      headers,
      duration: SECONDS,
      connections: CONNECTIONS,
      requests: fresh(),
    });
    report(
      `${engine}: POST /api/requests, new drafts (${CONNECTIONS} conn.)`,
      `${fmt.rps(result.requests.average)}, p50 ${fmt.ms(result.latency.p50)}, p99 ${fmt.ms(result.latency.p99)}`,
    );
    report(`${engine}:   errors / non-2xx`, `${result.errors} / ${result.non2xx}`);

    const replay = await load(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(validRequest()),
      seconds: 4,
      connections: CONNECTIONS,
    });
    report(
      `${engine}: same draft replayed (200 path)`,
      `${fmt.rps(replay.requestsPerSecond)}, p99 ${fmt.ms(replay.p99Ms)}`,
    );
    // Mail goes out after the reply: give the last requests' deliveries a moment before counting.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const outbox = readdirSync(path.join(product.dataDir, 'outbox')).length;
    report(`${engine}: mails in the outbox folder (3 per new request)`, String(outbox));
    return result.requests.average;
  } finally {
    await product.stop();
    rmSync(product.dataDir, { recursive: true, force: true });
  }
}

function reportRatio(report: Report, engine: string, intake: number, raw: number): void {
  report(`${engine}: raw single-row insert (same run)`, `${Math.round(raw).toLocaleString('en-US')} rows/s`);
  report(`${engine}: intake req/s ÷ raw insert rows/s`, fmt.ratio(intake / raw));
  // Shared machines skew every figure above; the load says how much to trust them.
  const [one, five] = os.loadavg();
  report(
    `${engine}: load average (1 / 5 min) now`,
    `${one?.toFixed(1)} / ${five?.toFixed(1)} on ${os.cpus().length} cores`,
  );
}

export async function run(report: Report): Promise<void> {
  const [startOne, startFive] = os.loadavg();
  report('load average (1 / 5 min) at the start', `${startOne?.toFixed(1)} / ${startFive?.toFixed(1)}`);

  const embedded = await measureIntake(report, 'PGlite', {});
  reportRatio(report, 'PGlite', embedded, await rawPgliteInserts(RAW_SECONDS));

  const server = await startPostgres();
  try {
    const postgres = await measureIntake(report, 'PostgreSQL', { DATABASE_URL: server.url });
    reportRatio(report, 'PostgreSQL', postgres, await rawPostgresInserts(server.url, RAW_SECONDS));
  } finally {
    await server.stop();
  }
}
