/**
 * The only way a request's tracks move: `applyEvent`, folded over a request's events by
 * `replayEvents` from `initialWorkflowState`. The vocabulary is in `vocabulary.ts`, the state shape
 * in `state.ts`, the tables this reads in `tables.ts`, and views derived from the result in `views.ts`.
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
 * - A sign-off (a review confirming the direction, an accepted first article) is bound to the 3D files
 *   it names by hash (invariant 7). A `file_added` fact for a 3D file whose hash it does not cover
 *   sends the technical track back to `awaiting_review` and says why (`reopened`); identical bytes
 *   change nothing. A sign-off that leaves a 3D file the log already knows uncovered (the file
 *   arrived while the decision was being made) reopens at once. A sign-off stored before decisions
 *   named their files covers the 3D files the log knew of then. A `file_added` row without a kind
 *   or hash (written before uploads recorded them) cannot be compared and changes nothing.
 * - A reorder whose 3D files and material match the earlier request's current sign-off starts at
 *   that go-ahead (`sign_off_inherited`, recorded by the system at intake). It is a technical event
 *   like the others: a review replaces it, and a 3D file it does not cover reopens it. It is taken
 *   only as the request's first technical fact.
 */
import type { AppErrorCode } from '../errors.js';
import type { Mode, QuoteRequest } from '../request-schema.js';
import { approvalStanding, approverSlotOf, completesApproval, sameAddress } from './approvals.js';
import { applyProduction } from './production.js';
import { canActInRole, roleHoldersOf } from './roles.js';
import { isOpen, type Arrival, type Revision, type RoleHolders, type SignOff, type WorkflowState } from './state.js';
import {
  COMMERCIAL_TRANSITIONS,
  EVENT_ROLES,
  INVOICE_RANK,
  INVOICE_STATUS_OF,
  TECHNICAL_TRANSITIONS,
  type TechnicalMove,
} from './tables.js';
import {
  QUOTE_SCOPES,
  type CommercialEventType,
  type CoveredFile,
  type EventOf,
  type FileAdded,
  type InvoiceEventType,
  type QuoteTerms,
  type ReplayedEvent,
  type TechnicalEventType,
  type TechnicalState,
} from './vocabulary.js';
import { technicalGoAhead } from './views.js';
import { revisionStatusWords, technicalRefusal, wrongRoleMessage } from './words.js';

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
    cadFiles: [],
    production: [],
  };
}

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
export function applyEvent(state: WorkflowState, event: ReplayedEvent): ApplyResult {
  // A file arriving decides nothing, so invariant 4's person check does not apply: the link that
  // uploaded it was its authority. It may still reopen the sign-off.
  if (event.type === 'file_added') return { ok: true, state: applyFileAdded(state, event) };
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
    case 'sign_off_inherited':
      return applyTechnical(state, event);
    case 'production_started':
    case 'lot_shipped':
    case 'lot_delivered':
      return applyProduction(state, event);
    default:
      return applyCommercial(state, event);
  }
}

/** Folds a list of events; refused events are reported and skipped, so a replay never throws. */
export function replayEvents(
  initial: WorkflowState,
  events: readonly ReplayedEvent[],
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
  const move: TechnicalMove = TECHNICAL_MOVE_OF[event.type];
  if (!TECHNICAL_TRANSITIONS[state.technical].includes(move)) {
    return refuse('INVALID_TRANSITION', technicalRefusal(state.technical, move));
  }
  switch (event.type) {
    case 'sign_off_inherited':
      // Only a request's first technical fact: after a reopening or any decision the log speaks for itself.
      if (state.reopened || state.samplesShipped > 0 || state.cadFiles.length > 0) {
        return refuse('INVALID_TRANSITION', technicalRefusal(state.technical, 'inherit'));
      }
      return { ok: true, state: withTechnical(state, event.decision, event) };
    case 'technical_review':
      return { ok: true, state: withTechnical(state, event.decision, event) };
    case 'sample_shipped':
      return {
        ok: true,
        state: withTechnical({ ...state, samplesShipped: state.samplesShipped + 1 }, 'sample_in_progress', event),
      };
    case 'first_article':
      return {
        ok: true,
        state: withTechnical(
          state,
          event.decision === 'accepted' ? 'first_article_accepted' : 'first_article_rejected',
          event,
        ),
      };
  }
}

const TECHNICAL_MOVE_OF: Record<TechnicalEventType, TechnicalMove> = {
  technical_review: 'review',
  sample_shipped: 'sample_shipped',
  first_article: 'first_article',
  sign_off_inherited: 'inherit',
};

/**
 * The technical track at `technical` after a technical move, with its sign-off: a go-ahead binds the
 * files it names (or, recorded before decisions named them, the files the log knew of); any other
 * move ends the sign-off and the reason it was reopened (invariant 7).
 */
