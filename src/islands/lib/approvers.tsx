/**
 * Who must release a quote revision and who has (approval by amount, docs/architecture.md §11): the
 * list the release page and the status page show, and the sentence saying what the rule asks.
 */
import type { ApproverStandingView } from '../../domain/contracts/quote-view.js';
import { formatMoney } from '../../domain/money.js';
import { formatDateTime } from './format.js';

/** What the status and release pages know of the rule: the threshold and whether it applies here. */
export interface ApprovalRuleFacts {
  thresholdMinor: number;
  currency: string;
  secondApproverName: string;
  bothRequired: boolean;
}

/** "Dana Director, Head of operations" */
export function personWords(person: { name: string; jobTitle?: string | undefined }): string {
  return [person.name, person.jobTitle].filter(Boolean).join(', ');
}

/** The sentence under the approvers list: what the rule asks of this revision. */
export function approvalRuleWords(rule: ApprovalRuleFacts): string {
  const threshold = formatMoney(rule.thresholdMinor, rule.currency);
  return rule.bothRequired
    ? `Above ${threshold} both approvers must release; this quote is above it, so nothing is ordered until both have.`
    : `Above ${threshold} ${rule.secondApproverName} must release too; this quote is not above it, so one release is enough.`;
}

export function ApproverList({
  approvers,
  viewer,
}: {
  approvers: readonly ApproverStandingView[];
  viewer?: 'first' | 'second' | null | undefined;
}) {
  return (
    <ul className="approver-list">
      {approvers.map((approver) => (
        <li key={approver.slot} className={approver.released ? 'approver-done' : 'approver-needed'}>
          <span className="approver-name">
            {personWords(approver)}
            {viewer === approver.slot && ' (you)'}
          </span>{' '}
          <span className="approver-state">
            {approver.released && approver.at ? `released on ${formatDateTime(approver.at)}` : 'release still needed'}
          </span>
        </li>
      ))}
    </ul>
  );
}
