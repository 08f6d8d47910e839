/**
 * `invoice.finalized`, `invoice.sent`, `invoice.paid`, `invoice.voided`, `invoice.payment_failed`:
 * the invoice is re-fetched and the revision it belongs to converges to the invoice's current status.
 * Order does not matter: a late `invoice.finalized` after `invoice.paid` records nothing. A payment
 * mails both contacts and the shop, once (the outbox rows are written with the payment's event).
 */
import type { InvoiceStatus } from '../../domain/workflow/state.js';
import { convergeInvoice } from '../release/converge-invoice.js';
import { findRevision, findRevisionByStripeQuote } from '../quotes/revisions.js';
import { getDb } from '../db/index.js';
import { deliverOutbox, enqueueMails } from '../mail/outbox.js';
import { releaseMails } from '../release/release-mails.js';
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
  const { converged, mailIds } = await getDb().transaction(async (tx) => {
    const converged = await convergeInvoice({
      tx,
      revisionId: revision.id,
      invoice: { id: invoice.id, number: invoice.number, hostedInvoiceUrl: invoice.hostedInvoiceUrl },
      reached,
      role: 'stripe',
    });
    const { loaded, state } = converged;
    if (!converged.recorded.includes('invoice_paid') || !loaded || !state) return { converged, mailIds: [] };
    const mails = releaseMails({
      loaded,
      state,
      revision: (await findRevision(revision.id, tx)) ?? revision,
      decidedBy: { name: loaded.purchasing.name },
      kind: { type: 'paid', invoiceNumber: invoice.number },
    });
    return { converged, mailIds: await enqueueMails({ tx, requestId: loaded.request.id, mails }) };
  });
  await deliverOutbox({ ids: mailIds });
  return converged.recorded.length > 0 ? 'converged' : 'unchanged';
}