function withTechnical(
  state: WorkflowState,
  technical: TechnicalState,
  event: EventOf<TechnicalEventType>,
): WorkflowState {
  const moved = { ...state, technical, signOff: undefined, reopened: undefined };
  if (!technicalGoAhead(technical)) return moved;
  const covers = 'covers' in event && event.covers ? event.covers : state.cadFiles;
  const signOff: SignOff = {
    decision: technical === 'first_article_accepted' ? 'first_article_accepted' : 'direction_confirmed',
    covers,
    namedFiles: 'covers' in event && event.covers !== undefined,
    at: event.at,
    by: event.actor.name,
    ...(event.type === 'sign_off_inherited'
      ? {
          inherited: {
            fromRequestId: event.fromRequestId,
            fromReference: event.fromReference,
            decidedBy: event.decidedBy,
            decidedAt: event.decidedAt,
          },
        }
      : {}),
  };
  const cadFiles = known(state.cadFiles, covers);
  // A 3D file the log already knew that this sign-off does not cover arrived while it was being made.
  const uncovered = state.cadFiles.filter((file) => !coveredBy(signOff, file));
  if (uncovered.length === 0) return { ...moved, cadFiles, signOff };
  return {
    ...moved,
    cadFiles,
    technical: 'awaiting_review',
    reopened: { signOff, arrivals: uncovered.map((file) => arrivalOf(file, signOff, event.at)) },
  };
}

/** A file fact: a 3D file with bytes no current sign-off covers reopens the technical review. */
function applyFileAdded(state: WorkflowState, event: FileAdded): WorkflowState {
  if (event.kind !== 'cad' || event.sha256 === undefined) return state;
  const file: CoveredFile = { fileId: event.fileId, name: event.name, sha256: event.sha256 };
  const next = { ...state, cadFiles: known(state.cadFiles, [file]) };
  if (state.signOff) {
    if (coveredBy(state.signOff, file)) return next;
    return {
      ...next,
      technical: 'awaiting_review',
      signOff: undefined,
      reopened: { signOff: state.signOff, arrivals: [arrivalOf(file, state.signOff, event.at)] },
    };
  }
  const reopened = state.reopened;
  if (!reopened || coveredBy(reopened.signOff, file) || reopened.arrivals.some((a) => a.sha256 === file.sha256)) {
    return next;
  }
  return {
    ...next,
    reopened: { ...reopened, arrivals: [...reopened.arrivals, arrivalOf(file, reopened.signOff, event.at)] },
  };
}

function coveredBy(signOff: SignOff, file: CoveredFile): boolean {
  return signOff.covers.some((covered) => covered.sha256 === file.sha256);
}

function arrivalOf(file: CoveredFile, signOff: SignOff, at: string | undefined): Arrival {
  const name = file.name.trim().toLowerCase();
  return {
    ...file,
    newVersion: signOff.covers.some((covered) => covered.name.trim().toLowerCase() === name),
    at,
  };
}

