/**
 * The one path every workflow event takes into the database (docs/architecture.md §11): in one
 * transaction, lock the request's row, rebuild both tracks from its event log, let the domain's
 * `applyEvent` accept or refuse the event, append it, and write whatever must commit with it (the
 * revision row, a release claim, link changes, the outbox rows of the mails it causes). Concurrent
 * decisions on one request therefore apply one after the other, each to the state the previous one
 * left, and a refused event writes nothing.
 *
 * Repeats are decided here and nowhere else: an event identical to the latest one on its subject
 * (the technical track, or one quote revision) is the same decision sent again (a double click, a
 * network retry, fifty tabs): nothing is written or mailed and the earlier row is returned with
 * `repeated: true`. A fact from Stripe or the reconciler that the state already reflects is a
 * repeat too, so the same webhook twice, or facts out of order, change nothing the second time.
 */
import { eq } from '../db/orm.js';
import { AppError } from '../../domain/errors.js';
import type { WorkflowState } from '../../domain/workflow/state.js';
import { applyEvent } from '../../domain/workflow/transitions.js';
import { trackOf } from '../../domain/workflow/views.js';
import { TECHNICAL_EVENT_TYPES, type WorkflowEvent } from '../../domain/workflow/vocabulary.js';
import { getDb, type Tx } from '../db/index.js';
import { requests } from '../db/schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { enqueueMails, type QueuedMail } from '../mail/outbox.js';
import type { EventRow } from '../db/event-log.js';
import { recordWorkflowEvent } from './events.js';
import type { LoadedRequest } from './load-request.js';
import { lockAndLoadRequest } from './lock-request.js';

export interface Decision {
  event: WorkflowEvent;
  /** Facts stored with the event beyond the domain's fields (a job title, the files it refers to). */
  details?: Record<string, unknown> | undefined;
}

/** The earlier event this one repeats (same form id, same facts): nothing is written. */
export interface Repeat {
  repeatOf: EventRow;
}

/** What the transaction-scoped callbacks see once the event is appended. */
export interface CommittedDecision {
  row: EventRow;
  /** The request as it was before this event (contacts, files, prior events). */
  before: LoadedRequest;
  /** The request with both tracks after this event. */
  after: LoadedRequest;
  state: WorkflowState;
}

export interface CommitDecisionOptions<T> {
  requestId: string;
  /**
   * Builds the event from the locked, freshly loaded request (the actor from its contacts, …), or
   * names the earlier row this request repeats when its identity is a form id rather than its facts.
   */
  decide: (loaded: LoadedRequest, tx: Tx) => Decision | Repeat | Promise<Decision | Repeat>;
  /**
   * `decision` (default): a person's choice; a refusal throws the domain's 409. `fact`: something
   * Stripe or the portal observed; a refusal or no change records nothing and is a repeat.
   */
  kind?: 'decision' | 'fact';
  meta?: RequestMeta | undefined;
  now?: Date | undefined;
  /** Run inside this transaction (the release's step machine writes its progress in the same one). */
  tx?: Tx | undefined;
  /** The 404's words for the person this caller serves (a link holder, the shop). */
  notFoundMessage?: string | undefined;
  /** Turns the domain's refusal into the words this action needs, when they differ. */
  refusalMessage?: ((code: string, message: string, state: WorkflowState) => string) | undefined;
  /** Written with the event in its transaction: revision rows, claims, links. Not run for a repeat. */
  alsoInTx?: ((tx: Tx, committed: CommittedDecision) => Promise<T>) | undefined;
  /** The mails the event causes, queued in its transaction (architecture §10). Not for a repeat. */
  mails?: ((tx: Tx, committed: CommittedDecision) => QueuedMail[] | Promise<QueuedMail[]>) | undefined;
}

