/**
 * Quotes with Stripe's state machine: draft → open (finalize) → accepted (creates a draft invoice)
 * or canceled (cancel, a finalized revision, or expiry at `expires_at`). Open quotes only take a
 * new `expires_at`; anything else needs a revision (`from_quote[is_revision]=true`).
 */
import { RawReply, route, type HandlerContext, type Route } from '../context.js';
import { applyExpand, newestFirst, paginate } from '../lists.js';
import { account, documentMoney, issuerLines } from '../account.js';
import { renderPdf, type PdfLine } from '../pdf.js';
import { clone, newId, type Store } from '../store.js';
import {
  arr,
  bool,
  int,
  invalidRequest,
  metadataUpdate,
  obj,
  oneOf,
  rejectUnknown,
  requiredStr,
  resourceMissing,
  str,
  type FormParams,
} from '../wire.js';
import { getCustomer } from './customers.js';
import { createInvoiceFromQuote } from './invoices.js';
import { getPrice, getProduct, priceFromData, type PriceObject } from './products.js';

export function buildQuote(id: string, created: number) {
  return {
    id,
    object: 'quote' as const,
    amount_subtotal: 0,
    amount_total: 0,
    application: null,
    application_fee_amount: null,
    application_fee_percent: null,
    automatic_tax: { enabled: false, liability: null, status: null, provider: null },
    collection_method: 'charge_automatically' as 'charge_automatically' | 'send_invoice',
    computed: {
      recurring: null,
      upfront: {
        amount_subtotal: 0,
        amount_total: 0,
        total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
      },
    },
    created,
    currency: null as string | null,
    customer: null as string | null,
    default_tax_rates: [] as string[],
    description: null as string | null,
    discounts: [] as string[],
    expires_at: created + 30 * 86400,
    footer: null as string | null,
    from_quote: null as null | { is_revision: boolean; quote: string },
    header: null as string | null,
    invoice: null as string | null,
    invoice_settings: {
      days_until_due: null as number | null,
      issuer: { type: 'self' as const },
      custom_fields: null,
      description: null,
      footer: null,
    },
    livemode: false,
    metadata: {} as Record<string, string>,
    number: null as string | null,
    on_behalf_of: null,
    status: 'draft' as QuoteStatus,
    status_transitions: {
      accepted_at: null as number | null,
      canceled_at: null as number | null,
      finalized_at: null as number | null,
    },
    subscription: null,
    subscription_data: {
      description: null,
      effective_date: null,
      metadata: null,
      trial_period_days: null,
      billing_mode: { type: 'classic' as const },
    },
    subscription_schedule: null,
    test_clock: null,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    transfer_data: null,
    customer_account: null,
  };
}

export type QuoteStatus = 'draft' | 'open' | 'accepted' | 'canceled';
export type QuoteObject = ReturnType<typeof buildQuote>;

export function buildQuoteItem(id: string, price: PriceObject, description: string, quantity: number) {
  const amount = (price.unit_amount ?? 0) * quantity;
  return {
    id,
    object: 'item' as const,
    amount_discount: 0,
    amount_subtotal: amount,
    amount_tax: 0,
    amount_total: amount,
    currency: price.currency,
    description,
    price: clone(price),
    quantity,
    metadata: {} as Record<string, string> | null,
    adjustable_quantity: null,
  };
}

export type QuoteItemObject = ReturnType<typeof buildQuoteItem>;

const CREATE_PARAMS = [
  'line_items',
  'customer',
  'collection_method',
  'invoice_settings',
  'expires_at',
  'header',
  'description',
  'footer',
  'metadata',
  'from_quote',
  'expand',
] as const;

const MAX_LINE_ITEMS = 20;

export function getQuote(ctx: Pick<HandlerContext, 'store'>, id: string, param = 'id'): QuoteObject {
  const quote = ctx.store.state.quotes[id];
  if (!quote) throw resourceMissing('quote', id, param);
  return quote;
}

function nullable(value: string | undefined, current: string | null): string | null {
  if (value === undefined) return current;
  return value === '' ? null : value;
}

