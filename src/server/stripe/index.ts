/**
 * The portal's only door to Stripe. Domain-typed functions in and out; Stripe's types stay here.
 * Every mutating call carries an idempotency key derived from our ids (see keys.ts) and every
 * failure is a StripeAdapterError with a `kind` the use case can act on (see errors.ts).
 */
export { ensureCustomer, type EnsureCustomerOptions } from './customers.js';
export { createProduct, type CreateProductOptions } from './products.js';
export {
  acceptStripeQuote,
  cancelStripeQuote,
  createQuote,
  finalizeQuote,
  retrieveQuote,
  reviseStripeQuote,
  streamQuotePdf,
  type AcceptQuoteOptions,
  type CancelQuoteOptions,
  type CreateQuoteOptions,
  type FinalizeQuoteOptions,
  type QuotePdf,
  type QuoteTextOptions,
  type RetrieveQuoteOptions,
  type ReviseQuoteOptions,
  type StreamQuotePdfOptions,
} from './quotes.js';
export {
  finalizeInvoice,
  retrieveInvoice,
  sendInvoice,
  setInvoiceCustomFields,
  voidInvoice,
  type InvoiceActionOptions,
  type RetrieveInvoiceOptions,
  type SetInvoiceCustomFieldsOptions,
} from './invoices.js';
export {
  verifyWebhookEvent,
  StripeWebhookError,
  type StripeWebhookErrorReason,
  type StripeWebhookEvent,
  type StripeWebhookSubject,
  type VerifyWebhookEventOptions,
} from './webhooks.js';
export { StripeAdapterError, type StripeAdapterErrorKind } from './errors.js';
export { idempotencyKeys } from './keys.js';
export { describeStripeTarget, setStripeAdapterOptions, type StripeAdapterOptions } from './client.js';
export type {
  StripeCustomer,
  StripeInvoice,
  StripeInvoiceCustomField,
  StripeInvoiceStatus,
  StripeProduct,
  StripeQuote,
  StripeQuoteLine,
  StripeQuoteStatus,
} from './types.js';
