/**
 * The two tracks of a request and the only way they move: `applyEvent`.
 *
 * Technical track: is this the right part? Commercial track: may the order be placed? They are kept
 * apart on purpose (architecture §1): a technical decision never touches commercial state and the
 * other way round, and "ready for production" is derived from both, never stored.
 *
 * Decisions documented here because the architecture leaves them open:
 * - Cancelling the current quote revision returns the commercial track to `estimate` (no open quote).
 *   Cancels and expiries of revisions that are no longer open are accepted as no-ops, because Stripe
 *   cancels a revised quote's predecessor itself and webhooks repeat.
 * - At most one revision is open (`quoted` or `on_hold`) at a time: a new firm quote while one is open
 *   must be a revision of it. After a release the shop may quote the next lot (lot-by-lot release);
 *   the commercial track then follows the newest revision, and earlier releases keep counting for
 *   "ready for production" and for the released quantity.
 * - A voided invoice does not undo the purchasing release (the PO still stands); commercial goes back
 *   to `released` and the shop is asked to invoice again outside the automatic path.
 * - "Accepted outside the portal" (e.g. in the Stripe Dashboard) is recorded and flagged for the shop;
 *   it never releases. The approver can still release that revision through their own link.
 * - Technical and purchasing decisions must name the person (`actor.email`), who must hold that role
 *   for this request (`canActInRole`); that is how invariant 4 is enforced here.
 */
import type { AppErrorCode } from '../errors.js';
import type { Mode, QuoteRequest } from '../request-schema.js';

// ---------------------------------------------------------------------------------------------
// Vocabulary

/** Technical track states (architecture §2). */
export const TECHNICAL_STATES = [
  'awaiting_review',
  'direction_confirmed',
  'sample_required',
  'changes_requested',
  'sample_in_progress',
  'first_article_accepted',
  'first_article_rejected',
] as const;
export type TechnicalState = (typeof TECHNICAL_STATES)[number];

/** Commercial track states (architecture §2). */
export const COMMERCIAL_STATES = [
  'estimate',
  'quoted',
  'on_hold',
  'declined',
  'expired',
  'released',
  'invoiced',
  'paid',
] as const;
export type CommercialState = (typeof COMMERCIAL_STATES)[number];

/** What a quote revision releases. */
export const QUOTE_SCOPES = ['sample', 'opening_lot', 'full_batch', 'additional_lot'] as const;
export type QuoteScope = (typeof QUOTE_SCOPES)[number];

/** The scopes that, once released, allow production (with the technical go-ahead). */
export const PRODUCTION_SCOPES: readonly QuoteScope[] = ['opening_lot', 'full_batch', 'additional_lot'];

/** Who did something; every event records it (invariant 5). */
export const ACTOR_ROLES = ['technical', 'purchasing', 'shop', 'stripe', 'system'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];
export type Actor = { role: ActorRole; name?: string | undefined; email?: string | undefined };