function futureTimestamp(ctx: HandlerContext, value: number | undefined, param: string): number | undefined {
  if (value === undefined) return undefined;
  if (value <= ctx.store.now()) throw invalidRequest(`The \`${param}\` timestamp must be in the future.`, param);
  if (value > ctx.store.now() + 5 * 365 * 86400) {
    throw invalidRequest(`The \`${param}\` timestamp must be within the next 5 years.`, param);
  }
  return value;
}

function parseLineItems(ctx: HandlerContext, quote: QuoteObject, value: FormParams[string]): QuoteItemObject[] {
  const list = arr(value, 'line_items') ?? [];
  if (list.length > MAX_LINE_ITEMS)
    throw invalidRequest(`A quote can have at most ${MAX_LINE_ITEMS} line items.`, 'line_items');
  const existing = ctx.store.state.quoteItems[quote.id] ?? [];
  return list.map((raw, index) => {
    const param = `line_items[${index}]`;
    const item = obj(raw, param) ?? {};
    rejectUnknown(item, ['id', 'price', 'price_data', 'quantity']);
    const quantity = int(item.quantity, `${param}[quantity]`, 0);
    const keepId = str(item.id, `${param}[id]`);
    if (keepId) {
      const kept = existing.find((line) => line.id === keepId);
      if (!kept) throw resourceMissing('line item', keepId, `${param}[id]`);
      return quantity === undefined ? kept : buildQuoteItem(kept.id, kept.price, kept.description, quantity);
    }
    const priceId = str(item.price, `${param}[price]`);
    if (priceId && item.price_data !== undefined) {
      throw invalidRequest('You may only specify one of these parameters: price, price_data.', `${param}[price]`);
    }
    const price = priceId
      ? getPrice(ctx, priceId, `${param}[price]`)
      : priceFromData(ctx, item.price_data, `${param}[price_data]`);
    const product = getProduct(ctx, price.product);
    return buildQuoteItem(newId('li'), price, product.name, quantity ?? 1);
  });
}

/** Applies create/update parameters to a draft quote and recomputes its totals. */
function applyDraftParams(ctx: HandlerContext, quote: QuoteObject): void {
  const p = ctx.params;
  const customerId = str(p.customer, 'customer');
  if (customerId !== undefined) quote.customer = customerId === '' ? null : getCustomer(ctx, customerId, 'customer').id;
  quote.collection_method =
    oneOf(p.collection_method, 'collection_method', ['charge_automatically', 'send_invoice'] as const) ??
    quote.collection_method;
  const settings = obj(p.invoice_settings, 'invoice_settings');
  if (settings) {
    rejectUnknown(settings, ['days_until_due']);
    const days = int(settings.days_until_due, 'invoice_settings[days_until_due]', 0);
    if (days !== undefined) {
      if (days > 730)
        throw invalidRequest('This value must be less than or equal to 730.', 'invoice_settings[days_until_due]');
      quote.invoice_settings.days_until_due = days;
    }
  }
  if (quote.collection_method === 'send_invoice' && quote.invoice_settings.days_until_due === null) {
    throw invalidRequest(
      'When `collection_method` is `send_invoice`, `invoice_settings[days_until_due]` is required.',
      'invoice_settings[days_until_due]',
      'parameter_missing',
    );
  }
  if (quote.collection_method === 'charge_automatically' && quote.invoice_settings.days_until_due !== null) {
    throw invalidRequest(
      '`invoice_settings[days_until_due]` can only be set when `collection_method` is `send_invoice`.',
      'invoice_settings[days_until_due]',
    );
  }
  quote.expires_at = futureTimestamp(ctx, int(p.expires_at, 'expires_at'), 'expires_at') ?? quote.expires_at;
  quote.header = nullable(str(p.header, 'header', 50), quote.header);
  quote.description = nullable(str(p.description, 'description', 500), quote.description);
  quote.footer = nullable(str(p.footer, 'footer', 500), quote.footer);
  quote.metadata = metadataUpdate(quote.metadata, p.metadata);
  if (p.line_items !== undefined) ctx.store.state.quoteItems[quote.id] = parseLineItems(ctx, quote, p.line_items);
  recompute(ctx.store, quote);
}

