/**
 * POST /api/quotes/:id/hold: purchasing puts the current revision on hold with a reason (internal
 * sign-off, budget, quantity). The quote stays open; it can still be released or declined later.
 */
import { HOLD_REASON_LABEL, holdSchema, reasonWords } from '../../domain/release-schema.js';
import { parseOrThrow } from '../../domain/request-schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { recordPurchasingPause } from './record-purchasing-pause.js';
import type { ReleaseResult } from './result.js';

export interface HoldQuoteOptions {
  quoteId: string;
  token: string | undefined;
  body: unknown;
  meta: RequestMeta;
  now?: Date;
}

export async function holdQuote(options: HoldQuoteOptions): Promise<ReleaseResult> {
  return recordPurchasingPause({
    ...options,
    parse(body) {
      const input = parseOrThrow(holdSchema, body);
      return {
        reason: reasonWords(HOLD_REASON_LABEL[input.reason], input.note),
        details: {
          reasonCode: input.reason,
          note: input.note,
          ...(input.followUpOn ? { followUpOn: input.followUpOn } : {}),
        },
      };
    },
    type: 'purchasing_hold',
    status: 'on_hold',
    message:
      'The quote is on hold. Nothing is ordered or invoiced; you can release it from this page while it is valid.',
  });
}