export type DecisionOutcome<T> =
  | (CommittedDecision & { repeated: false; extra: T; mailIds: string[] })
  | { repeated: true; row: EventRow | undefined; before: LoadedRequest; after: LoadedRequest; state: WorkflowState };

const NOT_FOUND = 'There is no request with this id. It may have been opened from an old bookmark.';

export async function commitDecision<T = undefined>(options: CommitDecisionOptions<T>): Promise<DecisionOutcome<T>> {
  const run = async (tx: Tx): Promise<DecisionOutcome<T>> => {
    const before = await lockAndLoadRequest({
      tx,
      requestId: options.requestId,
      notFoundMessage: options.notFoundMessage ?? NOT_FOUND,
    });
    const decided = await options.decide(before, tx);
    const unchanged = { repeated: true as const, before, after: before, state: before.state };
    if ('repeatOf' in decided) return { ...unchanged, row: decided.repeatOf };
    const { event, details } = decided;

    const earlier = latestOnSubject(before.events, event);
    if (earlier && sameEvent(earlier, event, details)) return { ...unchanged, row: earlier };
    const result = applyEvent(before.state, event);
    if (!result.ok) {
      if (options.kind === 'fact') return { ...unchanged, row: undefined };
      const message = options.refusalMessage?.(result.code, result.message, before.state) ?? result.message;
      throw new AppError(result.code, message);
    }
    if (options.kind === 'fact' && sameState(before.state, result.state)) return { ...unchanged, row: undefined };

    const row = await recordWorkflowEvent({ tx, requestId: options.requestId, event, details, meta: options.meta });
    await tx
      .update(requests)
      .set({ updatedAt: options.now ?? new Date() })
      .where(eq(requests.id, options.requestId));
    const committed: CommittedDecision = {
      row,
      before,
      after: { ...before, state: result.state },
      state: result.state,
    };
    const extra = (options.alsoInTx ? await options.alsoInTx(tx, committed) : undefined) as T;
    const mails = options.mails ? await options.mails(tx, committed) : [];
    const mailIds = mails.length > 0 ? await enqueueMails({ tx, requestId: options.requestId, mails }) : [];
    return { ...committed, repeated: false, extra, mailIds };
  };
  return options.tx ? run(options.tx) : getDb().transaction(run);
}

/** Checks an event against the current state without writing, to refuse before any Stripe call. */
export function assertAllowed(state: WorkflowState, event: WorkflowEvent): void {
  const result = applyEvent(state, event);
  if (!result.ok) throw new AppError(result.code, result.message);
}

/**
 * The latest stored event on the same subject: the technical track, or, on the commercial track,
 * the same revision as seen by the same role (purchasing's decisions are not repeated by Stripe's
 * invoice facts that follow them).
 */
function latestOnSubject(rows: readonly EventRow[], event: WorkflowEvent): EventRow | undefined {
  if (trackOf(event) === 'technical') return rows.findLast((row) => TECHNICAL_TYPES.has(row.type));
  const revisionId = 'revisionId' in event ? event.revisionId : undefined;
  // An estimate belongs to no revision: sending one again is a new message to the customer.
  if (revisionId === undefined) return undefined;
  return rows.findLast((row) => row.quoteRevisionId === revisionId && row.role === event.actor.role);
}

const TECHNICAL_TYPES: ReadonlySet<string> = new Set(TECHNICAL_EVENT_TYPES);

/** Same type, same person, same facts (when, and from which browser, do not make it a new decision). */
function sameEvent(row: EventRow, event: WorkflowEvent, details: Record<string, unknown> | undefined): boolean {
  const { type, actor, ...fields } = event;
  return (
    row.type === type &&
    row.actorEmail === (actor.email?.toLowerCase() ?? null) &&
    canonical(row.payload) === canonical({ ...fields, ...details })
  );
}

// jsonb does not keep key order, and undefined fields are not stored, so payloads compare by their
// sorted JSON form.
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

function sameState(a: WorkflowState, b: WorkflowState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
