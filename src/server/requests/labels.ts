/**
 * Words for states and events on the status page and in mails. `Record`s over the domain's state
 * lists, so a new state does not compile until it has words.
 */
import type { Mode } from '../../domain/request-schema.js';
import type { CommercialState, QuoteScope, TechnicalState } from '../../domain/workflow/vocabulary.js';

export const TECHNICAL_LABEL: Record<TechnicalState, string> = {
  awaiting_review: 'Awaiting technical review',
  direction_confirmed: 'Direction confirmed',
  sample_required: 'Sample required',
  changes_requested: 'Changes requested',
  sample_in_progress: 'Sample shipped, awaiting first-article decision',
  first_article_accepted: 'First article accepted',
  first_article_rejected: 'First article rejected',
};

export const COMMERCIAL_LABEL: Record<CommercialState, string> = {
  estimate: 'No quote yet',
  quoted: 'Quote open, awaiting purchasing',
  on_hold: 'Quote on hold by purchasing',
  declined: 'Quote declined by purchasing',
  expired: 'Quote expired',
  released: 'Released by purchasing',
  invoiced: 'Invoiced',
  paid: 'Paid',
};

export const MODE_LABEL: Record<Mode, string> = {
  rough_estimate: 'rough estimate',
  sample: 'sample or first article',
  production: 'production quote',
};

export const SCOPE_LABEL: Record<QuoteScope, string> = {
  sample: 'sample',
  opening_lot: 'opening lot',
  full_batch: 'full batch',
  additional_lot: 'additional lot',
};
