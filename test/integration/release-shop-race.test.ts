/**
 * The shop's revise and cancel against a purchasing release in flight: both commit locally
 * first, under the request's row lock, and touch Stripe only after that. So a revision purchasing has
 * claimed can no longer be closed in Stripe underneath its release, and a revision or cancel the shop
 * committed while Stripe was away is finished there by the same form or by the reconciler.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cancelStripeQuote, setStripeAdapterOptions } from '../../src/server/stripe/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  accept,
  emulatorOf,
  expectInvoiced,
  invoicesForQuote,
  issueQuoteWithLink,
  quoteForm,
  releaseLinkFor,
  type IssuedQuote,
} from '../support/release.js';
import { tokenOf } from '../support/intake.js';
import { createRequestWithLinks } from '../support/review.js';
import { probe } from '../support/probe.js';
import { expectLogs } from '../support/logs.js';
import { staffOf } from '../support/release.js';
import type { QuoteRevisionView } from '../support/views.js';

const SECRET = `reconcile-${randomUUID()}`;
const SLOW = { timeout: 180_000 };
const ACCEPT_PATH = /^\/v1\/quotes\/[^/]+\/accept$/;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { RECONCILE_SECRET: SECRET } });
  setStripeAdapterOptions({ timeoutMs: 5000, maxNetworkRetries: 0 });
});
afterEach(() => {
  emulatorOf(server).faults.clear();
});
afterAll(async () => {
  setStripeAdapterOptions({});
  await server.close();
});

async function claimed(revisionId: string): Promise<void> {
  for (let i = 0; i < 500; i += 1) {
    if (await probe.claim(revisionId)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no release claim for ${revisionId}`);
}

type Answer<T = unknown> = { status: number; body: T & { error?: { code: string; message: string } } };

/** The refusal in an answer (its error code and message); throws when the call went through. */
async function errorOf(answer: Promise<Answer>): Promise<{ code: string; message: string }> {
  const { status, body } = await answer;
  if (status < 400 || !body.error) throw new Error(`expected the call to be refused, got ${status}`);
  return body.error;
}

/** The answer's body; throws when the call was refused. */
async function bodyOf<T>(answer: Promise<Answer<T>>): Promise<T> {
  const { status, body } = await answer;
  if (status >= 400) throw new Error(`${status}: ${JSON.stringify(body)}`);
  return body;
}

// The shop's actions over HTTP, as the back office sends them.
const shopCall = async <T>(method: string, path: string, body?: unknown) =>
  (await staffOf(server)).call<T>(method, path, body) as Promise<Answer<T>>;
const cancelQuote = (revisionId: string) =>
  shopCall<QuoteRevisionView>('POST', `/api/shop/quotes/${revisionId}/cancel`, {});
const reviseQuote = (revisionId: string, body: unknown) =>
  shopCall<QuoteRevisionView>('POST', `/api/shop/quotes/${revisionId}/revise`, body);
const issueQuote = (requestId: string, body: unknown) =>
  shopCall<QuoteRevisionView>('POST', `/api/shop/requests/${requestId}/quotes`, body);
const getShopRequest = (requestId: string) =>
  bodyOf(
    shopCall<{
      quotes: { revision: number; status: string; stripeQuoteId: string | null }[];
      events: { type: string }[];
    }>('GET', `/api/shop/requests/${requestId}`),
  );
interface ReconcileReport {
  quoteFollowUpsCompleted: number;
  errors: number;
}
async function reconcile(): Promise<ReconcileReport> {
  const reply = await fetch(`${server.url}/api/shop/reconcile`, {
    method: 'POST',
    headers: { authorization: `Bearer ${SECRET}` },
  });
  expect(reply.status).toBe(200);
  return (await reply.json()) as ReconcileReport;
}

function stripeCalls(from: number, method: string, path: RegExp) {
  return emulatorOf(server)
    .requestLog.slice(from)
    .filter((entry) => entry.method === method && path.test(entry.path));
}

/**
 * Starts a shop change, holds its first Stripe read (the moment the old code went on to close the
 * quote in Stripe), lets purchasing claim the revision meanwhile, and holds Stripe's accept long
 * enough that the shop's change would reach Stripe first.
 */
