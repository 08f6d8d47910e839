/**
 * The production track (architecture §2, "Production and delivery"): what the shop makes and ships of
 * the lots purchasing released. Its events hang off a released revision and move neither the
 * technical nor the commercial state (invariant 3). Gates: production starts only while "ready for
 * production" holds for a released production lot; a shipment needs its lot's production started and
 * never ships more than released minus already shipped; a delivery needs its shipment.
 */
import { SCOPE_LABEL } from '../labels.js';
import type { LotProduction, Revision, ShipmentRecord, WorkflowState } from './state.js';
import { PRODUCTION_SCOPES, type EventOf, type ProductionEventType, type QuoteScope } from './vocabulary.js';
import { readyForProduction, releasedRevisions, technicalGoAhead } from './views.js';
import { PRODUCTION_REFUSAL, revisionStatusWords } from './words.js';

/** What `applyProduction` answers: the next state, or the refusal `applyEvent` passes on. */
export type ProductionResult =
  | { ok: true; state: WorkflowState }
  | { ok: false; code: 'NOT_FOUND' | 'INVALID_TRANSITION' | 'ALREADY_DECIDED' | 'CONFLICT'; message: string };

/** Applies a production event; called by `applyEvent` after the role check. */
export function applyProduction(state: WorkflowState, event: EventOf<ProductionEventType>): ProductionResult {
  const revision = state.revisions.find((r) => r.id === event.revisionId);
  if (!revision) return { ok: false, code: 'NOT_FOUND', message: PRODUCTION_REFUSAL.unknownLot };
  const lot = state.production.find((p) => p.revisionId === revision.id);
  switch (event.type) {
    case 'production_started': {
      const refused = startRefusal(state, revision);
      if (refused) return { ok: false, code: 'INVALID_TRANSITION', message: refused };
      if (lot) return { ok: false, code: 'ALREADY_DECIDED', message: PRODUCTION_REFUSAL.alreadyStarted };
      const started: LotProduction = { revisionId: revision.id, startedAt: event.at, note: event.note, shipments: [] };
      return { ok: true, state: { ...state, production: [...state.production, started] } };
    }
    case 'lot_shipped': {
      if (!lot) return { ok: false, code: 'INVALID_TRANSITION', message: PRODUCTION_REFUSAL.notStarted };
      if (!Number.isInteger(event.quantity) || event.quantity < 1) {
        return { ok: false, code: 'INVALID_TRANSITION', message: PRODUCTION_REFUSAL.wholeQuantity };
      }
      const all = state.production.flatMap((p) => p.shipments);
      if (all.some((s) => s.shipmentId === event.shipmentId)) {
        return { ok: false, code: 'CONFLICT', message: PRODUCTION_REFUSAL.sameShipment };
      }
      if (all.some((s) => sameTracking(s, event))) {
        return { ok: false, code: 'CONFLICT', message: PRODUCTION_REFUSAL.sameTracking };
      }
      const shipped = shippedOf(lot);
      const remaining = Math.max(0, revision.quantity - shipped);
      if (event.quantity > remaining) {
        return { ok: false, code: 'INVALID_TRANSITION', message: PRODUCTION_REFUSAL.tooMany(remaining, shipped) };
      }
      const shipment: ShipmentRecord = {
        shipmentId: event.shipmentId,
        carrier: event.carrier,
        trackingReference: event.trackingReference,
        quantity: event.quantity,
        trackingUrl: event.trackingUrl,
        shippedAt: event.at,
      };
      return { ok: true, state: withLot(state, { ...lot, shipments: [...lot.shipments, shipment] }) };
    }
    case 'lot_delivered': {
      const shipment = lot?.shipments.find((s) => s.shipmentId === event.shipmentId);
      if (!lot || !shipment) return { ok: false, code: 'NOT_FOUND', message: PRODUCTION_REFUSAL.unknownShipment };
      if (shipment.deliveredOn !== undefined) {
        return {
          ok: false,
          code: 'ALREADY_DECIDED',
          message: PRODUCTION_REFUSAL.alreadyDelivered(shipment.deliveredOn),
        };
      }
      if (!/^\d{4}-\d{2}-\d{2}$/.test(event.deliveredOn)) {
        return { ok: false, code: 'INVALID_TRANSITION', message: PRODUCTION_REFUSAL.deliveryDate };
      }
      const shippedDay = shipment.shippedAt?.slice(0, 10);
      if (shippedDay !== undefined && event.deliveredOn < shippedDay) {
        return {
          ok: false,
          code: 'INVALID_TRANSITION',
          message: PRODUCTION_REFUSAL.deliveredBeforeShipped(shippedDay),
        };
      }
      const shipments = lot.shipments.map((s) => (s === shipment ? { ...s, deliveredOn: event.deliveredOn } : s));
      return { ok: true, state: withLot(state, { ...lot, shipments }) };
    }
  }
}

