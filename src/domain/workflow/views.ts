/**
 * Read-only views derived from a workflow state: which revision is current or open, what was
 * released, whether production may start, and the lot-by-lot quantities. None of these is stored
 * (invariant 3): they are recomputed from the replayed state wherever they are shown.
 */
import type { CoveredFileView, SignOffView } from '../contracts/sign-off.js';
import { isOpen, type Revision, type WorkflowState } from './state.js';
import { reopenedSentence, shortHash, signOffSentence } from './words.js';
import {
  PRODUCTION_EVENT_TYPES,
  PRODUCTION_SCOPES,
  TECHNICAL_EVENT_TYPES,
  type CoveredFile,
  type QuoteScope,
  type ReplayedEvent,
  type TechnicalState,
} from './vocabulary.js';

/**
 * Which track an event belongs to; every event belongs to exactly one (invariant 3). A file fact is
 * technical: new geometry can reopen the sign-off, never touch a quote. Production events (what the
 * shop makes and ships of released lots) are a third lane that moves neither track.
 */
export function trackOf(event: Pick<ReplayedEvent, 'type'>): 'technical' | 'commercial' | 'production' {
  if ((PRODUCTION_EVENT_TYPES as readonly string[]).includes(event.type)) return 'production';
  return event.type === 'file_added' || (TECHNICAL_EVENT_TYPES as readonly string[]).includes(event.type)
    ? 'technical'
    : 'commercial';
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

/**
 * The current sign-off and the files it covers, or why the review is open again (invariant 7), for
 * the status and release pages.
 */
export function signOffView(state: WorkflowState): SignOffView {
  if (state.signOff) {
    const { decision, at, covers } = state.signOff;
    return { status: 'current', decision, at, sentence: signOffSentence(state.signOff), covers: covers.map(fileView) };
  }
  if (state.reopened) {
    const { signOff, arrivals } = state.reopened;
    return {
      status: 'reopened',
      decision: signOff.decision,
      at: signOff.at,
      sentence: reopenedSentence(state.reopened),
      covers: signOff.covers.map(fileView),
      arrived: arrivals.map(fileView),
    };
  }
  return { status: 'none' };
}

function fileView({ fileId, name, sha256 }: CoveredFile): CoveredFileView {
  return { fileId, name, sha256, shortHash: shortHash(sha256) };
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
