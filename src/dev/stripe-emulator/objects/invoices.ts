/**
 * Invoices: a draft comes from accepting a quote (`auto_advance: false`), then update (custom
 * fields), finalize (number, due date, hosted page), send, pay and void. Once finalized, only
 * non-monetary fields may change; paid and void invoices only take metadata.
 */
import { route, type HandlerContext, type Route } from '../context.js';
import { applyExpand, newestFirst, paginate } from '../lists.js';
import { clone, newId } from '../store.js';
import { arr, bool, int, invalidRequest, metadataUpdate, obj, rejectUnknown, resourceMissing, str } from '../wire.js';
import { getCustomer, previousAttributes } from './customers.js';
import type { QuoteItemObject, QuoteObject } from './quotes.js';

export type InvoiceStatus = 'draft' | 'open' | 'paid' | 'uncollectible' | 'void';

export function buildInvoiceLine(id: string, invoiceId: string, item: QuoteItemObject, at: number) {
  return {
    id,
    object: 'line_item' as const,
    amount: item.amount_total,
    currency: item.currency,
    description: item.description,
    discount_amounts: [] as unknown[],
    discountable: true,
    discounts: [] as string[],
    invoice: invoiceId,
    livemode: false,
    metadata: {} as Record<string, string>,
    period: { end: at, start: at },
    quantity: item.quantity as number | null,
    subscription: null,
    pretax_credit_amounts: [] as unknown[],
    taxes: [] as unknown[],
    parent: {
      invoice_item_details: {
        invoice_item: newId('ii'),
        proration: false,
        proration_details: { credited_items: null },
        subscription: null,
      },
      subscription_item_details: null,
      type: 'invoice_item_details' as const,
    },
    pricing: {
      type: 'price_details' as const,
      price_details: { price: item.price.id, product: item.price.product },
      unit_amount_decimal: item.price.unit_amount_decimal,
    },
    subtotal: item.amount_subtotal,
    quantity_decimal: String(item.quantity) as string | null,
  };
}

export type InvoiceLineObject = ReturnType<typeof buildInvoiceLine>;

export function buildInvoice(id: string, created: number) {
  return {
    id,
    object: 'invoice' as const,
    account_country: 'DE',
    account_name: 'Stripe emulator' as string | null,
    account_tax_ids: null,
    amount_due: 0,
    amount_paid: 0,
    amount_remaining: 0,
    amount_shipping: 0,
    application: null,
    attempt_count: 0,
    attempted: false,
    auto_advance: false,
    automatic_tax: { enabled: false, liability: null, status: null, disabled_reason: null, provider: null },
    billing_reason: 'manual' as string | null,
    collection_method: 'send_invoice' as 'send_invoice' | 'charge_automatically',
    created,
    currency: 'eur',
    custom_fields: null as Array<{ name: string; value: string }> | null,
    customer: '' as string,
    customer_address: null,
    customer_email: null as string | null,
    customer_name: null as string | null,
    customer_phone: null as string | null,
    customer_shipping: null,
    customer_tax_exempt: 'none' as const,
    customer_tax_ids: [] as unknown[],
    default_payment_method: null,
    default_source: null,
    default_tax_rates: [] as unknown[],
    description: null as string | null,
    discounts: [] as string[],
    due_date: null as number | null,
    effective_at: null as number | null,
    ending_balance: null as number | null,
    footer: null as string | null,
    from_invoice: null,
    hosted_invoice_url: null as string | null,
    invoice_pdf: null as string | null,
    issuer: { type: 'self' as const },
    last_finalization_error: null,
    latest_revision: null,
    lines: {
      object: 'list' as const,
      data: [] as InvoiceLineObject[],
      has_more: false,
      url: `/v1/invoices/${id}/lines`,
    },
    livemode: false,
    metadata: {} as Record<string, string>,
    next_payment_attempt: null as number | null,
    number: null as string | null,
    on_behalf_of: null,
    payment_settings: { default_mandate: null, payment_method_options: null, payment_method_types: null },
    period_end: created,
    period_start: created,
    post_payment_credit_notes_amount: 0,
    pre_payment_credit_notes_amount: 0,
    receipt_number: null,
    rendering: null,
    shipping_cost: null,
    shipping_details: null,
    starting_balance: 0,
    statement_descriptor: null,
    status: 'draft' as InvoiceStatus,
    status_transitions: {
      finalized_at: null as number | null,
      marked_uncollectible_at: null as number | null,
      paid_at: null as number | null,
      voided_at: null as number | null,
    },
    subscription: null,
    subtotal: 0,
    subtotal_excluding_tax: 0 as number | null,
    test_clock: null,
    total: 0,
    total_discount_amounts: [] as unknown[],
    total_excluding_tax: 0 as number | null,
    webhooks_delivered_at: null as number | null,
    automatically_finalizes_at: null as number | null,
    total_pretax_credit_amounts: [] as unknown[],
    total_taxes: [] as unknown[],
    amount_overpaid: 0,
    parent: null as null | {
      quote_details: { quote: string };
      subscription_details: null;
      type: 'quote_details';
    },
    customer_account: null,
  };
}