function recompute(store: Store, quote: QuoteObject): void {
  const items = store.state.quoteItems[quote.id] ?? [];
  const currencies = new Set(items.map((item) => item.currency));
  if (currencies.size > 1) throw invalidRequest('All prices on a quote must have the same currency.', 'line_items');
  const total = items.reduce((sum, item) => sum + item.amount_total, 0);
  quote.currency = items[0]?.currency ?? quote.currency;
  quote.amount_subtotal = total;
  quote.amount_total = total;
  quote.computed.upfront.amount_subtotal = total;
  quote.computed.upfront.amount_total = total;
}

function refuseStatus(quote: QuoteObject, action: string): never {
  throw invalidRequest(`This quote cannot be ${action} because it has a status of \`${quote.status}\`.`);
}

function cancel(ctx: Pick<HandlerContext, 'store' | 'emit'>, quote: QuoteObject, at: number): void {
  quote.status = 'canceled';
  quote.status_transitions.canceled_at = at;
  ctx.emit('quote.canceled', quote);
}

/** Cancels draft and open quotes whose `expires_at` has passed, as Stripe does. */
export function expireQuotes(ctx: Pick<HandlerContext, 'store' | 'emit'>): number {
  let count = 0;
  const now = ctx.store.now();
  for (const quote of Object.values(ctx.store.state.quotes)) {
    if ((quote.status === 'draft' || quote.status === 'open') && quote.expires_at <= now) {
      const meta = ctx.store.state.quoteMeta[quote.id];
      if (meta) meta.expired = true;
      cancel(ctx, quote, quote.expires_at);
      count += 1;
    }
  }
  return count;
}

function assignNumber(store: Store, quote: QuoteObject): string {
  const meta = store.state.quoteMeta[quote.id] ?? { rootId: quote.id, revision: 1, expired: false };
  const root = store.state.quotes[meta.rootId];
  if (meta.revision > 1 && root?.number) return `${root.number}-${meta.revision}`;
  store.state.counters.quoteNumber += 1;
  const prefix = quote.customer ? (store.state.customers[quote.customer]?.invoice_prefix ?? 'EMU') : 'EMU';
  return `QT-${prefix}-${String(store.state.counters.quoteNumber).padStart(4, '0')}`;
}

function createQuote(ctx: HandlerContext): QuoteObject {
  rejectUnknown(ctx.params, CREATE_PARAMS);
  const { state } = ctx.store;
  const quote = buildQuote(newId('qt'), ctx.store.now());
  state.quoteMeta[quote.id] = { rootId: quote.id, revision: 1, expired: false };
  const from = obj(ctx.params.from_quote, 'from_quote');
  if (from) {
    rejectUnknown(from, ['quote', 'is_revision']);
    const source = getQuote(ctx, requiredStr(from.quote, 'from_quote[quote]'), 'from_quote[quote]');
    const isRevision = bool(from.is_revision, 'from_quote[is_revision]') ?? false;
    if (isRevision && source.status !== 'open') {
      throw invalidRequest(
        `Only open quotes can be revised; quote ${source.id} has a status of \`${source.status}\`.`,
        'from_quote[quote]',
      );
    }
    quote.customer = source.customer;
    quote.collection_method = source.collection_method;
    quote.invoice_settings.days_until_due = source.invoice_settings.days_until_due;
    quote.header = source.header;
    quote.description = source.description;
    quote.footer = source.footer;
    quote.metadata = { ...source.metadata };
    quote.from_quote = { is_revision: isRevision, quote: source.id };
    state.quoteItems[quote.id] = (state.quoteItems[source.id] ?? []).map((item) => ({
      ...clone(item),
      id: newId('li'),
    }));
    if (isRevision) {
      const sourceMeta = state.quoteMeta[source.id] ?? { rootId: source.id, revision: 1, expired: false };
      const revisions = Object.values(state.quoteMeta).filter((meta) => meta.rootId === sourceMeta.rootId);
      const highest = Math.max(...revisions.map((meta) => meta.revision), sourceMeta.revision);
      state.quoteMeta[quote.id] = { rootId: sourceMeta.rootId, revision: highest + 1, expired: false };
    }
  }
  state.quotes[quote.id] = quote;
  try {
    applyDraftParams(ctx, quote);
  } catch (error) {
    delete state.quotes[quote.id];
    delete state.quoteItems[quote.id];
    delete state.quoteMeta[quote.id];
    throw error;
  }
  ctx.emit('quote.created', quote);
  return quote;
}

