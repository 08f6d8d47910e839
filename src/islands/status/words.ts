/**
 * The status page's sentences about files, the rough estimate and the quote, kept out of the
 * component so they are unit-tested.
 */
import type { EstimateView, RequestQuoteView } from '../../domain/contracts/request-view.js';
import { ROLE_IN_SENTENCE } from '../../domain/labels.js';
import { formatMoney } from '../../domain/money.js';

/**
 * Who added a file, mid-sentence: "the requester". Files sent with the request are stored as
 * uploaded by `anonymous` (nobody had a link yet): that is the person who filled in the form.
 */
export function fileAddedBy(role: string): string {
  if (role === 'anonymous') return ROLE_IN_SENTENCE.requester;
  if (role === 'purchasing') return 'the purchasing approver';
  return Object.hasOwn(ROLE_IN_SENTENCE, role) ? ROLE_IN_SENTENCE[role as keyof typeof ROLE_IN_SENTENCE] : 'the shop';
}

/** "€420.00 – €610.00" (one amount when the range is a single price). */
export function estimateRange(estimate: Pick<EstimateView, 'lowMinor' | 'highMinor' | 'currency'>): string {
  const low = formatMoney(estimate.lowMinor, estimate.currency);
  const high = formatMoney(estimate.highMinor, estimate.currency);
  return low === high ? low : `${low} – ${high}`;
}

/** "10–15 working days" (or "10 working days"). */
export function leadTimeWords(min: number, max: number): string {
  return `${min === max ? min : `${min}–${max}`} working day${max === 1 ? '' : 's'}`;
}

/** What the current quote revision's state means for the reader. */
export function quoteStatusWords(quote: Pick<RequestQuoteView, 'status' | 'invoice'>): string {
  switch (quote.status) {
    case 'open':
      return 'Waiting for the purchasing approver to release it.';
    case 'on_hold':
      return 'On hold by purchasing: nothing is ordered or invoiced yet.';
    case 'accepted':
      return quote.invoice?.url
        ? 'Released by purchasing and invoiced.'
        : 'Released by purchasing; the invoice follows.';
    case 'declined':
      return 'Declined by purchasing; the shop can send a revised quote.';
    case 'expired':
      return 'This quote expired unreleased; ask the shop for a new revision.';
    case 'canceled':
      return 'The shop canceled this quote.';
    default:
      return 'The shop is updating this quote.';
  }
}