export type InvoiceObject = ReturnType<typeof buildInvoice>;

/** Accepting a quote: a draft invoice that waits for us (`auto_advance: false`). */
export function createInvoiceFromQuote(
  ctx: HandlerContext,
  quote: QuoteObject,
  items: QuoteItemObject[],
): InvoiceObject {
  const now = ctx.store.now();
  const customer = getCustomer(ctx, quote.customer ?? '', 'customer');
  const invoice = buildInvoice(newId('in'), now);
  invoice.customer = customer.id;
  invoice.customer_email = customer.email;
  invoice.customer_name = customer.name;
  invoice.customer_phone = customer.phone;
  invoice.currency = quote.currency ?? 'eur';
  invoice.collection_method = quote.collection_method;
  invoice.description = quote.description;
  invoice.footer = quote.footer;
  invoice.billing_reason = 'quote_accept';
  invoice.parent = { quote_details: { quote: quote.id }, subscription_details: null, type: 'quote_details' };
  invoice.lines.data = items.map((item) => buildInvoiceLine(newId('il'), invoice.id, item, now));
  const total = items.reduce((sum, item) => sum + item.amount_total, 0);
  invoice.subtotal = total;
  invoice.subtotal_excluding_tax = total;
  invoice.total = total;
  invoice.total_excluding_tax = total;
  invoice.amount_due = total;
  invoice.amount_remaining = total;
  ctx.store.state.invoices[invoice.id] = invoice;
  ctx.store.state.invoiceTerms[invoice.id] = quote.invoice_settings.days_until_due;
  ctx.emit('invoice.created', invoice);
  return invoice;
}

export function getInvoice(ctx: Pick<HandlerContext, 'store'>, id: string, param = 'id'): InvoiceObject {
  const invoice = ctx.store.state.invoices[id];
  if (!invoice) throw resourceMissing('invoice', id, param);
  return invoice;
}

const UPDATE_PARAMS = [
  'custom_fields',
  'description',
  'footer',
  'metadata',
  'auto_advance',
  'days_until_due',
  'due_date',
  'collection_method',
  'expand',
] as const;
/** Stripe lets a finalized invoice change its presentation, never its money or terms. */
const EDITABLE_WHEN_OPEN = ['custom_fields', 'description', 'footer', 'metadata', 'auto_advance', 'expand'];
const EDITABLE_WHEN_CLOSED = ['metadata', 'expand'];

function parseCustomFields(value: Parameters<typeof arr>[0]): Array<{ name: string; value: string }> | null {
  const list = arr(value, 'custom_fields');
  if (list === undefined || list.length === 0) return null;
  if (list.length > 4) throw invalidRequest('You can have at most 4 custom fields.', 'custom_fields');
  return list.map((raw, index) => {
    const field = obj(raw, `custom_fields[${index}]`) ?? {};
    rejectUnknown(field, ['name', 'value']);
    const name = str(field.name, `custom_fields[${index}][name]`, 40);
    const fieldValue = str(field.value, `custom_fields[${index}][value]`, 140);
    if (!name)
      throw invalidRequest(
        `Missing required param: custom_fields[${index}][name].`,
        `custom_fields[${index}][name]`,
        'parameter_missing',
      );
    if (!fieldValue) {
      throw invalidRequest(
        `Missing required param: custom_fields[${index}][value].`,
        `custom_fields[${index}][value]`,
        'parameter_missing',
      );
    }
    return { name, value: fieldValue };
  });
}

