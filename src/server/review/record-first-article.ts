/**
 * POST /api/requests/:id/first-article: the technical contact accepts or rejects a shipped sample,
 * with notes and photos. Possible only after the shop recorded a shipped sample; before that the
 * answer is 409 with what to do. Accepting moves the technical track to `first_article_accepted` and
 * releases nothing: the commercial track and Stripe are never touched (architecture §1, invariant 3).
 */
import { parseOrThrow } from '../../domain/request-schema.js';
import { firstArticleSchema } from '../../domain/review-schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { recordTechnicalDecision, type TechnicalEventResult } from './record-technical-event.js';

export interface RecordFirstArticleOptions {
  requestId: string;
  token: string | undefined;
  body: unknown;
  meta: RequestMeta;
  now?: Date;
}

const NO_SAMPLE_YET =
  'There is no shipped sample to accept or reject yet. The shop records the shipment when the sample leaves, and this step opens then. If a sample has already reached you, ask the shop to record it as shipped.';

export async function recordFirstArticle(options: RecordFirstArticleOptions): Promise<TechnicalEventResult> {
  return recordTechnicalDecision({
    ...options,
    parse: (body) => parseOrThrow(firstArticleSchema, body),
    kind: (input) => ({ type: 'first_article', decision: input.decision, checked: input.checked }),
    refusalMessage: (code, message, state) =>
      code === 'INVALID_TRANSITION' && state.samplesShipped === 0 ? NO_SAMPLE_YET : firstArticleRefusal(code, message),
  });
}

// A sample was shipped once, but the track moved on (e.g. a new review asked for changes).
function firstArticleRefusal(code: string, message: string): string {
  if (code !== 'INVALID_TRANSITION') return message;
  return 'No sample is waiting for your verdict now: the technical review changed after the last sample shipped. The shop will ship a new sample; this step opens again then.';
}
