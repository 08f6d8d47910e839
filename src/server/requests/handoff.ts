/** The handoff note as the portal words it everywhere (mails, status page): the domain's, in pieces. */
import { handoffNote } from '../../domain/handoff.js';
import type { WorkflowState } from '../../domain/workflow/state.js';

export function requestHandoffNote(state: WorkflowState): string {
  return handoffNote(state, { unit: 'pcs' });
}
