/**
 * The shop records that a shipment arrived, and on which day (architecture §2, "Production and
 * delivery"). The domain refuses a shipment it does not know, a second delivery of one, and a day
 * before it left; a day after today is refused here beside the field. Both customer contacts are
 * mailed in the same transaction (§10). The same shipment and day again records nothing.
 */
import { AppError } from '../../domain/errors.js';
import type { ProductionEventResult } from '../../domain/contracts/production.js';
import { parseOrThrow } from '../../domain/request-schema.js';
import { deliverySchema } from '../../domain/production-schema.js';
import { PRODUCTION_REFUSAL } from '../../domain/workflow/words.js';
import { deliverOutbox } from '../mail/outbox.js';
import type { RequestMeta } from '../http/request-meta.js';
import { commitDecision } from '../requests/commit-decision.js';
import { isUuid } from '../requests/load-request.js';
import { NOT_FOUND_MESSAGE, productionResult, shipmentMails, shipmentRow } from './production-records.js';

export interface RecordLotDeliveredOptions {
  requestId: string;
  staffEmail: string;
  body: unknown;
  meta?: RequestMeta | undefined;
  now?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export async function recordLotDelivered({
  requestId,
  staffEmail,
  body,
  meta,
  now = new Date(),
}: RecordLotDeliveredOptions): Promise<ProductionEventResult> {
  if (!isUuid(requestId)) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  const input = parseOrThrow(deliverySchema, body);
  // A day ahead of UTC is allowed: the shop's calendar may already show tomorrow.
  if (input.deliveredOn > new Date(now.getTime() + DAY_MS).toISOString().slice(0, 10)) {
    throw new AppError('VALIDATION', undefined, {
      fields: { deliveredOn: 'The delivery day is in the future; enter the day the shipment arrived.' },
    });
  }
  const outcome = await commitDecision({
    requestId,
    notFoundMessage: NOT_FOUND_MESSAGE,
    meta,
    now,
    decide: (loaded) => {
      const lot = loaded.state.production.find((l) => l.shipments.some((s) => s.shipmentId === input.shipmentId));
      const shipment = lot?.shipments.find((s) => s.shipmentId === input.shipmentId);
      if (!lot || !shipment) {
        throw new AppError('NOT_FOUND', PRODUCTION_REFUSAL.unknownShipment);
      }
      const earlier =
        shipment.deliveredOn === input.deliveredOn ? shipmentRow(loaded, 'lot_delivered', input.shipmentId) : undefined;
      if (earlier) return { repeatOf: earlier };
      return {
        event: {
          type: 'lot_delivered',
          actor: { role: 'shop', email: staffEmail },
          revisionId: lot.revisionId,
          shipmentId: input.shipmentId,
          deliveredOn: input.deliveredOn,
        },
      };
    },
    mails: (tx, committed) => shipmentMails({ tx, committed, kind: 'delivered', shipmentId: input.shipmentId, now }),
  });
  if (!outcome.row) throw new Error('a delivery without its event');
  if (!outcome.repeated) await deliverOutbox({ ids: outcome.mailIds, now });
  return productionResult(outcome.row, outcome.state, outcome.repeated);
}
