/**
 * Readiness with a real database round trip: load balancers and `npm start` users see at once when
 * the configuration is incomplete, the database is unreachable or its migrations have not run (503)
 * rather than on the first customer request.
 */
import { activeAdapters, type ActiveAdapters } from '../adapters.js';
import { ConfigError, getConfig } from '../config.js';
import { getDatabase } from '../db/index.js';
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
}

export async function getHealth({ timeoutMs = 2_000 }: GetHealthOptions = {}): Promise<Health> {
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
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('database ping timed out')), timeoutMs);
  });
  try {
    const pending = await Promise.race([getDatabase().pendingMigrations(), timeout]);
    return { ok: pending === 0, database: 'up', migrations: pending === 0 ? 'applied' : 'pending', adapters };
  } catch {
    return { ok: false, database: 'down', migrations: 'unknown', adapters };
  } finally {
    clearTimeout(timer);
  }
}
