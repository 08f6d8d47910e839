/**
 * Idempotency as Stripe does it (replay including errors, mismatch, key in flight), and the
 * done-when figures: 100 concurrent identical accepts with one key leave one invoice; 100 with
 * different keys leave one invoice and 99 Stripe-shaped errors.
 */
import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StripeEmulator } from '../../src/dev/stripe-emulator/index.js';
import { startStripeEmulatorForTests } from '../../src/dev/stripe-emulator/testing.js';
import {
  acceptStripeQuote,
  createProduct,
  createQuote,
  ensureCustomer,
  finalizeQuote,
  setStripeAdapterOptions,
  StripeAdapterError,
} from '../../src/server/stripe/index.js';

let emulator: StripeEmulator;
let stripe: Stripe;
let n = 0;

beforeAll(async () => {
  emulator = await startStripeEmulatorForTests();
  stripe = new Stripe('sk_test_emulator', {
    host: '127.0.0.1',
    port: emulator.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
});
afterAll(async () => {
  setStripeAdapterOptions({});
  await emulator.close();
});
beforeEach(() => {
  emulator.faults.clear();
  setStripeAdapterOptions({});
});

async function openQuote() {
  n += 1;
  const customer = await ensureCustomer({ email: `idem${n}@example.com`, name: 'Idem' });
  const product = await createProduct({ partId: `idem-part-${n}`, name: 'Idem part' });
  const draft = await createQuote({
    revisionId: `idem-rev-${n}`,
    customerId: customer.id,
    product,
    lines: [{ description: 'Idem part', quantity: 2, unitAmountMinor: 500 }],
    expiresAt: new Date(Date.now() + 86400_000),
  });
  return { quote: await finalizeQuote({ quoteId: draft.id }), revisionId: `idem-rev-${n}` };
}

const invoicesFor = (quoteId: string) =>
  Object.values(emulator.snapshot().invoices).filter((invoice) => invoice.parent?.quote_details.quote === quoteId);

describe('idempotency keys', () => {
  it('replays the first response for the same key and parameters, marked Idempotent-Replayed', async () => {
    const first = await stripe.customers.create({ email: 'replay@example.com' }, { idempotencyKey: 'replay-1' });
    const second = await stripe.customers.create({ email: 'replay@example.com' }, { idempotencyKey: 'replay-1' });
    expect(second.id).toBe(first.id);
    expect(second.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(Object.values(emulator.snapshot().customers).filter((c) => c.email === 'replay@example.com')).toHaveLength(
      1,
    );
  });

  it('replays errors too: a refused accept stays refused under its key even after the quote becomes acceptable', async () => {
    const customer = await stripe.customers.create({ email: 'err@example.com' });
    const product = await stripe.products.create({ name: 'E' });
    const quote = await stripe.quotes.create({
      customer: customer.id,
      line_items: [{ price_data: { currency: 'eur', product: product.id, unit_amount: 1 } }],
    });
    const first = await stripe.quotes
      .accept(quote.id, {}, { idempotencyKey: 'accept-too-early' })
      .catch((e: unknown) => e);
    await stripe.quotes.finalizeQuote(quote.id);
    const second = await stripe.quotes
      .accept(quote.id, {}, { idempotencyKey: 'accept-too-early' })
      .catch((e: unknown) => e);
    expect(first).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(second).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((second as Error).message).toBe((first as Error).message);
    expect((await stripe.quotes.accept(quote.id, {}, { idempotencyKey: 'accept-now' })).status).toBe('accepted');
  });

  it('the same key with other parameters is an idempotency_error (400)', async () => {
    await stripe.products.create({ name: 'One' }, { idempotencyKey: 'mismatch-1' });
    const error = await stripe.products
      .create({ name: 'Two' }, { idempotencyKey: 'mismatch-1' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
    expect(error).toMatchObject({ statusCode: 400, rawType: 'idempotency_error' });
    expect((error as Error).message).toMatchInlineSnapshot(
      `"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than 'mismatch-1' if you meant to execute a different request."`,
    );
  });

  it('a concurrent request with a key still in flight gets 409', async () => {
    emulator.faults.inject({ kind: 'latency', method: 'POST', path: '/v1/products', latencyMs: 1_000, times: 1 });
    const [a, b] = await Promise.allSettled([
      stripe.products.create({ name: 'Slow' }, { idempotencyKey: 'in-flight-1' }),
      new Promise((resolve) => setTimeout(resolve, 50)).then(() =>
        stripe.products.create({ name: 'Slow' }, { idempotencyKey: 'in-flight-1' }),
      ),
    ]);
    expect(a.status).toBe('fulfilled');
    expect(b.status).toBe('rejected');
    const error = b.status === 'rejected' ? (b.reason as InstanceType<typeof Stripe.errors.StripeError>) : undefined;
    expect(error).toMatchObject({ statusCode: 409, code: 'idempotency_key_in_use', rawType: 'idempotency_error' });
    // Once the first finishes, the same request replays its result.
    const replay = await stripe.products.create({ name: 'Slow' }, { idempotencyKey: 'in-flight-1' });
    expect(a.status === 'fulfilled' && replay.id === a.value.id).toBe(true);
  });

  it('the adapter reports a key in flight as a conflict', async () => {
    setStripeAdapterOptions({ maxNetworkRetries: 0 });
    const { quote, revisionId } = await openQuote();
    emulator.faults.inject({ kind: 'latency', path: '/v1/quotes/:id/accept', latencyMs: 1_000, times: 1 });
    const results = await Promise.allSettled([
      acceptStripeQuote({ quoteId: quote.id, revisionId }),
      new Promise((resolve) => setTimeout(resolve, 50)).then(() =>
        acceptStripeQuote({ quoteId: quote.id, revisionId }),
      ),
    ]);
    expect(results[0]?.status).toBe('fulfilled');
    const second = results[1];
    expect(second?.status === 'rejected' && second.reason instanceof StripeAdapterError && second.reason.kind).toBe(
      'conflict',
    );
  });
});

describe('done when: concurrent accepts of one revision', () => {
  it('100 concurrent identical accepts with one key leave exactly one invoice', async () => {
    const { quote, revisionId } = await openQuote();
    // Each request holds the key a moment, so many arrive while it is in flight (409) and later ones replay.
    emulator.faults.inject({ kind: 'latency', path: '/v1/quotes/:id/accept', latencyMs: 20 });
    setStripeAdapterOptions({ maxNetworkRetries: 3 });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, () => acceptStripeQuote({ quoteId: quote.id, revisionId })),
    );
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(fulfilled.length).toBeGreaterThan(0);
    for (const result of rejected) {
      expect(result.reason).toBeInstanceOf(StripeAdapterError);
      expect((result.reason as StripeAdapterError).kind).toBe('conflict');
    }
    const invoiceIds = new Set(fulfilled.map((result) => result.value.invoiceId));
    expect(invoiceIds.size).toBe(1);
    expect(invoicesFor(quote.id)).toHaveLength(1);
  });

  it('100 concurrent accepts with different keys leave exactly one invoice and 99 Stripe-shaped errors', async () => {
    const { quote, revisionId } = await openQuote();
    setStripeAdapterOptions({ maxNetworkRetries: 0 });
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, i) =>
        acceptStripeQuote({ quoteId: quote.id, revisionId, idempotencyKey: `accept-${revisionId}-${i}` }),
      ),
    );
    const fulfilled = results.filter((result) => result.status === 'fulfilled');
    const rejected = results.filter((result) => result.status === 'rejected');
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(99);
    for (const result of rejected) {
      const error = result.reason as StripeAdapterError;
      expect(error).toBeInstanceOf(StripeAdapterError);
      expect(error).toMatchObject({ kind: 'conflict', statusCode: 400 });
      expect(error.cause).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
      expect(error.message).toBe('acceptStripeQuote: This quote has already been accepted.');
    }
    expect(invoicesFor(quote.id)).toHaveLength(1);
  });
});
