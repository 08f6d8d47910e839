/**
 * Intake throughput: POST /api/requests against the product started as its own process (PGlite,
 * mail to the outbox: three .eml files per request), every request a new draft; the replay of one
 * draft (idempotent 200 path); and, in the same run, raw PGlite single-row inserts as the floor the
 * intake's own transaction (counter, request, contacts, event, three links) is measured against.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import autocannon from 'autocannon';
import { validRequest } from '../support/intake.js';
import { fmt, load, startProduct } from './support.js';

const SECONDS = 8;
const CONNECTIONS = 10;

async function rawInsertsPerSecond(seconds: number): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-bench-pglite-'));
  const client = new PGlite(dir);
  try {
    await client.exec(
      'create table bench_rows (id bigserial primary key, name text not null, created_at timestamptz not null default now())',
    );
    for (let i = 0; i < 200; i++) await client.query('insert into bench_rows (name) values ($1)', ['warm-up']);
    let count = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    while (performance.now() < deadline) {
      await client.query('insert into bench_rows (name) values ($1)', [`row ${count}`]);
      count++;
    }
    return count / ((performance.now() - started) / 1000);
  } finally {
    await client.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(report: (label: string, value: string) => void): Promise<void> {
  const product = await startProduct();
  try {
    const url = `${product.url}/api/requests`;
    const headers = { 'content-type': 'application/json' };
    // Warm-up: JIT, PGlite caches, the outbox folder.
    await autocannon({
      url,
      method: 'POST',
      headers,
      amount: 50,
      connections: 5,
      requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(validRequest()) }) }],
    });

    // Each request is a new draft (a fresh clientDraftId), so each one is a real intake with its mails.
    const fresh = await autocannon({
      url,
      method: 'POST',
      headers,
      duration: SECONDS,
      connections: CONNECTIONS,
      requests: [{ setupRequest: (req) => ({ ...req, body: JSON.stringify(validRequest()) }) }],
    });
    report(
      `POST /api/requests, new drafts (${CONNECTIONS} conn.)`,
      `${fmt.rps(fresh.requests.average)}, p50 ${fmt.ms(fresh.latency.p50)}, p99 ${fmt.ms(fresh.latency.p99)}`,
    );
    report('  errors / non-2xx', `${fresh.errors} / ${fresh.non2xx}`);

    const replay = await load(url, {
      method: 'POST',
      headers,
      body: JSON.stringify(validRequest()),
      seconds: 4,
      connections: CONNECTIONS,
    });
    report(
      'POST /api/requests, same draft replayed (200 path)',
      `${fmt.rps(replay.requestsPerSecond)}, p99 ${fmt.ms(replay.p99Ms)}`,
    );

    const outbox = readdirSync(path.join(product.dataDir, 'outbox')).length;
    report('mails written to the outbox (3 per new request)', String(outbox));

    const raw = await rawInsertsPerSecond(SECONDS / 2);
    report('raw PGlite single-row insert (same run, in-process)', `${Math.round(raw).toLocaleString('en-US')} rows/s`);
    report('intake req/s ÷ raw insert rows/s', fmt.ratio(fresh.requests.average / raw));
    // Shared machines skew every figure above; the load says how much to trust them.
    report('machine load average (1 min) at the end', `${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`);
  } finally {
    await product.stop();
    rmSync(product.dataDir, { recursive: true, force: true });
  }
}
