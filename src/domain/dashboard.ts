/**
 * The shop dashboard's figures (architecture §13), from the per-request facts the inbox builds in the
 * same pass: open quote value and released-not-shipped value per currency, who waits and for how long,
 * what is overdue, and how many estimates and quotes of the last 90 days purchasing released. Pure:
 * `now` is an argument, so the figures are the same for the same input.
 */
import type {
  AgeBucket,
  CurrencyAmount,
  DashboardFigures,
  DashboardRequest,
  DashboardRevision,
  MoneyFigure,
  OverdueReason,
  WaitingActor,
  WaitingFigure,
} from './contracts/dashboard.js';
import { scaleMinor, sumMinor } from './money.js';

/**
 * How long the shop promises to take to answer a request that waits on it. The one place the promise
 * is set until it becomes a shop setting; past it, a request counts as overdue.
 */
export const SHOP_REPLY_PROMISE_HOURS = 48;

/** The conversion window: requests whose first estimate or quote is at most this old. */
export const CONVERSION_WINDOW_DAYS = 90;

export const AGE_BUCKETS: readonly AgeBucket[] = [
  { label: 'Under 1 day', belowHours: 24 },
  { label: '1 to 3 days', belowHours: 72 },
  { label: '3 to 7 days', belowHours: 168 },
  { label: '7 to 14 days', belowHours: 336 },
  { label: '14 days or more', belowHours: null },
];

export const WAITING_ACTORS: readonly WaitingActor[] = ['technical', 'purchasing', 'shop'];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Milliseconds `since` has waited at `now`, never negative (a clock a little ahead is no age). */
function ageMs(since: string, now: Date): number {
  return Math.max(0, now.getTime() - Date.parse(since));
}

/** Why the request is overdue at `now`; empty when it is not (or waits on nobody). */
export function overdueReasons(request: DashboardRequest, now: Date): OverdueReason[] {
  if (request.nextActor === 'none') return [];
  const reasons: OverdueReason[] = [];
  // The needed-by date is a calendar day: overdue once that whole day has passed in UTC.
  if (request.neededBy < now.toISOString().slice(0, 10)) reasons.push('needed_by');
  if (request.nextActor === 'shop' && request.shopReplyOwed) {
    if (ageMs(request.waitingSince, now) > SHOP_REPLY_PROMISE_HOURS * HOUR) reasons.push('reply_promise');
  }
  return reasons;
}

/** Sums per currency, sorted by code; revisions without a total are counted apart. */
function moneyFigure(entries: { revision: DashboardRevision; minor?: number | undefined }[]): MoneyFigure {
  const byCurrency = new Map<string, number[]>();
  let withoutTotal = 0;
  for (const { revision, minor } of entries) {
    if (minor === undefined || !revision.currency) {
      withoutTotal += 1;
      continue;
    }
    const currency = revision.currency.toLowerCase();
    byCurrency.set(currency, [...(byCurrency.get(currency) ?? []), minor]);
  }
  const amounts: CurrencyAmount[] = [...byCurrency.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, values]) => ({ currency, minor: sumMinor(values) }));
  return { amounts, revisions: entries.length, withoutTotal };
}

/** The released revision's value for the parts not shipped yet, pro rata by quantity. */
function unshippedMinor(revision: DashboardRevision): number | undefined {
  if (revision.totalMinor === undefined) return undefined;
  const left = Math.max(0, revision.quantity - revision.shippedQuantity);
  if (left === revision.quantity || revision.quantity === 0) return revision.totalMinor;
  return scaleMinor(revision.totalMinor, left / revision.quantity);
}

/** Median of sorted values: the middle one, or the mean of the two middle ones. */
function median(sorted: readonly number[]): number {
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

function bucketOf(hours: number): number {
  const index = AGE_BUCKETS.findIndex((bucket) => bucket.belowHours !== null && hours < bucket.belowHours);
  return index === -1 ? AGE_BUCKETS.length - 1 : index;
}

function waitingFigure(requests: readonly DashboardRequest[], now: Date): WaitingFigure {
  const aged = requests
    .map((request) => ({ id: request.id, ms: ageMs(request.waitingSince, now) }))
    .sort((a, b) => a.ms - b.ms);
  const buckets = AGE_BUCKETS.map(() => 0);
  for (const { ms } of aged) {
    const bucket = bucketOf(ms / HOUR);
    buckets[bucket] = (buckets[bucket] ?? 0) + 1;
  }
  const oldest = aged.at(-1);
  return {
    count: aged.length,
    medianHours: aged.length ? Math.floor(median(aged.map((a) => a.ms)) / HOUR) : null,
    oldestHours: oldest ? Math.floor(oldest.ms / HOUR) : null,
    oldestId: oldest?.id,
    buckets,
  };
}

export interface DashboardFiguresOptions {
  requests: readonly DashboardRequest[];
  now: Date;
}

/** Every figure of the dashboard over the given requests (the inbox's, after its filters). */
export function dashboardFigures({ requests, now }: DashboardFiguresOptions): DashboardFigures {
  const revisions = requests.flatMap((request) => request.revisions);
  const open = revisions.filter((r) => r.status === 'open' || r.status === 'on_hold');
  const released = revisions
    .filter((r) => r.status === 'accepted')
    .map((revision) => ({ revision, minor: unshippedMinor(revision) }))
    .filter(({ revision }) => revision.shippedQuantity < revision.quantity);

  const waitingOn = (actor: WaitingActor) =>
    waitingFigure(
      requests.filter((r) => r.nextActor === actor),
      now,
    );
  const waiting: Record<WaitingActor, WaitingFigure> = {
    technical: waitingOn('technical'),
    purchasing: waitingOn('purchasing'),
    shop: waitingOn('shop'),
  };

  const overdue = requests.map((request) => overdueReasons(request, now));

  const from = new Date(now.getTime() - CONVERSION_WINDOW_DAYS * DAY);
  const offered = requests.filter((request) => {
    if (!request.firstOfferAt) return false;
    const at = Date.parse(request.firstOfferAt);
    return at >= from.getTime() && at <= now.getTime();
  });
  const releasedCount = offered.filter((request) => request.revisions.some((r) => r.status === 'accepted')).length;

  return {
    asOf: now.toISOString(),
    openQuotes: moneyFigure(open.map((revision) => ({ revision, minor: revision.totalMinor }))),
    releasedNotShipped: moneyFigure(released),
    waiting,
    ageBuckets: [...AGE_BUCKETS],
    overdue: {
      requests: overdue.filter((reasons) => reasons.length > 0).length,
      neededBy: overdue.filter((reasons) => reasons.includes('needed_by')).length,
      replyPromise: overdue.filter((reasons) => reasons.includes('reply_promise')).length,
      replyPromiseHours: SHOP_REPLY_PROMISE_HOURS,
    },
    conversion: {
      windowDays: CONVERSION_WINDOW_DAYS,
      from: from.toISOString(),
      offered: offered.length,
      released: releasedCount,
      share: offered.length ? releasedCount / offered.length : null,
    },
  };
}
