/**
 * The release model (architecture §1, invariants 1 and 2) as a harness cheap enough for thousands of runs, shared by
 * test/integration/release-model.test.ts and test/bench/release-model.bench.ts.
 *
 * One run: a request and a firm quote are set up through the real use cases (in this process, like
 * the server), with the links taken from the mails the portal wrote. Then a random set of actions
 * starts in an order fast-check's scheduler picks and runs concurrently (accepts with the same or
 * different input on the first or latest revision, shop revisions and cancels, technical decisions,
 * holds, declines, webhook replays) while the Stripe emulator duplicates and reorders webhooks and
 * injects faults at random steps of the release (5xx, dropped connections after commit, timeouts with
 * or without commit, failing read-backs). Then the faults stop, the reconciler runs with its clock
 * past any lease, the webhooks drain, and the invariants are checked (see `checkInvariants`).
 *
 * What is real: the use cases; PostgreSQL through the production adapter's pool (or PGlite); the
 * `stripe` SDK through the adapter over loopback HTTP; the Stripe emulator with its faults,
 * idempotency and signed webhooks, delivered over HTTP to the local runtime's /api/stripe/webhook
 * function; nodemailer writing each message to an outbox folder, read back as a mail client would.
 * What makes a run cheap (~0.2 s instead of ~0.6 s and growing), and why it stays faithful:
 * - every run starts from empty tables and an empty emulator account, so nothing (checks, the
 *   reconciler's scans, link lookups, the emulator's stores) grows with the number of runs, and no
 *   run ever read another's rows;
 * - each run's mail goes to its own outbox folder, so finding a link parses this run's few messages;
 * - the emulator keeps its state in memory (the runtime's own emulator persists every change to JSON);
 * - the actions meet a short Stripe timeout (`actionTimeoutMs`, no SDK retries): a timeout fault holds
 *   the socket until the client gives up, so it costs that long; a legitimate call that runs out on a
 *   busy machine is one more unknown outcome, which the release must survive like any other;
 * - the SDK's one automatic retry of a dropped connection waits 20 ms instead of 0.5 s, and webhook
 *   retries back off in milliseconds instead of Stripe's hours: the same retries, less waiting.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { getTableName, is, sql } from '../../src/server/db/orm.js';
import { PgTable } from '../../src/server/db/orm.js';
import fc from 'fast-check';
import { expect } from 'vitest';
import { isAppError } from '../../src/domain/errors.js';
import { acceptSchema } from '../../src/domain/release-schema.js';
import { readMessage } from '../../src/dev/outbox.js';
import { startRuntime, type Runtime } from '../../src/dev/runtime.js';
import { afterReplies } from './server.js';
import type { StripeEmulator } from '../../src/dev/stripe-emulator/index.js';
import { startStripeEmulatorForTests } from '../../src/dev/stripe-emulator/testing.js';
import { getConfig, setConfig } from '../../src/server/config.js';
import { getDb } from '../../src/server/db/index.js';
import * as schema from '../../src/server/db/schema.js';
import { resetMail } from '../../src/server/mail/index.js';
import { loadRequest } from '../../src/server/requests/load-request.js';
import { setStripeAdapterOptions, type StripeAdapterOptions } from '../../src/server/stripe/index.js';
import { getStripeClient } from '../../src/server/stripe/client.js';
import { acceptQuote } from '../../src/server/release/accept-quote.js';
import { cancelQuote } from '../../src/server/quotes/cancel-quote.js';
import { createRequest } from '../../src/server/intake/create-request.js';
import { declineQuote } from '../../src/server/release/decline-quote.js';
import { holdQuote } from '../../src/server/release/hold-quote.js';
import { nameSecondApprover } from '../../src/server/release/name-second-approver.js';
import { issueQuote } from '../../src/server/quotes/issue-quote.js';
import { reconcile } from '../../src/server/billing-sync/reconcile.js';
import { recordTechnicalReview } from '../../src/server/review/record-technical-review.js';
import { reviseQuote } from '../../src/server/quotes/revise-quote.js';
import { tokenOf, validRequest } from './intake.js';
import { acceptBody, quoteForm, STAFF } from './release.js';
import { review, sampleFirst } from './review.js';
import { ensureDbTemplate, seedDatabase } from './db-template.js';
import { INITDB, PG_CTL, postgresForTest } from './postgres.js';
import { probe, progressOf } from './probe.js';

export type Action =
  | { kind: 'accept'; input: 0 | 1; target: 'first' | 'latest' }
  /** The second approver's release through their own link (a no-op run when the run names none). */
  | { kind: 'accept_second'; input: 0 | 1; target: 'first' | 'latest' }
  | { kind: 'revise' }
  | { kind: 'cancel' }
  | { kind: 'technical'; decision: 'direction_confirmed' | 'sample_required' | 'changes_requested' }
  | { kind: 'hold' }
  | { kind: 'decline' }
  | { kind: 'replay_webhooks' };

