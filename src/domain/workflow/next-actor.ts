/**
 * Who must act next on a request and what is still missing, in plain sentences for the status page
 * and the shop inbox. A derived view like those in `views.ts`, kept apart because most of it is
 * the wording of what each party still owes.
 */
import type { WorkflowState } from './state.js';
import { productionWaits } from './production.js';
import { currentRevision, releasedRevisions } from './views.js';
import { type TechnicalState } from './vocabulary.js';
import { SCOPE_LABEL } from '../labels.js';

/** Who must act next, for the status page and the shop inbox grouping. */
export type NextActor = 'shop' | 'technical' | 'purchasing' | 'none';
export type NextActorResult = {
  /** The group the shop inbox files the request under: the shop first, since it can act at once. */
  actor: NextActor;
  /** Plain-language list of everything still missing, in the order it matters. */
  missing: string[];
  /** The same items by who owes them. */
  waitingOn: Record<Exclude<NextActor, 'none'>, string[]>;
};

const TECHNICAL_PENDING: Record<TechnicalState, { who: Exclude<NextActor, 'none'>; what: string } | null> = {
  awaiting_review: { who: 'technical', what: 'Technical review of the part direction by the technical contact.' },
  direction_confirmed: null,
  sample_required: { who: 'shop', what: 'The shop to make and ship the sample the technical contact asked for.' },
  changes_requested: { who: 'shop', what: 'The shop to work in the changes the technical contact asked for.' },
  sample_in_progress: { who: 'technical', what: 'The technical contact to accept or reject the first article.' },
  first_article_accepted: null,
  first_article_rejected: { who: 'shop', what: 'The shop to rework the sample after the rejected first article.' },
};

const REVIEW_AGAIN = 'A new technical review by the technical contact: new 3D geometry arrived after the sign-off.';

/** Who must act next and what is still missing, from both tracks. */
export function nextActor(state: WorkflowState): NextActorResult {
  const waitingOn: NextActorResult['waitingOn'] = { shop: [], technical: [], purchasing: [] };
  const technical = TECHNICAL_PENDING[state.technical];
  // A review reopened by new geometry (invariant 7) says so, so nobody mistakes it for the first one.
  if (technical) waitingOn[technical.who].push(state.reopened ? REVIEW_AGAIN : technical.what);

  for (const revision of state.revisions) {
    if (revision.acceptedOutsidePortal && revision.status !== 'accepted') {
      waitingOn.shop.push(
        'The shop to check a quote accepted in Stripe outside the portal; it is not a purchasing release.',
      );
      break;
    }
  }

  // Earlier lots the commercial track no longer follows still owe their payment.
  const current = currentRevision(state);
  for (const revision of releasedRevisions(state)) {
    if (revision === current) continue;
    if (
      revision.invoiceStatus === 'open' ||
      revision.invoiceStatus === 'sent' ||
      revision.invoiceStatus === 'payment_failed'
    ) {
      waitingOn.purchasing.push(
        `Payment of the invoice for the ${SCOPE_LABEL[revision.scope]} of ${revision.quantity}.`,
      );
    }
  }

  switch (state.commercial) {
    case 'estimate':
      if (state.mode !== 'rough_estimate') waitingOn.shop.push('The shop to issue a firm quote.');
      else if (!state.estimateSent) waitingOn.shop.push('The shop to send the rough estimate.');
      break;
    case 'quoted':
      waitingOn.purchasing.push('Purchasing release of the open quote by the purchasing approver.');
      break;
    case 'on_hold':
      waitingOn.purchasing.push('The purchasing approver to lift the hold and release, or decline, the quote.');
      break;
    case 'declined':
      waitingOn.shop.push('The shop to revise or cancel the quote purchasing declined.');
      break;
    case 'expired':
      waitingOn.shop.push('The shop to issue a new quote; the last one expired.');
      break;
    case 'released':
      if (currentRevision(state)?.invoiceStatus === 'void') {
        waitingOn.shop.push('The shop to invoice the released quote again; its invoice was voided.');
      } else {
        waitingOn.shop.push('The invoice for the released quote to be created and sent.');
      }
      break;
    case 'invoiced':
      waitingOn.purchasing.push(
        currentRevision(state)?.invoiceStatus === 'payment_failed'
          ? 'Payment of the invoice; the last payment attempt failed.'
          : 'Payment of the invoice.',
      );
      break;
    case 'paid':
      break;
  }

  // Released lots the shop has still to start, ship or see delivered come first (architecture §2).
  waitingOn.shop.unshift(...productionWaits(state));

  const actor: NextActor =
    waitingOn.shop.length > 0
      ? 'shop'
      : waitingOn.technical.length > 0
        ? 'technical'
        : waitingOn.purchasing.length > 0
          ? 'purchasing'
          : 'none';
  return { actor, missing: [...waitingOn.shop, ...waitingOn.technical, ...waitingOn.purchasing], waitingOn };
}
