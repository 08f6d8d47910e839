/**
 * What the adapter hands to the rest of the portal: plain objects in our vocabulary, money in
 * integer minor units, times as Date. Stripe's own types stop in this folder.
 */
import type Stripe from 'stripe';

export interface StripeCustomer {
  id: string;
  email: string | null;
  name: string | null;
}

export interface StripeProduct {
  id: string;
  name: string;
}

/** One quote line. Stripe shows the product's name as the line's description. */
export interface StripeQuoteLine {
  description: string;
  quantity: number;
  unitAmountMinor: number;
}

export const QUOTE_STATUSES = ['draft', 'open', 'accepted', 'canceled'] as const;
export type StripeQuoteStatus = (typeof QUOTE_STATUSES)[number];

export interface StripeQuote {
  id: string;
  status: StripeQuoteStatus;
  /** Assigned on finalize (e.g. QT-1A2B3C4D-0001, revisions add -2, -3 …). */
  number: string | null;
  customerId: string | null;
  currency: string | null;
  amountSubtotalMinor: number;
  amountTotalMinor: number;
  expiresAt: Date;
  invoiceId: string | null;
  /** The quote this one revises, when created with `is_revision`. */
  revisionOfQuoteId: string | null;
  daysUntilDue: number | null;
  header: string | null;
  description: string | null;
  footer: string | null;
  metadata: Record<string, string>;
  finalizedAt: Date | null;
  acceptedAt: Date | null;
  canceledAt: Date | null;
  /** Null when Stripe did not include the line items in the response. */
  lines: StripeQuoteLine[] | null;
  livemode: boolean;
}

export const INVOICE_STATUSES = ['draft', 'open', 'paid', 'uncollectible', 'void'] as const;
export type StripeInvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface StripeInvoiceCustomField {
  name: string;
  value: string;
}

export interface StripeInvoice {
  id: string;
  status: StripeInvoiceStatus;
  number: string | null;
  customerId: string | null;
  /** The quote whose acceptance created this invoice. */
  quoteId: string | null;
  currency: string;
  totalMinor: number;
  amountDueMinor: number;
  amountPaidMinor: number;
  amountRemainingMinor: number;
  customFields: StripeInvoiceCustomField[];
  autoAdvance: boolean;
  hostedInvoiceUrl: string | null;
  invoicePdfUrl: string | null;
  dueDate: Date | null;
  finalizedAt: Date | null;
  paidAt: Date | null;
  voidedAt: Date | null;
  metadata: Record<string, string>;
  livemode: boolean;
}

const toDate = (seconds: number | null | undefined): Date | null =>
  seconds === null || seconds === undefined ? null : new Date(seconds * 1000);

const idOf = (value: string | { id?: string } | null | undefined): string | null =>
  value === null || value === undefined ? null : typeof value === 'string' ? value : (value.id ?? null);

function quoteStatus(status: string): StripeQuoteStatus {
  const found = QUOTE_STATUSES.find((candidate) => candidate === status);
  if (!found) throw new Error(`Stripe returned a quote status this portal does not know: ${status}`);
  return found;
}

function invoiceStatus(status: string | null): StripeInvoiceStatus {
  // A null status only appears on deleted drafts, which behave as drafts for us.
  if (status === null) return 'draft';
  const found = INVOICE_STATUSES.find((candidate) => candidate === status);
  if (!found) throw new Error(`Stripe returned an invoice status this portal does not know: ${status}`);
  return found;
}

export function toQuote(quote: Stripe.Quote): StripeQuote {
  return {
    id: quote.id,
    status: quoteStatus(quote.status),
    number: quote.number,
    customerId: idOf(quote.customer),
    currency: quote.currency,
    amountSubtotalMinor: quote.amount_subtotal,
    amountTotalMinor: quote.amount_total,
    expiresAt: new Date(quote.expires_at * 1000),
    invoiceId: idOf(quote.invoice),
    revisionOfQuoteId: quote.from_quote?.is_revision ? idOf(quote.from_quote.quote) : null,
    daysUntilDue: quote.invoice_settings.days_until_due,
    header: quote.header,
    description: quote.description,
    footer: quote.footer,
    metadata: { ...quote.metadata },
    finalizedAt: toDate(quote.status_transitions.finalized_at),
    acceptedAt: toDate(quote.status_transitions.accepted_at),
    canceledAt: toDate(quote.status_transitions.canceled_at),
    lines: quote.line_items
      ? quote.line_items.data.map((item) => ({
          description: item.description ?? '',
          quantity: item.quantity ?? 0,
          unitAmountMinor: item.price?.unit_amount ?? 0,
        }))
      : null,
    livemode: quote.livemode,
  };
}

export function toInvoice(invoice: Stripe.Invoice): StripeInvoice {
  return {
    id: invoice.id,
    status: invoiceStatus(invoice.status),
    number: invoice.number,
    customerId: idOf(invoice.customer),
    quoteId: idOf(invoice.parent?.quote_details?.quote),
    currency: invoice.currency,
    totalMinor: invoice.total,
    amountDueMinor: invoice.amount_due,
    amountPaidMinor: invoice.amount_paid,
    amountRemainingMinor: invoice.amount_remaining,
    customFields: (invoice.custom_fields ?? []).map((field) => ({ name: field.name, value: field.value })),
    autoAdvance: invoice.auto_advance ?? false,
    hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
    invoicePdfUrl: invoice.invoice_pdf ?? null,
    dueDate: toDate(invoice.due_date),
    finalizedAt: toDate(invoice.status_transitions.finalized_at),
    paidAt: toDate(invoice.status_transitions.paid_at),
    voidedAt: toDate(invoice.status_transitions.voided_at),
    metadata: { ...invoice.metadata },
    livemode: invoice.livemode,
  };
}
