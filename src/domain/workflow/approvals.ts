/**
 * Approval by amount (architecture §11): above a threshold the customer sets, a quote revision is
 * released only when both purchasing approvers have released it, each through their own link, in
 * either order. The rule is pure: `applyEvent` enforces it and the release path asks it whether an
 * approver's release is the last one needed (then Stripe is called) or one that waits for the other.
 */
import type { Revision, WorkflowState } from './state.js';

/** Which approver a person is on a request: the one the request names, or the second one. */
export type ApproverSlot = 'first' | 'second';

export interface ApprovalStanding {
  /** Whether this revision needs the second approver as well (above the threshold). */
  secondRequired: boolean;
  /** The approvers this revision needs, by address, first approver first. */
  required: readonly { slot: ApproverSlot; email: string }[];
  /** Addresses that have released it so far (partial approvals, then the final release). */
  released: readonly string[];
  /** Required approvers who have not released it yet. */
  missing: readonly { slot: ApproverSlot; email: string }[];
}

export function sameAddress(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Whether the rule asks for the second approver on this revision: its total is above the threshold,
 * or the total cannot be compared (another currency, or a revision issued before totals were
 * recorded), where asking for both is the safe reading.
 */
export function secondApproverRequired(state: WorkflowState, revision: Revision): boolean {
  const rule = state.approvalRule;
  if (!rule) return false;
  if (revision.totalMinor === undefined || revision.currency !== rule.currency) return true;
  return revision.totalMinor > rule.thresholdMinor;
}

export function approvalStanding(state: WorkflowState, revision: Revision): ApprovalStanding {
  const secondRequired = secondApproverRequired(state, revision);
  const required: { slot: ApproverSlot; email: string }[] = [{ slot: 'first', email: state.roles.purchasingEmail }];
  const second = state.approvalRule?.secondApprover.email;
  if (secondRequired && second) required.push({ slot: 'second', email: second });
  const released = [
    ...revision.approvals.map((approval) => approval.actor.email ?? ''),
    ...(revision.acceptedBy?.email ? [revision.acceptedBy.email] : []),
  ].filter((email) => email !== '');
  const missing =
    revision.status === 'accepted'
      ? []
      : required.filter((approver) => !released.some((email) => sameAddress(email, approver.email)));
  return { secondRequired, required, released, missing };
}

/** Which approver this address is on the request, if any. */
export function approverSlotOf(state: WorkflowState, email: string): ApproverSlot | undefined {
  if (sameAddress(email, state.roles.purchasingEmail)) return 'first';
  if (sameAddress(email, state.approvalRule?.secondApprover.email)) return 'second';
  return undefined;
}

/**
 * Whether a release by this address now completes the approvals the revision needs: true when no one
 * else required is missing. The caller records `purchasing_accepted` (and calls Stripe) when it does,
 * `purchasing_approved` when it does not.
 */
export function completesApproval(state: WorkflowState, revision: Revision, email: string): boolean {
  return approvalStanding(state, revision).missing.every((approver) => sameAddress(approver.email, email));
}