/** Why production of this revision cannot start now, in words a person can act on; undefined when it can. */
function startRefusal(state: WorkflowState, revision: Revision): string | undefined {
  if (revision.status !== 'accepted') return PRODUCTION_REFUSAL.notReleased(revisionStatusWords(revision.status));
  if (!PRODUCTION_SCOPES.includes(revision.scope)) return PRODUCTION_REFUSAL.sampleScope;
  if (state.reopened) return PRODUCTION_REFUSAL.reopened;
  // With this lot released for production, the go-ahead is what "ready for production" still needs (§1).
  if (!technicalGoAhead(state.technical)) return PRODUCTION_REFUSAL.noGoAhead(state.technical);
  return undefined;
}

function sameTracking(a: { carrier: string; trackingReference: string }, b: typeof a): boolean {
  const norm = (text: string) => text.trim().toLowerCase();
  return norm(a.carrier) === norm(b.carrier) && norm(a.trackingReference) === norm(b.trackingReference);
}

function shippedOf(lot: LotProduction | undefined): number {
  return (lot?.shipments ?? []).reduce((sum, s) => sum + s.quantity, 0);
}

function withLot(state: WorkflowState, lot: LotProduction): WorkflowState {
  return { ...state, production: state.production.map((p) => (p.revisionId === lot.revisionId ? lot : p)) };
}

/** Pieces of one revision's lot shipped so far (0 for a lot not started or not part of the request). */
export function shippedQuantity(state: WorkflowState, revisionId: string): number {
  return shippedOf(state.production.find((p) => p.revisionId === revisionId));
}

/** One released production lot: released, shipped, delivered and remaining pieces, and its shipments. */
export type LotProgress = {
  revisionId: string;
  scope: QuoteScope;
  released: number;
  shipped: number;
  /** Pieces in shipments recorded as delivered. */
  delivered: number;
  /** Released minus shipped: what the next shipment may carry at most. */
  remaining: number;
  started: boolean;
  startedAt?: string | undefined;
  note?: string | undefined;
  shipments: readonly ShipmentRecord[];
  /**
   * The released value not yet shipped, pro rata of the revision's total (rounded to the minor unit);
   * absent when the issue event recorded no total.
   */
  unshippedValueMinor?: number | undefined;
  currency?: string | undefined;
};

/** Every released production lot with its progress, oldest release first. Derived, never stored. */
export function productionSummary(state: WorkflowState): LotProgress[] {
  return releasedRevisions(state)
    .filter((r) => PRODUCTION_SCOPES.includes(r.scope))
    .map((revision) => {
      const lot = state.production.find((p) => p.revisionId === revision.id);
      const shipments = lot?.shipments ?? [];
      const shipped = shippedOf(lot);
      const remaining = Math.max(0, revision.quantity - shipped);
      const delivered = shipments.filter((s) => s.deliveredOn !== undefined).reduce((sum, s) => sum + s.quantity, 0);
      return {
        revisionId: revision.id,
        scope: revision.scope,
        released: revision.quantity,
        shipped,
        delivered,
        remaining,
        started: lot !== undefined,
        startedAt: lot?.startedAt,
        note: lot?.note,
        shipments,
        ...(revision.totalMinor !== undefined && revision.quantity > 0
          ? {
              unshippedValueMinor: Math.round((revision.totalMinor * remaining) / revision.quantity),
              currency: revision.currency,
            }
          : {}),
      };
    });
}

/** What the shop still owes on released lots, for "who acts next" (architecture §2). */
export function productionWaits(state: WorkflowState): string[] {
  const ready = readyForProduction(state);
  return productionSummary(state).flatMap((lot) => {
    const what = `the ${SCOPE_LABEL[lot.scope]} of ${lot.released}`;
    if (!lot.started) return ready ? [`The shop to start production of ${what}: ready for production.`] : [];
    if (lot.remaining > 0) {
      return [
        lot.shipped === 0
          ? `The shop to make and ship ${what}.`
          : `The shop to ship the remaining ${lot.remaining} of ${what}.`,
      ];
    }
    const open = lot.shipments.filter((s) => s.deliveredOn === undefined).length;
    if (open === 0) return [];
    return [`The shop to record the delivery of ${open === 1 ? 'a shipment' : `${open} shipments`} of ${what}.`];
  });
}
