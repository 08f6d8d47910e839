/**
 * Intake throughput: POST /api/requests against the product started as its own process (mail to the
 * outbox folder: three .eml files per request), every request a new draft; the replay of one draft
 * (idempotent 200 path); and, in the same run on the same engine, raw single-row inserts as the floor
 * the intake's own transaction is measured against. Once on embedded PGlite, once on a throwaway
 * PostgreSQL cluster (raw inserts through `pg`, one connection, as the PGlite floor uses one client).
 * Beside the rates, the CPU one new request costs (the product's process, and the whole machine's
 * busy time, which counts the database server and the load generator too), and the rate that CPU
 * would allow with every core busy: whether the goal is a matter of waiting or of work. On PGlite,
 * whose database shares the product's one thread, what the parts of one request cost there against
 * what the goal allows (intake-floor-child.ts). Last, what a customer waits for one submit when the
 * mail server is slow to accept each message, as a relay across the internet is.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import autocannon from 'autocannon';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { validRequest } from '../support/intake.js';
import { startPostgres } from '../support/postgres.js';
import { fmt, load, quantile, ROOT, startProduct } from './support.js';

const SECONDS = 8;
const CONNECTIONS = 10;
const RAW_SECONDS = SECONDS / 2;
/** Intake req/s ÷ raw insert rows/s, on the same engine in the same run. */
const RATIO_GOAL = 0.06;

type Report = (label: string, value: string) => void;

/**
 * CPU time from /proc (Linux): the whole machine's busy time, and one process's (all its threads).
 * Beside the req/s they say what a request costs, and so how many the machine's cores could serve.
 */
const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

function machineBusySeconds(): number {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
  const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (user + nice + system + irq + softirq + steal) / TICKS_PER_SECOND;
}

function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) begin at its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

interface IntakeFigures {
  requestsPerSecond: number;
  /** Busy CPU of the whole machine per new request (product, database, load generator), in ms. */
  machineMsPerRequest: number;
}

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

async function measureIntake(report: Report, engine: string, env: Record<string, string>): Promise<IntakeFigures> {
  const product = await startProduct(env);
  try {
    const url = `${product.url}/api/requests`;
    const headers = { 'content-type': 'application/json' };
    const fresh = () => [{ setupRequest: (req: object) => ({ ...req, body: JSON.stringify(validRequest()) }) }];
    // Warm-up: JIT, the database's caches, the outbox folder.
    await autocannon({ url, method: 'POST', headers, amount: 100, connections: 5, requests: fresh() });

    // Each request is a new draft (a fresh clientDraftId), so each one is a real intake with its mails.
    const machineBefore = machineBusySeconds();
    const productBefore = processCpuSeconds(product.child.pid!);
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
    const served = result.requests.total;
    const machineMsPerRequest = ((machineBusySeconds() - machineBefore) * 1000) / served;
    const productMs = ((processCpuSeconds(product.child.pid!) - productBefore) * 1000) / served;
    report(`${engine}:   errors / non-2xx`, `${result.errors} / ${result.non2xx}`);
    report(`${engine}:   CPU per new request, product process`, fmt.ms(productMs));
    report(`${engine}:   CPU per new request, whole machine`, fmt.ms(machineMsPerRequest));

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
    return { requestsPerSecond: result.requests.average, machineMsPerRequest };
  } finally {
    await product.stop();
    rmSync(product.dataDir, { recursive: true, force: true });
  }
}

/** What a relay across the internet takes to accept one message (connection, greeting, DATA). */
const SMTP_DELAY_MS = 150;
const LATENCY_SUBMITS = 30;

