/**
 * The mails of a quote that expired unreleased (architecture §14): one to each purchasing approver it
 * waited for, one to the shop. Queued with `quote_expired` in its transaction, whichever records it
 * first (the scheduled job at the expiry, or Stripe's `quote.canceled`), so they go out once.
 */
import { getConfig } from '../config.js';
import type { QueuedMail } from '../mail/outbox.js';
import { quoteExpiredCustomerMail, quoteExpiredShopMail } from '../mail/templates/reminder-mails.js';
import { approverPerson } from '../requests/approvals-view.js';
import type { CommittedDecision } from '../requests/commit-decision.js';
import type { RevisionRow } from '../quotes/revisions.js';
import { approvalStanding } from '../../domain/workflow/approvals.js';

export function expiryMails(committed: CommittedDecision, revision: RevisionRow): QueuedMail[] {
  const { after, state } = committed;
  const facts = {
    reference: after.request.reference,
    partName: after.details.part.name,
    revision: revision.revision,
    expiredAt: revision.expiresAt.toISOString(),
  };
  const expired = state.revisions.find((r) => r.id === revision.id);
  const approvers = expired ? approvalStanding(state, expired).required : [];
  const config = getConfig();
  return [
    ...approvers.map(({ slot }) => {
      const person = approverPerson(after, state, slot);
      return {
        recipient: 'the purchasing approver',
        message: quoteExpiredCustomerMail({ ...facts, to: { name: person.name, email: person.email } }),
      };
    }),
    {
      recipient: 'the shop',
      message: quoteExpiredShopMail({
        ...facts,
        to: config.shopNotifyEmail,
        requestUrl: `${config.siteUrl}/shop/request/?id=${encodeURIComponent(after.request.id)}`,
      }),
    },
  ];
}
