/**
 * The shop's "sample shipped" button: records that a sample left the shop, which opens the
 * first-article step on the technical contact's review page, and mails them a fresh review link.
 * The caller (the shop's route) has already checked the staff session; this records who pressed it.
 * A shipped sample is a technical-track event: it releases nothing commercially.
 */
import { AppError } from '../../domain/errors.js';
import { parseOrThrow } from '../../domain/request-schema.js';
import { sampleShippedSchema } from '../../domain/review-schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { issueLink } from '../links/index.js';
import { sampleShippedMail } from '../mail/templates/review-sample-shipped.js';
import { isUuid } from '../requests/load-request.js';
import { deliverOutbox } from '../mail/outbox.js';
import { recordTechnicalEvent, technicalEventResult, type TechnicalEventResult } from './record-technical-event.js';
import { requestHandoffNote } from '../requests/handoff.js';

export interface RecordSampleShippedOptions {
  requestId: string;
  staffEmail: string;
  trackingReference?: string | undefined;
  carrier?: string | undefined;
  note?: string | undefined;
  meta?: RequestMeta | undefined;
  now?: Date;
}

export async function recordSampleShipped({
  requestId,
  staffEmail,
  meta,
  now = new Date(),
  ...shipment
}: RecordSampleShippedOptions): Promise<TechnicalEventResult> {
  if (!isUuid(requestId)) throw new AppError('NOT_FOUND', 'There is no request with this id.');
  const input = parseOrThrow(sampleShippedSchema, shipment);
  const details = {
    trackingReference: input.trackingReference || undefined,
    carrier: input.carrier || undefined,
    note: input.note || undefined,
  };

  const recorded = await recordTechnicalEvent({
    requestId,
    meta,
    now,
    build: () => ({
      event: {
        type: 'sample_shipped',
        actor: { role: 'shop', email: staffEmail },
        trackingReference: details.trackingReference,
      },
      details: { carrier: details.carrier, note: details.note },
    }),
    mails: async (tx, { before, state }) => {
      // The technical contact needs a working link in this mail; the earlier ones stay valid too.
      const link = await issueLink({
        tx,
        purpose: 'technical',
        recipientEmail: before.technical.email,
        requestId,
        params: { id: requestId },
        now,
      });
      const message = sampleShippedMail({
        reference: before.request.reference,
        partName: before.details.part.name,
        technical: { name: before.technical.name, email: before.technical.email },
        purchasing: { name: before.purchasing.name },
        sameContactForBothRoles: before.request.sameContactForBothRoles,
        ...details,
        reviewUrl: link.url,
        handoffNote: requestHandoffNote(state),
      });
      return [{ recipient: 'the technical contact', message, announce: true }];
    },
  });
  await deliverOutbox({ ids: recorded.mailIds, now });
  return technicalEventResult(recorded);
}
