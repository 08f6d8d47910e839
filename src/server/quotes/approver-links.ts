/**
 * Links and mails of approval by amount (architecture §11). Each approver releases through their own
 * purchasing link bound to the revision; the approver still missing gets a fresh one with the mail
 * that asks for their release, written to the outbox in the transaction that records the reason.
 */
import { approvalStanding, sameAddress } from '../../domain/workflow/approvals.js';
import { isOpen, type Revision, type WorkflowState } from '../../domain/workflow/state.js';
import { formatMoney } from '../../domain/money.js';
import type { Tx } from '../db/index.js';
import type { QueuedMail } from '../mail/outbox.js';
import { approvalRequestMail } from '../mail/templates/approval-mails.js';
import type { CommittedDecision } from '../requests/commit-decision.js';
import type { LoadedRequest } from '../requests/load-request.js';
import { approverPerson } from '../requests/approvals-view.js';
import { issuePurchasingLink, type RevisionRow } from './revisions.js';

/** The names of the approvers a revision still waits for. */
export function missingNames(loaded: LoadedRequest, revision: Revision): string[] {
  return approvalStanding(loaded.state, revision).missing.map(
    (approver) => approverPerson(loaded, loaded.state, approver.slot).name,
  );
}

/** One approver released and another is still needed: mail each missing one a fresh link. */
export async function waitingMails(options: {
  tx: Tx;
  committed: CommittedDecision;
  revision: RevisionRow;
  now: Date;
}): Promise<QueuedMail[]> {
  const { tx, committed, revision, now } = options;
  const { state, after } = committed;
  const current = state.revisions.find((r) => r.id === revision.id);
  const rule = state.approvalRule;
  if (!current || !rule) return [];
  const releasedBy = committed.row.actorName ?? 'The other approver';
  const mails: QueuedMail[] = [];
  for (const missing of approvalStanding(state, current).missing) {
    const person = approverPerson(after, state, missing.slot);
    const link = await issuePurchasingLink(tx, revision, person.email, now);
    const message = approvalRequestMail({
      to: person,
      reference: after.request.reference,
      partName: after.details.part.name,
      revision: revision.revision,
      total: formatMoney(revision.amountTotalMinor, revision.currency),
      threshold: formatMoney(rule.thresholdMinor, rule.currency),
      otherApprover: releasedBy,
      kind: 'waiting',
      releaseUrl: link.url,
    });
    mails.push({ recipient: person.email, message });
  }
  return mails;
}

/**
 * The second approver's link and mail for an open revision that needs them: when the rule is set
 * (`namedBy` the first approver) or when a revision above the threshold opens.
 */
export async function secondApproverMails(options: {
  tx: Tx;
  loaded: LoadedRequest;
  state: WorkflowState;
  revision: RevisionRow;
  now: Date;
}): Promise<QueuedMail[]> {
  const { tx, loaded, state, revision, now } = options;
  const rule = state.approvalRule;
  const current = state.revisions.find((r) => r.id === revision.id);
  if (!rule || !current || !isOpen(current)) return [];
  const standing = approvalStanding(state, current);
  const second = standing.missing.find((approver) => approver.slot === 'second');
  if (!second || standing.released.some((email) => sameAddress(email, second.email))) return [];
  const link = await issuePurchasingLink(tx, revision, rule.secondApprover.email, now);
  const message = approvalRequestMail({
    to: rule.secondApprover,
    reference: loaded.request.reference,
    partName: loaded.details.part.name,
    revision: revision.revision,
    total: formatMoney(revision.amountTotalMinor, revision.currency),
    threshold: formatMoney(rule.thresholdMinor, rule.currency),
    otherApprover: loaded.purchasing.name,
    kind: 'named',
    releaseUrl: link.url,
  });
  return [{ recipient: rule.secondApprover.email, message }];
}
