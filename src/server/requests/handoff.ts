/**
 * The handoff note for a request. Delegates to the domain's `handoffNote` once it exists; until then
 * a plain sentence from both tracks so intake, mails and the status page already carry one.
 */
import { nextActor, readyForProduction, type WorkflowState } from '../../domain/workflow';
import { COMMERCIAL_LABEL, TECHNICAL_LABEL } from './labels';

export function requestHandoffNote(state: WorkflowState): string {
  if (state.technical === 'awaiting_review' && state.commercial === 'estimate') {
    return 'Technical review by the technical contact comes first; nothing is released for production until purchasing accepts a quote.';
  }
  if (readyForProduction(state))
    return 'Technical review and purchasing release are both in place; ready for production.';
  const next = nextActor(state);
  return `Technical: ${TECHNICAL_LABEL[state.technical].toLowerCase()}; commercial: ${COMMERCIAL_LABEL[state.commercial].toLowerCase()}. ${next.missing[0] ?? ''}`.trim();
}
