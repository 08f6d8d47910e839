/**
 * POST /api/stripe/webhook over HTTP, fed both by the emulator's own signed deliveries (duplicated,
 * reordered, paused) and by hand-signed events: signature on the raw body, each event id processed
 * once, the object re-fetched rather than trusted, unknown types acknowledged, local state converged
 * for quote and invoice events in any order.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signWebhookPayload } from '../../src/dev/stripe-emulator/index.js';
import {
  acceptStripeQuote as acceptInStripe,
  cancelStripeQuote as cancelInStripe,
  voidInvoice,
} from '../../src/server/stripe/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { mailsAbout } from '../support/review.js';
import { accept, emulatorOf, invoicesForQuote, issueQuoteWithLink, type IssuedQuote } from '../support/release.js';
import { probe } from '../support/probe.js';
import { getJson } from '../support/intake.js';

const SLOW = { timeout: 180_000 };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  emulatorOf(server).webhooks.configure({ duplicate: false, reorder: false, delayMs: 0 });
  emulatorOf(server).webhooks.resume();
});
afterAll(async () => {
  await server.close();
});

async function post(body: string, signature?: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${server.url}/api/stripe/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
    body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function signed(event: Record<string, unknown>, secret = server.runtime.config.stripe.webhookSecret) {
  const payload = JSON.stringify({
    object: 'event',
    created: Math.floor(Date.now() / 1000),
    livemode: false,
    api_version: '2026-10-28.endive',
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    ...event,
  });
  return { payload, signature: signWebhookPayload({ payload, secret, timestamp: Math.floor(Date.now() / 1000) }) };
}

async function stripeQuoteId(quote: IssuedQuote): Promise<string> {
  return (await probe.revision(quote.revisionId))?.stripeQuoteId ?? 'missing';
}

/** The commercial track as the status page shows it, and the stored revisions, oldest first. */
async function stateOf(quote: IssuedQuote) {
  const view = await getJson(server.url, `/api/requests/${quote.id}`, quote.statusToken);
  expect(view.status).toBe(200);
  return { commercial: view.body.commercial.state, revisions: (await probe.revisions(quote.id)).reverse() };
}

async function drained(): Promise<void> {
  await emulatorOf(server).webhooks.flush(60_000);
}

describe('the endpoint', SLOW, () => {
  it('refuses a missing, tampered or wrongly signed body with 400 and acknowledges unknown types', async () => {
    const event = signed({
      id: `evt_${randomUUID()}`,
      type: 'customer.created',
      data: { object: { id: 'cus_1', object: 'customer' } },
    });
    expect((await post(event.payload)).status).toBe(400);
    expect((await post(event.payload.replace('cus_1', 'cus_2'), event.signature)).status).toBe(400);
    const wrong = signed({ id: `evt_${randomUUID()}`, type: 'customer.created', data: { object: {} } }, 'whsec_wrong');
    expect((await post(wrong.payload, wrong.signature)).status).toBe(400);
    const ok = await post(event.payload, event.signature);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ received: true, outcome: 'ignored', type: 'customer.created' });
  });

  it('processes an event id once', async () => {
    const event = signed({ id: `evt_${randomUUID()}`, type: 'balance.available', data: { object: {} } });
    expect((await post(event.payload, event.signature)).body.outcome).toBe('ignored');
    expect((await post(event.payload, event.signature)).body.outcome).toBe('duplicate');
  });

  it('re-fetches the object: a payload claiming "paid" does not pay an open invoice', async () => {
    const quote = await issueQuoteWithLink(server);
    const released = await accept(server, quote.revisionId, quote.releaseToken);
    await drained();
    const invoice = emulatorOf(server).snapshot().invoices[released.body.invoice?.id ?? ''];
    const forged = signed({
      id: `evt_${randomUUID()}`,
      type: 'invoice.paid',
      data: { object: { ...invoice, status: 'paid', amount_paid: invoice?.amount_due, amount_remaining: 0 } },
    });
    const reply = await post(forged.payload, forged.signature);
    expect(reply.status).toBe(200);
    expect((await stateOf(quote))?.commercial).toBe('invoiced');
  });

  it('records a failed payment from invoice.payment_failed without undoing the invoice', async () => {
    const quote = await issueQuoteWithLink(server);
    const released = await accept(server, quote.revisionId, quote.releaseToken);
    await drained();
    const invoice = emulatorOf(server).snapshot().invoices[released.body.invoice?.id ?? ''];
    const failed = signed({ id: `evt_${randomUUID()}`, type: 'invoice.payment_failed', data: { object: invoice } });
    expect((await post(failed.payload, failed.signature)).body.outcome).toBe('converged');
    const state = await stateOf(quote);
    expect(state?.commercial).toBe('invoiced');
    expect(state?.revisions.at(-1)?.invoiceStatus).toBe('payment_failed');
  });
});