/** An SMTP server on loopback that accepts each message SMTP_DELAY_MS after its data ends. */
async function slowSmtp(): Promise<{ url: string; received(): number; close(): Promise<void> }> {
  let received = 0;
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () =>
        setTimeout(() => {
          received++;
          callback();
        }, SMTP_DELAY_MS),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** One submit at a time, each a new draft, against the product mailing through the slow server. */
async function measureSubmitLatency(report: Report): Promise<void> {
  const smtp = await slowSmtp();
  const product = await startProduct({ SMTP_URL: smtp.url });
  try {
    const submit = async () => {
      const started = performance.now();
      const response = await fetch(`${product.url}/api/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(validRequest()),
      });
      await response.text();
      if (response.status !== 201) throw new Error(`submit answered ${response.status}`);
      return performance.now() - started;
    };
    for (let i = 0; i < 5; i++) await submit();
    const times: number[] = [];
    for (let i = 0; i < LATENCY_SUBMITS; i++) times.push(await submit());
    times.sort((a, b) => a - b);
    report(
      `PGlite: one submit, mail server taking ${SMTP_DELAY_MS} ms a message`,
      `p50 ${fmt.ms(quantile(times, 0.5))}, p90 ${fmt.ms(quantile(times, 0.9))} (${LATENCY_SUBMITS} submits)`,
    );
    const expected = 3 * (LATENCY_SUBMITS + 5);
    const deadline = Date.now() + 15_000;
    while (smtp.received() < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    report('PGlite:   mails the server accepted (3 per request)', `${smtp.received()} of ${expected}`);
  } finally {
    await product.stop();
    rmSync(product.dataDir, { recursive: true, force: true });
    await smtp.close();
  }
}

/**
 * On PGlite the database runs on the product's one thread, beside HTTP, validation and mail, so the
 * goal's rate bounds what one request may cost there. In a process of its own, without HTTP, one new
 * request at a time: the validation and the one database call, then the delivery of its mails.
 */
async function reportPgliteThread(report: Report, raw: number): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'portal-bench-intake-thread-'));
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', './src/dev/ts-imports.ts', 'test/bench/intake-floor-child.ts', dataDir],
      { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } },
    );
    const { storeMs, deliverMs } = JSON.parse(stdout) as { storeMs: number; deliverMs: number };
    const allowed = 1000 / (RATIO_GOAL * raw);
    report('PGlite:   one request in process, no HTTP: validated, stored', fmt.ms(storeMs));
    report('PGlite:   then its 3 mails built, written, marked delivered', fmt.ms(deliverMs));
    report(
      'PGlite:   what the goal allows a request on that thread',
      `${fmt.ms(allowed)}; storing alone takes ${(storeMs / allowed).toFixed(1)}×, with its mails ${((storeMs + deliverMs) / allowed).toFixed(1)}×`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function reportRatio(report: Report, engine: string, intake: IntakeFigures, raw: number): void {
  report(`${engine}: raw single-row insert (same run)`, `${Math.round(raw).toLocaleString('en-US')} rows/s`);
  const ratio = intake.requestsPerSecond / raw;
  report(
    `${engine}: intake req/s ÷ raw insert rows/s`,
    `${ratio.toFixed(3)}×  (goal ≥ ${RATIO_GOAL}×)${ratio < RATIO_GOAL ? '  BELOW GOAL' : ''}`,
  );
  // What the machine could serve if every core were busy at this CPU per request, and what the goal
  // would allow a request to cost: the gap between them is work, not waiting.
  const cores = os.cpus().length;
  const ceiling = (cores * 1000) / intake.machineMsPerRequest;
  report(
    `${engine}:   all ${cores} cores busy at that CPU per request`,
    `${fmt.rps(ceiling)} = ${(ceiling / raw).toFixed(3)}× raw; the goal allows ${fmt.ms((cores * 1000) / (RATIO_GOAL * raw))} per request`,
  );
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
  const rawPglite = await rawPgliteInserts(RAW_SECONDS);
  reportRatio(report, 'PGlite', embedded, rawPglite);
  await reportPgliteThread(report, rawPglite);

  const server = await startPostgres();
  try {
    const postgres = await measureIntake(report, 'PostgreSQL', { DATABASE_URL: server.url });
    reportRatio(report, 'PostgreSQL', postgres, await rawPostgresInserts(server.url, RAW_SECONDS));
  } finally {
    await server.stop();
  }

  await measureSubmitLatency(report);
}
