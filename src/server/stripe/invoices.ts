/**
 * The invoice a quote acceptance created: custom fields (PO number, budget code), finalize, send,
 * retrieve and void.
 */
import { callStripe } from './call.js';
import { invalid } from './errors.js';
import { idempotencyKeys } from './keys.js';
import { toInvoice, type StripeInvoice, type StripeInvoiceCustomField } from './types.js';

export interface SetInvoiceCustomFieldsOptions {
  invoiceId: string;
  /** At most 4; name ≤ 40 and value ≤ 140 characters (Stripe's limits). */
  fields: StripeInvoiceCustomField[];
  metadata?: Record<string, string>;
  idempotencyKey?: string;
}

export async function setInvoiceCustomFields(options: SetInvoiceCustomFieldsOptions): Promise<StripeInvoice> {
  const operation = 'setInvoiceCustomFields';
  if (options.fields.length > 4) throw invalid(operation, 'an invoice has at most 4 custom fields', 'fields');
  options.fields.forEach((field, index) => {
    if (field.name.trim() === '' || field.name.length > 40) {
      throw invalid(operation, `custom field ${index + 1}: name must be 1 to 40 characters`, `fields[${index}].name`);
    }
    if (field.value.trim() === '' || field.value.length > 140) {
      throw invalid(
        operation,
        `custom field ${index + 1}: value must be 1 to 140 characters`,
        `fields[${index}].value`,
      );
    }
  });
  const fields = options.fields.map((field) => ({ name: field.name, value: field.value }));
  const invoice = await callStripe(operation, true, (stripe) =>
    stripe.invoices.update(
      options.invoiceId,
      { custom_fields: fields.length > 0 ? fields : '', ...(options.metadata ? { metadata: options.metadata } : {}) },
      {
        idempotencyKey:
          options.idempotencyKey ?? idempotencyKeys.invoiceFields(options.invoiceId, [fields, options.metadata]),
      },
    ),
  );
  return toInvoice(invoice);
}

export interface InvoiceActionOptions {
  invoiceId: string;
  idempotencyKey?: string;
}

/** Draft → open: Stripe numbers it and sets the due date from the quote's terms. */
export async function finalizeInvoice(options: InvoiceActionOptions): Promise<StripeInvoice> {
  const invoice = await callStripe('finalizeInvoice', true, (stripe) =>
    stripe.invoices.finalizeInvoice(
      options.invoiceId,
      { auto_advance: false },
      { idempotencyKey: options.idempotencyKey ?? idempotencyKeys.invoiceFinalize(options.invoiceId) },
    ),
  );
  return toInvoice(invoice);
}

/** Sends the invoice to the customer (the purchasing approver); Stripe finalizes a draft first. */
export async function sendInvoice(options: InvoiceActionOptions): Promise<StripeInvoice> {
  const invoice = await callStripe('sendInvoice', true, (stripe) =>
    stripe.invoices.sendInvoice(
      options.invoiceId,
      {},
      { idempotencyKey: options.idempotencyKey ?? idempotencyKeys.invoiceSend(options.invoiceId) },
    ),
  );
  return toInvoice(invoice);
}

export async function voidInvoice(options: InvoiceActionOptions): Promise<StripeInvoice> {
  const invoice = await callStripe('voidInvoice', true, (stripe) =>
    stripe.invoices.voidInvoice(
      options.invoiceId,
      {},
      { idempotencyKey: options.idempotencyKey ?? idempotencyKeys.invoiceVoid(options.invoiceId) },
    ),
  );
  return toInvoice(invoice);
}

export interface RetrieveInvoiceOptions {
  invoiceId: string;
}

export async function retrieveInvoice(options: RetrieveInvoiceOptions): Promise<StripeInvoice> {
  const invoice = await callStripe('retrieveInvoice', false, (stripe) => stripe.invoices.retrieve(options.invoiceId));
  return toInvoice(invoice);
}
