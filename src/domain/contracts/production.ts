/**
 * The production track as the status page and the shop's request page read it (architecture §2,
 * "Production and delivery"): each released production lot with released / shipped / remaining
 * pieces, when production started, and its shipments. Pure types, built by the server.
 */
import type { NextActor } from '../workflow/next-actor.js';

export interface ShipmentView {
  shipmentId: string;
  carrier: string;
  trackingReference: string;
  /** The carrier's tracking page, when the shop gave one (always https). */
  trackingUrl?: string | undefined;
  quantity: number;
  shippedAt?: string | undefined;
  /** The day it arrived (YYYY-MM-DD), once recorded. */
  deliveredOn?: string | undefined;
}

export interface LotView {
  revisionId: string;
  /** "Opening lot", "Additional lot", … */
  scopeLabel: string;
  released: number;
  shipped: number;
  delivered: number;
  remaining: number;
  started: boolean;
  startedAt?: string | undefined;
  note?: string | undefined;
  /** Why production of this lot cannot start yet, in words; absent once started or when it can. */
  startBlocked?: string | undefined;
  shipments: ShipmentView[];
}

export interface ProductionView {
  lots: LotView[];
}

/** What the shop's production functions answer: the recorded event and the lots after it. */
export interface ProductionEventResult {
  eventId: number;
  type: string;
  recordedAt: string;
  /** The same record was already the latest one; nothing new was stored or sent. */
  repeated: boolean;
  production: ProductionView;
  nextActor: NextActor;
  missing: string[];
}
