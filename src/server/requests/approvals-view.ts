/**
 * Who must release a quote revision and who has (approval by amount, docs/architecture.md §11), as
 * the release page, the status page and the shop's request page show it.
 */
import type { ApprovalsView } from '../../domain/contracts/quote-view.js';
import type { RequestApprovalsView } from '../../domain/contracts/request-view.js';
import { approvalStanding, approverSlotOf, sameAddress, type ApproverSlot } from '../../domain/workflow/approvals.js';
import { isOpen, type WorkflowState } from '../../domain/workflow/state.js';
import type { LoadedRequest } from './load-request.js';

/** An approver as people read them: name, and the address that identifies them. */
export interface ApproverPerson {
  slot: ApproverSlot;
  name: string;
  email: string;
  jobTitle?: string | undefined;
}

export function approverPerson(loaded: Pick<LoadedRequest, 'purchasing'>, state: WorkflowState, slot: ApproverSlot) {
  const second = state.approvalRule?.secondApprover;
  if (slot === 'second' && second) return { slot, ...second } satisfies ApproverPerson;
  const { name, email, jobTitle } = loaded.purchasing;
  return { slot: 'first' as const, name, email, ...(jobTitle ? { jobTitle } : {}) } satisfies ApproverPerson;
}

/** Who must release this revision, who has, and what the viewer may do about it (§11). */
export function approvalsView(
  loaded: LoadedRequest,
  revisionId: string,
  viewerEmail: string | undefined,
): ApprovalsView {
  const { state } = loaded;
  const revision = state.revisions.find((r) => r.id === revisionId);
  const rule = state.approvalRule;
  const viewer = viewerEmail ? (approverSlotOf(state, viewerEmail) ?? null) : null;
  if (!revision) return { rule: null, bothRequired: false, approvers: [], viewer, canNameSecond: false };
  const standing = approvalStanding(state, revision);
  const releasedAt = (email: string) =>
    loaded.events.findLast(
      (event) =>
        event.quoteRevisionId === revisionId &&
        (event.type === 'purchasing_approved' || event.type === 'purchasing_accepted') &&
        sameAddress(event.actorEmail ?? undefined, email),
    );
  const approvers = standing.required.map(({ slot, email }) => {
    const person = approverPerson(loaded, state, slot);
    const released = releasedAt(email);
    return {
      slot,
      name: released?.actorName ?? person.name,
      ...(person.jobTitle ? { jobTitle: person.jobTitle } : {}),
      released: released !== undefined,
      ...(released ? { at: released.createdAt.toISOString() } : {}),
    };
  });
  return {
    rule: rule
      ? { secondApprover: rule.secondApprover, thresholdMinor: rule.thresholdMinor, currency: rule.currency }
      : null,
    bothRequired: standing.secondRequired,
    approvers,
    viewer,
    canNameSecond: viewer === 'first' && isOpen(revision) && revision.approvals.length === 0,
    ...(revision.approvals[0]?.poNumber ? { waitingPoNumber: revision.approvals[0].poNumber } : {}),
  };
}

/** The same for the request's contacts and the shop: no addresses; undefined until a rule is named. */
export function requestApprovalsView(loaded: LoadedRequest, revisionId: string): RequestApprovalsView | undefined {
  const approvals = approvalsView(loaded, revisionId, undefined);
  if (!approvals.rule) return undefined;
  return {
    approvers: approvals.approvers,
    thresholdMinor: approvals.rule.thresholdMinor,
    currency: approvals.rule.currency,
    secondApproverName: approvals.rule.secondApprover.name,
    bothRequired: approvals.bothRequired,
  };
}