export type ActionKind = Action['kind'];

export const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('accept' as const),
      input: fc.constantFrom(0 as const, 1 as const),
      target: fc.constantFrom('first' as const, 'latest' as const),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('accept_second' as const),
      input: fc.constantFrom(0 as const, 1 as const),
      target: fc.constantFrom('first' as const, 'latest' as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'revise' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'cancel' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('technical' as const),
      decision: fc.constantFrom(
        'direction_confirmed' as const,
        'sample_required' as const,
        'changes_requested' as const,
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'hold' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'decline' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'replay_webhooks' as const }) },
);

/** The Stripe calls of a release and its read-backs: a fault can hit any of them. */
export const STEP_PATHS = [
  { method: 'POST', path: /^\/v1\/quotes\/[^/]+\/accept$/ },
  { method: 'POST', path: /^\/v1\/invoices\/[^/]+$/ },
  { method: 'POST', path: /^\/v1\/invoices\/[^/]+\/finalize$/ },
  { method: 'POST', path: /^\/v1\/invoices\/[^/]+\/send$/ },
  { method: 'GET', path: /^\/v1\/quotes\/[^/]+$/ },
  { method: 'GET', path: /^\/v1\/invoices\/[^/]+$/ },
] as const;

export interface FaultSpec {
  at: number;
  kind: '5xx' | 'drop_after_commit' | 'timeout';
  commit: boolean;
  times: number;
}

export const fault: fc.Arbitrary<FaultSpec> = fc.record({
  at: fc.integer({ min: 0, max: STEP_PATHS.length - 1 }),
  kind: fc.constantFrom('5xx' as const, 'drop_after_commit' as const, 'timeout' as const),
  commit: fc.boolean(),
  times: fc.integer({ min: 1, max: 3 }),
});

export interface WebhookSpec {
  duplicate: boolean;
  reorder: boolean;
}

const ACCEPTS = [acceptBody(), acceptBody({ poNumber: 'PO-OTHER-7', budgetCode: '' })];
/**
 * Approval by amount in a run: `none` (one approver), `below` (a second approver named, the quote's
 * €620.00 under the €1,000.00 threshold, so the first releases alone) or `above` (€500.00: both must
 * release, in whatever order the scheduler picks, and only the last one calls Stripe).
 */
export type ApprovalSpec = 'none' | 'below' | 'above';
const SECOND = { name: 'Dana Director', email: 'dana.director@example.com', jobTitle: 'Head of operations' };
const SECOND_ACCEPTS = ACCEPTS.map((body) => ({ ...body, name: SECOND.name, jobTitle: SECOND.jobTitle }));
const THRESHOLD: Record<Exclude<ApprovalSpec, 'none'>, string> = { below: '1000', above: '500' };
const SECRET = 'model-reconcile-secret-0123456789';
const WEBHOOK_SECRET = 'whsec_release_model_local';
const META = { ip: '127.0.0.1', userAgent: 'model' };
/**
 * The SDK retries a closed connection once even with retries off, after its base backoff of 0.5 s.
 * The retry stays; only its wait shrinks, as the timeouts do.
 */
const SDK_RETRY_DELAY_S = 0.02;

/** The adapter's budget, with the SDK's retry backoff compressed (the client is rebuilt on each change). */
function useStripeBudget(options: Partial<StripeAdapterOptions>): void {
  setStripeAdapterOptions(options);
  Object.assign(getStripeClient(), { getInitialNetworkRetryDelay: () => SDK_RETRY_DELAY_S });
}

