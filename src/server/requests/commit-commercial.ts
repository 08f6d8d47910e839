/**
 * The shop's write path for commercial events (estimate sent, quote issued, revised, canceled): lock
 * the request, rebuild both tracks from the event log, let the domain's `applyEvent` accept or refuse,
 * append the event, and update only the commercial projection column (invariant 3). Side effects that
 * must commit together with the event (revision rows, link revocation) run in `alsoInTx`.
 */
import { eq } from 'drizzle-orm';
import { AppError } from '../../domain/errors.js';
import type { WorkflowState } from '../../domain/workflow/state.js';
import { applyEvent } from '../../domain/workflow/transitions.js';
import type { Actor, WorkflowEvent } from '../../domain/workflow/vocabulary.js';
import { getDb, type Tx } from '../db/index.js';
import { requests } from '../db/schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { recordWorkflowEvent, type EventRow } from './events.js';
import type { LoadedRequest } from './load-request.js';
import { lockAndLoadRequest } from './lock-request.js';
import type { StaffIdentity } from '../staff-auth/session.js';

/** Staff act as the shop, under their own address (invariant 5: who did it). */
export function shopActor(staff: Pick<StaffIdentity, 'email'>): Actor {
  return { role: 'shop', email: staff.email, name: staff.email };
}

export interface CommitCommercialEventOptions<T> {
  requestId: string;
  build: (loaded: LoadedRequest) => { event: WorkflowEvent; details?: Record<string, unknown> };
  meta?: RequestMeta | undefined;
  now?: Date;
  alsoInTx?: (tx: Tx, loaded: LoadedRequest, state: WorkflowState) => Promise<T>;
}

export interface CommittedCommercialEvent<T> {
  row: EventRow;
  before: LoadedRequest;
  state: WorkflowState;
  extra: T;
}

const NOT_FOUND = 'There is no request with this id. It may have been opened from an old bookmark.';

export async function commitCommercialEvent<T = undefined>(
  options: CommitCommercialEventOptions<T>,
): Promise<CommittedCommercialEvent<T>> {
  const now = options.now ?? new Date();
  return getDb().transaction(async (tx) => {
    const before = await lockAndLoadRequest({ tx, requestId: options.requestId, notFoundMessage: NOT_FOUND });
    const { event, details } = options.build(before);
    const result = applyEvent(before.state, event);
    if (!result.ok) throw new AppError(result.code, result.message);
    const row = await recordWorkflowEvent({ tx, requestId: options.requestId, event, details, meta: options.meta });
    const extra = (options.alsoInTx ? await options.alsoInTx(tx, before, result.state) : undefined) as T;
    await tx
      .update(requests)
      .set({ commercialState: result.state.commercial, updatedAt: now })
      .where(eq(requests.id, options.requestId));
    return { row, before, state: result.state, extra };
  });
}

/** Checks an event against the current state without writing, to refuse before any Stripe call. */
export function assertAllowed(state: WorkflowState, event: WorkflowEvent): void {
  const result = applyEvent(state, event);
  if (!result.ok) throw new AppError(result.code, result.message);
}
