/**
 * The embedded database: PGlite (PostgreSQL compiled to WASM) persisted in a folder. Local runtime
 * and tests only. It is loaded on demand by `loadEmbeddedDriver()` and left out of the deployed
 * functions (vercel.json `excludeFiles`), which always use PostgreSQL (docs/architecture.md §9).
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import * as schema from './schema.js';
import type { Database } from './index.js';

export function openPglite(dir: string, migrationsFolder: string): Omit<Database, 'pendingMigrations'> {
  mkdirSync(dir, { recursive: true });
  const client = new PGlite(dir);
  const db = drizzle({ client, schema });
  return {
    db,
    kind: 'pglite',
    migrate: () => migrate(db, { migrationsFolder }),
    close: () => client.close(),
  };
}
