/**
 * Sentences that tell a person why `applyEvent` refused what they tried. Only the wording lives
 * here; which event is refused, and with which error code, is decided in `transitions.ts`.
 */
import type { RevisionStatus } from './state.js';
import { EVENT_ROLES, type TechnicalMove } from './tables.js';
import type { TechnicalState, WorkflowEvent } from './vocabulary.js';

/** How a revision's status reads after "This quote is …". */
export function revisionStatusWords(status: RevisionStatus): string {
  const words: Record<RevisionStatus, string> = {
    open: 'open',
    on_hold: 'on hold',
    declined: 'declined',
    accepted: 'already released',
    superseded: 'replaced by a newer revision',
    canceled: 'canceled',
    expired: 'expired',
  };
  return words[status];
}

/** Why a technical move does not fit the technical track's state. */
export function technicalRefusal(from: TechnicalState, move: TechnicalMove): string {
  if (move === 'first_article') return 'There is no shipped sample to accept or reject yet.';
  if (from === 'changes_requested') return 'The requested changes need a new technical review before a sample ships.';
  return 'The first article was already accepted; no further sample is needed.';
}

/** Who may record this event instead, for a person acting in a role `EVENT_ROLES` does not allow. */
export function wrongRoleMessage(event: WorkflowEvent): string {
  const allowed = EVENT_ROLES[event.type];
  if (allowed.includes('purchasing')) return 'Only the purchasing approver can release, hold or decline a quote.';
  if (allowed.includes('technical')) return 'Only the technical contact can record a technical decision.';
  if (allowed.includes('shop')) return 'Only the shop can do this.';
  return 'This is recorded from Stripe or the system only.';
}
