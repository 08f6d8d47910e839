/**
 * Read-only views derived from a workflow state: which revision is current or open, what was
 * released, whether production may start, and the lot-by-lot quantities. None of these is stored
 * (invariant 3): they are recomputed from the replayed state wherever they are shown.
 */
import { isOpen, type Revision, type WorkflowState } from './state.js';
import {
  PRODUCTION_SCOPES,
  TECHNICAL_EVENT_TYPES,
  type QuoteScope,
  type TechnicalState,
  type WorkflowEvent,
} from './vocabulary.js';

/** Which track an event belongs to; every event belongs to exactly one (invariant 3). */
export function trackOf(event: Pick<WorkflowEvent, 'type'>): 'technical' | 'commercial' {
  return (TECHNICAL_EVENT_TYPES as readonly string[]).includes(event.type) ? 'technical' : 'commercial';
}

/** The current (newest) revision, if any quote was ever issued. */
export function currentRevision(state: WorkflowState): Revision | undefined {
  return state.revisions.at(-1);
}

/** The revision purchasing could act on now, if one is open. */
export function openRevision(state: WorkflowState): Revision | undefined {
  const current = currentRevision(state);
  return current && isOpen(current) ? current : undefined;
}

/** Revisions purchasing released, oldest first. */
export function releasedRevisions(state: WorkflowState): Revision[] {
  return state.revisions.filter((r) => r.status === 'accepted');
}

/** True when the technical track allows production to start. */
export function technicalGoAhead(technical: TechnicalState): boolean {
  return technical === 'direction_confirmed' || technical === 'first_article_accepted';
}

/** Derived, never stored: a production scope is released AND the technical track gave its go-ahead. */
export function readyForProduction(state: WorkflowState): boolean {
  return technicalGoAhead(state.technical) && releasedRevisions(state).some((r) => PRODUCTION_SCOPES.includes(r.scope));
}

/** Quantities for lot-by-lot release: what was asked for, released so far, quoted and still open, remaining. */
export type LotSummary = {
  planned?: number | undefined;
  released: number;
  openQuoted: number;
  /** Not yet released: planned minus released (the open quote's lot still counts here). */
  remaining?: number | undefined;
  /** Left for lots after the open quote: planned minus released minus the open quote's lot. */
  laterLots?: number | undefined;
  lots: { revisionId: string; scope: QuoteScope; quantity: number; poNumber?: string | undefined }[];
};

/** Quoted / released / remaining production quantities; sample lots are listed but not counted. */
export function lotSummary(state: WorkflowState): LotSummary {
  const production = releasedRevisions(state).filter((r) => PRODUCTION_SCOPES.includes(r.scope));
  const released = production.reduce((sum, r) => sum + r.quantity, 0);
  const open = openRevision(state);
  const openQuoted = open && PRODUCTION_SCOPES.includes(open.scope) ? open.quantity : 0;
  return {
    planned: state.plannedTotal,
    released,
    openQuoted,
    remaining: state.plannedTotal === undefined ? undefined : Math.max(0, state.plannedTotal - released),
    laterLots: state.plannedTotal === undefined ? undefined : Math.max(0, state.plannedTotal - released - openQuoted),
    lots: releasedRevisions(state).map((r) => ({
      revisionId: r.id,
      scope: r.scope,
      quantity: r.quantity,
      poNumber: r.poNumber,
    })),
  };
}
