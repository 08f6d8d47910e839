/**
 * Each fault kind, seen through the adapter: what the SDK's retry does with it, which error kind
 * comes out when it persists, and that nothing is done twice.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StripeEmulator } from '../../src/dev/stripe-emulator/index.js';
import { startStripeEmulatorForTests } from '../../src/dev/stripe-emulator/testing.js';
import {
  acceptStripeQuote,
  createProduct,
  createQuote,
  ensureCustomer,
  finalizeQuote,
  retrieveQuote,
  setStripeAdapterOptions,
  StripeAdapterError,
} from '../../src/server/stripe/index.js';

let emulator: StripeEmulator;
let n = 0;

beforeAll(async () => {
  emulator = await startStripeEmulatorForTests();
});
afterAll(async () => {
  setStripeAdapterOptions({});
  await emulator.close();
});
beforeEach(() => {
  emulator.faults.clear();
  // A shorter timeout than production keeps the timeout cases quick, yet leaves room for a loaded
  // machine; one retry as in production.
  setStripeAdapterOptions({ timeoutMs: 1_500, maxNetworkRetries: 1 });
});

async function openQuote() {
  n += 1;
  const customer = await ensureCustomer({ email: `fault${n}@example.com`, name: 'Fault' });
  const product = await createProduct({ partId: `fault-part-${n}`, name: 'Fault part' });
  const draft = await createQuote({
    revisionId: `fault-rev-${n}`,
    customerId: customer.id,
    product,
    lines: [{ description: 'Fault part', quantity: 1, unitAmountMinor: 700 }],
    expiresAt: new Date(Date.now() + 86400_000),
  });
  return { quote: await finalizeQuote({ quoteId: draft.id }), revisionId: `fault-rev-${n}` };
}

async function rejection(promise: Promise<unknown>): Promise<StripeAdapterError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StripeAdapterError) return error;
    throw error;
  }
  throw new Error('expected a StripeAdapterError');
}

const invoicesFor = (quoteId: string) =>
  Object.values(emulator.snapshot().invoices).filter((invoice) => invoice.parent?.quote_details.quote === quoteId);
const acceptCalls = (quoteId: string) =>
  emulator.requestLog.filter((entry) => entry.path === `/v1/quotes/${quoteId}/accept`);

describe('5xx', () => {
  it('a single 500 is retried by the SDK with the same key and succeeds once', async () => {
    const { quote, revisionId } = await openQuote();
    emulator.faults.inject({ kind: '5xx', path: '/v1/quotes/:id/accept', times: 1 });
    const accepted = await acceptStripeQuote({ quoteId: quote.id, revisionId });
    expect(accepted.status).toBe('accepted');
    const calls = acceptCalls(quote.id);
    expect(calls.map((call) => call.status)).toEqual([500, 200]);
    expect(calls.every((call) => call.idempotencyKey === `quote-accept:${revisionId}`)).toBe(true);
    expect(invoicesFor(quote.id)).toHaveLength(1);
  });

  it('persistent 5xx: unknown_outcome on a change, unavailable on a read', async () => {
    const { quote, revisionId } = await openQuote();
    emulator.faults.inject({ kind: '5xx', status: 503, path: /^\/v1\/quotes\// });
    const change = await rejection(acceptStripeQuote({ quoteId: quote.id, revisionId }));
    expect(change).toMatchObject({ kind: 'unknown_outcome', statusCode: 503 });
    const read = await rejection(retrieveQuote({ quoteId: quote.id }));
    expect(read.kind).toBe('unavailable');
    emulator.faults.clear();
    expect((await retrieveQuote({ quoteId: quote.id })).status).toBe('open');
  });
});

describe('timeout', () => {
  it('one silent attempt (nothing committed) is retried and succeeds', async () => {
    const { quote, revisionId } = await openQuote();
    emulator.faults.inject({ kind: 'timeout', path: '/v1/quotes/:id/accept', times: 1 });
    const accepted = await acceptStripeQuote({ quoteId: quote.id, revisionId });
    expect(accepted.status).toBe('accepted');
    expect(invoicesFor(quote.id)).toHaveLength(1);
  });

  it('committed then silent on every attempt: unknown_outcome, and a read-back shows it happened', async () => {
    const { quote, revisionId } = await openQuote();
    emulator.faults.inject({ kind: 'timeout', commit: true, path: '/v1/quotes/:id/accept' });
    const error = await rejection(acceptStripeQuote({ quoteId: quote.id, revisionId }));
    expect(error.kind).toBe('unknown_outcome');
    expect(error.message).toContain('timeout');
    emulator.faults.clear();
    const read = await retrieveQuote({ quoteId: quote.id });
    expect(read.status).toBe('accepted');
    // Retrying with the same key now replays the committed result instead of failing.
    expect((await acceptStripeQuote({ quoteId: quote.id, revisionId })).invoiceId).toBe(read.invoiceId);
    expect(invoicesFor(quote.id)).toHaveLength(1);
  });

  it('a read that times out is unavailable', async () => {
    const { quote } = await openQuote();
    emulator.faults.inject({ kind: 'timeout', method: 'GET', path: '/v1/quotes/:id' });
    expect((await rejection(retrieveQuote({ quoteId: quote.id }))).kind).toBe('unavailable');
  });
});

describe('drop after commit', () => {
  it('the SDK retries the dropped connection with the same key and gets the replay: one invoice', async () => {
    const { quote, revisionId } = await openQuote();
    emulator.faults.inject({ kind: 'drop_after_commit', path: '/v1/quotes/:id/accept', times: 1 });
    const accepted = await acceptStripeQuote({ quoteId: quote.id, revisionId });
    expect(accepted.status).toBe('accepted');
    expect(acceptCalls(quote.id).map((call) => call.status)).toEqual([-1, 200]);
    expect(invoicesFor(quote.id)).toHaveLength(1);
  });

  it('dropped on every attempt: unknown_outcome, yet the change is there', async () => {
    const { quote, revisionId } = await openQuote();
    emulator.faults.inject({ kind: 'drop_after_commit', path: '/v1/quotes/:id/accept' });
    expect((await rejection(acceptStripeQuote({ quoteId: quote.id, revisionId }))).kind).toBe('unknown_outcome');
    emulator.faults.clear();
    expect((await retrieveQuote({ quoteId: quote.id })).status).toBe('accepted');
    expect(invoicesFor(quote.id)).toHaveLength(1);
  });
});

describe('latency and rates', () => {
  it('latency beyond the client timeout behaves as a timeout; below it the call succeeds', async () => {
    const { quote } = await openQuote();
    emulator.faults.inject({ kind: 'latency', method: 'GET', path: '/v1/quotes/:id', latencyMs: 100, times: 1 });
    expect((await retrieveQuote({ quoteId: quote.id })).id).toBe(quote.id);
    emulator.faults.inject({ kind: 'latency', method: 'GET', path: '/v1/quotes/:id', latencyMs: 4_000 });
    expect((await rejection(retrieveQuote({ quoteId: quote.id }))).kind).toBe('unavailable');
  });

  it('a rate-based fault hits the share of calls its random source decides', async () => {
    const { quote } = await openQuote();
    let i = 0;
    emulator.faults.random = () => (i++ % 2 === 0 ? 0.1 : 0.9);
    emulator.faults.inject({ kind: '5xx', method: 'GET', path: '/v1/quotes/:id', rate: 0.5 });
    setStripeAdapterOptions({ maxNetworkRetries: 0 });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => retrieveQuote({ quoteId: quote.id })));
    emulator.faults.random = Math.random;
    expect(results.filter((result) => result.status === 'rejected')).toHaveLength(5);
  });

  it('a refused connection is unavailable, not unknown', async () => {
    const { getConfig, setConfig } = await import('../../src/server/config.js');
    const config = getConfig();
    setConfig({ ...config, stripe: { ...config.stripe, emulatorPort: 1 } });
    try {
      const error = await rejection(acceptStripeQuote({ quoteId: 'qt_x', revisionId: 'rev_x' }));
      expect(error.kind).toBe('unavailable');
    } finally {
      setConfig(config);
    }
  });
});
