/**
 * Exactly one invoice whatever Stripe does between the steps: a fault at each step (5xx, a dropped
 * connection after Stripe committed, a timeout with and without the change applied), an outage that
 * outlasts the request, and a worker that dies between steps. Retries and the reconciler always
 * complete the SAME invoice. The SDK's own retries are off here so every fault reaches our code.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FaultRule } from '../../src/dev/stripe-emulator/index.js';
import { getConfig, setConfig } from '../../src/server/config.js';
import { driveRelease } from '../../src/server/release/drive-release.js';
import { setStripeAdapterOptions } from '../../src/server/stripe/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { mailsAbout } from '../support/review.js';
import {
  accept,
  acceptBody,
  emulatorOf,
  expectInvoiced,
  invoicesForQuote,
  issueQuoteWithLink,
  type IssuedQuote,
} from '../support/release.js';
import { probe, progressOf } from '../support/probe.js';

const SECRET = `reconcile-${randomUUID()}`;
// Generous: the machine is shared; these tests assert outcomes, never durations.
const SLOW = { timeout: 180_000 };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { RECONCILE_SECRET: SECRET } });
  setStripeAdapterOptions({ timeoutMs: 1500, maxNetworkRetries: 0 });
});
afterEach(() => {
  emulatorOf(server).faults.clear();
});
afterAll(async () => {
  setStripeAdapterOptions({});
  await server.close();
});

const STEPS: { step: string; path: RegExp }[] = [
  { step: 'quote accept', path: /^\/v1\/quotes\/[^/]+\/accept$/ },
  { step: 'invoice custom fields', path: /^\/v1\/invoices\/[^/]+$/ },
  { step: 'invoice finalize', path: /^\/v1\/invoices\/[^/]+\/finalize$/ },
  { step: 'invoice send', path: /^\/v1\/invoices\/[^/]+\/send$/ },
];
const FAULTS: { label: string; rule: Omit<FaultRule, 'path'> }[] = [
  { label: '5xx', rule: { kind: '5xx', status: 500 } },
  { label: 'dropped connection after commit', rule: { kind: 'drop_after_commit' } },
  { label: 'timeout after commit', rule: { kind: 'timeout', commit: true } },
  { label: 'timeout before commit', rule: { kind: 'timeout' } },
];

async function stripeQuoteIdOf(quote: IssuedQuote): Promise<string> {
  return (await probe.revision(quote.revisionId))?.stripeQuoteId ?? 'missing';
}

/** One invoice for the revision, finalized, with the PO on it; the revision row names it. */
async function expectExactlyOneInvoice(quote: IssuedQuote, invoiceId?: string): Promise<void> {
  const invoices = invoicesForQuote(server, await stripeQuoteIdOf(quote));
  expect(invoices).toHaveLength(1);
  const [invoice] = invoices;
  expect(invoice?.status).toBe('open');
  expect(invoice?.custom_fields).toEqual([
    { name: 'PO number', value: 'PO-4411' },
    { name: 'Budget code', value: 'MAINT-2027' },
  ]);
  if (invoiceId) expect(invoice?.id).toBe(invoiceId);
  const row = await probe.revision(quote.revisionId);
  expect(row?.stripeInvoiceId).toBe(invoice?.id);
  const sends = emulatorOf(server).requestLog.filter(
    (entry) => entry.path === `/v1/invoices/${invoice?.id}/send` && entry.status === 200,
  );
  expect(sends.length).toBeGreaterThanOrEqual(1);
}

function reconcileOverHttp(token = SECRET): Promise<Response> {
  return fetch(`${server.url}/api/shop/reconcile`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
}

describe('a single fault at a step', SLOW, () => {
  const cases = STEPS.flatMap(({ step, path }) =>
    FAULTS.filter(({ label }) => step === 'quote accept' || label !== 'timeout before commit').map(
      ({ label, rule }) => ({
        name: `${label} at ${step}`,
        rule: { ...rule, method: 'POST', path, times: 1 },
      }),
    ),
  );
  it.each(cases)('$name: the reply names the one invoice', async ({ rule }) => {
    const quote = await issueQuoteWithLink(server);
    emulatorOf(server).faults.inject(rule);
    const reply = await accept(server, quote.revisionId, quote.releaseToken);
    expect(reply.status).toBe(201);
    expectInvoiced(reply.body);
    await expectExactlyOneInvoice(quote, reply.body.invoice?.id);
  });
});

describe('an outage that outlasts the request', SLOW, () => {
  it.each(STEPS)('at $step: 202, then the same accept completes the same invoice', async ({ path }) => {
    const quote = await issueQuoteWithLink(server);
    emulatorOf(server).faults.inject({ kind: '5xx', method: 'POST', path });
    const first = await accept(server, quote.revisionId, quote.releaseToken);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: 'processing', invoice: null });
    // The release stands whatever Stripe does; the invoice is finalized only from the send step on.
    expect(['released', 'invoiced']).toContain(first.body.commercial.state);
    expect(first.body.message).toMatch(/release is recorded/);
    emulatorOf(server).faults.clear();
    const again = await accept(server, quote.revisionId, quote.releaseToken);
    expect(again.status).toBe(200);
    expectInvoiced(again.body);
    await expectExactlyOneInvoice(quote, again.body.invoice?.id);
    const faults = (await probe.events(quote.id)).filter((row) => row.type === 'release_step_failed');
    expect(faults.length).toBeGreaterThanOrEqual(1);
  });

  it('the reconciler completes it, mails once, and the approver then sees the invoice', async () => {
    const quote = await issueQuoteWithLink(server);
    emulatorOf(server).faults.inject({ kind: '5xx', method: 'POST', path: STEPS[2]?.path });
    expect((await accept(server, quote.revisionId, quote.releaseToken)).status).toBe(202);
    emulatorOf(server).faults.clear();
    const reconciled = await reconcileOverHttp();
    expect(reconciled.status).toBe(200);
    expect(await reconciled.json()).toMatchObject({ releasesCompleted: 1, errors: 0 });
    const again = await accept(server, quote.revisionId, quote.releaseToken);
    expect(again.status).toBe(200);
    await expectExactlyOneInvoice(quote, again.body.invoice?.id);
    const released = (await mailsAbout(server, quote.reference)).filter((m) =>
      m.subject.includes('released the order'),
    );
    expect(released).toHaveLength(3);
    // A second run finds nothing left to do.
    expect(await (await reconcileOverHttp()).json()).toMatchObject({ releasesCompleted: 0, releasesPending: 0 });
  });
});