/** The known 3D files with any new ones (by file id) appended. */
function known(files: readonly CoveredFile[], more: readonly CoveredFile[]): readonly CoveredFile[] {
  const fresh = more.filter((file) => !files.some((k) => k.fileId === file.fileId));
  return fresh.length === 0 ? files : [...files, ...fresh];
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
    case 'approval_rule_set':
      return applyApprovalRule(state, event, current);
    case 'purchasing_accepted':
    case 'purchasing_approved':
    case 'purchasing_hold':
    case 'purchasing_declined': {
      const revision = findRevision(state, event.revisionId);
      if (!revision) return refuse('NOT_FOUND', 'That quote is not part of this request.');
      const closed = purchasingRefusal(revision, event.type);
      if (closed) return closed;
      const next = COMMERCIAL_TRANSITIONS[state.commercial][event.type];
      // Only the newest revision can be open, so an open revision here is the current one.
      if (!next || revision !== current) return refuse('INVALID_TRANSITION', 'This quote cannot be decided now.');
      if (event.type === 'purchasing_accepted' || event.type === 'purchasing_approved') {
        const refused = approvalRefusal(state, revision, event);
        if (refused) return refused;
      }
      const changes: Partial<Revision> =
        event.type === 'purchasing_accepted'
          ? { status: 'accepted', poNumber: event.poNumber, budgetCode: event.budgetCode, acceptedBy: event.actor }
          : event.type === 'purchasing_approved'
            ? {
                approvals: [
                  ...revision.approvals,
                  { actor: event.actor, at: event.at, poNumber: event.poNumber, budgetCode: event.budgetCode },
                ],
              }
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

/**
 * Who may set the approval rule: the purchasing approver named on the request, at any time the rule
 * may change; or the requester (the technical contact submitting the form) at intake only, before
 * any quote or rule exists, so the request starts with the rule its requester asked for.
 */
function approvalRuleActorRefusal(state: WorkflowState, event: EventOf<'approval_rule_set'>): ApplyResult | undefined {
  if (event.actor.role === 'requester') {
    if (!sameAddress(event.actor.email, state.roles.technicalEmail)) {
      return refuse('WRONG_ROLE', 'Only the person who submitted the request can name a second approver with it.');
    }
    if (state.revisions.length > 0 || state.approvalRule || state.estimateSent) {
      return refuse(
        'WRONG_ROLE',
        'The requester names a second approver only with the request; from now on the purchasing approver does.',
      );
    }
    return undefined;
  }
  if (!sameAddress(event.actor.email, state.roles.purchasingEmail)) {
    return refuse('WRONG_ROLE', 'Only the purchasing approver named on the request can name a second approver.');
  }
  return undefined;
}

/**
 * The first approver (or, at intake, the requester) names the second approver and the threshold. Refused while the open revision
 * already has a release waiting for the other approver (the rule it was released under must hold),
 * and for a second approver who already holds a role on the request.
 */
function applyApprovalRule(
  state: WorkflowState,
  event: EventOf<'approval_rule_set'>,
  current: Revision | undefined,
): ApplyResult {
  const refused = approvalRuleActorRefusal(state, event);
  if (refused) return refused;
  const email = event.secondApprover.email;
  if (sameAddress(email, state.roles.purchasingEmail) || sameAddress(email, state.roles.technicalEmail)) {
    return refuse(
      'INVALID_TRANSITION',
      'The second approver must be another person than the purchasing approver and the technical contact.',
    );
  }
  if (!Number.isInteger(event.thresholdMinor) || event.thresholdMinor < 0 || !/^[a-z]{3}$/.test(event.currency)) {
    return refuse('INVALID_TRANSITION', 'The threshold must be a whole amount of at least zero in the quote currency.');
  }
  if (current && current.approvals.length > 0 && current.status !== 'accepted') {
    return refuse(
      'ALREADY_DECIDED',
      'A release of this quote is already recorded and waits for the other approver; the approval rule can change once it is decided.',
    );
  }
  const next = COMMERCIAL_TRANSITIONS[state.commercial].approval_rule_set;
  if (!next) return refuse('INVALID_TRANSITION', 'The approval rule cannot change now.');
  return {
    ok: true,
    state: {
      ...state,
      commercial: next,
      roles: { ...state.roles, secondApproverEmail: email },
      approvalRule: {
        secondApprover: event.secondApprover,
        thresholdMinor: event.thresholdMinor,
        currency: event.currency,
        at: event.at,
      },
    },
  };
}

/**
 * A release by one approver: refused when that approver already released this revision, and
 * recorded as the final release (`purchasing_accepted`) only when no other required approver is
 * missing, as a waiting one (`purchasing_approved`) only when someone still is.
 */
function approvalRefusal(
  state: WorkflowState,
  revision: Revision,
  event: EventOf<'purchasing_accepted' | 'purchasing_approved'>,
): ApplyResult | undefined {
  const email = event.actor.email ?? '';
  const standing = approvalStanding(state, revision);
  if (standing.released.some((released) => sameAddress(released, email))) {
    return refuse('ALREADY_DECIDED', 'You already released this quote; it waits for the other approver.');
  }
  if (!standing.required.some((approver) => sameAddress(approver.email, email))) {
    return refuse(
      'WRONG_ROLE',
      approverSlotOf(state, email) === 'second'
        ? 'This quote is below the amount that needs a second approver; the purchasing approver releases it alone.'
        : 'Only the purchasing approvers named on this request can release this quote.',
    );
  }
  const completes = completesApproval(state, revision, email);
  if (event.type === 'purchasing_accepted' && !completes) {
    return refuse('INVALID_TRANSITION', 'This quote also needs the other approver to release it.');
  }
  if (event.type === 'purchasing_approved' && completes) {
    return refuse('INVALID_TRANSITION', 'This release is the last one needed; it releases the quote.');
  }
  return undefined;
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
/** The state a freshly submitted request starts in. */
export function initialStateForRequest(request: QuoteRequest): WorkflowState {
  return initialWorkflowState({
    mode: request.mode,
    roles: roleHoldersOf(request),
    plannedTotal: request.quantities.total,
  });
}

function refuse(code: WorkflowErrorCode, message: string): ApplyResult {
  return { ok: false, code, message };
}

function findRevision(state: WorkflowState, id: string): Revision | undefined {
  return state.revisions.find((r) => r.id === id);
}

function replace(state: WorkflowState, revision: Revision, changes: Partial<Revision>): Revision[] {
  return state.revisions.map((r) => (r === revision ? { ...r, ...changes } : r));
}

function newRevision(event: QuoteTerms): Revision {
  return {
    id: event.revisionId,
    scope: event.scope,
    quantity: event.quantity,
    totalMinor: event.totalMinor,
    currency: event.currency,
    approvals: [],
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
  type: EventOf<'purchasing_accepted' | 'purchasing_approved' | 'purchasing_hold' | 'purchasing_declined'>['type'],
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
        type === 'purchasing_accepted' || type === 'purchasing_approved'
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
