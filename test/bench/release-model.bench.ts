/**
 * The release model (test/integration/release-model.test.ts, harness test/support/release-model.ts)
 * at 10,000 runs: the same property, the same actions, faults, webhook duplication and reordering
 * and the same checks, 10,000 runs (RELEASE_MODEL_BENCH_RUNS) split over RELEASE_MODEL_BENCH_WORKERS
 * worker processes (default 2, one per core of the shared machine), each with its own seed, database
 * and Stripe emulator. A failing run stops its worker and the bench throws with fast-check's report
 * (seed, counterexample). RELEASE_MODEL_SEED fixes the first worker's seed (worker i gets seed + i);
 * RELEASE_MODEL_DB=pglite runs on embedded PGlite instead of a PostgreSQL server.
 *
 * `npm run bench -- release-model` runs this file alone. Measured on the shared 2-core machine (load
 * falling from 8 to 2 meanwhile): 10,000 runs, 0 failures, 24.4 min, 6.8 runs/s, p50 213 ms, p99 1.1 s.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { startReleaseModel, type ReleaseModelStats } from '../support/release-model.js';
import { fmt, quantile } from './support.js';

const RUNS = Number(process.env.RELEASE_MODEL_BENCH_RUNS ?? 10_000);
const WORKERS = Math.max(1, Number(process.env.RELEASE_MODEL_BENCH_WORKERS ?? 2));
const DATABASE = process.env.RELEASE_MODEL_DB === 'pglite' ? 'pglite' : undefined;
const PROGRESS_EVERY = 250;

interface WorkerTask {
  runs: number;
  seed: number;
}

type WorkerMessage =
  | { kind: 'progress'; runs: number }
  | {
      kind: 'done';
      seed: number;
      failed: boolean;
      report: string;
      database: string;
      stats: ReleaseModelStats;
    };

/** One worker: the property `runs` times from `seed`, in this process, reporting progress now and then. */
async function work(task: WorkerTask, send: (message: WorkerMessage) => Promise<void>): Promise<void> {
  const model = await startReleaseModel(DATABASE ? { database: DATABASE } : {});
  const timer = setInterval(() => void send({ kind: 'progress', runs: model.stats.runs }), 5_000);
  try {
    const details = await fc.check(model.property, { numRuns: task.runs, seed: task.seed, endOnFailure: true });
    await send({
      kind: 'done',
      seed: task.seed,
      failed: details.failed,
      report: details.failed ? (fc.defaultReportMessage(details) ?? 'failed') : '',
      database: model.database,
      stats: model.stats,
    });
  } finally {
    clearInterval(timer);
    await model.close();
  }
}

function sum(stats: ReleaseModelStats[], pick: (s: ReleaseModelStats) => number): number {
  return stats.reduce((total, s) => total + pick(s), 0);
}

/** Keeps the last lines a worker wrote to stderr (the product's own logs), for a failure report. */
function tail(child: ChildProcess, lines: number): () => string {
  const kept: string[] = [];
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    kept.push(...chunk.split('\n'));
    if (kept.length > lines) kept.splice(0, kept.length - lines);
  });
  return () => kept.join('\n');
}

