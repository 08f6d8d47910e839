/**
 * Liveness with a real database round trip: load balancers and `npm start` users see at once when
 * the database is unreachable (503) rather than on the first customer request.
 */
import { activeAdapters, type ActiveAdapters } from '../adapters.js';
import { getConfig } from '../config.js';
import { getDatabase } from '../db/index.js';

export interface Health {
  ok: boolean;
  database: 'up' | 'down';
  adapters: ActiveAdapters;
}

export interface GetHealthOptions {
  /** How long the database may take to answer before it counts as down. */
  timeoutMs?: number;
}

export async function getHealth({ timeoutMs = 2_000 }: GetHealthOptions = {}): Promise<Health> {
  const adapters = activeAdapters(getConfig());
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('database ping timed out')), timeoutMs);
  });
  try {
    await Promise.race([getDatabase().ping(), timeout]);
    return { ok: true, database: 'up', adapters };
  } catch {
    return { ok: false, database: 'down', adapters };
  } finally {
    clearTimeout(timer);
  }
}
