/**
 * POST /api/requests/:id/technical-review: the technical contact's decision on the direction, with
 * the fit checklist, notes and files. Only a technical link may decide (a purchasing or status link
 * gets 403); the person and role come from the link and the request, never from the body. A later
 * decision supersedes an earlier one; every one stays in the event log with IP and user agent.
 * Nothing here touches the commercial track or Stripe (architecture §1, invariant 3).
 */
import { AppError } from '../../domain/errors';
import { parseOrThrow } from '../../domain/request-schema';
import { technicalReviewSchema } from '../../domain/review-schema';
import type { RequestMeta } from '../http/request-meta';
import { verifyLink } from '../links';
import { isUuid } from '../requests/load-request';
import {
  decisionMails,
  deliverMails,
  recordTechnicalEvent,
  technicalEventResult,
  type TechnicalEventResult,
} from '../requests/record-technical-event';

export interface RecordTechnicalReviewOptions {
  requestId: string;
  token: string | undefined;
  body: unknown;
  meta: RequestMeta;
  now?: Date;
}

export async function recordTechnicalReview({
  requestId,
  token,
  body,
  meta,
  now,
}: RecordTechnicalReviewOptions): Promise<TechnicalEventResult> {
  const link = await verifyLink({ token, purposes: ['technical'], now });
  if (!isUuid(requestId) || link.requestId !== requestId) {
    throw new AppError(
      'UNAUTHENTICATED',
      'This link belongs to another request. Open the link from the email about this one.',
    );
  }
  const input = parseOrThrow(technicalReviewSchema, body);

  const recorded = await recordTechnicalEvent({
    requestId,
    fileIds: input.fileIds,
    meta,
    now,
    build: (loaded) => ({
      event: {
        type: 'technical_review',
        actor: { role: 'technical', name: loaded.technical.name, email: link.recipientEmail },
        decision: input.decision,
        notes: input.notes || undefined,
      },
      details: { checklist: input.checklist, fileIds: input.fileIds },
    }),
  });

  if (!recorded.repeated) {
    await deliverMails({
      requestId,
      reference: recorded.before.request.reference,
      mails: decisionMails({
        recorded,
        kind: { type: 'technical_review', decision: input.decision, checklist: input.checklist },
        notes: input.notes || undefined,
        fileIds: input.fileIds,
      }),
    });
  }
  return technicalEventResult(recorded);
}
