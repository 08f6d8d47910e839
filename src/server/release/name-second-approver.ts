/**
 * POST /api/quotes/:id/approvers: the purchasing approver names a second approver from their company
 * and the amount above which a release needs both (architecture §11). Recorded through the one
 * decision path as `approval_rule_set`; when the open revision is above the amount, the second
 * approver is mailed their own purchasing link for it in the same transaction. Refused once a
 * release of the open revision already waits for the other approver.
 */
import { secondApproverSchema, thresholdMinorOf } from '../../domain/release-schema.js';
import { parseOrThrow } from '../../domain/request-schema.js';
import { site } from '../../domain/site.js';
import type { RequestMeta } from '../http/request-meta.js';
import { deliverOutbox } from '../mail/outbox.js';
import { commitDecision } from '../requests/commit-decision.js';
import { authorisePurchasing } from './authorise.js';
import { secondApproverMails } from '../quotes/approver-links.js';
import { getQuote } from './get-quote.js';
import type { QuoteReleaseView } from '../../domain/contracts/quote-view.js';

export interface NameSecondApproverOptions {
  quoteId: string;
  token: string | undefined;
  body: unknown;
  meta: RequestMeta;
  now?: Date;
}

export async function nameSecondApprover(options: NameSecondApproverOptions): Promise<QuoteReleaseView> {
  const now = options.now ?? new Date();
  const { link, revision } = await authorisePurchasing({ quoteId: options.quoteId, token: options.token, now });
  const input = parseOrThrow(secondApproverSchema, options.body);
  const outcome = await commitDecision({
    requestId: revision.requestId,
    meta: options.meta,
    now,
    decide: (loaded) => ({
      event: {
        type: 'approval_rule_set',
        actor: { role: 'purchasing', name: loaded.purchasing.name, email: link.recipientEmail },
        secondApprover: {
          name: input.name,
          email: input.email.toLowerCase(),
          ...(input.jobTitle ? { jobTitle: input.jobTitle } : {}),
        },
        thresholdMinor: thresholdMinorOf(input),
        currency: site.currency,
      },
    }),
    mails: (tx, { after, state }) => secondApproverMails({ tx, loaded: after, state, revision, now }),
  });
  if (!outcome.repeated) await deliverOutbox({ ids: outcome.mailIds });
  return getQuote({ quoteRevisionId: revision.id, token: options.token, now });
}