export async function run(report: (label: string, value: string) => void): Promise<void> {
  const baseSeed = Number(process.env.RELEASE_MODEL_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const tasks: WorkerTask[] = Array.from({ length: WORKERS }, (_, i) => ({
    runs: Math.floor(RUNS / WORKERS) + (i < RUNS % WORKERS ? 1 : 0),
    seed: baseSeed + i,
  }));
  report('runs, workers, seeds', `${RUNS} over ${WORKERS} (seeds ${tasks.map((t) => t.seed).join(', ')})`);
  const started = performance.now();
  const progress = tasks.map(() => 0);
  let printed = 0;
  const children: ChildProcess[] = [];

  const results = await Promise.all(
    tasks.map(
      (task, index) =>
        new Promise<Extract<WorkerMessage, { kind: 'done' }>>((resolve, reject) => {
          const child = fork(fileURLToPath(import.meta.url), [String(task.runs), String(task.seed)], {
            env: { ...process.env, RELEASE_MODEL_WORKER: '1' },
            stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
          });
          children.push(child);
          const stderr = tail(child, 40);
          let done: Extract<WorkerMessage, { kind: 'done' }> | undefined;
          child.on('message', (message: WorkerMessage) => {
            if (message.kind === 'done') {
              done = message;
              return;
            }
            progress[index] = message.runs;
            const total = progress.reduce((a, b) => a + b, 0);
            if (total - printed >= PROGRESS_EVERY * WORKERS) {
              printed = total;
              const minutes = (performance.now() - started) / 60_000;
              console.log(`  ... ${total}/${RUNS} runs, ${minutes.toFixed(1)} min`);
            }
          });
          child.on('exit', (code) => {
            if (done) resolve(done);
            else reject(new Error(`release model worker ${index} exited with ${code}:\n${stderr()}`));
          });
        }),
    ),
  ).finally(() => {
    for (const child of children) if (child.exitCode === null) child.kill();
  });
  const wallMs = performance.now() - started;

  const stats = results.map((r) => r.stats);
  const runs = sum(stats, (s) => s.runs);
  const failures = results.filter((r) => r.failed);
  const sorted = stats.flatMap((s) => s.runMs).sort((a, b) => a - b);
  const count = (kind: keyof ReleaseModelStats['actions']) =>
    `${sum(stats, (s) => s.actions[kind])} (${sum(stats, (s) => s.refused[kind])} refused)`;

  report('database', results[0]?.database ?? '?');
  report('runs', String(runs));
  report('failures', String(failures.length));
  report('wall time', `${(wallMs / 60_000).toFixed(1)} min`);
  report('runs/s (all workers)', (runs / (wallMs / 1000)).toFixed(2));
  report('ms per run p50 (one worker)', fmt.ms(quantile(sorted, 0.5)));
  report('ms per run p99 (one worker)', fmt.ms(quantile(sorted, 0.99)));
  const phases = ['setup', 'actions', 'settle', 'checks'] as const;
  report(
    'mean ms per run: setup / actions / settle / checks',
    phases.map((p) => (sum(stats, (s) => s.phaseMs[p]) / runs).toFixed(0)).join(' / '),
  );
  report('accepts started', count('accept'));
  report('second-approver accepts started', count('accept_second'));
  report('revisions started', count('revise'));
  report('cancels started', count('cancel'));
  report('technical decisions started', count('technical'));
  report('holds / declines started', `${count('hold')} / ${count('decline')}`);
  report('webhook replays started', count('replay_webhooks'));
  report('fault rules injected', String(sum(stats, (s) => s.faultRules)));
  report('Stripe calls that met a fault', String(sum(stats, (s) => s.faultedCalls)));
  report(
    'runs with duplicated / reordered webhooks',
    `${sum(stats, (s) => s.duplicateRuns)} / ${sum(stats, (s) => s.reorderRuns)}`,
  );
  report('webhook deliveries', String(sum(stats, (s) => s.webhookDeliveries)));
  report('quote revisions', String(sum(stats, (s) => s.revisions)));
  report('releases ended invoiced', String(sum(stats, (s) => s.releasesInvoiced)));
  report('releases that needed and got both approvers', String(sum(stats, (s) => s.twoApproverReleases)));
  const refusals = new Map<string, number>();
  for (const s of stats)
    for (const [why, n] of Object.entries(s.refusals)) refusals.set(why, (refusals.get(why) ?? 0) + n);
  report(
    'refusals by code',
    [...refusals.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([why, n]) => `${why} ${n}`)
      .join(', '),
  );
  if (failures.length > 0) {
    throw new Error(`release model failed:\n${failures.map((f) => `seed ${f.seed}: ${f.report}`).join('\n\n')}`);
  }
}

// Run as a worker (forked by `run` above): argv carries the run count and the seed.
if (process.env.RELEASE_MODEL_WORKER === '1' && process.send) {
  const [runs, seed] = process.argv.slice(2).map(Number);
  const send = (message: WorkerMessage) =>
    new Promise<void>((resolve, reject) => {
      process.send?.(message, undefined, {}, (error) => (error ? reject(error) : resolve()));
    });
  work({ runs: runs ?? 0, seed: seed ?? 0 }, send)
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => process.disconnect?.());
}
