/**
 * `quote.accepted`: when our own release accepted the quote, the accepted quote names its invoice,
 * so the revision learns it even if the release's worker died right after Stripe's accept. Any other
 * acceptance goes to the shop's handler, which flags it as accepted outside the portal.
 */
import { readClaim } from '../release/claims.js';
import { convergeInvoice } from '../release/converge-invoice.js';
import { findRevisionByStripeQuote } from '../quotes/revisions.js';
import type { StripeQuote } from '../stripe/index.js';
import { handleQuoteAccepted, type QuoteAcceptedOutcome } from './quote-accepted.js';

export interface DispatchQuoteAcceptedOptions {
  quote: StripeQuote;
  stripeEventId: string;
}

export async function dispatchQuoteAccepted({
  quote,
  stripeEventId,
}: DispatchQuoteAcceptedOptions): Promise<QuoteAcceptedOutcome> {
  const revision = await findRevisionByStripeQuote(quote.id);
  const claim = revision ? await readClaim(revision.id) : undefined;
  if (revision && claim && quote.status === 'accepted') {
    if (quote.invoiceId) {
      await convergeInvoice({
        revisionId: revision.id,
        invoice: { id: quote.invoiceId },
        reached: 'draft',
        role: 'stripe',
      });
    }
    return 'released_in_portal';
  }
  return (await handleQuoteAccepted({ quote, stripeEventId })).outcome;
}
