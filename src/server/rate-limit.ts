/**
 * Fixed-window rate limiting for the anonymous endpoints, kept in the database so the limit holds
 * across every function instance. One atomic upsert per call: the row either starts a new window or
 * counts one more in the current one, and returns the count after this call.
 */
import { sql } from './db/orm.js';
import { AppError } from '../domain/errors.js';
import { getConfig } from './config.js';
import { getDb } from './db/index.js';

export const RATE_LIMIT_WINDOW_MS = 60_000;

export interface EnforceRateLimitOptions {
  /** The endpoint, e.g. 'uploads'; each endpoint has its own budget. */
  endpoint: string;
  /** The client address. */
  ip: string;
  /** Defaults to getConfig().rateLimitPerMinute. */
  limit?: number;
  /** The moment of the call; when absent, read from `clock`. */
  now?: Date;
  /** Where the time comes from when `now` is not given. Defaults to the wall clock. */
  clock?: () => Date;
}

const wallClock = (): Date => new Date();
let pinnedClock: (() => Date) | undefined;

/**
 * Pins the clock every window is computed from, over any `now` a caller passes, until the returned
 * function is called. For tests that drive the limited endpoints over HTTP and must not depend on
 * where in the minute they run; nothing in production calls it.
 */
export function pinRateLimitClock(clock: () => Date): () => void {
  pinnedClock = clock;
  return () => {
    if (pinnedClock === clock) pinnedClock = undefined;
  };
}

/** Throws 429 RATE_LIMITED with Retry-After when this client used up the endpoint's window. */
export async function enforceRateLimit(options: EnforceRateLimitOptions): Promise<void> {
  const charge = rateLimitCharge(options);
  const { key, windowStart } = charge.bucket;
  const result = await getDb().execute(sql`select charge_rate_limit(${key}, ${windowStart}::timestamptz) as count`);
  charge.check(rowsOf<{ count: number }>(result)[0]?.count);
}

export interface RateLimitCharge {
  /**
   * What `charge_rate_limit` (drizzle/0008_store_request.sql) counts: one atomic upsert of the
   * client's bucket for this window, answering this window's calls including this one.
   */
  bucket: { key: string; windowStart: string; max: number };
  /** Throws 429 RATE_LIMITED with Retry-After when `count` is past the limit. */
  check(count: unknown): void;
}

/**
 * The same charge as `enforceRateLimit`, for a caller that makes it inside a database call of its
 * own (intake's `store_request`), then checks the count it answers.
 */
export function rateLimitCharge({
  endpoint,
  ip,
  limit,
  now: given,
  clock = wallClock,
}: EnforceRateLimitOptions): RateLimitCharge {
  const now = pinnedClock?.() ?? given ?? clock();
  const max = limit ?? getConfig().rateLimitPerMinute;
  const windowStart = new Date(Math.floor(now.getTime() / RATE_LIMIT_WINDOW_MS) * RATE_LIMIT_WINDOW_MS);
  const key = `${endpoint}:${ip}`.slice(0, 200);
  return {
    bucket: { key, windowStart: windowStart.toISOString(), max },
    check(count) {
      if (Number(count ?? 0) <= max) return;
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((windowStart.getTime() + RATE_LIMIT_WINDOW_MS - now.getTime()) / 1000),
      );
      throw new AppError('RATE_LIMITED', undefined, { retryAfterSeconds });
    },
  };
}

// node-postgres returns { rows }, PGlite's drizzle driver does too; keep both shapes readable.
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return (result as { rows?: T[] }).rows ?? [];
}

/** One daily byte budget: whose it is (`key`) and how many bytes fit in one UTC day. */
export interface DailyByteBudget {
  key: string;
  limitBytes: number;
}

export interface DailyBytesOptions {
  /** Charged together: either every budget takes the bytes, or none does. */
  budgets: readonly DailyByteBudget[];
  bytes: number;
  now?: Date;
}

export type ReserveDailyBytesResult =
  /** `release` gives the bytes back (the upload was refused later, or could not be stored). */
  { ok: true; release: () => Promise<void> } | { ok: false; refused: DailyByteBudget; retryAfterSeconds: number };

const DAY_MS = 24 * 60 * 60 * 1000;
/** `count` is a 32-bit integer; in KiB that still holds 2 TiB a day. */
const MAX_KIB = 2 ** 31 - 1;

/**
 * Byte budgets per UTC day in the same table as the request windows. Two differences, both because
 * the column types and the sweep were made for one-minute windows: `count` holds KiB (a 32-bit
 * integer would overflow at 2 GiB), and `window_start` holds the moment the day ENDS, so the sweep
 * (which drops rows whose timestamp is more than two minutes old) keeps a budget until its day is over.
 *
 * Each budget is one conditional upsert that adds the bytes only while they fit, so concurrent
 * uploads cannot together pass a limit: PostgreSQL serialises them on the row and re-checks the
 * condition against the committed count. All budgets are charged in one transaction, always in the
 * order given (so two uploads never wait on each other's rows crosswise).
 */
export async function reserveDailyBytes({
  budgets,
  bytes,
  now = new Date(),
}: DailyBytesOptions): Promise<ReserveDailyBytesResult> {
  const dayEnd = new Date((Math.floor(now.getTime() / DAY_MS) + 1) * DAY_MS);
  const kib = Math.ceil(bytes / 1024);
  const retryAfterSeconds = Math.max(1, Math.ceil((dayEnd.getTime() - now.getTime()) / 1000));
  let refused: DailyByteBudget | undefined;
  await getDb()
    .transaction(async (tx) => {
      for (const budget of budgets) {
        const limit = Math.min(MAX_KIB, Math.floor(budget.limitBytes / 1024));
        const result =
          kib > limit
            ? []
            : await tx.execute(sql`
          insert into rate_limit_buckets (key, window_start, count)
          values (${budget.key.slice(0, 200)}, ${dayEnd.toISOString()}, ${kib})
          on conflict (key) do update set
            count = case when rate_limit_buckets.window_start = excluded.window_start
              then rate_limit_buckets.count + excluded.count else excluded.count end,
            window_start = excluded.window_start
          where rate_limit_buckets.window_start <> excluded.window_start
            or rate_limit_buckets.count + excluded.count <= ${limit}
          returning count`);
        if (rowsOf(result).length === 0) {
          refused = budget;
          throw new BudgetRefused();
        }
      }
    })
    .catch((error: unknown) => {
      if (!(error instanceof BudgetRefused)) throw error;
    });
  if (refused) return { ok: false, refused, retryAfterSeconds };
  return {
    ok: true,
    release: () => releaseDailyBytes({ budgets, bytes, now }),
  };
}

/** Gives back bytes a `reserveDailyBytes` call at `now` took (a later call may rebuild what it returned). */
export async function releaseDailyBytes({ budgets, bytes, now = new Date() }: DailyBytesOptions): Promise<void> {
  const dayEnd = new Date((Math.floor(now.getTime() / DAY_MS) + 1) * DAY_MS);
  const kib = Math.ceil(bytes / 1024);
  for (const budget of budgets) {
    await getDb().execute(sql`
      update rate_limit_buckets set count = greatest(0, count - ${kib})
      where key = ${budget.key.slice(0, 200)} and window_start = ${dayEnd.toISOString()}`);
  }
}

class BudgetRefused extends Error {}