describe('payloads whose shape changed', SLOW, () => {
  it('re-fetches by type and id alone when the object lacks every other field, and converges', async () => {
    const quote = await issueQuoteWithLink(server);
    const stripeId = await stripeQuoteId(quote);
    emulatorOf(server).webhooks.pause();
    await cancelInStripe({ quoteId: stripeId });
    const event = signed({
      id: `evt_${randomUUID()}`,
      type: 'quote.canceled',
      data: { object: { id: stripeId, object: 'quote' } },
    });
    const reply = await post(event.payload, event.signature);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ received: true, type: 'quote.canceled' });
    expect((await probe.revision(quote.revisionId))?.status).toBe('canceled');
  });

  it('acknowledges a signed event it cannot read at all with 2xx and one logged line', async () => {
    const errors: unknown[][] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
    try {
      const noId = signed({ id: undefined, type: undefined, data: 'not an object' });
      const reply = await post(noId.payload, noId.signature);
      expect(reply.status).toBe(200);
      expect(reply.body).toMatchObject({ received: true, outcome: 'unreadable' });
    } finally {
      spy.mockRestore();
    }
    expect(errors.map((args) => String(args[0]))).toEqual([
      'stripe webhook: a signed event could not be read (malformed_payload); acknowledged',
    ]);
  });
});

describe('convergence from the emulator’s deliveries', SLOW, () => {
  it('payment arrives duplicated and reordered: paid once, one set of payment mails', async () => {
    const quote = await issueQuoteWithLink(server);
    const released = await accept(server, quote.revisionId, quote.releaseToken);
    await drained();
    emulatorOf(server).webhooks.configure({ duplicate: true, reorder: true });
    await emulatorOf(server).payInvoice(released.body.invoice?.id ?? '');
    await drained();
    const state = await stateOf(quote);
    expect(state?.commercial).toBe('paid');
    const events = await probe.events(quote.id);
    expect(events.filter((row) => row.type === 'invoice_paid')).toHaveLength(1);
    const paidMails = (await mailsAbout(server, quote.reference)).filter((m) => m.subject.includes('paid'));
    expect(paidMails.map((m) => m.to).sort()).toEqual(['paul@acme.example', 'shop@localhost', 'tina@acme.example']);
    expect((await probe.revision(quote.revisionId))?.invoiceStatus).toBe('paid');
  });

  it('every event of a release delivered newest first, after a pause, ends in the same state', async () => {
    const quote = await issueQuoteWithLink(server);
    emulatorOf(server).webhooks.pause();
    emulatorOf(server).webhooks.configure({ reorder: true, duplicate: true });
    const released = await accept(server, quote.revisionId, quote.releaseToken);
    await emulatorOf(server).payInvoice(released.body.invoice?.id ?? '');
    emulatorOf(server).webhooks.resume();
    await drained();
    expect((await stateOf(quote))?.commercial).toBe('paid');
    const types = (await probe.events(quote.id)).map((row) => row.type).filter((type) => type.startsWith('invoice_'));
    expect(types).toEqual([
      'invoice_created',
      'invoice_fields_set',
      'invoice_finalized',
      'invoice_sent',
      'invoice_paid',
    ]);
  });

  it('a voided invoice returns the track to released and keeps the release', async () => {
    const quote = await issueQuoteWithLink(server);
    const released = await accept(server, quote.revisionId, quote.releaseToken);
    await voidInvoice({ invoiceId: released.body.invoice?.id ?? '' });
    await drained();
    const state = await stateOf(quote);
    expect(state?.commercial).toBe('released');
    expect(state?.revisions.at(-1)).toMatchObject({ status: 'accepted', invoiceStatus: 'void' });
  });

  it('a quote canceled in Stripe closes the revision; one that expires there reads as expired', async () => {
    const canceled = await issueQuoteWithLink(server);
    await cancelInStripe({ quoteId: await stripeQuoteId(canceled) });
    await drained();
    expect((await stateOf(canceled))?.commercial).toBe('estimate');
    expect((await probe.revision(canceled.revisionId))?.status).toBe('canceled');

    const expiring = await issueQuoteWithLink(server, { quote: { validDays: 1 } });
    emulatorOf(server).clock.advance(2 * 24 * 3600);
    await drained();
    expect((await stateOf(expiring))?.commercial).toBe('expired');
    const reply = await accept(server, expiring.revisionId, expiring.releaseToken);
    expect(reply.status).toBe(409);
  });

  it('a quote accepted in Stripe outside the portal is flagged, not released; the approver can still release it', async () => {
    const quote = await issueQuoteWithLink(server);
    await acceptInStripe({
      quoteId: await stripeQuoteId(quote),
      revisionId: quote.revisionId,
      idempotencyKey: `dashboard-${randomUUID()}`,
    });
    await drained();
    const flagged = await stateOf(quote);
    expect(flagged?.commercial).toBe('quoted');
    expect(flagged?.revisions.at(-1)).toMatchObject({ status: 'open', acceptedOutsidePortal: true });
    expect((await probe.events(quote.id)).some((row) => row.type === 'purchasing_accepted')).toBe(false);

    const released = await accept(server, quote.revisionId, quote.releaseToken);
    expect(released.status).toBe(201);
    // The invoice Stripe made at that acceptance is the one invoiced: still exactly one.
    expect(invoicesForQuote(server, await stripeQuoteId(quote))).toHaveLength(1);
  });
});