async function raceShopChange(quote: IssuedQuote, change: () => Promise<Answer>) {
  const emulator = emulatorOf(server);
  const quotePath = new RegExp(`^/v1/quotes/${(await probe.revision(quote.revisionId))?.stripeQuoteId ?? '-'}$`);
  emulator.faults.inject({ kind: 'latency', latencyMs: 1500, method: 'GET', path: quotePath, times: 1 });
  emulator.faults.inject({ kind: 'latency', latencyMs: 3000, method: 'POST', path: ACCEPT_PATH, times: 1 });
  const from = emulator.requestLog.length;
  const changing = errorOf(change());
  for (let i = 0; i < 500 && stripeCalls(from, 'GET', quotePath).length === 0; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const releasing = accept(server, quote.revisionId, quote.releaseToken);
  await claimed(quote.revisionId);
  return { from, refused: await changing, released: await releasing };
}

describe('shop changes racing a purchasing release', () => {
  it('a cancel racing a purchasing claim is refused; Stripe never cancels; the release invoices', SLOW, async () => {
    const quote = await issueQuoteWithLink(server);
    const { from, refused, released } = await raceShopChange(quote, () => cancelQuote(quote.revisionId));
    expect(refused.code).toBe('ALREADY_DECIDED');
    expect(refused.message).toMatch(/released by purchasing/);
    expect(released.status).toBe(201);
    expectInvoiced(released.body);
    expect(stripeCalls(from, 'POST', /\/cancel$/)).toHaveLength(0);
    const revision = await probe.revision(quote.revisionId);
    expect(revision?.status).toBe('accepted');
    expect(invoicesForQuote(server, revision?.stripeQuoteId ?? '')).toHaveLength(1);
  });

  it(
    'a revision racing a purchasing claim is refused before any Stripe change; the release invoices',
    SLOW,
    async () => {
      const quote = await issueQuoteWithLink(server);
      const body = quoteForm({ quantity: 60 });
      const { from, refused, released } = await raceShopChange(quote, () => reviseQuote(quote.revisionId, body));
      expect(refused.code).toBe('QUOTE_NOT_OPEN');
      expect(released.status).toBe(201);
      expectInvoiced(released.body);
      // Stripe saw no new quote and no finalize: nothing closed the released quote.
      expect(stripeCalls(from, 'POST', /^\/v1\/quotes(\/[^/]+\/finalize)?$/)).toHaveLength(0);
      const shop = await getShopRequest(quote.id);
      expect(shop.quotes.map((q) => q.status)).toEqual(['accepted']);
      expect(shop.events.filter((e) => e.type === 'quote_revised')).toHaveLength(0);
    },
  );

  it(
    'a revision committed before the accept wins: the old link cannot release and Stripe gets no accept',
    SLOW,
    async () => {
      const quote = await issueQuoteWithLink(server);
      const from = emulatorOf(server).requestLog.length;
      const body = quoteForm({ quantity: 60 });
      const [revised, late] = await Promise.all([
        bodyOf(reviseQuote(quote.revisionId, body)),
        // Starts once the revision's local commit is in: the old link is already revoked.
        (async () => {
          for (let i = 0; i < 500; i += 1) {
            if ((await probe.revision(quote.revisionId))?.status === 'superseded') break;
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          return accept(server, quote.revisionId, quote.releaseToken);
        })(),
      ]);
      expect(revised.status).toBe('open');
      expect(late.status).toBe(409);
      expect(late.body.error?.code).toBe('QUOTE_SUPERSEDED');
      expect(stripeCalls(from, 'POST', ACCEPT_PATH)).toHaveLength(0);
      expect(await probe.claim(quote.revisionId)).toBeUndefined();
    },
  );

  it(
    'a revision Stripe could not finish is held as issuing; the same form or the reconciler finishes the same quote',
    SLOW,
    async () => {
      const quote = await issueQuoteWithLink(server);
      const previous = await probe.revision(quote.revisionId);
      const emulator = emulatorOf(server);
      emulator.faults.inject({ kind: '5xx', method: 'POST', path: /^\/v1\/quotes\/[^/]+\/finalize$/, times: 2 });
      const body = quoteForm({ quantity: 70 });
      // Each 503 is logged with its incident id and code.
      const logged = expectLogs(
        /^POST \/api\/shop\/quotes\/[^/]+\/revise failed: incident [0-9a-f]+, AppError UNAVAILABLE/,
      );

      for (let attempt = 0; attempt < 2; attempt += 1) {
        const failed = await errorOf(reviseQuote(quote.revisionId, body));
        expect(failed.code).toBe('UNAVAILABLE');
        expect(failed.message).toMatch(/Send the same form again/);
      }
      expect(logged.lines).toHaveLength(2);
      const draftId = String(body.draftId);
      expect((await probe.revision(draftId))?.status).toBe('issuing');
      expect((await probe.revision(quote.revisionId))?.status).toBe('superseded');
      // Committed here: the old link is dead although Stripe still holds the old quote open.
      expect(emulator.snapshot().quotes[previous?.stripeQuoteId ?? '']?.status).toBe('open');
      const old = await accept(server, quote.revisionId, quote.releaseToken);
      expect(old.status).toBe(409);
      const shop = await getShopRequest(quote.id);
      expect(shop.quotes.map((q) => [q.revision, q.status])).toEqual([
        [2, 'issuing'],
        [1, 'superseded'],
      ]);
      // While it is issuing, the shop cannot stack another change on it.
      const stacked = await errorOf(reviseQuote(draftId, quoteForm({ quantity: 80 })));
      expect(stacked.code).toBe('CONFLICT');

      const report = await reconcile();
      expect(report).toMatchObject({ quoteFollowUpsCompleted: 1, errors: 0 });
      expect(await reconcile()).toMatchObject({ quoteFollowUpsCompleted: 0, errors: 0 });
      const opened = await probe.revision(draftId);
      expect(opened?.status).toBe('open');
      const stripeQuotes = Object.values(emulator.snapshot().quotes).filter(
        (q) => (q as { metadata?: Record<string, string> }).metadata?.revision_id === draftId,
      );
      expect(stripeQuotes).toHaveLength(1);
      expect(stripeQuotes[0]).toMatchObject({ id: opened?.stripeQuoteId, status: 'open' });
      expect(emulator.snapshot().quotes[previous?.stripeQuoteId ?? '']?.status).toBe('canceled');

      // The same form again answers with the finished revision; the approver's new link releases it.
      const again = await bodyOf(reviseQuote(quote.revisionId, body));
      expect(again).toMatchObject({ id: draftId, status: 'open' });
      const link = await releaseLinkFor(server, draftId);
      const released = await accept(server, draftId, tokenOf(link));
      expect(released.status).toBe(201);
      expect(invoicesForQuote(server, opened?.stripeQuoteId ?? '')).toHaveLength(1);
    },
  );

  it('a cancel while Stripe is away cancels here at once and in Stripe on the reconciler’s run', SLOW, async () => {
    const quote = await issueQuoteWithLink(server);
    const revision = await probe.revision(quote.revisionId);
    const emulator = emulatorOf(server);
    emulator.faults.inject({ kind: '5xx', path: /^\/v1\/quotes\// });
    // Stripe being away is logged with its adapter code, by the cancel and by the reconciler.
    expectLogs(
      /^quote canceled here; Stripe cancel left to the reconciler: StripeAdapterError \w+ unavailable/,
      /^reconcile: StripeAdapterError \w+ unavailable/,
    );

    const canceled = await bodyOf(cancelQuote(quote.revisionId));
    expect(canceled.status).toBe('canceled');
    expect(emulator.snapshot().quotes[revision?.stripeQuoteId ?? '']?.status).toBe('open');
    const late = await accept(server, quote.revisionId, quote.releaseToken);
    expect(late.status).toBeGreaterThanOrEqual(401);
    expect(late.status).toBeLessThanOrEqual(409);
    const away = await reconcile();
    expect(away.quoteFollowUpsCompleted).toBe(0);
    expect(away.errors).toBeGreaterThan(0);

    emulator.faults.clear();
    expect(await reconcile()).toMatchObject({ quoteFollowUpsCompleted: 1, errors: 0 });
    expect(emulator.snapshot().quotes[revision?.stripeQuoteId ?? '']?.status).toBe('canceled');
    expect(await reconcile()).toMatchObject({ quoteFollowUpsCompleted: 0 });
    expect(
      stripeCalls(0, 'POST', ACCEPT_PATH).filter((e) => e.path.includes(revision?.stripeQuoteId ?? '-')),
    ).toHaveLength(0);
  });

  it(
    'a first quote Stripe could not finish is shown as issuing, and the reconciler issues it with its mails',
    SLOW,
    async () => {
      const created = await createRequestWithLinks(server);
      const emulator = emulatorOf(server);
      emulator.faults.inject({ kind: '5xx', method: 'POST', path: /^\/v1\/quotes\/[^/]+\/finalize$/, times: 1 });
      const body = quoteForm();
      expectLogs(/^POST \/api\/shop\/requests\/[^/]+\/quotes failed: incident [0-9a-f]+, AppError UNAVAILABLE/);
      const failed = await errorOf(issueQuote(created.id, body));
      expect(failed.code).toBe('UNAVAILABLE');
      const draftId = String(body.draftId);
      const shop = await getShopRequest(created.id);
      expect(shop.quotes.map((q) => [q.revision, q.status])).toEqual([[1, 'issuing']]);
      await expect(releaseLinkFor(server, draftId)).rejects.toThrow(/no release link/);

      expect(await reconcile()).toMatchObject({ quoteFollowUpsCompleted: 1, errors: 0 });
      const opened = await probe.revision(draftId);
      expect(opened?.status).toBe('open');
      const released = await accept(server, draftId, tokenOf(await releaseLinkFor(server, draftId)));
      expect(released.status).toBe(201);
      expect(invoicesForQuote(server, opened?.stripeQuoteId ?? '')).toHaveLength(1);
    },
  );

  it('two cancels at once both answer canceled, with one event and the quote canceled in Stripe', SLOW, async () => {
    const quote = await issueQuoteWithLink(server);
    const from = emulatorOf(server).requestLog.length;
    const both = await Promise.all([bodyOf(cancelQuote(quote.revisionId)), bodyOf(cancelQuote(quote.revisionId))]);
    expect(both.map((view) => view.status)).toEqual(['canceled', 'canceled']);
    const shop = await getShopRequest(quote.id);
    expect(shop.events.filter((e) => e.type === 'quote_canceled')).toHaveLength(1);
    // Both may ask Stripe; the cancel's idempotency key makes it one cancel there.
    const cancels = stripeCalls(from, 'POST', /^\/v1\/quotes\/[^/]+\/cancel$/);
    expect(cancels.length).toBeGreaterThanOrEqual(1);
    expect(emulatorOf(server).snapshot().quotes[shop.quotes[0]?.stripeQuoteId ?? '']?.status).toBe('canceled');
    expect(await reconcile()).toMatchObject({ quoteFollowUpsCompleted: 0 });
  });

  it('a revision whose quote Stripe closed meanwhile (outside the portal) is issued as a new quote', SLOW, async () => {
    const quote = await issueQuoteWithLink(server);
    const previous = await probe.revision(quote.revisionId);
    const emulator = emulatorOf(server);
    // The revision's first Stripe call fails after the local commit...
    emulator.faults.inject({ kind: '5xx', method: 'POST', path: /^\/v1\/quotes$/, times: 1 });
    const body = quoteForm({ quantity: 80 });
    expectLogs(/^POST \/api\/shop\/quotes\/[^/]+\/revise failed: incident [0-9a-f]+, AppError UNAVAILABLE/);
    expect((await errorOf(reviseQuote(quote.revisionId, body))).code).toBe('UNAVAILABLE');
    // ...and someone cancels the old quote in Stripe's dashboard before the retry.
    await cancelStripeQuote({ quoteId: previous?.stripeQuoteId ?? '' });

    expect(await reconcile()).toMatchObject({ quoteFollowUpsCompleted: 1, errors: 0 });
    const opened = await probe.revision(String(body.draftId));
    expect(opened?.status).toBe('open');
    const stripeQuote = emulator.snapshot().quotes[opened?.stripeQuoteId ?? ''] as
      { status?: string; from_quote?: unknown; metadata?: Record<string, string> } | undefined;
    expect(stripeQuote).toMatchObject({ status: 'open', from_quote: null });
    expect(stripeQuote?.metadata?.revision_id).toBe(opened?.id);
  });
});
