/**
 * `npm run bench -- fuzz`: 10,000 fuzzed bodies per write endpoint (test/support/fuzz.ts: NUL, C0/C1
 * controls, unpaired surrogates, huge strings, deeply nested values, wrong and garbage credentials)
 * against the product started as its own process (`npm start` on PGlite), over loopback HTTP with
 * keep-alive. Reports bodies per second and the status histogram per endpoint; fails when any
 * answer is a 5xx (or breaks the error shape), naming the input.
 *
 * The portal's one thread is what limits the rate (PGlite runs in it), so the endpoints are split
 * over two lanes, each with its own product process: the figures are per lane, with the other lane
 * running at the same time. FUZZ_BODIES overrides the count per endpoint, FUZZ_LANES the lanes.
 */
import os from 'node:os';
import { rmSync } from 'node:fs';
import { fuzzTargets, prepareFuzz, runFuzz, type FuzzReport, type FuzzTarget } from '../support/fuzz.js';
import { startProduct } from './support.js';

const BODIES = Number(process.env.FUZZ_BODIES ?? 10_000);
const LANES = Number(process.env.FUZZ_LANES ?? 2);
/** Inputs in flight at once per lane. */
const BATCH = 16;

function histogram(statuses: FuzzReport['statuses']): string {
  return Object.entries(statuses)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
}

type Outcome = { report: FuzzReport } | { name: string; failure: string };

/** One product process and the targets `pick` chooses, one after the other. */
async function lane(pick: (target: FuzzTarget, index: number) => boolean): Promise<Outcome[]> {
  // 10,000 uploads with a few at the 4 MB limit would pass the default 200 MB per client and day;
  // the budgets have their own tests, so here they stay out of the fuzz's way.
  const product = await startProduct({
    UPLOAD_DAILY_BYTES_PER_CLIENT: String(64 * 1024 ** 3),
    UPLOAD_DAILY_BYTES_TOTAL: String(64 * 1024 ** 3),
  });
  // SITE_URL defaults to http://localhost:$PORT; staff actions must come from that origin.
  const server = { ...product, origin: `http://localhost:${new URL(product.url).port}` };
  const outcomes: Outcome[] = [];
  try {
    const targets = fuzzTargets(await prepareFuzz(server))
      .filter(pick)
      .sort((a, b) => Number(b.name.startsWith('GET')) - Number(a.name.startsWith('GET')));
    for (const target of targets) {
      try {
        outcomes.push({ report: await runFuzz({ server, target, bodies: BODIES, batch: BATCH }) });
      } catch (error) {
        outcomes.push({ name: target.name, failure: error instanceof Error ? error.message : String(error) });
      }
    }
  } finally {
    await product.stop();
    rmSync(product.dataDir, { recursive: true, force: true });
  }
  return outcomes;
}

export async function run(report: (label: string, value: string) => void): Promise<void> {
  const started = performance.now();
  // The inbox search reads every listed request's events, so it goes first in its lane, before the
  // intake fuzz has added hundreds of requests; the costliest endpoints (intake, uploads) are split.
  const order = (index: number) => index % LANES;
  const lanes = await Promise.all(
    Array.from({ length: LANES }, (_, laneIndex) =>
      lane((target, index) => (target.name.startsWith('GET') ? 0 : order(index)) === laneIndex),
    ),
  );
  const outcomes = lanes.flat();
  const failures: string[] = [];
  let total = 0;
  for (const outcome of outcomes) {
    if ('failure' in outcome) {
      failures.push(outcome.failure);
      report(outcome.name, 'FAILED (see below)');
      continue;
    }
    const { name, sent, seconds, statuses } = outcome.report;
    total += sent;
    report(name, `${sent.toLocaleString('en-US')} bodies, ${Math.round(sent / seconds).toLocaleString('en-US')}/s`);
    report('  statuses', histogram(statuses));
  }
  const seconds = (performance.now() - started) / 1000;
  report('bodies sent in all', `${total.toLocaleString('en-US')} in ${seconds.toFixed(0)} s (${LANES} lanes)`);
  report('5xx answers', failures.length === 0 ? '0' : 'see the failures below');
  report('machine load average (1 min) at the end', `${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`);
  if (failures.length > 0) throw new Error(`fuzz found broken answers:\n${failures.join('\n\n')}`);
}