function updateQuote(ctx: HandlerContext, id: string): QuoteObject {
  rejectUnknown(
    ctx.params,
    CREATE_PARAMS.filter((key) => key !== 'from_quote'),
  );
  const quote = getQuote(ctx, id);
  if (quote.status === 'open') {
    const changed = Object.keys(ctx.params).filter((key) => !['expires_at', 'metadata', 'expand'].includes(key));
    if (changed.length > 0) {
      throw invalidRequest(
        `You can only update \`expires_at\` or \`metadata\` on an open quote (received ${changed.join(', ')}). ` +
          'To change anything else, revise the quote with `from_quote[is_revision]=true`.',
        changed[0],
      );
    }
    quote.expires_at = futureTimestamp(ctx, int(ctx.params.expires_at, 'expires_at'), 'expires_at') ?? quote.expires_at;
    quote.metadata = metadataUpdate(quote.metadata, ctx.params.metadata);
    return quote;
  }
  if (quote.status !== 'draft') refuseStatus(quote, 'updated');
  const before = clone(quote);
  const beforeItems = clone(ctx.store.state.quoteItems[quote.id] ?? []);
  try {
    applyDraftParams(ctx, quote);
  } catch (error) {
    Object.assign(quote, before);
    ctx.store.state.quoteItems[quote.id] = beforeItems;
    throw error;
  }
  return quote;
}

function finalizeQuote(ctx: HandlerContext, id: string): QuoteObject {
  rejectUnknown(ctx.params, ['expires_at', 'expand']);
  const quote = getQuote(ctx, id);
  if (quote.status !== 'draft') refuseStatus(quote, 'finalized');
  if (!quote.customer) {
    throw invalidRequest('A quote must have a `customer` before it can be finalized.', 'customer', 'parameter_missing');
  }
  if ((ctx.store.state.quoteItems[quote.id] ?? []).length === 0) {
    throw invalidRequest('A quote must have at least one line item before it can be finalized.', 'line_items');
  }
  const now = ctx.store.now();
  quote.expires_at = futureTimestamp(ctx, int(ctx.params.expires_at, 'expires_at'), 'expires_at') ?? quote.expires_at;
  quote.number = assignNumber(ctx.store, quote);
  quote.status = 'open';
  quote.status_transitions.finalized_at = now;
  if (quote.from_quote?.is_revision) {
    const previous = ctx.store.state.quotes[quote.from_quote.quote];
    if (previous && (previous.status === 'open' || previous.status === 'draft')) cancel(ctx, previous, now);
  }
  ctx.emit('quote.finalized', quote);
  return quote;
}

function acceptQuote(ctx: HandlerContext, id: string): QuoteObject {
  rejectUnknown(ctx.params, ['expand']);
  const quote = getQuote(ctx, id);
  if (quote.status === 'canceled' && ctx.store.state.quoteMeta[quote.id]?.expired) {
    throw invalidRequest('This quote has expired and can no longer be accepted.');
  }
  if (quote.status === 'accepted') throw invalidRequest('This quote has already been accepted.');
  if (quote.status !== 'open') refuseStatus(quote, 'accepted');
  const invoice = createInvoiceFromQuote(ctx, quote, ctx.store.state.quoteItems[quote.id] ?? []);
  quote.status = 'accepted';
  quote.status_transitions.accepted_at = ctx.store.now();
  quote.invoice = invoice.id;
  ctx.emit('quote.accepted', quote);
  return quote;
}

