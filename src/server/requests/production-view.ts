/**
 * The production track as the status page and the shop read it (architecture §2, "Production and
 * delivery"), built from the domain's derived lot progress. A lot not started says why it cannot start
 * yet, in the words `applyEvent` would refuse with, so the page and the refusal never disagree.
 */
import type { ProductionView } from '../../domain/contracts/production.js';
import { SCOPE_LABEL, sentenceCase } from '../../domain/labels.js';
import { productionSummary } from '../../domain/workflow/production.js';
import type { WorkflowState } from '../../domain/workflow/state.js';
import { applyEvent } from '../../domain/workflow/transitions.js';

const SCOPE_TITLE = sentenceCase(SCOPE_LABEL);

export function productionView(state: WorkflowState): ProductionView {
  return {
    lots: productionSummary(state).map((lot) => {
      const trial = lot.started
        ? undefined
        : applyEvent(state, { type: 'production_started', actor: { role: 'shop' }, revisionId: lot.revisionId });
      return {
        revisionId: lot.revisionId,
        scopeLabel: SCOPE_TITLE[lot.scope],
        released: lot.released,
        shipped: lot.shipped,
        delivered: lot.delivered,
        remaining: lot.remaining,
        started: lot.started,
        ...(lot.startedAt ? { startedAt: lot.startedAt } : {}),
        ...(lot.note ? { note: lot.note } : {}),
        ...(trial && !trial.ok ? { startBlocked: trial.message } : {}),
        shipments: lot.shipments.map((s) => ({
          shipmentId: s.shipmentId,
          carrier: s.carrier,
          trackingReference: s.trackingReference,
          ...(s.trackingUrl ? { trackingUrl: s.trackingUrl } : {}),
          quantity: s.quantity,
          ...(s.shippedAt ? { shippedAt: s.shippedAt } : {}),
          ...(s.deliveredOn ? { deliveredOn: s.deliveredOn } : {}),
        })),
      };
    }),
  };
}