function updateInvoice(ctx: HandlerContext, id: string): InvoiceObject {
  rejectUnknown(ctx.params, UPDATE_PARAMS);
  const invoice = getInvoice(ctx, id);
  const allowed =
    invoice.status === 'draft' ? UPDATE_PARAMS : invoice.status === 'open' ? EDITABLE_WHEN_OPEN : EDITABLE_WHEN_CLOSED;
  const refused = Object.keys(ctx.params).filter((key) => !(allowed as readonly string[]).includes(key));
  if (refused.length > 0) {
    throw invalidRequest(
      `This invoice has a status of \`${invoice.status}\` and is no longer editable: \`${refused.join('`, `')}\` can only be changed while the invoice is a draft.`,
      refused[0],
      'invoice_not_editable',
    );
  }
  const before = clone(invoice);
  const termsBefore = ctx.store.state.invoiceTerms[invoice.id] ?? null;
  try {
    applyInvoiceUpdate(ctx, invoice);
  } catch (error) {
    Object.assign(invoice, before);
    ctx.store.state.invoiceTerms[invoice.id] = termsBefore;
    throw error;
  }
  const previous = previousAttributes(before, invoice);
  if (Object.keys(previous).length > 0) ctx.emit('invoice.updated', invoice, previous);
  return invoice;
}

function applyInvoiceUpdate(ctx: HandlerContext, invoice: InvoiceObject): void {
  const p = ctx.params;
  if (p.custom_fields !== undefined) invoice.custom_fields = parseCustomFields(p.custom_fields);
  const description = str(p.description, 'description', 1500);
  if (description !== undefined) invoice.description = description === '' ? null : description;
  const footer = str(p.footer, 'footer', 5000);
  if (footer !== undefined) invoice.footer = footer === '' ? null : footer;
  invoice.auto_advance = bool(p.auto_advance, 'auto_advance') ?? invoice.auto_advance;
  const days = int(p.days_until_due, 'days_until_due', 0);
  if (days !== undefined) ctx.store.state.invoiceTerms[invoice.id] = days;
  const due = int(p.due_date, 'due_date');
  if (due !== undefined) invoice.due_date = due;
  const method = str(p.collection_method, 'collection_method');
  if (method === 'send_invoice' || method === 'charge_automatically') invoice.collection_method = method;
  invoice.metadata = metadataUpdate(invoice.metadata, p.metadata);
}

function refuse(invoice: InvoiceObject, action: string, allowed: string): never {
  throw invalidRequest(
    `You can only ${action} ${allowed} invoices; this invoice has a status of \`${invoice.status}\`.`,
  );
}

function finalizeInvoice(ctx: HandlerContext, id: string): InvoiceObject {
  rejectUnknown(ctx.params, ['auto_advance', 'expand']);
  const invoice = getInvoice(ctx, id);
  if (invoice.status !== 'draft') refuse(invoice, 'finalize', 'draft');
  finalize(ctx, invoice);
  invoice.auto_advance = bool(ctx.params.auto_advance, 'auto_advance') ?? invoice.auto_advance;
  return invoice;
}

/** Draft → open: number, due date from the quote's terms, hosted page. Validates before changing. */
function finalize(ctx: HandlerContext, invoice: InvoiceObject): void {
  const customer = ctx.store.state.customers[invoice.customer];
  if (!customer) throw invalidRequest('An invoice must have a customer before it can be finalized.', 'customer');
  if (invoice.collection_method === 'send_invoice' && !customer.email) {
    throw invalidRequest(
      'The customer must have an email address to finalize an invoice with `collection_method=send_invoice`.',
      'customer',
    );
  }
  const now = ctx.store.now();
  invoice.number = `${customer.invoice_prefix}-${String(customer.next_invoice_sequence).padStart(4, '0')}`;
  customer.next_invoice_sequence += 1;
  invoice.status = 'open';
  invoice.status_transitions.finalized_at = now;
  invoice.effective_at = now;
  invoice.ending_balance = 0;
  const days = ctx.store.state.invoiceTerms[invoice.id] ?? null;
  if (invoice.collection_method === 'send_invoice') invoice.due_date ??= now + (days ?? 30) * 86400;
  invoice.hosted_invoice_url = `${ctx.baseUrl}/_emulator/invoices/${invoice.id}`;
  invoice.invoice_pdf = `${ctx.baseUrl}/_emulator/invoices/${invoice.id}/pdf`;
  ctx.emit('invoice.finalized', invoice);
}

