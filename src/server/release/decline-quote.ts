/**
 * POST /api/quotes/:id/decline: purchasing declines the current revision, or asks for changes, with a
 * reason the shop can act on. Nothing is ordered or invoiced; the shop can send a revised quote.
 */
import { DECLINE_REASON_LABEL, declineSchema, reasonWords } from '../../domain/release-schema.js';
import { parseOrThrow } from '../../domain/request-schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { recordPurchasingPause } from './record-purchasing-pause.js';
import type { ReleaseResult } from './result.js';

export interface DeclineQuoteOptions {
  quoteId: string;
  token: string | undefined;
  body: unknown;
  meta: RequestMeta;
  now?: Date;
}

export async function declineQuote(options: DeclineQuoteOptions): Promise<ReleaseResult> {
  return recordPurchasingPause({
    ...options,
    parse(body) {
      const input = parseOrThrow(declineSchema, body);
      return {
        reason: reasonWords(DECLINE_REASON_LABEL[input.reason], input.note),
        details: { reasonCode: input.reason, note: input.note },
      };
    },
    type: 'purchasing_declined',
    status: 'declined',
    message: 'The quote is declined and the shop has your reason. Nothing is ordered or invoiced.',
  });
}
