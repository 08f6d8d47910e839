/**
 * Webhooks: the emulator signs deliveries exactly as Stripe does (the SDK's constructEvent accepts
 * them), retries failures, and can duplicate, delay and reorder; the adapter's verifyWebhookEvent
 * accepts a valid signature and names why it refuses the others.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signWebhookPayload, type StripeEmulator } from '../../src/dev/stripe-emulator/index.js';
import { startStripeEmulatorForTests } from '../../src/dev/stripe-emulator/testing.js';
import {
  acceptStripeQuote,
  createProduct,
  createQuote,
  ensureCustomer,
  finalizeQuote,
  StripeWebhookError,
  verifyWebhookEvent,
  type StripeWebhookEvent,
} from '../../src/server/stripe/index.js';

const SECRET = 'whsec_test_webhooks_secret';

interface Received {
  event: StripeWebhookEvent | undefined;
  error: string | undefined;
  body: string;
  signature: string;
}

let emulator: StripeEmulator;
let receiver: http.Server;
let received: Received[] = [];
/** Status the receiver answers with, one per incoming delivery; 200 when empty. */
let answers: number[] = [];
let n = 0;

beforeAll(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = String(req.headers['stripe-signature'] ?? '');
      try {
        received.push({
          event: verifyWebhookEvent({ rawBody: body, signature, secret: SECRET }),
          error: undefined,
          body,
          signature,
        });
      } catch (error) {
        received.push({
          event: undefined,
          error: error instanceof StripeWebhookError ? error.reason : String(error),
          body,
          signature,
        });
      }
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/stripe/webhook`;
  emulator = await startStripeEmulatorForTests({ webhook: { url, secret: SECRET } });
});
afterAll(async () => {
  await emulator.close();
  await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(async () => {
  await emulator.webhooks.flush();
  emulator.webhooks.configure({ duplicate: false, delayMs: 0, reorder: false, retryDelaysMs: [50, 100, 200] });
  emulator.webhooks.resume();
  received = [];
  answers = [];
});

async function acceptedQuote() {
  n += 1;
  const customer = await ensureCustomer({ email: `hook${n}@example.com`, name: 'Hook' });
  const product = await createProduct({ partId: `hook-part-${n}`, name: 'Hook part' });
  const draft = await createQuote({
    revisionId: `hook-rev-${n}`,
    customerId: customer.id,
    product,
    lines: [{ description: 'Hook part', quantity: 1, unitAmountMinor: 100 }],
    expiresAt: new Date(Date.now() + 86400_000),
  });
  await finalizeQuote({ quoteId: draft.id });
  return acceptStripeQuote({ quoteId: draft.id, revisionId: `hook-rev-${n}` });
}

const typesFor = (quoteId: string) =>
  received
    .filter((item) => {
      const subject = item.event?.subject;
      return (
        (subject?.kind === 'quote' && subject.quote.id === quoteId) ||
        (subject?.kind === 'invoice' && subject.invoice.quoteId === quoteId)
      );
    })
    .map((item) => item.event?.type);

describe('signed delivery', () => {
  it('delivers every event, signed so the SDK verifies it, with typed quote and invoice subjects', async () => {
    const quote = await acceptedQuote();
    await emulator.webhooks.flush();
    expect(received.every((item) => item.error === undefined)).toBe(true);
    expect(typesFor(quote.id)).toEqual(['quote.created', 'quote.finalized', 'invoice.created', 'quote.accepted']);
    const accepted = received.find((item) => item.event?.type === 'quote.accepted')?.event;
    expect(accepted?.subject).toMatchObject({
      kind: 'quote',
      quote: { id: quote.id, status: 'accepted', invoiceId: quote.invoiceId },
    });
    expect(accepted?.id).toMatch(/^evt_/);
    const customer = received.find((item) => item.event?.type === 'customer.created')?.event;
    expect(customer?.subject).toMatchObject({ kind: 'other', objectType: 'customer' });
    expect(received[0]?.signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
  });

  it('refuses a tampered body, a wrong secret, an old timestamp, a missing or malformed header', async () => {
    await acceptedQuote();
    await emulator.webhooks.flush();
    const sample = received[0];
    if (!sample) throw new Error('no delivery received');
    const reason = (run: () => unknown) => {
      try {
        run();
        return 'accepted';
      } catch (error) {
        return error instanceof StripeWebhookError ? error.reason : 'other';
      }
    };
    expect(
      reason(() => verifyWebhookEvent({ rawBody: sample.body, signature: sample.signature, secret: SECRET })),
    ).toBe('accepted');
    expect(
      reason(() =>
        verifyWebhookEvent({
          rawBody: sample.body.replace('"livemode": false', '"livemode": true'),
          signature: sample.signature,
          secret: SECRET,
        }),
      ),
    ).toBe('bad_signature');
    expect(
      reason(() =>
        verifyWebhookEvent({ rawBody: sample.body, signature: sample.signature, secret: 'whsec_someone_else' }),
      ),
    ).toBe('bad_signature');
    const old = signWebhookPayload({
      payload: sample.body,
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 301,
    });
    expect(reason(() => verifyWebhookEvent({ rawBody: sample.body, signature: old, secret: SECRET }))).toBe('too_old');
    const fresh = signWebhookPayload({
      payload: sample.body,
      secret: SECRET,
      timestamp: Math.floor(Date.now() / 1000) - 60,
    });
    expect(
      reason(() => verifyWebhookEvent({ rawBody: Buffer.from(sample.body), signature: fresh, secret: SECRET })),
    ).toBe('accepted');
    expect(reason(() => verifyWebhookEvent({ rawBody: sample.body, signature: undefined, secret: SECRET }))).toBe(
      'missing_signature',
    );
    expect(reason(() => verifyWebhookEvent({ rawBody: sample.body, signature: 'nonsense', secret: SECRET }))).toBe(
      'malformed_signature',
    );
  });

  it('uses the configured webhook secret by default', async () => {
    const { getConfig, setConfig } = await import('../../src/server/config.js');
    const config = getConfig();
    setConfig({ ...config, stripe: { ...config.stripe, webhookSecret: SECRET } });
    try {
      const payload = JSON.stringify({
        id: 'evt_1',
        object: 'event',
        type: 'ping',
        created: 1,
        livemode: false,
        api_version: null,
        data: { object: {} },
      });
      const signature = signWebhookPayload({ payload, secret: SECRET, timestamp: Math.floor(Date.now() / 1000) });
      expect(verifyWebhookEvent({ rawBody: payload, signature }).subject).toEqual({
        kind: 'other',
        objectType: null,
        objectId: null,
      });
    } finally {
      setConfig(config);
    }
  });
});

describe('delivery behaviour', () => {
  it('retries a failed delivery until the endpoint answers 2xx, re-signing each attempt', async () => {
    answers = [500, 503];
    await ensureCustomer({ email: 'retry@example.com', name: 'Retry' });
    await emulator.webhooks.flush();
    const created = received.filter((item) => item.event?.type === 'customer.created');
    expect(created).toHaveLength(3);
    expect(new Set(created.map((item) => item.event?.id)).size).toBe(1);
    const attempts = emulator.webhooks.deliveries
      .filter((d) => d.eventId === created[0]?.event?.id)
      .map((d) => [d.attempt, d.status]);
    expect(attempts).toEqual([
      [1, 500],
      [2, 503],
      [3, 200],
    ]);
  });

  it('gives up after the configured retries', async () => {
    emulator.webhooks.configure({ retryDelaysMs: [20] });
    answers = [500, 500, 500];
    await ensureCustomer({ email: 'giveup@example.com', name: 'Give up' });
    await emulator.webhooks.flush();
    expect(received.filter((item) => item.event?.type === 'customer.created')).toHaveLength(2);
  });

  it('duplicates deliveries when asked', async () => {
    emulator.webhooks.configure({ duplicate: true });
    const quote = await acceptedQuote();
    await emulator.webhooks.flush();
    expect(typesFor(quote.id)).toEqual([
      'quote.created',
      'quote.created',
      'quote.finalized',
      'quote.finalized',
      'invoice.created',
      'invoice.created',
      'quote.accepted',
      'quote.accepted',
    ]);
  });

  it('reorders what is queued together (newest first)', async () => {
    emulator.webhooks.configure({ reorder: true });
    const quote = await acceptedQuote();
    await emulator.webhooks.flush();
    const types = typesFor(quote.id);
    expect(types.indexOf('quote.accepted')).toBeLessThan(types.indexOf('invoice.created'));
  });

  it('delays deliveries, and pause holds them until resume', async () => {
    emulator.webhooks.configure({ delayMs: 1_500 });
    await ensureCustomer({ email: 'delay@example.com', name: 'Delay' });
    expect(received).toHaveLength(0);
    await emulator.webhooks.flush();
    expect(received.map((item) => item.event?.type)).toEqual(['customer.created']);

    emulator.webhooks.configure({ delayMs: 0 });
    emulator.webhooks.pause();
    await ensureCustomer({ email: 'paused@example.com', name: 'Paused' });
    await expect(emulator.webhooks.flush(200)).rejects.toThrow(/not drained/);
    expect(received).toHaveLength(1);
    emulator.webhooks.resume();
    await emulator.webhooks.flush();
    expect(received).toHaveLength(2);
  });

  it('resends a recorded event (a replay) with the same id', async () => {
    await ensureCustomer({ email: 'resend@example.com', name: 'Resend' });
    await emulator.webhooks.flush();
    const first = received[0]?.event;
    emulator.webhooks.resend(first?.id ?? '');
    await emulator.webhooks.flush();
    expect(received.map((item) => item.event?.id)).toEqual([first?.id, first?.id]);
  });
});
