/**
 * Fixed-window rate limiting for the anonymous endpoints, kept in the database so the limit holds
 * across every function instance. One atomic upsert per call: the row either starts a new window or
 * counts one more in the current one, and returns the count after this call.
 */
import { sql } from 'drizzle-orm';
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
  now?: Date;
}

/** Throws 429 RATE_LIMITED with Retry-After when this client used up the endpoint's window. */
export async function enforceRateLimit({
  endpoint,
  ip,
  limit,
  now = new Date(),
}: EnforceRateLimitOptions): Promise<void> {
  const max = limit ?? getConfig().rateLimitPerMinute;
  const windowStart = new Date(Math.floor(now.getTime() / RATE_LIMIT_WINDOW_MS) * RATE_LIMIT_WINDOW_MS);
  const key = `${endpoint}:${ip}`.slice(0, 200);
  const result = await getDb().execute(sql`
    insert into rate_limit_buckets (key, window_start, count) values (${key}, ${windowStart.toISOString()}, 1)
    on conflict (key) do update set
      count = case when rate_limit_buckets.window_start = excluded.window_start then rate_limit_buckets.count + 1 else 1 end,
      window_start = excluded.window_start
    returning count`);
  const count = Number(rowsOf<{ count: number }>(result)[0]?.count ?? 0);
  if (count > max) {
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((windowStart.getTime() + RATE_LIMIT_WINDOW_MS - now.getTime()) / 1000),
    );
    throw new AppError('RATE_LIMITED', undefined, { retryAfterSeconds });
  }
}

// node-postgres returns { rows }, PGlite's drizzle driver does too; keep both shapes readable.
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return (result as { rows?: T[] }).rows ?? [];
}
