/**
 * Quotes: create (send_invoice, days until due, expiry, header/description/footer, our ids in
 * metadata), finalize, revise (`from_quote` with `is_revision`), cancel, retrieve, PDF, accept.
 * Every response includes the line items so callers never need a second read.
 */
import { Readable } from 'node:stream';
import type Stripe from 'stripe';
import { site } from '../../domain/site.js';
import { callStripe } from './call.js';
import { invalid } from './errors.js';
import { digest, idempotencyKeys } from './keys.js';
import { createProduct } from './products.js';
import { toQuote, type StripeProduct, type StripeQuote, type StripeQuoteLine } from './types.js';

const EXPAND = ['line_items'];
const MAX_LINES = 20;

export interface QuoteTextOptions {
  /** At most 50 characters. */
  header?: string;
  /** At most 500 characters. */
  description?: string;
  /** At most 500 characters. */
  footer?: string;
}

export interface CreateQuoteOptions extends QuoteTextOptions {
  /** Our quote revision id: the idempotency key and `metadata.revision_id`. */
  revisionId: string;
  customerId: string;
  /** The part's product; a line whose description is another text gets its own product under it. */
  product: StripeProduct;
  lines: StripeQuoteLine[];
  expiresAt: Date;
  /** Payment terms; default the shop's. */
  daysUntilDue?: number;
  metadata?: Record<string, string>;
  idempotencyKey?: string;
}

function checkText(operation: string, options: QuoteTextOptions): void {
  if (options.header !== undefined && options.header.length > 50) {
    throw invalid(operation, 'header must be at most 50 characters', 'header');
  }
  if (options.description !== undefined && options.description.length > 500) {
    throw invalid(operation, 'description must be at most 500 characters', 'description');
  }
  if (options.footer !== undefined && options.footer.length > 500) {
    throw invalid(operation, 'footer must be at most 500 characters', 'footer');
  }
}

function checkLines(operation: string, lines: StripeQuoteLine[]): void {
  if (lines.length === 0 || lines.length > MAX_LINES)
    throw invalid(operation, `a quote needs 1 to ${MAX_LINES} lines`, 'lines');
  lines.forEach((line, index) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw invalid(
        operation,
        `line ${index + 1}: quantity must be a whole number of at least 1`,
        `lines[${index}].quantity`,
      );
    }
    if (!Number.isInteger(line.unitAmountMinor) || line.unitAmountMinor < 0) {
      throw invalid(
        operation,
        `line ${index + 1}: unitAmountMinor must be a whole number of minor units, 0 or more`,
        `lines[${index}].unitAmountMinor`,
      );
    }
    if (line.description.trim() === '')
      throw invalid(operation, `line ${index + 1}: description is empty`, `lines[${index}].description`);
  });
}

const unixSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

async function lineItems(
  product: StripeProduct,
  lines: StripeQuoteLine[],
): Promise<Stripe.QuoteCreateParams.LineItem[]> {
  const items: Stripe.QuoteCreateParams.LineItem[] = [];
  for (const line of lines) {
    const productId =
      line.description === product.name
        ? product.id
        : (
            await createProduct({
              partId: `${product.id}:${digest(line.description, 16)}`,
              name: line.description,
              metadata: { part_product: product.id },
              idempotencyKey: idempotencyKeys.lineProduct(product.id, line.description),
            })
          ).id;
    items.push({
      price_data: { currency: site.currency, product: productId, unit_amount: line.unitAmountMinor },
      quantity: line.quantity,
    });
  }
  return items;
}

const text = (options: QuoteTextOptions) => ({
  ...(options.header !== undefined ? { header: options.header } : {}),
  ...(options.description !== undefined ? { description: options.description } : {}),
  ...(options.footer !== undefined ? { footer: options.footer } : {}),
});

/** Creates a draft quote; `finalizeQuote` issues it. */
export async function createQuote(options: CreateQuoteOptions): Promise<StripeQuote> {
  const operation = 'createQuote';
  checkText(operation, options);
  checkLines(operation, options.lines);
  const line_items = await lineItems(options.product, options.lines);
  const quote = await callStripe(operation, true, (stripe) =>
    stripe.quotes.create(
      {
        customer: options.customerId,
        line_items,
        collection_method: 'send_invoice',
        invoice_settings: { days_until_due: options.daysUntilDue ?? site.defaultPaymentTermsDays },
        expires_at: unixSeconds(options.expiresAt),
        ...text(options),
        metadata: { ...options.metadata, revision_id: options.revisionId },
        expand: EXPAND,
      },
      { idempotencyKey: options.idempotencyKey ?? idempotencyKeys.quoteCreate(options.revisionId) },
    ),
  );
  return toQuote(quote);
}

