/**
 * `invoice.finalized`, `invoice.sent`, `invoice.paid`, `invoice.voided`, `invoice.payment_failed`:
 * the invoice is re-fetched and the revision it belongs to converges to the invoice's current status.
 * Order does not matter: a late `invoice.finalized` after `invoice.paid` records nothing. A payment
 * mails both contacts and the shop, once (only the delivery that records the payment sends it).
 */
import type { InvoiceStatus } from '../../domain/workflow.js';
import { convergeInvoice, findRevisionByStripeQuote, findRevisionRow } from '../release/converge.js';
import { sendReleaseMails } from '../release/mails.js';
import type { StripeInvoice } from '../stripe/index.js';

export interface HandleInvoiceChangedOptions {
  /** The invoice as re-fetched from Stripe. */
  invoice: StripeInvoice;
  /** The event type, which tells "sent" and "payment failed" apart from a plain open invoice. */
  type: string;
}

export type InvoiceChangedOutcome = 'ignored' | 'converged' | 'unchanged';

/** The invoice status our workflow knows for what Stripe reports now. */
export function reachedStatus(invoice: Pick<StripeInvoice, 'status'>, type: string): InvoiceStatus | undefined {
  switch (invoice.status) {
    case 'draft':
      return 'draft';
    case 'open':
      if (type === 'invoice.sent') return 'sent';
      if (type === 'invoice.payment_failed') return 'payment_failed';
      return 'open';
    case 'paid':
      return 'paid';
    case 'void':
      return 'void';
    case 'uncollectible':
      return undefined;
  }
}

export async function handleInvoiceChanged({
  invoice,
  type,
}: HandleInvoiceChangedOptions): Promise<InvoiceChangedOutcome> {
  const reached = reachedStatus(invoice, type);
  const revision = invoice.quoteId ? await findRevisionByStripeQuote(invoice.quoteId) : undefined;
  if (!reached || !revision) return 'ignored';
  const converged = await convergeInvoice({
    revisionId: revision.id,
    invoice: { id: invoice.id, number: invoice.number, hostedInvoiceUrl: invoice.hostedInvoiceUrl },
    reached,
    role: 'stripe',
  });
  if (converged.recorded.includes('invoice_paid') && converged.loaded && converged.state) {
    await sendReleaseMails({
      loaded: converged.loaded,
      state: converged.state,
      revision: (await findRevisionRow(revision.id)) ?? revision,
      decidedBy: { name: converged.loaded.purchasing.name },
      kind: { type: 'paid', invoiceNumber: invoice.number },
    });
  }
  return converged.recorded.length > 0 ? 'converged' : 'unchanged';
}