/**
 * As on Stripe: a draft is finalized first, an open or paid invoice is (re)sent, a void or
 * uncollectible one is refused. Test mode sends no email, only `invoice.sent`.
 */
function sendInvoice(ctx: HandlerContext, id: string): InvoiceObject {
  rejectUnknown(ctx.params, ['expand']);
  const invoice = getInvoice(ctx, id);
  if (invoice.collection_method !== 'send_invoice') {
    throw invalidRequest('You can only send invoices with `collection_method=send_invoice`.');
  }
  if (invoice.status === 'void' || invoice.status === 'uncollectible') refuse(invoice, 'send', 'draft, open or paid');
  if (invoice.status === 'draft') finalize(ctx, invoice);
  invoice.webhooks_delivered_at ??= ctx.store.now();
  ctx.emit('invoice.sent', invoice);
  return invoice;
}

/** Marks an open invoice paid (the emulator's stand-in for the customer paying on the hosted page). */
export function markInvoicePaid(ctx: Pick<HandlerContext, 'store' | 'emit'>, invoice: InvoiceObject): InvoiceObject {
  if (invoice.status !== 'open') refuse(invoice, 'pay', 'open');
  const now = ctx.store.now();
  invoice.status = 'paid';
  invoice.amount_paid = invoice.amount_due;
  invoice.amount_remaining = 0;
  invoice.attempted = true;
  invoice.attempt_count += 1;
  invoice.status_transitions.paid_at = now;
  ctx.emit('invoice.paid', invoice);
  ctx.emit('invoice.payment_succeeded', invoice);
  return invoice;
}

function voidInvoice(ctx: HandlerContext, id: string): InvoiceObject {
  rejectUnknown(ctx.params, ['expand']);
  const invoice = getInvoice(ctx, id);
  if (invoice.status !== 'open' && invoice.status !== 'uncollectible') refuse(invoice, 'void', 'open or uncollectible');
  invoice.status = 'void';
  invoice.amount_remaining = 0;
  invoice.status_transitions.voided_at = ctx.store.now();
  ctx.emit('invoice.voided', invoice);
  return invoice;
}

export const invoiceRoutes: Route[] = [
  route('GET', '/v1/invoices', (ctx) => {
    const customer = str(ctx.params.customer, 'customer');
    const status = str(ctx.params.status, 'status');
    const all = newestFirst(ctx.store.state.invoices).filter(
      (invoice) =>
        (customer === undefined || invoice.customer === customer) &&
        (status === undefined || invoice.status === status),
    );
    return applyExpand(ctx, paginate(all, ctx.params, '/v1/invoices'));
  }),
  route('GET', '/v1/invoices/:id', (ctx, id) => applyExpand(ctx, getInvoice(ctx, id))),
  route('POST', '/v1/invoices/:id', (ctx, id) => applyExpand(ctx, updateInvoice(ctx, id))),
  route('POST', '/v1/invoices/:id/finalize', (ctx, id) => applyExpand(ctx, finalizeInvoice(ctx, id))),
  route('POST', '/v1/invoices/:id/send', (ctx, id) => applyExpand(ctx, sendInvoice(ctx, id))),
  route('POST', '/v1/invoices/:id/pay', (ctx, id) => {
    rejectUnknown(ctx.params, ['paid_out_of_band', 'expand']);
    return applyExpand(ctx, markInvoicePaid(ctx, getInvoice(ctx, id)));
  }),
  route('POST', '/v1/invoices/:id/void', (ctx, id) => applyExpand(ctx, voidInvoice(ctx, id))),
  route('GET', '/v1/invoices/:id/lines', (ctx, id) => {
    const invoice = getInvoice(ctx, id);
    return applyExpand(ctx, paginate(invoice.lines.data, ctx.params, `/v1/invoices/${id}/lines`));
  }),
];
