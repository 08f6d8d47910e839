/**
 * The handoff note: one plain-language sentence (two at most, three when something is flagged)
 * that says where both tracks stand and whether production may start. Mail, the status page, the
 * shop inbox and the form's review step all show the same words, so they come from one place.
 */
import type { Revision, WorkflowState } from './workflow/state.js';
import { currentRevision, openRevision, readyForProduction, releasedRevisions } from './workflow/views.js';
import { PRODUCTION_SCOPES, type TechnicalState } from './workflow/vocabulary.js';
import { SCOPE_LABEL } from './labels.js';
import { productionSummary } from './workflow/production.js';

/** Optional wording choices. */
export type HandoffContext = {
  /** Unit after quantities, e.g. "pcs" → "the opening lot of 50 pcs". */
  unit?: string | undefined;
};

const TECHNICAL_WORDS: Record<TechnicalState, string> = {
  awaiting_review: 'technical review is still pending with the technical contact',
  direction_confirmed: 'technical review confirmed the direction',
  sample_required: 'technical review asked for a sample first',
  changes_requested: 'technical review asked for changes',
  sample_in_progress: 'the sample has shipped and awaits the technical contact’s verdict',
  first_article_accepted: 'the first article was accepted',
  first_article_rejected: 'the first article was rejected',
};

// What production still waits for, when purchasing has released but the technical track has not.
const PRODUCTION_WAITS_FOR: Record<TechnicalState, string> = {
  awaiting_review: 'production waits for technical review',
  direction_confirmed: '',
  sample_required: 'production waits for the sample the technical contact asked for',
  changes_requested: 'production waits for the changes technical review asked for',
  sample_in_progress: 'production waits for the technical contact’s verdict on the sample',
  first_article_accepted: '',
  first_article_rejected: 'production waits for a sample the technical contact accepts',
};

/** The note for a request's current state, from both tracks. */
export function handoffNote(state: WorkflowState, context: HandoffContext = {}): string {
  const sentences = [mainSentence(state, context)];
  const open = openRevision(state);
  const released = releasedRevisions(state);
  // A further lot under quote while an earlier one is released: the main sentence covers the release.
  if (open && released.length > 0) {
    sentences.push(
      `The ${lot(open, context)} is quoted and ${open.status === 'on_hold' ? 'on hold with' : 'pending with'} purchasing.`,
    );
  }
  if (state.revisions.some((r) => r.acceptedOutsidePortal && r.status !== 'accepted')) {
    sentences.push('A quote was accepted in Stripe outside the portal; that is not a purchasing release.');
  }
  return sentences.join(' ');
}

function mainSentence(state: WorkflowState, context: HandoffContext): string {
  const released = releasedRevisions(state);
  const latest = released.at(-1);
  const technical = TECHNICAL_WORDS[state.technical];
  if (!latest) return `${capitalize(technical)}; ${commercialWords(state, context)}.`;

  const release = `Purchasing released the ${lot(latest, context)} ${poWords(latest.poNumber)}`;
  const production = released.some((r) => PRODUCTION_SCOPES.includes(r.scope));
  if (readyForProduction(state)) return `${release}; ${technical}; ${productionWords(latest, state, context)}.`;
  // Only a sample is released: production is not on the table yet, so the technical state is the news.
  if (!production) return `${release}; ${technical}.`;
  return `${release}; ${PRODUCTION_WAITS_FOR[state.technical]}.`;
}

/** Where the latest released lot stands once it may be made: ready, in production, shipped, delivered. */
function productionWords(latest: Revision, state: WorkflowState, context: HandoffContext): string {
  const progress = productionSummary(state).find((p) => p.revisionId === latest.id);
  const unit = context.unit ? ` ${context.unit}` : '';
  if (!progress?.started) return 'ready for production';
  if (progress.shipped === 0) return 'in production';
  if (progress.delivered >= progress.released) return 'delivered in full';
  const delivered = progress.delivered > 0 ? `, ${progress.delivered}${unit} delivered` : '';
  if (progress.remaining === 0) return `all ${progress.released}${unit} shipped${delivered}`;
  return `${progress.shipped} of ${progress.released}${unit} shipped${delivered}`;
}

function commercialWords(state: WorkflowState, context: HandoffContext): string {
  const current = currentRevision(state);
  switch (state.commercial) {
    case 'estimate':
      if (state.estimateSent) return 'a rough estimate was sent, which is not an order';
      return state.mode === 'rough_estimate' ? 'the rough estimate is being prepared' : 'no quote has been issued yet';
    case 'quoted':
      return 'commercial release is still pending with purchasing';
    case 'on_hold':
      return 'purchasing put the quote on hold';
    case 'declined':
      return 'purchasing declined the quote';
    case 'expired':
      return 'the quote expired without a release';
    case 'released':
    case 'invoiced':
    case 'paid':
      // Unreachable without a release; kept so the switch stays exhaustive.
      return current ? `purchasing released the ${lot(current, context)}` : 'purchasing released the order';
  }
}

function lot(revision: Revision, context: HandoffContext): string {
  const unit = context.unit ? ` ${context.unit}` : '';
  return `${SCOPE_LABEL[revision.scope]} of ${revision.quantity}${unit}`;
}

// People type "PO-4411" as often as "4411"; never print "PO PO-4411".
function poWords(poNumber: string | undefined): string {
  if (!poNumber) return 'without a PO number';
  return /^PO\b/i.test(poNumber) ? `under ${poNumber}` : `under PO ${poNumber}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
