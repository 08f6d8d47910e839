/**
 * The shop records a shipment of a released lot: carrier, tracking reference, pieces and, when known,
 * the carrier's tracking page (architecture §2, "Production and delivery"). The domain refuses it
 * before production of the lot started and when it carries more than released minus already shipped.
 * Both customer contacts are mailed in the same transaction (§10). The shipment id is ours; sending
 * the same carrier, tracking, lot and pieces again is the same shipment and records nothing.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import type { ProductionEventResult } from '../../domain/contracts/production.js';
import { parseOrThrow } from '../../domain/request-schema.js';
import { shipmentSchema } from '../../domain/production-schema.js';
import { deliverOutbox } from '../mail/outbox.js';
import type { RequestMeta } from '../http/request-meta.js';
import { commitDecision } from '../requests/commit-decision.js';
import { isUuid } from '../requests/load-request.js';
import { NOT_FOUND_MESSAGE, productionResult, shipmentMails, shipmentRow } from './production-records.js';

export interface RecordLotShippedOptions {
  requestId: string;
  staffEmail: string;
  body: unknown;
  meta?: RequestMeta | undefined;
  now?: Date;
}

export async function recordLotShipped({
  requestId,
  staffEmail,
  body,
  meta,
  now = new Date(),
}: RecordLotShippedOptions): Promise<ProductionEventResult> {
  if (!isUuid(requestId)) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  const input = parseOrThrow(shipmentSchema, body);
  const trackingUrl = input.trackingUrl || undefined;
  const shipmentId = randomUUID();
  const outcome = await commitDecision({
    requestId,
    notFoundMessage: NOT_FOUND_MESSAGE,
    meta,
    now,
    decide: (loaded) => {
      const same = loaded.state.production
        .find((lot) => lot.revisionId === input.revisionId)
        ?.shipments.find(
          (s) =>
            s.carrier === input.carrier &&
            s.trackingReference === input.trackingReference &&
            s.quantity === input.quantity &&
            s.trackingUrl === trackingUrl,
        );
      const earlier = same ? shipmentRow(loaded, 'lot_shipped', same.shipmentId) : undefined;
      if (earlier) return { repeatOf: earlier };
      return {
        event: {
          type: 'lot_shipped',
          actor: { role: 'shop', email: staffEmail },
          revisionId: input.revisionId,
          shipmentId,
          carrier: input.carrier,
          trackingReference: input.trackingReference,
          quantity: input.quantity,
          trackingUrl,
        },
      };
    },
    mails: (tx, committed) => shipmentMails({ tx, committed, kind: 'shipped', shipmentId, now }),
  });
  if (!outcome.row) throw new Error('a shipment without its event');
  if (!outcome.repeated) await deliverOutbox({ ids: outcome.mailIds, now });
  return productionResult(outcome.row, outcome.state, outcome.repeated);
}