function cancelQuote(ctx: HandlerContext, id: string): QuoteObject {
  rejectUnknown(ctx.params, ['expand']);
  const quote = getQuote(ctx, id);
  if (quote.status === 'canceled') throw invalidRequest('This quote has already been canceled.');
  if (quote.status === 'accepted') refuseStatus(quote, 'canceled');
  cancel(ctx, quote, ctx.store.now());
  return quote;
}

function quotePdf(ctx: HandlerContext, id: string): RawReply {
  const quote = getQuote(ctx, id);
  if (quote.status === 'draft') {
    throw invalidRequest('This quote has a status of `draft`; its PDF is only available once it is finalized.');
  }
  const items = ctx.store.state.quoteItems[quote.id] ?? [];
  const customer = quote.customer ? ctx.store.state.customers[quote.customer] : undefined;
  const money = (amount: number) => documentMoney(amount, quote.currency);
  const day = (seconds: number) => new Date(seconds * 1000).toISOString().slice(0, 10);
  // Laid out as Stripe's quote PDF: issuer, customer, lines, total, the quote's own text, expiry.
  const lines: PdfLine[] = [
    { text: account.businessName, bold: true, size: 14 },
    ...issuerLines(),
    { text: `Quote ${quote.number ?? quote.id}`, bold: true, size: 16, gapBefore: 12 },
    ...(quote.header ? [quote.header] : []),
    `Valid until: ${day(quote.expires_at)}`,
    { text: 'Quote to', bold: true, gapBefore: 8 },
    customer?.name ?? '',
    ...(customer?.email ? [customer.email] : []),
    { text: 'Items', bold: true, gapBefore: 8 },
    ...items.map(
      (item) =>
        `${item.quantity} × ${item.description} at ${money(item.price.unit_amount ?? 0)}: ${money(item.amount_total)}`,
    ),
    { text: `Total: ${money(quote.amount_total)}`, bold: true, gapBefore: 4 },
    ...(quote.description ? [{ text: 'Terms', bold: true, gapBefore: 8 }, quote.description] : []),
    ...(quote.footer ? [{ text: quote.footer, gapBefore: 8 }] : []),
    { text: `This quote expires on ${day(quote.expires_at)}.`, gapBefore: 8 },
  ];
  return new RawReply('application/pdf', renderPdf(lines));
}

export const quoteRoutes: Route[] = [
  route('POST', '/v1/quotes', (ctx) => applyExpand(ctx, createQuote(ctx))),
  route('GET', '/v1/quotes', (ctx) => {
    const customer = str(ctx.params.customer, 'customer');
    const status = str(ctx.params.status, 'status');
    const all = newestFirst(ctx.store.state.quotes).filter(
      (quote) =>
        (customer === undefined || quote.customer === customer) && (status === undefined || quote.status === status),
    );
    return applyExpand(ctx, paginate(all, ctx.params, '/v1/quotes'));
  }),
  route('GET', '/v1/quotes/:id', (ctx, id) => applyExpand(ctx, getQuote(ctx, id))),
  route('POST', '/v1/quotes/:id', (ctx, id) => applyExpand(ctx, updateQuote(ctx, id))),
  route('POST', '/v1/quotes/:id/finalize', (ctx, id) => applyExpand(ctx, finalizeQuote(ctx, id))),
  route('POST', '/v1/quotes/:id/accept', (ctx, id) => applyExpand(ctx, acceptQuote(ctx, id))),
  route('POST', '/v1/quotes/:id/cancel', (ctx, id) => applyExpand(ctx, cancelQuote(ctx, id))),
  route('GET', '/v1/quotes/:id/line_items', (ctx, id) => {
    getQuote(ctx, id);
    const items = ctx.store.state.quoteItems[id] ?? [];
    return applyExpand(ctx, paginate(items, ctx.params, `/v1/quotes/${id}/line_items`));
  }),
  route('GET', '/v1/quotes/:id/pdf', quotePdf),
];