describe('a worker that dies between steps', SLOW, () => {
  /**
   * The claim at "claimed" with its lease free: an accept over HTTP while Stripe refuses the quote
   * accept answers 202 (the release is recorded) and gives the lease back.
   */
  async function claimOnly(quote: IssuedQuote): Promise<void> {
    emulatorOf(server).faults.inject({ kind: '5xx', status: 500, method: 'POST', path: STEPS[0]!.path });
    const reply = await accept(server, quote.revisionId, quote.releaseToken);
    expect(reply.status).toBe(202);
    emulatorOf(server).faults.clear();
    const progress = progressOf((await probe.claim(quote.revisionId))!);
    expect(progress.step).toBe('claimed');
    expect(progress.lease).toBeUndefined();
  }

  it.each(['claimed', 'accepted', 'fields_set', 'finalized'] as const)(
    'after "%s": a retry waits for the dead lease, the reconciler then finishes the same invoice',
    async (crashAfter) => {
      const quote = await issueQuoteWithLink(server);
      await claimOnly(quote);
      // A worker takes the lease and dies: after the step named, or (for "claimed") after Stripe
      // accepted the quote but before that step was committed here.
      let clockReads = 0;
      const died = driveRelease({
        revisionId: quote.revisionId,
        ...(crashAfter === 'claimed'
          ? {
              clock: () => {
                clockReads += 1;
                if (clockReads > 1) throw new Error('process died');
                return new Date();
              },
            }
          : {
              afterStep: (step) => {
                if (step === crashAfter) throw new Error('process died');
              },
            }),
      });
      await expect(died).rejects.toThrow('process died');
      const dead = progressOf((await probe.claim(quote.revisionId))!);
      expect(dead.step).toBe(crashAfter);
      expect(dead.lease).toBeDefined();

      // The dead worker still holds its lease: a retry now says "in progress" and calls Stripe for nothing.
      // (Stripe's webhooks about the accept are answered first: their handler reads the quote.)
      await emulatorOf(server).webhooks.flush(30_000);
      const before = emulatorOf(server).requestLog.length;
      const { acceptQuote } = await import('../../src/server/release/accept-quote.js');
      const waiting = await acceptQuote({
        quoteId: quote.revisionId,
        token: quote.releaseToken,
        body: acceptBody(),
        meta: { ip: '127.0.0.1', userAgent: 'test' },
        waitMs: 0,
      });
      expect(waiting.httpStatus).toBe(202);
      expect(emulatorOf(server).requestLog.length).toBe(before);

      const { reconcile } = await import('../../src/server/billing-sync/reconcile.js');
      const later = () => new Date(Date.now() + 25_000);
      expect(await reconcile({ token: SECRET, clock: later })).toMatchObject({ releasesCompleted: 1, errors: 0 });
      const done = await accept(server, quote.revisionId, quote.releaseToken);
      expect(done.status).toBe(200);
      await expectExactlyOneInvoice(quote, done.body.invoice?.id);
    },
  );
});

describe('the reconciler is authenticated', SLOW, () => {
  it('answers 401 without the secret or with a wrong one, and names the variable when it is unset', async () => {
    expect((await fetch(`${server.url}/api/shop/reconcile`, { method: 'POST' })).status).toBe(401);
    expect((await reconcileOverHttp('wrong-secret-of-some-length')).status).toBe(401);
    const config = getConfig();
    setConfig({ ...config, reconcileSecrets: [] });
    try {
      const reply = await reconcileOverHttp();
      expect(reply.status).toBe(401);
      const body = (await reply.json()) as { error: { message: string } };
      expect(body.error.message).toContain('CRON_SECRET');
      expect(body.error.message).toContain('RECONCILE_SECRET');
    } finally {
      setConfig(config);
    }
  });
});
