/**
 * Readiness with a real database round trip: load balancers and `npm start` users see at once when
 * the configuration is incomplete, the database is unreachable or its migrations have not run (503)
 * rather than on the first customer request.
 *
 * The round trip is shared (architecture §9, "Readiness"): a passing check answers every health request
 * for a second after it started, and requests that arrive while one is running wait for that one. A
 * failing check is never reused once it has finished, so recovery shows on the next request and an
 * outage within about a second.
 */
import { activeAdapters, type ActiveAdapters } from '../adapters.js';
import { ConfigError, getConfig } from '../config.js';
import { getDatabase, type Database } from '../db/index.js';
import { logConfigErrorOnce } from '../http/route.js';

export type Health =
  | {
      ok: boolean;
      database: 'up' | 'down';
      /** 'pending' until `npm run db:migrate` (or `npm start`'s own migration) has applied every migration. */
      migrations: 'applied' | 'pending' | 'unknown';
      adapters: ActiveAdapters;
    }
  | {
      ok: false;
      /** The environment variables production still needs (names only), and one line each on why. */
      missing: string[];
      problems: string[];
    };

export interface GetHealthOptions {
  /** How long the database may take to answer before it counts as down. */
  timeoutMs?: number;
  /** How long a passing check answers for, from the moment it started. */
  maxAgeMs?: number;
}

/** A passing database check answers health requests for this long. */
export const HEALTH_CHECK_MAX_AGE_MS = 1_000;

type DatabaseCheck = { database: 'up' | 'down'; migrations: 'applied' | 'pending' | 'unknown' };

interface SharedCheck {
  startedAt: number;
  /** Set once the check has finished: whether it may answer later requests. */
  reusable?: boolean;
  result: Promise<DatabaseCheck>;
}

/** One shared check per open database (a test that reopens the database starts afresh). */
const checks = new WeakMap<Database, SharedCheck>();

const wallClock = (): number => Date.now();
let pinnedClock: (() => number) | undefined;

/**
 * Pins the clock the shared check's age is read from (milliseconds), until the returned function is
 * called. For tests that take the database down and must not sleep; nothing in production calls it.
 */
export function pinHealthClock(clock: () => number): () => void {
  pinnedClock = clock;
  return () => {
    if (pinnedClock === clock) pinnedClock = undefined;
  };
}

export async function getHealth({
  timeoutMs = 2_000,
  maxAgeMs = HEALTH_CHECK_MAX_AGE_MS,
}: GetHealthOptions = {}): Promise<Health> {
  let config;
  try {
    config = getConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      logConfigErrorOnce(error);
      return { ok: false, missing: error.variables, problems: error.lines };
    }
    throw error;
  }
  const adapters = activeAdapters(config);
  const check = await sharedCheck(timeoutMs, maxAgeMs);
  return { ok: check.database === 'up' && check.migrations === 'applied', ...check, adapters };
}

function sharedCheck(timeoutMs: number, maxAgeMs: number): Promise<DatabaseCheck> {
  let database: Database;
  try {
    database = getDatabase();
  } catch {
    // The embedded driver is not loaded yet (start-up): nothing to share.
    return Promise.resolve({ database: 'down', migrations: 'unknown' });
  }
  const now = (pinnedClock ?? wallClock)();
  const current = checks.get(database);
  // Running (shared), or passed less than maxAgeMs ago; a clock that went back counts as expired.
  const age = current ? now - current.startedAt : -1;
  if (current && (current.reusable === undefined || (current.reusable && age >= 0 && age < maxAgeMs))) {
    return current.result;
  }
  const started: SharedCheck = {
    startedAt: now,
    result: checkDatabase(database, timeoutMs).then((result) => {
      started.reusable = result.database === 'up' && result.migrations === 'applied';
      return result;
    }),
  };
  checks.set(database, started);
  return started.result;
}

async function checkDatabase(database: Database, timeoutMs: number): Promise<DatabaseCheck> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('database ping timed out')), timeoutMs);
  });
  try {
    const pending = await Promise.race([database.pendingMigrations(), timeout]);
    return { database: 'up', migrations: pending === 0 ? 'applied' : 'pending' };
  } catch {
    return { database: 'down', migrations: 'unknown' };
  } finally {
    clearTimeout(timer);
  }
}
