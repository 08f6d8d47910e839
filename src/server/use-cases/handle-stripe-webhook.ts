/**
 * POST /api/stripe/webhook (architecture §7): the signature is checked on the raw body; each event id
 * is processed to completion once (stored after its handler succeeded, so a failure is retried by
 * Stripe; handlers converge, so a concurrent duplicate is harmless); the object is re-fetched, never
 * trusted from the payload; unknown event types get 2xx so Stripe stops retrying them.
 */
import { eq } from 'drizzle-orm';
import { AppError } from '../../domain/errors.js';
import { getDb } from '../db/index.js';
import { processedWebhookEvents } from '../db/schema.js';
import {
  retrieveInvoice,
  retrieveQuote,
  StripeWebhookError,
  verifyWebhookEvent,
  type StripeWebhookEvent,
} from '../stripe/index.js';
import { handleInvoiceChanged } from '../webhooks/invoice-changed.js';
import { dispatchQuoteAccepted } from '../webhooks/quote-accepted-dispatch.js';
import { handleQuoteCanceled } from '../webhooks/quote-canceled.js';

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

const quoteId = (event: StripeWebhookEvent) => (event.subject.kind === 'quote' ? event.subject.quote.id : undefined);
const invoiceId = (event: StripeWebhookEvent) =>
  event.subject.kind === 'invoice' ? event.subject.invoice.id : undefined;

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