/** The technical contact's review outcomes. */
export const REVIEW_DECISIONS = ['direction_confirmed', 'sample_required', 'changes_requested'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** The technical contact's verdict on a shipped sample. */
export const FIRST_ARTICLE_DECISIONS = ['accepted', 'rejected'] as const;
export type FirstArticleDecision = (typeof FIRST_ARTICLE_DECISIONS)[number];

/** Invoice events, in the order Stripe normally sends them. */
export const INVOICE_EVENT_TYPES = [
  'invoice_created',
  'invoice_finalized',
  'invoice_sent',
  'invoice_paid',
  'invoice_voided',
  'invoice_payment_failed',
] as const;
export type InvoiceEventType = (typeof INVOICE_EVENT_TYPES)[number];

type Base = { actor: Actor };
type RevisionRef = { revisionId: string };
type QuoteTerms = RevisionRef & { scope: QuoteScope; quantity: number };

/** Everything that can happen to a request; the server stores each as an append-only event row. */
export type WorkflowEvent =
  | (Base & { type: 'technical_review'; decision: ReviewDecision; notes?: string | undefined })
  | (Base & { type: 'sample_shipped'; trackingReference?: string | undefined })
  | (Base & { type: 'first_article'; decision: FirstArticleDecision; notes?: string | undefined })
  | (Base & { type: 'estimate_sent' })
  | (Base & QuoteTerms & { type: 'quote_issued' })
  | (Base & QuoteTerms & { type: 'quote_revised'; previousRevisionId: string })
  | (Base & RevisionRef & { type: 'quote_canceled' })
  | (Base & RevisionRef & { type: 'quote_expired' })
  | (Base &
      RevisionRef & { type: 'purchasing_accepted'; poNumber?: string | undefined; budgetCode?: string | undefined })
  | (Base & RevisionRef & { type: 'purchasing_hold'; reason: string })
  | (Base & RevisionRef & { type: 'purchasing_declined'; reason: string })
  | (Base & RevisionRef & { type: InvoiceEventType; invoiceId: string })
  | (Base & RevisionRef & { type: 'accepted_outside_portal' });

export type WorkflowEventType = WorkflowEvent['type'];
/** One event type's shape, e.g. `EventOf<'quote_issued'>`. */
export type EventOf<T extends WorkflowEventType> = Extract<WorkflowEvent, { type: T }>;

const TECHNICAL_EVENT_TYPES = ['technical_review', 'sample_shipped', 'first_article'] as const;
type TechnicalEventType = (typeof TECHNICAL_EVENT_TYPES)[number];
type CommercialEventType = Exclude<WorkflowEventType, TechnicalEventType>;

/** Which track an event belongs to; every event belongs to exactly one (invariant 3). */
export function trackOf(event: Pick<WorkflowEvent, 'type'>): 'technical' | 'commercial' {
  return (TECHNICAL_EVENT_TYPES as readonly string[]).includes(event.type) ? 'technical' : 'commercial';
}

// ---------------------------------------------------------------------------------------------
// State

/** A revision's own lifecycle; `open` and `on_hold` are the only acceptable ones. */
export type RevisionStatus = 'open' | 'on_hold' | 'declined' | 'accepted' | 'superseded' | 'canceled' | 'expired';
/** Invoice progress of an accepted revision; `none` until our accept creates the draft. */
export type InvoiceStatus = 'none' | 'draft' | 'open' | 'sent' | 'payment_failed' | 'paid' | 'void';

export type Revision = {
  readonly id: string;
  readonly scope: QuoteScope;
  readonly quantity: number;
  readonly status: RevisionStatus;
  readonly poNumber?: string | undefined;
  readonly budgetCode?: string | undefined;
  readonly acceptedBy?: Actor | undefined;
  readonly invoiceId?: string | undefined;
  readonly invoiceStatus: InvoiceStatus;
  /** Someone accepted this revision in Stripe without the portal: flagged for the shop, not a release. */
  readonly acceptedOutsidePortal: boolean;
};

/** Who holds which role on a request (invariant 4). Emails identify people. */
export type RoleHolders = {
  readonly technicalEmail: string;
  readonly purchasingEmail: string;
  readonly sameContactForBothRoles: boolean;
};

/** Both tracks and the quote revisions; rebuilt by replaying the request's events. */
export type WorkflowState = {
  readonly mode: Mode;
  readonly roles: RoleHolders;
  /** The total the customer asked for (possibly provisional), for lot-by-lot remaining quantities. */
  readonly plannedTotal?: number | undefined;
  readonly technical: TechnicalState;
  readonly commercial: CommercialState;
  /** Revisions in issue order; the last one is the one the commercial track follows. */
  readonly revisions: readonly Revision[];
  readonly estimateSent: boolean;
  readonly samplesShipped: number;
};

export type InitialWorkflowStateOptions = {
  mode: Mode;
  roles: RoleHolders;
  plannedTotal?: number | undefined;
};

/** A new request's state: both tracks at their start. */
export function initialWorkflowState({ mode, roles, plannedTotal }: InitialWorkflowStateOptions): WorkflowState {
  return {
    mode,
    roles,
    plannedTotal,
    technical: 'awaiting_review',
    commercial: 'estimate',
    revisions: [],
    estimateSent: false,
    samplesShipped: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Transition tables: `Record<State, …>` so a new state does not compile until its moves are decided.

type TechnicalMove = 'review' | 'sample_shipped' | 'first_article';

/** Which technical moves each technical state allows; a later review always supersedes an earlier one. */
export const TECHNICAL_TRANSITIONS: Record<TechnicalState, readonly TechnicalMove[]> = {
  awaiting_review: ['review', 'sample_shipped'],
  direction_confirmed: ['review', 'sample_shipped'],
  sample_required: ['review', 'sample_shipped'],
  changes_requested: ['review'],
  sample_in_progress: ['review', 'sample_shipped', 'first_article'],
  first_article_accepted: ['review', 'first_article'],
  first_article_rejected: ['review', 'sample_shipped', 'first_article'],
};

/**
 * Commercial state → event → next state, for events about the newest revision (or about no revision).
 * A missing entry means the event is refused in that state.
 */
export const COMMERCIAL_TRANSITIONS: Record<CommercialState, Partial<Record<CommercialEventType, CommercialState>>> = {
  estimate: { estimate_sent: 'estimate', quote_issued: 'quoted' },
  quoted: {
    quote_revised: 'quoted',
    quote_canceled: 'estimate',
    quote_expired: 'expired',
    purchasing_accepted: 'released',
    purchasing_hold: 'on_hold',
    purchasing_declined: 'declined',
    accepted_outside_portal: 'quoted',
  },
  on_hold: {
    quote_revised: 'quoted',
    quote_canceled: 'estimate',
    quote_expired: 'expired',
    purchasing_accepted: 'released',
    purchasing_hold: 'on_hold',
    purchasing_declined: 'declined',
    accepted_outside_portal: 'on_hold',
  },
  declined: {
    estimate_sent: 'declined',
    quote_issued: 'quoted',
    quote_revised: 'quoted',
    quote_canceled: 'estimate',
    accepted_outside_portal: 'declined',
  },
  expired: { estimate_sent: 'expired', quote_issued: 'quoted', accepted_outside_portal: 'expired' },
  released: {
    estimate_sent: 'released',
    quote_issued: 'quoted',
    invoice_created: 'released',
    invoice_finalized: 'invoiced',
    invoice_sent: 'invoiced',
    invoice_payment_failed: 'invoiced',
    invoice_paid: 'paid',
    invoice_voided: 'released',
  },
  invoiced: {
    estimate_sent: 'invoiced',
    quote_issued: 'quoted',
    invoice_created: 'invoiced',
    invoice_finalized: 'invoiced',
    invoice_sent: 'invoiced',
    invoice_payment_failed: 'invoiced',
    invoice_paid: 'paid',
    invoice_voided: 'released',
  },
  paid: {
    estimate_sent: 'paid',
    quote_issued: 'quoted',
    invoice_created: 'paid',
    invoice_finalized: 'paid',
    invoice_sent: 'paid',
    invoice_payment_failed: 'paid',
    invoice_paid: 'paid',
  },
};

/** Which roles may record each event; `Record` so a new event type must say who may cause it. */
export const EVENT_ROLES: Record<WorkflowEventType, readonly ActorRole[]> = {
  technical_review: ['technical'],
  first_article: ['technical'],
  sample_shipped: ['shop'],
  estimate_sent: ['shop'],
  quote_issued: ['shop'],
  quote_revised: ['shop'],
  quote_canceled: ['shop', 'stripe', 'system'],
  quote_expired: ['stripe', 'system'],
  purchasing_accepted: ['purchasing'],
  purchasing_hold: ['purchasing'],
  purchasing_declined: ['purchasing'],
  invoice_created: ['stripe', 'system'],
  invoice_finalized: ['stripe', 'system'],
  invoice_sent: ['stripe', 'system'],
  invoice_paid: ['stripe', 'system'],
  invoice_voided: ['stripe', 'system'],
  invoice_payment_failed: ['stripe', 'system'],
  accepted_outside_portal: ['stripe', 'system'],
};

// Invoice statuses only move forward, so a late or repeated webhook cannot undo a later fact.
const INVOICE_RANK: Record<InvoiceStatus, number> = {
  none: 0,
  draft: 1,
  open: 2,
  payment_failed: 3,
  sent: 3,
  paid: 5,
  void: 5,
};
const INVOICE_STATUS_OF: Record<InvoiceEventType, InvoiceStatus> = {
  invoice_created: 'draft',
  invoice_finalized: 'open',
  invoice_sent: 'sent',
  invoice_payment_failed: 'payment_failed',
  invoice_paid: 'paid',
  invoice_voided: 'void',
};

// ---------------------------------------------------------------------------------------------
// applyEvent

/** The reasons `applyEvent` refuses an event; each is also an `AppErrorCode` with its HTTP status. */
export type WorkflowErrorCode = Extract<
  AppErrorCode,
  | 'WRONG_ROLE'
  | 'QUOTE_SUPERSEDED'
  | 'QUOTE_NOT_OPEN'
  | 'ALREADY_DECIDED'
  | 'INVALID_TRANSITION'
  | 'NOT_FOUND'
  | 'CONFLICT'
>;

export type ApplyResult = { ok: true; state: WorkflowState } | { ok: false; code: WorkflowErrorCode; message: string };

/** The one way state changes: returns the next state, or why the event is refused (state untouched). */
export function applyEvent(state: WorkflowState, event: WorkflowEvent): ApplyResult {
  if (!EVENT_ROLES[event.type].includes(event.actor.role)) {
    return refuse('WRONG_ROLE', wrongRoleMessage(event));
  }
  if (event.actor.role === 'technical' || event.actor.role === 'purchasing') {
    const person = event.actor.email;
    if (!person || !canActInRole({ roles: state.roles, person: { email: person }, role: event.actor.role })) {
      return refuse(
        'WRONG_ROLE',
        event.actor.role === 'technical'
          ? 'Only the technical contact named on this request can record a technical decision.'
          : 'Only the purchasing approver named on this request can release, hold or decline a quote.',
      );
    }
  }
  switch (event.type) {
    case 'technical_review':
    case 'sample_shipped':
    case 'first_article':
      return applyTechnical(state, event);
    default:
      return applyCommercial(state, event);
  }
}

/** Folds a list of events; refused events are reported and skipped, so a replay never throws. */
export function replayEvents(
  initial: WorkflowState,
  events: readonly WorkflowEvent[],
): { state: WorkflowState; refused: { index: number; code: WorkflowErrorCode; message: string }[] } {
  let state = initial;
  const refused: { index: number; code: WorkflowErrorCode; message: string }[] = [];
  events.forEach((event, index) => {
    const result = applyEvent(state, event);
    if (result.ok) state = result.state;
    else refused.push({ index, code: result.code, message: result.message });
  });
  return { state, refused };
}

function applyTechnical(state: WorkflowState, event: EventOf<TechnicalEventType>): ApplyResult {
  const move: TechnicalMove =
    event.type === 'technical_review' ? 'review' : event.type === 'sample_shipped' ? 'sample_shipped' : 'first_article';
  if (!TECHNICAL_TRANSITIONS[state.technical].includes(move)) {
    return refuse('INVALID_TRANSITION', technicalRefusal(state.technical, move));
  }
  switch (event.type) {
    case 'technical_review':
      return { ok: true, state: { ...state, technical: event.decision } };
    case 'sample_shipped':
      return {
        ok: true,
        state: { ...state, technical: 'sample_in_progress', samplesShipped: state.samplesShipped + 1 },
      };
    case 'first_article':
      return {
        ok: true,
        state: {
          ...state,
          technical: event.decision === 'accepted' ? 'first_article_accepted' : 'first_article_rejected',
        },
      };
  }
}

function applyCommercial(state: WorkflowState, event: EventOf<CommercialEventType>): ApplyResult {
  const current = state.revisions.at(-1);
  switch (event.type) {
    case 'estimate_sent': {
      const next = COMMERCIAL_TRANSITIONS[state.commercial].estimate_sent;
      if (!next) return refuse('INVALID_TRANSITION', 'A firm quote is open; revise it instead of sending an estimate.');
      return { ok: true, state: { ...state, estimateSent: true, commercial: next } };
    }
    case 'quote_issued': {
      if (findRevision(state, event.revisionId)) return refuse('CONFLICT', 'This quote revision is already recorded.');
      const next = COMMERCIAL_TRANSITIONS[state.commercial].quote_issued;
      if (!next) return refuse('INVALID_TRANSITION', 'A quote is already open; revise or cancel it first.');
      const invalid = invalidTerms(event);
      if (invalid) return refuse('INVALID_TRANSITION', invalid);
      return { ok: true, state: { ...state, commercial: next, revisions: [...state.revisions, newRevision(event)] } };
    }
    case 'quote_revised': {
      if (findRevision(state, event.revisionId)) return refuse('CONFLICT', 'This quote revision is already recorded.');
      const previous = findRevision(state, event.previousRevisionId);
      if (!previous) return refuse('NOT_FOUND', 'The quote being revised is not part of this request.');
      if (previous !== current) {
        return refuse('QUOTE_SUPERSEDED', 'Only the latest quote revision can be revised; reload to see it.');
      }
      const next = COMMERCIAL_TRANSITIONS[state.commercial].quote_revised;
      if (!next || !['open', 'on_hold', 'declined'].includes(previous.status)) {
        return refuse(
          'QUOTE_NOT_OPEN',
          `This quote is ${revisionStatusWords(previous.status)}; issue a new quote instead.`,
        );
      }
      const invalid = invalidTerms(event);
      if (invalid) return refuse('INVALID_TRANSITION', invalid);
      const revisions = state.revisions.map((r) => (r === previous ? { ...r, status: 'superseded' as const } : r));
      return { ok: true, state: { ...state, commercial: next, revisions: [...revisions, newRevision(event)] } };
    }
    case 'quote_canceled':
    case 'quote_expired': {
      const revision = findRevision(state, event.revisionId);
      if (!revision) return refuse('NOT_FOUND', 'That quote is not part of this request.');
      if (revision.status === 'accepted') {
        return refuse('ALREADY_DECIDED', 'This quote was already released by purchasing, so it can no longer end.');
      }
      // Closing a revision that is already closed changes nothing: Stripe repeats itself.
      const next = COMMERCIAL_TRANSITIONS[state.commercial][event.type];
      if (revision !== current || !next || !isOpen(revision)) return { ok: true, state };
      const status = event.type === 'quote_canceled' ? ('canceled' as const) : ('expired' as const);
      return { ok: true, state: { ...state, commercial: next, revisions: replace(state, revision, { status }) } };
    }
    case 'purchasing_accepted':
    case 'purchasing_hold':
    case 'purchasing_declined': {
      const revision = findRevision(state, event.revisionId);
      if (!revision) return refuse('NOT_FOUND', 'That quote is not part of this request.');
      const closed = purchasingRefusal(revision, event.type);
      if (closed) return closed;
      const next = COMMERCIAL_TRANSITIONS[state.commercial][event.type];
      // Only the newest revision can be open, so an open revision here is the current one.
      if (!next || revision !== current) return refuse('INVALID_TRANSITION', 'This quote cannot be decided now.');
      const changes: Partial<Revision> =
        event.type === 'purchasing_accepted'
          ? { status: 'accepted', poNumber: event.poNumber, budgetCode: event.budgetCode, acceptedBy: event.actor }
          : { status: event.type === 'purchasing_hold' ? 'on_hold' : 'declined' };
      return { ok: true, state: { ...state, commercial: next, revisions: replace(state, revision, changes) } };
    }
    case 'accepted_outside_portal': {
      const revision = findRevision(state, event.revisionId);
      if (!revision) return refuse('NOT_FOUND', 'That quote is not part of this request.');
      // Our own accept already explains Stripe's acceptance; anything else is flagged, never released.
      if (revision.status === 'accepted') return { ok: true, state };
      return { ok: true, state: { ...state, revisions: replace(state, revision, { acceptedOutsidePortal: true }) } };
    }
    default:
      return applyInvoice(state, event, current);
  }
}

function applyInvoice(
  state: WorkflowState,
  event: EventOf<InvoiceEventType>,
  current: Revision | undefined,
): ApplyResult {
  const revision = findRevision(state, event.revisionId);
  if (!revision) return refuse('NOT_FOUND', 'That quote is not part of this request.');
  if (revision.status !== 'accepted') {
    return refuse('INVALID_TRANSITION', 'An invoice can only follow a purchasing release of its quote.');
  }
  if (revision.invoiceId !== undefined && revision.invoiceId !== event.invoiceId) {
    return refuse('CONFLICT', 'This quote already has a different invoice; one quote revision gets one invoice.');
  }
  const incoming = INVOICE_STATUS_OF[event.type];
  const rank = INVOICE_RANK[revision.invoiceStatus];
  if (revision.invoiceStatus === 'paid' && incoming === 'void') {
    return refuse('INVALID_TRANSITION', 'A paid invoice cannot be voided.');
  }
  // Late and repeated invoice events are no-ops; a failed payment does not hide a sent invoice.
  const advances =
    INVOICE_RANK[incoming] > rank || (incoming === 'payment_failed' && revision.invoiceStatus === 'sent');
  const invoiceStatus = advances ? incoming : revision.invoiceStatus;
  const revisions = replace(state, revision, { invoiceId: event.invoiceId, invoiceStatus });
  if (revision !== current || !advances) return { ok: true, state: { ...state, revisions } };
  const next = COMMERCIAL_TRANSITIONS[state.commercial][event.type];
  if (!next) return refuse('INVALID_TRANSITION', 'This invoice step does not fit the current state.');
  return { ok: true, state: { ...state, commercial: next, revisions } };
}

// ---------------------------------------------------------------------------------------------
// Roles (invariant 4)

export type CanActInRoleOptions = {
  roles: RoleHolders;
  person: { email: string };
  role: 'technical' | 'purchasing';
};

/**
 * Whether this person may decide in this role on this request. One person may hold both roles only
 * when the requester declared it; otherwise a person named in one role is refused the other, even
 * if the other role's address happens to match.
 */
export function canActInRole({ roles, person, role }: CanActInRoleOptions): boolean {
  const isTechnical = sameAddress(person.email, roles.technicalEmail);
  const isPurchasing = sameAddress(person.email, roles.purchasingEmail);
  if (isTechnical && isPurchasing && !roles.sameContactForBothRoles) return false;
  return role === 'technical' ? isTechnical : isPurchasing;
}

/** The role holders of a parsed request; with the declaration, the technical contact holds both. */
export function roleHoldersOf(
  request: { technicalContact: { email: string } } & (
    { sameContactForBothRoles: true } | { sameContactForBothRoles: false; purchasingApprover: { email: string } }
  ),
): RoleHolders {
  const technicalEmail = request.technicalContact.email;
  if (request.sameContactForBothRoles) {
    return { technicalEmail, purchasingEmail: technicalEmail, sameContactForBothRoles: true };
  }
  return { technicalEmail, purchasingEmail: request.purchasingApprover.email, sameContactForBothRoles: false };
}

/** The state a freshly submitted request starts in. */
export function initialStateForRequest(request: QuoteRequest): WorkflowState {
  return initialWorkflowState({
    mode: request.mode,
    roles: roleHoldersOf(request),
    plannedTotal: request.quantities.total,
  });
}

// ---------------------------------------------------------------------------------------------
// Derived views

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
  remaining?: number | undefined;
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
    lots: releasedRevisions(state).map((r) => ({
      revisionId: r.id,
      scope: r.scope,
      quantity: r.quantity,
      poNumber: r.poNumber,
    })),
  };
}

/** Who must act next, for the status page and the shop inbox grouping. */
export type NextActor = 'shop' | 'technical' | 'purchasing' | 'none';
export type NextActorResult = {
  /** The group the shop inbox files the request under: the shop first, since it can act at once. */
  actor: NextActor;
  /** Plain-language list of everything still missing, in the order it matters. */
  missing: string[];
  /** The same items by who owes them. */
  waitingOn: Record<Exclude<NextActor, 'none'>, string[]>;
};

const TECHNICAL_PENDING: Record<TechnicalState, { who: Exclude<NextActor, 'none'>; what: string } | null> = {
  awaiting_review: { who: 'technical', what: 'Technical review of the part direction by the technical contact.' },
  direction_confirmed: null,
  sample_required: { who: 'shop', what: 'The shop to make and ship the sample the technical contact asked for.' },
  changes_requested: { who: 'shop', what: 'The shop to work in the changes the technical contact asked for.' },
  sample_in_progress: { who: 'technical', what: 'The technical contact to accept or reject the first article.' },
  first_article_accepted: null,
  first_article_rejected: { who: 'shop', what: 'The shop to rework the sample after the rejected first article.' },
};

/** Who must act next and what is still missing, from both tracks. */
export function nextActor(state: WorkflowState): NextActorResult {
  const waitingOn: NextActorResult['waitingOn'] = { shop: [], technical: [], purchasing: [] };
  const technical = TECHNICAL_PENDING[state.technical];
  if (technical) waitingOn[technical.who].push(technical.what);

  for (const revision of state.revisions) {
    if (revision.acceptedOutsidePortal && revision.status !== 'accepted') {
      waitingOn.shop.push(
        'The shop to check a quote accepted in Stripe outside the portal; it is not a purchasing release.',
      );
      break;
    }
  }

  // Earlier lots the commercial track no longer follows still owe their payment.
  const current = currentRevision(state);
  for (const revision of releasedRevisions(state)) {
    if (revision === current) continue;
    if (
      revision.invoiceStatus === 'open' ||
      revision.invoiceStatus === 'sent' ||
      revision.invoiceStatus === 'payment_failed'
    ) {
      waitingOn.purchasing.push(
        `Payment of the invoice for the ${SCOPE_WORDS[revision.scope]} of ${revision.quantity}.`,
      );
    }
  }

  switch (state.commercial) {
    case 'estimate':
      if (state.mode !== 'rough_estimate') waitingOn.shop.push('The shop to issue a firm quote.');
      else if (!state.estimateSent) waitingOn.shop.push('The shop to send the rough estimate.');
      break;
    case 'quoted':
      waitingOn.purchasing.push('Purchasing release of the open quote by the purchasing approver.');
      break;
    case 'on_hold':
      waitingOn.purchasing.push('The purchasing approver to lift the hold and release, or decline, the quote.');
      break;
    case 'declined':
      waitingOn.shop.push('The shop to revise or cancel the quote purchasing declined.');
      break;
    case 'expired':
      waitingOn.shop.push('The shop to issue a new quote; the last one expired.');
      break;
    case 'released':
      if (currentRevision(state)?.invoiceStatus === 'void') {
        waitingOn.shop.push('The shop to invoice the released quote again; its invoice was voided.');
      } else {
        waitingOn.shop.push('The invoice for the released quote to be created and sent.');
      }
      break;
    case 'invoiced':
      waitingOn.purchasing.push(
        currentRevision(state)?.invoiceStatus === 'payment_failed'
          ? 'Payment of the invoice; the last payment attempt failed.'
          : 'Payment of the invoice.',
      );
      break;
    case 'paid':
      break;
  }

  if (readyForProduction(state)) waitingOn.shop.unshift('The shop to produce the released lot: ready for production.');

  const actor: NextActor =
    waitingOn.shop.length > 0
      ? 'shop'
      : waitingOn.technical.length > 0
        ? 'technical'
        : waitingOn.purchasing.length > 0
          ? 'purchasing'
          : 'none';
  return { actor, missing: [...waitingOn.shop, ...waitingOn.technical, ...waitingOn.purchasing], waitingOn };
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** How a scope reads in a sentence: "the opening lot of 50". */
export const SCOPE_WORDS: Record<QuoteScope, string> = {
  sample: 'sample',
  opening_lot: 'opening lot',
  full_batch: 'full batch',
  additional_lot: 'additional lot',
};

function refuse(code: WorkflowErrorCode, message: string): ApplyResult {
  return { ok: false, code, message };
}

function findRevision(state: WorkflowState, id: string): Revision | undefined {
  return state.revisions.find((r) => r.id === id);
}

function isOpen(revision: Revision): boolean {
  return revision.status === 'open' || revision.status === 'on_hold';
}

function replace(state: WorkflowState, revision: Revision, changes: Partial<Revision>): Revision[] {
  return state.revisions.map((r) => (r === revision ? { ...r, ...changes } : r));
}

function newRevision(event: QuoteTerms): Revision {
  return {
    id: event.revisionId,
    scope: event.scope,
    quantity: event.quantity,
    status: 'open',
    invoiceStatus: 'none',
    acceptedOutsidePortal: false,
  };
}

function invalidTerms(event: QuoteTerms): string | undefined {
  if (!Number.isInteger(event.quantity) || event.quantity < 1) return 'A quote needs a whole quantity of at least 1.';
  if (!QUOTE_SCOPES.includes(event.scope))
    return 'A quote needs a scope: sample, opening lot, full batch or additional lot.';
  return undefined;
}

function purchasingRefusal(
  revision: Revision,
  type: EventOf<'purchasing_accepted' | 'purchasing_hold' | 'purchasing_declined'>['type'],
): ApplyResult | undefined {
  switch (revision.status) {
    case 'open':
    case 'on_hold':
      return undefined;
    case 'superseded':
      return refuse(
        'QUOTE_SUPERSEDED',
        'This quote revision was replaced by a newer one. Open the latest quote email from the shop to review it.',
      );
    case 'accepted':
      return refuse(
        'ALREADY_DECIDED',
        type === 'purchasing_accepted'
          ? 'This quote was already released.'
          : 'This quote was already released, so it can no longer be put on hold or declined.',
      );
    case 'declined':
      return refuse('ALREADY_DECIDED', 'This quote was declined. Ask the shop for a revised quote.');
    case 'canceled':
    case 'expired':
      return refuse(
        'QUOTE_NOT_OPEN',
        `This quote ${revision.status === 'canceled' ? 'was canceled by the shop' : 'has expired'}, so it can no longer be decided. Ask the shop for a current quote.`,
      );
  }
}

function revisionStatusWords(status: RevisionStatus): string {
  const words: Record<RevisionStatus, string> = {
    open: 'open',
    on_hold: 'on hold',
    declined: 'declined',
    accepted: 'already released',
    superseded: 'replaced by a newer revision',
    canceled: 'canceled',
    expired: 'expired',
  };
  return words[status];
}

function technicalRefusal(from: TechnicalState, move: TechnicalMove): string {
  if (move === 'first_article') return 'There is no shipped sample to accept or reject yet.';
  if (from === 'changes_requested') return 'The requested changes need a new technical review before a sample ships.';
  return 'The first article was already accepted; no further sample is needed.';
}

function wrongRoleMessage(event: WorkflowEvent): string {
  const allowed = EVENT_ROLES[event.type];
  if (allowed.includes('purchasing')) return 'Only the purchasing approver can release, hold or decline a quote.';
  if (allowed.includes('technical')) return 'Only the technical contact can record a technical decision.';
  if (allowed.includes('shop')) return 'Only the shop can do this.';
  return 'This is recorded from Stripe or the system only.';
}

function sameAddress(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}