/** Deleted rows leave dead tuples every scan would read; a TRUNCATE now and then drops them. */
const COMPACT_EVERY = 100;
/** Stripe retries a failed delivery over three days; here five retries, in milliseconds. */
const WEBHOOK_RETRY_DELAYS_MS = [20, 50, 100, 200, 400];

export interface ReleaseModelStats {
  /** Property executions. */
  runs: number;
  /** Actions started, by kind, and how many of them ended in an error (a refusal counts). */
  actions: Record<ActionKind, number>;
  refused: Record<ActionKind, number>;
  /** Why actions ended in an error: `kind: CODE` (an AppError code, else the error's name). */
  refusals: Record<string, number>;
  /** Summed wall time of the phases of all runs. */
  phaseMs: { setup: number; actions: number; settle: number; checks: number };
  /** Fault rules injected, and Stripe calls that met one (or an unknown outcome: timeout, drop, 5xx). */
  faultRules: number;
  faultedCalls: number;
  duplicateRuns: number;
  reorderRuns: number;
  webhookDeliveries: number;
  /** Revisions in all runs, and how their releases ended. */
  revisions: number;
  releasesInvoiced: number;
  /** Releases that needed and got both approvers (approval by amount). */
  twoApproverReleases: number;
  /** Wall time of each run, setup to checks. */
  runMs: number[];
}

export interface StartReleaseModelOptions {
  /** The Stripe SDK timeout while the actions run (default 150 ms). */
  actionTimeoutMs?: number;
  /** How long a repeated accept waits for the first one's invoice (default 3 s, as the original model). */
  acceptWaitMs?: number;
  /**
   * `postgres` (default when the PostgreSQL 15 binaries are installed): a database of its own on the
   * run's shared server, or a throwaway server started for the harness outside the suite (the bench),
   * reached through the production adapter's pool, so concurrent actions really
   * contend for row locks. `pglite`: the embedded default, one connection that serializes every query.
   */
  database?: 'postgres' | 'pglite';
}

export type ReleaseModelProperty = fc.IAsyncPropertyWithHooks<
  [fc.Scheduler, Action[], FaultSpec[], WebhookSpec, ApprovalSpec]
>;

export interface ReleaseModel {
  /** The property: run it with `fc.assert` or `fc.check` (one run at a time: runs share the process). */
  property: ReleaseModelProperty;
  stats: ReleaseModelStats;
  database: 'postgres' | 'pglite';
  runtime: Runtime;
  emulator: StripeEmulator;
  close(): Promise<void>;
}

function emptyCounts(): Record<ActionKind, number> {
  return {
    accept: 0,
    accept_second: 0,
    revise: 0,
    cancel: 0,
    technical: 0,
    hold: 0,
    decline: 0,
    replay_webhooks: 0,
  };
}

