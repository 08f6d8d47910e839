/**
 * The shop dashboard above the inbox (GET /api/shop/requests, `dashboard`): the per-request facts it
 * is computed from and the figures it answers (architecture §13).
 */
import type { NextActor } from '../workflow/next-actor.js';
import type { RevisionStatus } from '../workflow/state.js';

/** The parties a request can wait on; `none` waits on nobody. */
export type WaitingActor = Exclude<NextActor, 'none'>;

/** Why a request is overdue: past the customer's needed-by date, or past the shop's reply promise. */
export type OverdueReason = 'needed_by' | 'reply_promise';

/** One revision as the money figures read it. */
export interface DashboardRevision {
  status: RevisionStatus;
  quantity: number;
  /** Absent on revisions issued before `quote_issued` carried the total. */
  totalMinor?: number | undefined;
  currency?: string | undefined;
  /** Parts of this revision already shipped; a released revision's rest counts as released, not shipped. */
  shippedQuantity: number;
}

/** One request as the dashboard reads it, built beside its inbox item from the same replay. */
export interface DashboardRequest {
  id: string;
  nextActor: NextActor;
  /** Since when the party that acts next has been waiting (ISO 8601). */
  waitingSince: string;
  /** The shop owes a reply (an estimate, a quote, a rework, a check), not only the production of a released lot. */
  shopReplyOwed: boolean;
  /** The customer's needed-by date, `YYYY-MM-DD`. */
  neededBy: string;
  /** The first rough estimate sent or quote issued (ISO 8601), if any. */
  firstOfferAt?: string | undefined;
  revisions: DashboardRevision[];
}

/** An amount in one currency, in minor units; figures never add different currencies. */
export interface CurrencyAmount {
  currency: string;
  minor: number;
}

export interface MoneyFigure {
  /** One entry per currency, sorted by currency code. */
  amounts: CurrencyAmount[];
  /** How many revisions the figure counts. */
  revisions: number;
  /** Counted revisions without a recorded total, left out of `amounts`. */
  withoutTotal: number;
}

/** The age buckets of the waiting chart, upper bounds in hours (the last is open-ended). */
export interface AgeBucket {
  label: string;
  /** Exclusive upper bound in hours; null for the last bucket. */
  belowHours: number | null;
}

export interface WaitingFigure {
  count: number;
  /** Whole hours; null when nothing waits on this party. */
  medianHours: number | null;
  oldestHours: number | null;
  /** The request waiting longest. */
  oldestId?: string | undefined;
  /** Requests per age bucket, in the order of `DashboardFigures.ageBuckets`. */
  buckets: number[];
}

export interface DashboardFigures {
  /** The moment the figures were computed (ISO 8601). */
  asOf: string;
  /** Open and on-hold revisions' totals. */
  openQuotes: MoneyFigure;
  /** Released revisions' totals for the part not yet shipped. */
  releasedNotShipped: MoneyFigure;
  waiting: Record<WaitingActor, WaitingFigure>;
  ageBuckets: AgeBucket[];
  overdue: { requests: number; neededBy: number; replyPromise: number; replyPromiseHours: number };
  /** Requests whose first estimate or quote fell in the window, and how many of them purchasing released. */
  conversion: { windowDays: number; from: string; offered: number; released: number; share: number | null };
}
