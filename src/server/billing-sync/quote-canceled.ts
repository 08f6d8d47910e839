/**
 * `quote.canceled` from Stripe: the shop canceled it, a finalized revision replaced it, or it
 * expired. The revision closes locally (canceled, or expired when Stripe closed it at its expiry)
 * unless it is already closed or released; a released revision keeps its release.
 */
import type { StripeQuote } from '../stripe/index.js';
import { convergeQuoteClosed } from '../release/converge-invoice.js';
import { findRevisionByStripeQuote } from '../quotes/revisions.js';
import { expiryMails } from '../reminders/expiry-mails.js';

export interface HandleQuoteCanceledOptions {
  /** The quote as re-fetched from Stripe. */
  quote: Pick<StripeQuote, 'id' | 'status' | 'expiresAt' | 'canceledAt'>;
}

export type QuoteCanceledOutcome = 'ignored' | 'closed' | 'unchanged';

export async function handleQuoteCanceled({ quote }: HandleQuoteCanceledOptions): Promise<QuoteCanceledOutcome> {
  if (quote.status !== 'canceled') return 'ignored';
  const revision = await findRevisionByStripeQuote(quote.id);
  if (!revision) return 'ignored';
  const expired = quote.canceledAt !== null && quote.canceledAt.getTime() >= quote.expiresAt.getTime() - 1000;
  const closed = await convergeQuoteClosed({
    revisionId: revision.id,
    kind: expired ? 'quote_expired' : 'quote_canceled',
    role: 'stripe',
    // The same mails as the portal's own expiry (architecture §14): whichever records it first sends them.
    ...(expired ? { mails: expiryMails } : {}),
  });
  return closed ? 'closed' : 'unchanged';
}
