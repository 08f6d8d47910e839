/**
 * POST /api/quotes/:id/hold: purchasing puts the current revision on hold with a reason (internal
 * sign-off, budget, quantity). The quote stays open; it can still be released or declined later.
 */
import { HOLD_REASON_LABEL, holdSchema, reasonWords } from '../../domain/release-schema';
import { parseOrThrow } from '../../domain/request-schema';
import type { RequestMeta } from '../http/request-meta';
import { authorisePurchasing } from '../release/authorise';
import { sendReleaseMails } from '../release/mails';
import { recordPurchasingDecision } from '../release/record-decision';
import { releaseResult, type ReleaseResult } from '../release/result';

export interface HoldQuoteOptions {
  quoteId: string;
  token: string | undefined;
  body: unknown;
  meta: RequestMeta;
  now?: Date;
}

export async function holdQuote(options: HoldQuoteOptions): Promise<ReleaseResult> {
  const { link, revision } = await authorisePurchasing(options);
  const input = parseOrThrow(holdSchema, options.body);
  const reason = reasonWords(HOLD_REASON_LABEL[input.reason], input.note);
  const { loaded, repeated } = await recordPurchasingDecision({
    link,
    revision,
    type: 'purchasing_hold',
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
      kind: { type: 'hold', reason },
    });
  }
  return releaseResult({
    loaded,
    revisionId: revision.id,
    status: 'on_hold',
    repeated,
    message:
      'The quote is on hold. Nothing is ordered or invoiced; you can release it from this page while it is valid.',
  });
}
