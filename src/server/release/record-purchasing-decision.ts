/**
 * Hold and decline: a purchasing decision with a reason, committed through the one decision path
 * (architecture §11), so a released, superseded, canceled or expired revision is refused with 409
 * naming its state. Nothing here calls Stripe: the quote stays open in Stripe while on hold, and a
 * declined revision is closed by the shop's next revision or cancel. The same decision twice is a
 * repeat: recorded and mailed once.
 */
import type { RequestMeta } from '../http/request-meta.js';
import type { LinkRow } from '../links/index.js';
import type { QueuedMail } from '../mail/outbox.js';
import { commitDecision } from '../requests/commit-decision.js';
import type { LoadedRequest } from '../requests/load-request.js';
import type { RevisionRow } from '../quotes/revisions.js';
import { approverSlotOf } from '../../domain/workflow/approvals.js';
import { approverPerson, type ApproverPerson } from '../requests/approvals-view.js';
import { syncRevisionRow } from './converge-invoice.js';

/** The approver holding this link: the one the request names, or the second approver. */
export function deciderOf(loaded: LoadedRequest, link: Pick<LinkRow, 'recipientEmail'>): ApproverPerson {
  return approverPerson(loaded, loaded.state, approverSlotOf(loaded.state, link.recipientEmail) ?? 'first');
}

export interface RecordPurchasingDecisionOptions {
  link: LinkRow;
  revision: RevisionRow;
  type: 'purchasing_hold' | 'purchasing_declined';
  /** The words shown and mailed, e.g. "Waiting for budget: Q3 budget opens 1 July". */
  reason: string;
  details: Record<string, unknown>;
  meta: RequestMeta;
  /** The mails the decision causes, written to the outbox in its transaction (not for a repeat). */
  mails: (loaded: LoadedRequest, decidedBy: ApproverPerson) => QueuedMail[];
}

export interface RecordedDecision {
  loaded: LoadedRequest;
  repeated: boolean;
  /** Outbox rows written with the decision, for `deliverOutbox` after the commit. */
  mailIds: string[];
}

export async function recordPurchasingDecision(options: RecordPurchasingDecisionOptions): Promise<RecordedDecision> {
  const { link, revision } = options;
  const outcome = await commitDecision({
    requestId: revision.requestId,
    meta: options.meta,
    decide: (loaded) => ({
      event: {
        type: options.type,
        actor: { role: 'purchasing', name: deciderOf(loaded, link).name, email: link.recipientEmail },
        revisionId: revision.id,
        reason: options.reason,
      },
      details: options.details,
    }),
    alsoInTx: (tx, { state }) => syncRevisionRow({ tx, state, revisionId: revision.id }),
    mails: (_tx, { after }) => options.mails(after, deciderOf(after, link)),
  });
  return { loaded: outcome.after, repeated: outcome.repeated, mailIds: outcome.repeated ? [] : outcome.mailIds };
}
