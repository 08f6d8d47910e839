/**
 * Webhook verification: raw body + `Stripe-Signature` → a typed event in our vocabulary, or a
 * StripeWebhookError saying why not. Uses the SDK's `constructEvent` with its default tolerance
 * (300 s). Quote and invoice events carry the object as it was; handlers re-fetch and converge.
 * Past the signature nothing in the payload is trusted to have a shape: an object that does not read
 * as a quote or invoice (a Stripe API change) still yields its type and id, which is all a handler
 * needs to re-fetch it.
 */
import type Stripe from 'stripe';
import { getConfig } from '../config.js';
import { getStripeClient } from './client.js';
import { toInvoice, toQuote, type StripeInvoice, type StripeQuote } from './types.js';

export type StripeWebhookErrorReason =
  'missing_signature' | 'malformed_signature' | 'bad_signature' | 'too_old' | 'malformed_payload';

export class StripeWebhookError extends Error {
  readonly reason: StripeWebhookErrorReason;

  constructor(reason: StripeWebhookErrorReason, message: string) {
    super(message);
    this.name = 'StripeWebhookError';
    this.reason = reason;
  }
}

export type StripeWebhookSubject =
  | { kind: 'quote'; quote: StripeQuote }
  | { kind: 'invoice'; invoice: StripeInvoice }
  | { kind: 'other'; objectType: string | null; objectId: string | null };

export interface StripeWebhookEvent {
  id: string;
  type: string;
  created: Date;
  livemode: boolean;
  apiVersion: string | null;
  subject: StripeWebhookSubject;
}

export interface VerifyWebhookEventOptions {
  rawBody: string | Buffer;
  signature: string | undefined;
  /** Defaults to the configured STRIPE_WEBHOOK_SECRET (or the emulator's). */
  secret?: string;
}

export function verifyWebhookEvent(options: VerifyWebhookEventOptions): StripeWebhookEvent {
  if (!options.signature) throw new StripeWebhookError('missing_signature', 'No Stripe-Signature header');
  const secret = options.secret ?? getConfig().stripe.webhookSecret;
  let event: Stripe.Event;
  try {
    event = getStripeClient().webhooks.constructEvent(options.rawBody, options.signature, secret);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof SyntaxError) throw new StripeWebhookError('malformed_payload', message);
    if (/tolerance/i.test(message)) throw new StripeWebhookError('too_old', message);
    if (/unable to extract/i.test(message)) throw new StripeWebhookError('malformed_signature', message);
    throw new StripeWebhookError('bad_signature', message);
  }
  const raw: { id?: unknown; type?: unknown; created?: unknown; livemode?: unknown; api_version?: unknown } = event;
  if (typeof raw.id !== 'string' || typeof raw.type !== 'string') {
    throw new StripeWebhookError('malformed_payload', 'A signed event without an id or type');
  }
  return {
    id: raw.id,
    type: raw.type,
    created: new Date(typeof raw.created === 'number' ? raw.created * 1000 : Date.now()),
    livemode: raw.livemode === true,
    apiVersion: typeof raw.api_version === 'string' ? raw.api_version : null,
    subject: subjectOf(event),
  };
}

/** The object's own type and id, read defensively: the one part of the payload a handler uses. */
function idsOf(event: Stripe.Event): Extract<StripeWebhookSubject, { kind: 'other' }> {
  const data: unknown = (event as { data?: unknown }).data;
  const object: unknown = typeof data === 'object' && data !== null ? (data as { object?: unknown }).object : null;
  const field = (name: string): string | null => {
    if (typeof object !== 'object' || object === null || !(name in object)) return null;
    const value: unknown = (object as Record<string, unknown>)[name];
    return typeof value === 'string' ? value : null;
  };
  return { kind: 'other', objectType: field('object'), objectId: field('id') };
}

function subjectOf(event: Stripe.Event): StripeWebhookSubject {
  try {
    return typedSubjectOf(event);
  } catch {
    return idsOf(event);
  }
}

function typedSubjectOf(event: Stripe.Event): StripeWebhookSubject {
  switch (event.type) {
    case 'quote.created':
    case 'quote.finalized':
    case 'quote.accepted':
    case 'quote.canceled':
      return { kind: 'quote', quote: toQuote(event.data.object) };
    case 'invoice.created':
    case 'invoice.updated':
    case 'invoice.finalized':
    case 'invoice.sent':
    case 'invoice.paid':
    case 'invoice.payment_succeeded':
    case 'invoice.payment_failed':
    case 'invoice.voided':
    case 'invoice.marked_uncollectible':
    case 'invoice.overdue':
      return { kind: 'invoice', invoice: toInvoice(event.data.object) };
    default:
      return idsOf(event);
  }
}