export interface FinalizeQuoteOptions {
  quoteId: string;
  /** A new expiry, set as the quote is issued. */
  expiresAt?: Date;
  idempotencyKey?: string;
}

/** Draft → open: Stripe assigns the number and the quote can be accepted. */
export async function finalizeQuote(options: FinalizeQuoteOptions): Promise<StripeQuote> {
  const quote = await callStripe('finalizeQuote', true, (stripe) =>
    stripe.quotes.finalizeQuote(
      options.quoteId,
      { ...(options.expiresAt ? { expires_at: unixSeconds(options.expiresAt) } : {}), expand: EXPAND },
      { idempotencyKey: options.idempotencyKey ?? idempotencyKeys.quoteFinalize(options.quoteId) },
    ),
  );
  return toQuote(quote);
}

export interface ReviseQuoteOptions extends QuoteTextOptions {
  /** The open quote being revised. */
  fromQuoteId: string;
  /** Our id for the new revision. */
  revisionId: string;
  /** New lines; omit to keep the previous revision's. Needs `product`. */
  lines?: StripeQuoteLine[];
  product?: StripeProduct;
  expiresAt?: Date;
  metadata?: Record<string, string>;
  idempotencyKey?: string;
}

/**
 * Creates the next revision as a draft (`from_quote` with `is_revision`). Finalizing it makes it
 * open and Stripe cancels the revision it replaces.
 */
export async function reviseStripeQuote(options: ReviseQuoteOptions): Promise<StripeQuote> {
  const operation = 'reviseStripeQuote';
  checkText(operation, options);
  if (options.lines && !options.product) throw invalid(operation, 'new lines need the part product', 'product');
  if (options.lines) checkLines(operation, options.lines);
  const line_items = options.lines && options.product ? await lineItems(options.product, options.lines) : undefined;
  const quote = await callStripe(operation, true, (stripe) =>
    stripe.quotes.create(
      {
        from_quote: { quote: options.fromQuoteId, is_revision: true },
        ...(line_items ? { line_items } : {}),
        ...(options.expiresAt ? { expires_at: unixSeconds(options.expiresAt) } : {}),
        ...text(options),
        metadata: { ...options.metadata, revision_id: options.revisionId },
        expand: EXPAND,
      },
      { idempotencyKey: options.idempotencyKey ?? idempotencyKeys.quoteRevise(options.revisionId) },
    ),
  );
  return toQuote(quote);
}

export interface CancelQuoteOptions {
  quoteId: string;
  idempotencyKey?: string;
}

export async function cancelStripeQuote(options: CancelQuoteOptions): Promise<StripeQuote> {
  const quote = await callStripe('cancelStripeQuote', true, (stripe) =>
    stripe.quotes.cancel(
      options.quoteId,
      { expand: EXPAND },
      { idempotencyKey: options.idempotencyKey ?? idempotencyKeys.quoteCancel(options.quoteId) },
    ),
  );
  return toQuote(quote);
}

export interface RetrieveQuoteOptions {
  quoteId: string;
}

export async function retrieveQuote(options: RetrieveQuoteOptions): Promise<StripeQuote> {
  const quote = await callStripe('retrieveQuote', false, (stripe) =>
    stripe.quotes.retrieve(options.quoteId, { expand: EXPAND }),
  );
  return toQuote(quote);
}

export interface AcceptQuoteOptions {
  quoteId: string;
  /** Our revision id: one revision, one accept, one invoice. */
  revisionId: string;
  idempotencyKey?: string;
}

/**
 * Open → accepted: Stripe creates the invoice as a draft (`auto_advance: false`), returned as
 * `invoiceId`. Only the purchasing release use case calls this.
 */
export async function acceptStripeQuote(options: AcceptQuoteOptions): Promise<StripeQuote> {
  const quote = await callStripe('acceptStripeQuote', true, (stripe) =>
    stripe.quotes.accept(
      options.quoteId,
      { expand: EXPAND },
      { idempotencyKey: options.idempotencyKey ?? idempotencyKeys.quoteAccept(options.revisionId) },
    ),
  );
  return toQuote(quote);
}

export interface StreamQuotePdfOptions {
  quoteId: string;
}

export interface QuotePdf {
  contentType: 'application/pdf';
  stream: Readable;
}

/** The finalized quote's PDF as a stream, to pipe to the response without buffering. */
export async function streamQuotePdf(options: StreamQuotePdfOptions): Promise<QuotePdf> {
  const stream = await callStripe('streamQuotePdf', false, (stripe) => stripe.quotes.pdf(options.quoteId));
  return { contentType: 'application/pdf', stream: Readable.from(stream) };
}
