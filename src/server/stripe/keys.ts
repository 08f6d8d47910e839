/**
 * Idempotency keys, derived from our own ids so a retry of the same step (after a timeout, a
 * crash, a double click) is the same request to Stripe. Callers may pass `idempotencyKey` to
 * override; the defaults are:
 *
 * | step | key |
 * |---|---|
 * | create customer | `customer:<sha256(lower-case email), 32 hex>` (no personal data in keys) |
 * | rename customer | `customer-name:<customerId>:<sha256(name), 16 hex>` |
 * | create product | `product:<partId>`; an extra line product: `product:<productId>:<sha256(description), 16 hex>` |
 * | create quote | `quote-create:<revisionId>` |
 * | revise quote | `quote-revise:<revisionId of the new revision>` |
 * | finalize / cancel quote | `quote-finalize:<quoteId>` / `quote-cancel:<quoteId>` |
 * | accept quote | `quote-accept:<revisionId>` |
 * | invoice custom fields | `invoice-fields:<invoiceId>:<sha256(fields), 16 hex>` |
 * | finalize / send / void invoice | `invoice-finalize:<invoiceId>` / `invoice-send:<invoiceId>` / `invoice-void:<invoiceId>` |
 *
 * Stripe keeps keys for 24 hours; past that, the database claim made before the call (see the
 * accept use case) is what prevents a second invoice.
 */
import { createHash } from 'node:crypto';

export function digest(value: string, length: number): string {
  return createHash('sha256').update(value).digest('hex').slice(0, length);
}

export const idempotencyKeys = {
  customer: (email: string) => `customer:${digest(email.trim().toLowerCase(), 32)}`,
  customerName: (customerId: string, name: string) => `customer-name:${customerId}:${digest(name, 16)}`,
  product: (partId: string) => `product:${partId}`,
  lineProduct: (productId: string, description: string) => `product:${productId}:${digest(description, 16)}`,
  quoteCreate: (revisionId: string) => `quote-create:${revisionId}`,
  quoteRevise: (revisionId: string) => `quote-revise:${revisionId}`,
  quoteFinalize: (quoteId: string) => `quote-finalize:${quoteId}`,
  quoteCancel: (quoteId: string) => `quote-cancel:${quoteId}`,
  quoteAccept: (revisionId: string) => `quote-accept:${revisionId}`,
  invoiceFields: (invoiceId: string, fields: unknown) =>
    `invoice-fields:${invoiceId}:${digest(JSON.stringify(fields), 16)}`,
  invoiceFinalize: (invoiceId: string) => `invoice-finalize:${invoiceId}`,
  invoiceSend: (invoiceId: string) => `invoice-send:${invoiceId}`,
  invoiceVoid: (invoiceId: string) => `invoice-void:${invoiceId}`,
};
