/**
 * What the production use cases share (architecture §2, "Production and delivery"): the reply, the
 * shipment and delivery mails to both customer contacts with a fresh status link each, and finding
 * the earlier row a repeated shipment or delivery names.
 */
import type { ProductionEventResult } from '../../domain/contracts/production.js';
import { SCOPE_LABEL } from '../../domain/labels.js';
import { nextActor } from '../../domain/workflow/next-actor.js';
import { productionSummary } from '../../domain/workflow/production.js';
import type { WorkflowState } from '../../domain/workflow/state.js';
import type { EventRow } from '../db/event-log.js';
import type { Tx } from '../db/index.js';
import { issueLink } from '../links/index.js';
import type { QueuedMail } from '../mail/outbox.js';
import { lotDeliveredMail, lotShippedMail } from '../mail/templates/production-mails.js';
import type { CommittedDecision } from '../requests/commit-decision.js';
import type { LoadedRequest } from '../requests/load-request.js';
import { productionView } from '../requests/production-view.js';

export const NOT_FOUND_MESSAGE = 'There is no request with this id.';

export function productionResult(row: EventRow, state: WorkflowState, repeated: boolean): ProductionEventResult {
  const next = nextActor(state);
  return {
    eventId: row.id,
    type: row.type,
    recordedAt: row.createdAt.toISOString(),
    repeated,
    production: productionView(state),
    nextActor: next.actor,
    missing: next.missing,
  };
}

/** The stored row of the shipment's `lot_shipped` or `lot_delivered` event, for a repeated record. */
export function shipmentRow(loaded: LoadedRequest, type: 'lot_shipped' | 'lot_delivered', shipmentId: string) {
  return loaded.events.findLast((row) => {
    const payload = row.payload as { shipmentId?: unknown } | null;
    return row.type === type && payload?.shipmentId === shipmentId;
  });
}

export interface ShipmentMailsOptions {
  tx: Tx;
  committed: CommittedDecision;
  kind: 'shipped' | 'delivered';
  shipmentId: string;
  now: Date;
}

/**
 * One mail to each customer contact (one when a person holds both roles), each with their own
 * fresh status link, so the page with every lot and shipment is one click away.
 */
export async function shipmentMails({
  tx,
  committed,
  kind,
  shipmentId,
  now,
}: ShipmentMailsOptions): Promise<QueuedMail[]> {
  const { after, state } = committed;
  const lot = productionSummary(state).find((l) => l.shipments.some((s) => s.shipmentId === shipmentId));
  const shipment = lot?.shipments.find((s) => s.shipmentId === shipmentId);
  if (!lot || !shipment) throw new Error('a recorded shipment missing from its lot');
  const contacts = after.request.sameContactForBothRoles
    ? [{ row: after.technical, recipient: 'the technical contact and purchasing approver' }]
    : [
        { row: after.technical, recipient: 'the technical contact' },
        { row: after.purchasing, recipient: 'the purchasing approver' },
      ];
  const mails: QueuedMail[] = [];
  for (const { row, recipient } of contacts) {
    const link = await issueLink({
      tx,
      purpose: 'status',
      recipientEmail: row.email,
      requestId: after.request.id,
      params: { id: after.request.id },
      now,
    });
    const facts = {
      to: { name: row.name, email: row.email },
      reference: after.request.reference,
      partName: after.details.part.name,
      lotWords: SCOPE_LABEL[lot.scope],
      released: lot.released,
      shipped: lot.shipped,
      remaining: lot.remaining,
      shipment,
      statusUrl: link.url,
    };
    mails.push({ recipient, message: kind === 'shipped' ? lotShippedMail(facts) : lotDeliveredMail(facts) });
  }
  return mails;
}
