/**
 * POST /api/requests/:id/technical-review: the technical contact's decision on the direction, with
 * the fit checklist, notes and files. Only a technical link may decide (a purchasing or status link
 * gets 403); the person and role come from the link and the request, never from the body. A later
 * decision supersedes an earlier one; every one stays in the event log with IP and user agent.
 * Nothing here touches the commercial track or Stripe (architecture §1, invariant 3).
 */
import { parseOrThrow } from '../../domain/request-schema.js';
import { technicalReviewSchema } from '../../domain/review-schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { recordTechnicalDecision, type TechnicalEventResult } from './record-technical-event.js';

export interface RecordTechnicalReviewOptions {
  requestId: string;
  token: string | undefined;
  body: unknown;
  meta: RequestMeta;
  now?: Date;
}

export async function recordTechnicalReview(options: RecordTechnicalReviewOptions): Promise<TechnicalEventResult> {
  return recordTechnicalDecision({
    ...options,
    parse: (body) => parseOrThrow(technicalReviewSchema, body),
    kind: (input) => ({ type: 'technical_review', decision: input.decision, checklist: input.checklist }),
  });
}
