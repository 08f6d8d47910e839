/**
 * Which adapter is active for each component (architecture §4), for start-up output and /api/health.
 */
import type { Config } from './config.js';

export interface ActiveAdapters {
  database: 'pglite' | 'postgres';
  billing: 'stripe-emulator' | 'stripe';
  files: 'local-disk' | 's3';
  mail: 'outbox' | 'smtp';
}

export function activeAdapters(config: Config): ActiveAdapters {
  return {
    database: config.database.kind,
    billing: config.stripe.kind === 'emulator' ? 'stripe-emulator' : 'stripe',
    files: config.storage.kind === 'local' ? 'local-disk' : 's3',
    mail: config.mail.kind,
  };
}