export async function startReleaseModel(options: StartReleaseModelOptions = {}): Promise<ReleaseModel> {
  const actionTimeoutMs = options.actionTimeoutMs ?? 150;
  const acceptWaitMs = options.acceptWaitMs ?? 3000;
  const database = options.database ?? (PG_CTL && INITDB ? 'postgres' : 'pglite');
  const postgres = database === 'postgres' ? await postgresForTest() : undefined;
  if (!postgres) await ensureDbTemplate();
  // Memory-backed when the machine has it: PGlite and the outbox write files on every change.
  const base = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
  const dataDir = mkdtempSync(path.join(base, 'release-model-'));
  if (!postgres) seedDatabase(dataDir);
  // The runtime is told about a Stripe account so it starts no emulator of its own (that one persists
  // its whole state on every change); the memory-only one below takes over the adapter's config.
  const runtime = await startRuntime({
    host: '127.0.0.1',
    env: {
      NODE_ENV: 'test',
      PORT: '0',
      DATA_DIR: dataDir,
      RATE_LIMIT_PER_MINUTE: '100000000',
      RECONCILE_SECRET: SECRET,
      STRIPE_SECRET_KEY: 'sk_test_emulator',
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      DATABASE_URL: postgres?.url,
    },
  }).catch(async (error: unknown) => {
    await postgres?.stop();
    throw error;
  });
  let emulator: StripeEmulator;
  let tables: string[];
  try {
    emulator = await startStripeEmulatorForTests({
      webhook: { url: `http://127.0.0.1:${runtime.port}/api/stripe/webhook`, secret: WEBHOOK_SECRET },
    });
    tables = Object.values(schema)
      .filter((value) => is(value, PgTable))
      .map((table) => `"${getTableName(table)}"`);
  } catch (error) {
    await runtime.close();
    await postgres?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }

  const stats: ReleaseModelStats = {
    runs: 0,
    actions: emptyCounts(),
    refused: emptyCounts(),
    refusals: {},
    phaseMs: { setup: 0, actions: 0, settle: 0, checks: 0 },
    faultRules: 0,
    faultedCalls: 0,
    duplicateRuns: 0,
    reorderRuns: 0,
    webhookDeliveries: 0,
    revisions: 0,
    releasesInvoiced: 0,
    twoApproverReleases: 0,
    runMs: [],
  };

  /** Empty tables, an empty Stripe account and a fresh outbox folder: nothing of earlier runs is left. */
  const startRun = async (run: number): Promise<Mailbox> => {
    await emulator.webhooks.flush(60_000);
    if (run % COMPACT_EVERY === 0) {
      await getDb().execute(sql.raw(`truncate ${tables.join(', ')} cascade`));
    } else {
      await getDb().transaction(async (tx) => {
        // A few rows per table: deleting them is far cheaper than TRUNCATE's new files; the foreign
        // keys are off for this transaction only, so the order of tables does not matter.
        await tx.execute(sql`set local session_replication_role = replica`);
        for (const table of tables) await tx.execute(sql.raw(`delete from ${table}`));
      });
    }
    emulator.reset();
    emulator.webhooks.configure({ retryDelaysMs: WEBHOOK_RETRY_DELAYS_MS });
    const dir = path.join(dataDir, 'outbox', String(run));
    mkdirSync(dir, { recursive: true });
    setConfig({ ...getConfig(), mail: { kind: 'outbox', dir } });
    resetMail();
    return new Mailbox(dir);
  };

  const runOnce = async (
    s: fc.Scheduler,
    actions: Action[],
    faults: FaultSpec[],
    webhooks: WebhookSpec,
    approval: ApprovalSpec,
  ): Promise<void> => {
    const started = performance.now();
    let phaseStart = started;
    const phase = (name: keyof ReleaseModelStats['phaseMs']) => {
      const now = performance.now();
      stats.phaseMs[name] += now - phaseStart;
      phaseStart = now;
    };
    stats.runs += 1;
    const mailbox = await startRun(stats.runs);
    try {
      emulator.webhooks.configure(webhooks);
      if (webhooks.duplicate) stats.duplicateRuns += 1;
      if (webhooks.reorder) stats.reorderRuns += 1;

      // Setup runs with the adapter's normal budget; the actions meet faults without SDK retries.
      useStripeBudget({});
      const quote = await issueQuoteWithLinks(mailbox);
      if (approval !== 'none') {
        await nameSecondApprover({
          quoteId: quote.revisionId,
          token: quote.releaseToken,
          body: { ...SECOND, threshold: THRESHOLD[approval] },
          meta: META,
        });
      }
      useStripeBudget({ timeoutMs: actionTimeoutMs, maxNetworkRetries: 0 });
      const setupCalls = emulator.requestLog.length;
      // Each revision's links: the first approver's, and the second approver's when they are needed.
      const secondToken = (revisionId: string) =>
        approval === 'above' ? mailbox.releaseToken(revisionId, SECOND.email) : Promise.resolve(undefined);
      const revisions: { id: string; token: string; second: string | undefined }[] = [
        { id: quote.revisionId, token: quote.releaseToken, second: await secondToken(quote.revisionId) },
      ];
      for (const f of faults) {
        const step = STEP_PATHS[f.at] ?? STEP_PATHS[0];
        emulator.faults.inject({
          kind: f.kind,
          commit: f.commit,
          times: f.times,
          method: step.method,
          path: step.path,
        });
      }
      stats.faultRules += faults.length;
      phase('setup');

      const run = async (a: Action): Promise<void> => {
        const latest = revisions.at(-1) ?? revisions[0];
        const first = revisions[0];
        if (!latest || !first) return;
        switch (a.kind) {
          case 'accept': {
            const target = a.target === 'first' ? first : latest;
            await acceptQuote({
              quoteId: target.id,
              token: target.token,
              body: ACCEPTS[a.input],
              meta: META,
              waitMs: acceptWaitMs,
            });
            return;
          }
          case 'accept_second': {
            const target = a.target === 'first' ? first : latest;
            if (!target.second) return;
            await acceptQuote({
              quoteId: target.id,
              token: target.second,
              body: SECOND_ACCEPTS[a.input],
              meta: META,
              waitMs: acceptWaitMs,
            });
            return;
          }
          case 'revise': {
            const view = await reviseQuote({ quoteRevisionId: latest.id, staff: STAFF, body: quoteForm() });
            revisions.push({
              id: view.id,
              token: await mailbox.releaseToken(view.id, 'paul@acme.example'),
              second: await secondToken(view.id),
            });
            return;
          }
          case 'cancel':
            await cancelQuote({ quoteRevisionId: latest.id, staff: STAFF, body: {} });
            return;
          case 'technical':
            await recordTechnicalReview({
              requestId: quote.id,
              token: quote.reviewToken,
              // Each decision with a checklist that agrees with it, so the decision is recorded, not refused.
              body: a.decision === 'sample_required' ? sampleFirst() : review({ decision: a.decision }),
              meta: META,
            });
            return;
          case 'hold':
            await holdQuote({
              quoteId: latest.id,
              token: latest.token,
              body: { reason: 'budget', note: '' },
              meta: META,
            });
            return;
          case 'decline':
            await declineQuote({
              quoteId: latest.id,
              token: latest.token,
              body: { reason: 'price', note: '' },
              meta: META,
            });
            return;
          case 'replay_webhooks': {
            // The account holds this run's events only, so the newest five are this run's.
            const events = Object.keys(emulator.snapshot().events).slice(-5);
            for (const id of events) emulator.webhooks.resend(id);
            return;
          }
        }
      };
      // The scheduler decides in which order the actions start; they then run concurrently.
      const unexpected: string[] = [];
      const pending = actions.map((a) =>
        s
          .schedule(Promise.resolve(a))
          .then((scheduled) => {
            stats.actions[scheduled.kind] += 1;
            return run(scheduled).catch((error: unknown) => {
              stats.refused[scheduled.kind] += 1;
              const why = `${scheduled.kind}: ${isAppError(error) ? error.code : error instanceof Error ? error.name : 'thrown'}`;
              stats.refusals[why] = (stats.refusals[why] ?? 0) + 1;
              // A refusal is an AppError the person sees in words; anything else would be a 500.
              if (!isAppError(error)) unexpected.push(`${scheduled.kind}: ${String(error)}`);
            });
          })
          .catch(() => undefined),
      );
      await s.waitIdle();
      await Promise.all(pending);
      expect(unexpected).toEqual([]);

      phase('actions');

      // Faults stop; the reconciler (with the clock past any lease) and the webhooks catch up.
      emulator.faults.clear();
      stats.faultedCalls += emulator.requestLog
        .slice(setupCalls)
        .filter((entry) => entry.status === -1 || entry.status >= 500).length;
      const later = () => new Date(Date.now() + 60_000);
      await reconcile({ token: SECRET, clock: later });
      await emulator.webhooks.flush(60_000);
      await reconcile({ token: SECRET, clock: later });
      await emulator.webhooks.flush(60_000);
      stats.webhookDeliveries += emulator.webhooks.deliveries.length;
      phase('settle');

      const outcome = await checkInvariants(emulator, quote.id, approval);
      stats.revisions += outcome.revisions;
      stats.releasesInvoiced += outcome.invoiced;
      stats.twoApproverReleases += outcome.twoApprovers;
      phase('checks');
    } finally {
      setStripeAdapterOptions({});
      rmSync(mailbox.dir, { recursive: true, force: true });
      stats.runMs.push(performance.now() - started);
    }
  };

  const property: ReleaseModelProperty = fc.asyncProperty(
    fc.scheduler(),
    fc.array(action, { minLength: 1, maxLength: 6 }),
    fc.array(fault, { maxLength: 3 }),
    fc.record({ duplicate: fc.boolean(), reorder: fc.boolean() }),
    fc.constantFrom<ApprovalSpec>('none', 'below', 'above'),
    runOnce,
  );

  return {
    property,
    stats,
    database,
    runtime,
    emulator,
    async close() {
      setStripeAdapterOptions({});
      await emulator.close();
      await runtime.close();
      await postgres?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** This run's outbox folder; each message is parsed once, as the recipient's mail client would. */
class Mailbox {
  private readonly messages = new Map<string, { to: string; links: string[] }>();

  readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
  }

  /** A link containing `fragment`, from a message to `to` when given. */
  async link(fragment: string, to?: string): Promise<string> {
    // Mail goes out after the answer: wait for the deliveries the runtime still runs.
    await afterReplies();
    for (const name of await readdir(this.dir)) {
      if (!this.messages.has(name)) this.messages.set(name, await readMessage(this.dir, name));
    }
    const found = [...this.messages.values()]
      .filter((message) => to === undefined || message.to.includes(to))
      .flatMap((message) => message.links)
      .find((link) => link.includes(fragment));
    if (!found) throw new Error(`no link containing ${fragment} in ${this.dir}`);
    return found;
  }

  async releaseToken(revisionId: string, to?: string): Promise<string> {
    return tokenOf(await this.link(`/release/?id=${revisionId}#token=`, to));
  }
}

interface IssuedQuote {
  id: string;
  reviewToken: string;
  revisionId: string;
  releaseToken: string;
}

async function issueQuoteWithLinks(mailbox: Mailbox): Promise<IssuedQuote> {
  const created = await createRequest({ body: validRequest(), meta: META });
  const reviewToken = tokenOf(await mailbox.link(`/review/?id=${created.id}#token=`));
  const body = quoteForm();
  // A slow moment on the shared machine can time a Stripe call out; the same form continues the same quote.
  const issue = (attempt: number): ReturnType<typeof issueQuote> =>
    issueQuote({ requestId: created.id, staff: STAFF, body }).catch((error: unknown) => {
      if (attempt < 3 && isAppError(error) && error.code === 'UNAVAILABLE') return issue(attempt + 1);
      throw error;
    });
  const view = await issue(1);
  return { id: created.id, reviewToken, revisionId: view.id, releaseToken: await mailbox.releaseToken(view.id) };
}

interface RunOutcome {
  revisions: number;
  invoiced: number;
  twoApprovers: number;
}

/**
 * - each quote revision has at most one invoice; a completed release has exactly one, open, with its PO;
 * - above the approval threshold a release happened only after both approvers released: one
 *   `purchasing_approved` by one of them before the `purchasing_accepted` of the other; at or below
 *   it (or with no rule) the first approver released alone;
 * - no revision without a purchasing release has an invoice or a Stripe `quotes.accept` call, and no
 *   invoice or accept call exists in the account for any quote but a released revision's;
 * - a release happened exactly when its claim exists, through the approver's link and role; the
 *   commercial track is released/invoiced/paid only after such an accept.
 */
async function checkInvariants(
  emulator: StripeEmulator,
  requestId: string,
  approval: ApprovalSpec,
): Promise<RunOutcome> {
  const loaded = await loadRequest({ id: requestId });
  if (!loaded) throw new Error('request vanished');
  const events = await probe.events(requestId);
  const revisions = await probe.revisions(requestId);
  const claims = await probe.claims(requestId);
  // The account was empty when the run began: everything in it is this run's.
  const invoicesByQuote = new Map<string, ReturnType<StripeEmulator['snapshot']>['invoices'][string][]>();
  for (const invoice of Object.values(emulator.snapshot().invoices)) {
    const quote = invoice.parent?.quote_details?.quote ?? '';
    invoicesByQuote.set(quote, [...(invoicesByQuote.get(quote) ?? []), invoice]);
  }
  const acceptCalls = emulator.requestLog.filter((e) => e.method === 'POST' && e.path.endsWith('/accept'));
  // Once Stripe is back and the reconciler ran, the shop's Stripe work is done: no revision is left
  // issuing and no issue/cancel follow-up pending (a failed cancel follow-up means Stripe showed the
  // quote accepted, which only a purchasing release does here, and that is checked below).
  expect(revisions.filter((r) => r.status === 'issuing').map((r) => r.revision)).toEqual([]);
  expect(claims.filter((c) => c.status === 'pending').map((c) => c.key)).toEqual([]);
  const outcome: RunOutcome = { revisions: revisions.length, invoiced: 0, twoApprovers: 0 };
  const releasedQuotes = new Set<string>();

  for (const revision of revisions) {
    const invoices = revision.stripeQuoteId ? (invoicesByQuote.get(revision.stripeQuoteId) ?? []) : [];
    const releases = events.filter((e) => e.type === 'purchasing_accepted' && e.quoteRevisionId === revision.id);
    const claim = claims.find((c) => c.key === `accept:${revision.id}`);
    expect(invoices.length).toBeLessThanOrEqual(1);
    expect(releases.length).toBeLessThanOrEqual(1);
    // A release happened exactly when the claim exists, through the approver's link and role.
    expect(Boolean(claim)).toBe(releases.length === 1);
    const approvals = events.filter((e) => e.type === 'purchasing_approved' && e.quoteRevisionId === revision.id);
    const paul = loaded.purchasing.email.toLowerCase();
    for (const release of releases) {
      expect(release.role).toBe('purchasing');
      if (approval !== 'above') {
        expect(release.actorEmail).toBe(paul);
        continue;
      }
      // Both approvers, each once, the waiting release first: Stripe was called after the last one.
      expect(approvals).toHaveLength(1);
      expect([approvals[0]?.actorEmail, release.actorEmail].sort()).toEqual([SECOND.email, paul].sort());
      expect(approvals[0]?.id ?? Infinity).toBeLessThan(release.id);
      outcome.twoApprovers += 1;
    }
    if (approval !== 'above') expect(approvals).toHaveLength(0);
    expect(approvals.length).toBeLessThanOrEqual(1);
    if (!claim) {
      expect(invoices).toHaveLength(0);
      const accepted = acceptCalls.filter((e) => e.path === `/v1/quotes/${revision.stripeQuoteId}/accept`);
      expect(accepted).toHaveLength(0);
      continue;
    }
    if (revision.stripeQuoteId) releasedQuotes.add(revision.stripeQuoteId);
    // The shop's issue, revise and cancel commit under the release's lock before touching Stripe, so
    // nothing in this model can close a claimed revision in Stripe: every release ends invoiced.
    expect(claim.status).toBe('done');
    const progress = progressOf(claim);
    outcome.invoiced += 1;
    expect(invoices).toHaveLength(1);
    const invoice = invoices[0];
    expect(invoice?.id).toBe(progress.invoiceId);
    expect(invoice?.status).toBe('open');
    const input = acceptSchema({ poRequired: true }).parse(ACCEPTS.find((b) => b.poNumber === progress.poNumber));
    // Above the threshold the claim records the approver whose release waited for this one.
    if (approval === 'above') expect(progress.approvals?.map((a) => a.email)).toHaveLength(1);
    expect(invoice?.custom_fields?.[0]).toEqual({ name: 'PO number', value: input.poNumber });
    expect(revision.stripeInvoiceId).toBe(invoice?.id);
    expect(events.some((e) => e.type === 'release_failed' && e.quoteRevisionId === revision.id)).toBe(false);
  }
  // Nothing outside the revisions above (e.g. a Stripe quote whose revision never recorded it) was
  // accepted or invoiced.
  for (const quote of invoicesByQuote.keys()) expect(releasedQuotes.has(quote)).toBe(true);
  for (const call of acceptCalls) {
    expect(releasedQuotes.has(call.path.replace(/^\/v1\/quotes\//, '').replace(/\/accept$/, ''))).toBe(true);
  }
  const releasedStates = ['released', 'invoiced', 'paid'];
  if (releasedStates.includes(loaded.state.commercial)) {
    expect(events.some((e) => e.type === 'purchasing_accepted')).toBe(true);
  }
  return outcome;
}
