/**
 * A request's timeline as the shop dashboard reads it (architecture §13): replaying the events one at a
 * time, since when the party that acts next has been waiting, whether the shop owes a reply, and when
 * the first estimate or quote went out. A derived view like `next-actor.ts`: nothing here is stored.
 */
import { nextActor, type NextActorResult } from './next-actor.js';
import type { WorkflowState } from './state.js';
import { applyEvent } from './transitions.js';
import { readyForProduction } from './views.js';
import type { ReplayedEvent } from './vocabulary.js';

export interface RequestTimeline {
  state: WorkflowState;
  next: NextActorResult;
  /** When the current next actor began to wait (ISO 8601): the request's submission or a later event. */
  waitingSince: string;
  /** The shop owes more than producing a released lot: an estimate, a quote, a rework or a check. */
  shopReplyOwed: boolean;
  /** The first `estimate_sent` or `quote_issued` the log accepted. */
  firstOfferAt?: string | undefined;
}

export interface RequestTimelineOptions {
  initial: WorkflowState;
  events: readonly ReplayedEvent[];
  /** When the request was submitted (ISO 8601): the wait starts there. */
  submittedAt: string;
}

/** What the actor owes, as one comparable key: the wait restarts when the actor or its list changes. */
function owedKey(next: NextActorResult): string {
  return next.actor === 'none' ? 'none' : `${next.actor}:${next.waitingOn[next.actor].join('\n')}`;
}

/** Replays the events (refused ones are skipped, as on every load) and dates the current wait. */
export function requestTimeline({ initial, events, submittedAt }: RequestTimelineOptions): RequestTimeline {
  let state = initial;
  let next = nextActor(state);
  let key = owedKey(next);
  let waitingSince = submittedAt;
  let firstOfferAt: string | undefined;
  for (const event of events) {
    const result = applyEvent(state, event);
    if (!result.ok) continue;
    state = result.state;
    if (!firstOfferAt && (event.type === 'estimate_sent' || event.type === 'quote_issued')) {
      firstOfferAt = event.at ?? submittedAt;
    }
    next = nextActor(state);
    const nextKey = owedKey(next);
    if (nextKey !== key) {
      key = nextKey;
      waitingSince = event.at ?? waitingSince;
    }
  }
  // nextActor puts "produce the released lot" first when production may start; anything else is a reply.
  const shopReplyOwed = next.waitingOn.shop.length > (readyForProduction(state) ? 1 : 0);
  return { state, next, waitingSince, shopReplyOwed, firstOfferAt };
}
