/**
 * The handoff note a new request starts with, shown on the review step: the domain's own sentence for
 * the initial state of both tracks, so the customer reads the words the shop and both roles will read.
 */
import { handoffNote } from '../../domain/handoff.js';
import { initialWorkflowState } from '../../domain/workflow/transitions.js';
import type { FormValues } from './values.js';

export function startingHandoffNote(
  values: Pick<FormValues, 'mode' | 'sameContactForBothRoles' | 'technicalContact' | 'purchasingApprover'>,
): string {
  const technicalEmail = values.technicalContact.email;
  const state = initialWorkflowState({
    mode: values.mode ?? 'rough_estimate',
    roles: {
      technicalEmail,
      purchasingEmail: values.sameContactForBothRoles ? technicalEmail : values.purchasingApprover.email,
      sameContactForBothRoles: values.sameContactForBothRoles,
    },
  });
  return handoffNote(state);
}
