/**
 * Model-based test of the purchasing release (issue 7, invariants 1 and 2), over the real use cases,
 * PGlite and the Stripe emulator. Each run issues a quote, then starts a random set of actions in an
 * order fast-check's scheduler picks (accepts with the same or different input, shop revisions and
 * cancels, technical decisions, holds, declines, webhook replays) while the emulator duplicates and
 * reorders webhooks and injects faults at random steps (5xx, dropped connections after commit,
 * timeouts, failing read-backs). Then the faults stop, the reconciler runs, and the checks are:
 *
 * - each quote revision has at most one invoice; a completed release has exactly one, with its PO;
 * - no revision without a purchasing release has an invoice, and Stripe `quotes.accept` was called
 *   only for revisions purchasing released;
 * - the commercial track is released/invoiced/paid only after a purchasing accept through the link
 *   (role purchasing, the approver's address); nothing else moves it there.
 *
 * Runs: RELEASE_MODEL_RUNS (default 12 in `npm test`, about a minute on the shared 2 cores). A larger
 * run: `RELEASE_MODEL_RUNS=10000 npx vitest run test/integration/release-model.test.ts` (hours on
 * this machine: every run is a full request, quote and Stripe round trips; 300 runs took 18 minutes
 * on the shared 2 cores and passed).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptSchema } from '../../src/domain/release-schema';
import { getDb } from '../../src/server/db';
import { actionClaims } from '../../src/server/db/schema';
import { progressOf } from '../../src/server/release/claims';
import { listEvents } from '../../src/server/requests/events';
import { loadRequest } from '../../src/server/requests/load-request';
import { setStripeAdapterOptions } from '../../src/server/stripe';
import { acceptQuote } from '../../src/server/use-cases/accept-quote';
import { cancelQuote } from '../../src/server/use-cases/cancel-quote';
import { declineQuote } from '../../src/server/use-cases/decline-quote';
import { holdQuote } from '../../src/server/use-cases/hold-quote';
import { reconcile } from '../../src/server/use-cases/reconcile';
import { recordTechnicalReview } from '../../src/server/use-cases/record-technical-review';
import { listRevisions } from '../../src/server/shop/quotes';
import { eq } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../support/server';
import { review } from './review-support';
import { acceptBody, emulatorOf, invoicesForQuote, issueQuoteWithLink, reviseWithLink } from './release-support';

const RUNS = Number(process.env.RELEASE_MODEL_RUNS ?? 12);
const SECRET = 'model-reconcile-secret-0123456789';
const META = { ip: '127.0.0.1', userAgent: 'model' };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { RECONCILE_SECRET: SECRET } });
  setStripeAdapterOptions({ timeoutMs: 1000, maxNetworkRetries: 0 });
});
afterAll(async () => {
  setStripeAdapterOptions({});
  await server.close();
});

type Action =
  | { kind: 'accept'; input: 0 | 1; target: 'first' | 'latest' }
  | { kind: 'revise' }
  | { kind: 'cancel' }
  | { kind: 'technical'; decision: 'direction_confirmed' | 'sample_required' | 'changes_requested' }
  | { kind: 'hold' }
  | { kind: 'decline' }
  | { kind: 'replay_webhooks' };

const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('accept' as const),
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

const STEP_PATHS = [
  { method: 'POST', path: /^\/v1\/quotes\/[^/]+\/accept$/ },
  { method: 'POST', path: /^\/v1\/invoices\/[^/]+$/ },
  { method: 'POST', path: /^\/v1\/invoices\/[^/]+\/finalize$/ },
  { method: 'POST', path: /^\/v1\/invoices\/[^/]+\/send$/ },
  { method: 'GET', path: /^\/v1\/quotes\/[^/]+$/ },
  { method: 'GET', path: /^\/v1\/invoices\/[^/]+$/ },
] as const;

const fault = fc.record({
  at: fc.integer({ min: 0, max: STEP_PATHS.length - 1 }),
  kind: fc.constantFrom('5xx' as const, 'drop_after_commit' as const, 'timeout' as const),
  commit: fc.boolean(),
  times: fc.integer({ min: 1, max: 3 }),
});

const ACCEPTS = [acceptBody(), acceptBody({ poNumber: 'PO-OTHER-7', budgetCode: '' })];

describe('release model', { timeout: 60 * 60_000 }, () => {
  it(`exactly one invoice per released revision, none for any other, over ${RUNS} runs`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.array(action, { minLength: 1, maxLength: 6 }),
        fc.array(fault, { maxLength: 3 }),
        fc.record({ duplicate: fc.boolean(), reorder: fc.boolean() }),
        async (s, actions, faults, webhooks) => {
          const emulator = emulatorOf(server);
          emulator.faults.clear();
          emulator.webhooks.configure(webhooks);
          // Setup runs with the adapter's normal budget; the actions meet faults without SDK retries.
          setStripeAdapterOptions({});
          const quote = await issueQuoteWithLink(server);
          setStripeAdapterOptions({ timeoutMs: 1000, maxNetworkRetries: 0 });
          const revisions: { id: string; token: string }[] = [{ id: quote.revisionId, token: quote.releaseToken }];
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
                  waitMs: 3000,
                });
                return;
              }
              case 'revise':
                revisions.push(
                  await reviseWithLink(server, latest.id).then((r) => ({ id: r.revisionId, token: r.releaseToken })),
                );
                return;
              case 'cancel':
                await cancelQuote({ quoteRevisionId: latest.id, staff: { email: 'shop@localhost' }, body: {} });
                return;
              case 'technical':
                await recordTechnicalReview({
                  requestId: quote.id,
                  token: quote.reviewToken,
                  body: review({ decision: a.decision }),
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
                const events = Object.keys(emulator.snapshot().events ?? {}).slice(-5);
                for (const id of events) emulator.webhooks.resend(id);
                return;
              }
            }
          };
          // The scheduler decides in which order the actions start; they then run concurrently.
          const started = actions.map((a) =>
            s
              .schedule(Promise.resolve(a))
              .then(run)
              .catch(() => undefined),
          );
          await s.waitIdle();
          await Promise.all(started);

          // Faults stop; the reconciler (with the clock past any lease) and the webhooks catch up.
          emulator.faults.clear();
          const later = () => new Date(Date.now() + 60_000);
          await reconcile({ token: SECRET, clock: later });
          await emulator.webhooks.flush(60_000);
          await reconcile({ token: SECRET, clock: later });
          await emulator.webhooks.flush(60_000);

          await checkInvariants(quote.id);
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
  });
});

async function checkInvariants(requestId: string): Promise<void> {
  const loaded = await loadRequest({ id: requestId });
  if (!loaded) throw new Error('request vanished');
  const events = await listEvents(requestId);
  const revisions = await listRevisions(requestId);
  const claims = await getDb().select().from(actionClaims).where(eq(actionClaims.requestId, requestId));
  const acceptCalls = emulatorOf(server).requestLog.filter((e) => e.method === 'POST' && e.path.endsWith('/accept'));

  for (const revision of revisions) {
    const invoices = revision.stripeQuoteId ? invoicesForQuote(server, revision.stripeQuoteId) : [];
    const releases = events.filter((e) => e.type === 'purchasing_accepted' && e.quoteRevisionId === revision.id);
    const claim = claims.find((c) => c.key === `accept:${revision.id}`);
    expect(invoices.length).toBeLessThanOrEqual(1);
    expect(releases.length).toBeLessThanOrEqual(1);
    // A release happened exactly when the claim exists, through the approver's link and role.
    expect(Boolean(claim)).toBe(releases.length === 1);
    for (const release of releases) {
      expect(release.role).toBe('purchasing');
      expect(release.actorEmail).toBe(loaded.purchasing.email.toLowerCase());
    }
    if (!claim) {
      expect(invoices).toHaveLength(0);
      const accepted = acceptCalls.filter((e) => e.path === `/v1/quotes/${revision.stripeQuoteId}/accept`);
      expect(accepted).toHaveLength(0);
      continue;
    }
    expect(claim.status).not.toBe('pending');
    const progress = progressOf(claim);
    if (claim.status === 'done') {
      expect(invoices).toHaveLength(1);
      const invoice = invoices[0];
      expect(invoice?.id).toBe(progress.invoiceId);
      expect(invoice?.status).toBe('open');
      const input = acceptSchema({ poRequired: true }).parse(ACCEPTS.find((b) => b.poNumber === progress.poNumber));
      expect(invoice?.custom_fields?.[0]).toEqual({ name: 'PO number', value: input.poNumber });
      expect(revision.stripeInvoiceId).toBe(invoice?.id);
    } else {
      // Stripe closed the quote (a shop cancel or revision racing the release): nothing to invoice.
      expect(invoices).toHaveLength(0);
      expect(events.some((e) => e.type === 'release_failed' && e.quoteRevisionId === revision.id)).toBe(true);
    }
  }
  const releasedStates = ['released', 'invoiced', 'paid'];
  if (releasedStates.includes(loaded.state.commercial)) {
    expect(events.some((e) => e.type === 'purchasing_accepted')).toBe(true);
  }
}
