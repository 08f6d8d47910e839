/**
 * POST /api/quotes/:id/decline: purchasing declines the current revision, or asks for changes, with a
 * reason the shop can act on. Nothing is ordered or invoiced; the shop can send a revised quote.
 */
import { DECLINE_REASON_LABEL, declineSchema, reasonWords } from '../../domain/release-schema';
import { parseOrThrow } from '../../domain/request-schema';
import type { RequestMeta } from '../http/request-meta';
import { authorisePurchasing } from '../release/authorise';
import { sendReleaseMails } from '../release/mails';
import { recordPurchasingDecision } from '../release/record-decision';
import { releaseResult, type ReleaseResult } from '../release/result';

export interface DeclineQuoteOptions {
  quoteId: string;
  token: string | undefined;
  body: unknown;
  meta: RequestMeta;
  now?: Date;
}

export async function declineQuote(options: DeclineQuoteOptions): Promise<ReleaseResult> {
  const { link, revision } = await authorisePurchasing(options);
  const input = parseOrThrow(declineSchema, options.body);
  const reason = reasonWords(DECLINE_REASON_LABEL[input.reason], input.note);
  const { loaded, repeated } = await recordPurchasingDecision({
    link,
    revision,
    type: 'purchasing_declined',
    reason,
    details: { reasonCode: input.reason, note: input.note },
    meta: options.meta,
  });
  if (!repeated) {
    await sendReleaseMails({
      loaded,
      state: loaded.state,
      revision,
      decidedBy: { name: loaded.purchasing.name, jobTitle: loaded.purchasing.jobTitle ?? undefined },
      kind: { type: 'declined', reason },
    });
  }
  return releaseResult({
    loaded,
    revisionId: revision.id,
    status: 'declined',
    repeated,
    message: 'The quote is declined and the shop has your reason. Nothing is ordered or invoiced.',
  });
}
