/**
 * POST /api/stripe/webhook (architecture §7): the signature is checked on the raw body; each event id
 * is processed to completion once (stored after its handler succeeded, so a failure is retried by
 * Stripe; handlers converge, so a concurrent duplicate is harmless); the object is re-fetched, never
 * trusted from the payload (only its type and id are read); unknown event types and signed events
 * that cannot be read get 2xx so Stripe stops retrying them.
 */
import { eq } from '../db/orm.js';
import { AppError } from '../../domain/errors.js';
import { getDb } from '../db/index.js';
import { processedWebhookEvents } from '../db/schema.js';
import { logError } from '../log.js';
import {
  retrieveInvoice,
  retrieveQuote,
  StripeWebhookError,
  verifyWebhookEvent,
  type StripeWebhookEvent,
} from '../stripe/index.js';
import { handleInvoiceChanged } from './invoice-changed.js';
import { dispatchQuoteAccepted } from './quote-accepted-dispatch.js';
import { handleQuoteCanceled } from './quote-canceled.js';

export interface HandleStripeWebhookOptions {
  rawBody: Buffer;
  signature: string | undefined;
}

export interface WebhookReply {
  received: true;
  eventId: string;
  type: string;
  /** `duplicate`: this event id was already processed; `ignored`: a type we do not act on. */
  outcome: string;
}

type Handler = (event: StripeWebhookEvent) => Promise<string>;

/** The id to re-fetch: from the typed object, or from the bare ids of one that did not read as typed. */
function idOf(event: StripeWebhookEvent, objectType: 'quote' | 'invoice'): string | undefined {
  const { subject } = event;
  if (subject.kind === 'quote' && objectType === 'quote') return subject.quote.id;
  if (subject.kind === 'invoice' && objectType === 'invoice') return subject.invoice.id;
  if (subject.kind === 'other' && subject.objectType === objectType) return subject.objectId ?? undefined;
  return undefined;
}
const quoteId = (event: StripeWebhookEvent) => idOf(event, 'quote');
const invoiceId = (event: StripeWebhookEvent) => idOf(event, 'invoice');

const onInvoice: Handler = async (event) => {
  const id = invoiceId(event);
  if (!id) return 'ignored';
  return handleInvoiceChanged({ invoice: await retrieveInvoice({ invoiceId: id }), type: event.type });
};

/** The allow-list: one handler per event type; everything else is acknowledged and ignored. */
const HANDLERS: Record<string, Handler> = {
  'quote.accepted': async (event) => {
    const id = quoteId(event);
    if (!id) return 'ignored';
    return dispatchQuoteAccepted({ quote: await retrieveQuote({ quoteId: id }), stripeEventId: event.id });
  },
  'quote.canceled': async (event) => {
    const id = quoteId(event);
    if (!id) return 'ignored';
    return handleQuoteCanceled({ quote: await retrieveQuote({ quoteId: id }) });
  },
  'invoice.finalized': onInvoice,
  'invoice.sent': onInvoice,
  'invoice.paid': onInvoice,
  'invoice.voided': onInvoice,
  'invoice.payment_failed': onInvoice,
};

export async function handleStripeWebhook(options: HandleStripeWebhookOptions): Promise<WebhookReply> {
  let event: StripeWebhookEvent;
  try {
    event = verifyWebhookEvent({ rawBody: options.rawBody, signature: options.signature });
  } catch (error) {
    // Signed by Stripe but unreadable: retrying would not help, so it is acknowledged and logged.
    if (error instanceof StripeWebhookError && error.reason === 'malformed_payload') {
      logError('stripe webhook: a signed event could not be read (malformed_payload); acknowledged');
      return { received: true, eventId: '', type: '', outcome: 'unreadable' };
    }
    if (error instanceof StripeWebhookError) {
      throw new AppError('BAD_REQUEST', `Webhook refused: ${error.reason.replace(/_/g, ' ')}.`);
    }
    throw error;
  }
  const reply = (outcome: string): WebhookReply => ({ received: true, eventId: event.id, type: event.type, outcome });
  const [seen] = await getDb()
    .select({ id: processedWebhookEvents.eventId })
    .from(processedWebhookEvents)
    .where(eq(processedWebhookEvents.eventId, event.id));
  if (seen) return reply('duplicate');

  const handler = Object.prototype.hasOwnProperty.call(HANDLERS, event.type) ? HANDLERS[event.type] : undefined;
  const outcome = handler ? await handler(event) : 'ignored';
  await getDb().insert(processedWebhookEvents).values({ eventId: event.id, type: event.type }).onConflictDoNothing();
  return reply(outcome);
}
