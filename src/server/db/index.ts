/**
 * The database adapter: a PostgreSQL server when DATABASE_URL is set (always in production), the
 * embedded PGlite under DATA_DIR otherwise. Both speak the same SQL through drizzle-orm, so every
 * use case runs unchanged on either.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { z } from 'zod';
import { getConfig, type Config } from '../config.js';
import { errorCode } from '../error-code.js';
import { logError } from '../log.js';
import { loadPostgresMigrator, nodePostgres, sql, type PgDatabase, type PgQueryResultHKT } from './orm.js';
import type * as EmbeddedDriver from './pglite.js';
import * as schema from './schema.js';
import { MIGRATIONS_FOLDER } from './migrations-folder.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle: the same query API as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  kind: Config['database']['kind'];
  migrate(): Promise<void>;
  /** Committed migrations not yet applied to this database (a round trip; throws when unreachable). */
  pendingMigrations(): Promise<number>;
  close(): Promise<void>;
}

let embedded: typeof EmbeddedDriver | undefined;

/**
 * Loads PGlite, for the local runtime, `npm run db:migrate` without DATABASE_URL and tests. Kept
 * out of the static import graph so deployed functions never load (or carry) it.
 */
export async function loadEmbeddedDriver(): Promise<typeof EmbeddedDriver> {
  embedded ??= await import('./pglite.js');
  return embedded;
}

/**
 * Loads PGlite and gives a new data folder its cluster from the template (a copy, not initdb in WASM:
 * `seedFromTemplate` in ./pglite.ts). Before the first `getDatabase()` on a PGlite configuration.
 */
export async function prepareEmbeddedDatabase(dir: string): Promise<void> {
  preparing = true;
  try {
    await (await loadEmbeddedDriver()).seedFromTemplate(dir);
  } finally {
    preparing = false;
  }
}

/** While a data folder is being seeded, nothing may open it (health answers meanwhile: 503). */
let preparing = false;

let journal: { when: number }[] | undefined;

/** The committed migrations' timestamps, as drizzle's migrator records them in created_at. */
function committedMigrations(): { when: number }[] {
  journal ??= (
    JSON.parse(readFileSync(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as {
      entries: { when: number }[];
    }
  ).entries;
  return journal;
}

/** node-postgres and PGlite both answer raw SQL with `{ rows }`. */
const oneColumn = z.object({ rows: z.array(z.object({ value: z.string().nullable() })) });

async function countPending(db: Db): Promise<number> {
  const committed = committedMigrations();
  // to_regclass is null before the first migration created drizzle's bookkeeping table.
  const [exists] = oneColumn.parse(
    await db.execute(sql`select to_regclass('drizzle.__drizzle_migrations')::text as value`),
  ).rows;
  if (!exists?.value) return committed.length;
  const [applied] = oneColumn.parse(
    await db.execute(sql`select max(created_at)::text as value from drizzle.__drizzle_migrations`),
  ).rows;
  const last = Number(applied?.value ?? 0);
  return committed.filter((entry) => entry.when > last).length;
}

/** The innermost cause: drizzle wraps the driver's error ("Failed query: …") around the one that says why. */
function rootCause(error: unknown): { code?: string; message: string } {
  let current: unknown = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  if (current instanceof Error) return { code: (current as { code?: string }).code, message: current.message };
  return { message: String(current) };
}

/**
 * A PostgreSQL failure named by host, port and database and the driver's own reason, never the
 * credentials in the URL: "Cannot reach PostgreSQL at db.example.com:5432 (database portal) while
 * migrating: ECONNREFUSED connect ECONNREFUSED 10.0.0.5:5432".
 */
export class DatabaseError extends Error {
  constructor(url: string, doing: string, cause: unknown) {
    const target = new URL(url);
    const database = decodeURIComponent(target.pathname.replace(/^\//, '')) || target.username || 'postgres';
    const reason = rootCause(cause);
    super(
      `Cannot use PostgreSQL at ${target.hostname}:${target.port || '5432'} (database ${database}) while ${doing}: ${[reason.code, reason.message].filter(Boolean).join(' ')}`,
      { cause },
    );
    this.name = 'DatabaseError';
  }
}

export function openDatabase(database: Config['database']): Database {
  if (database.kind === 'pglite') {
    if (!embedded) {
      throw new Error('The embedded database (PGlite) is not loaded: call loadEmbeddedDriver() first.');
    }
    const opened = embedded.openPglite(database.dir, MIGRATIONS_FOLDER);
    return { ...opened, pendingMigrations: () => countPending(opened.db) };
  }
  // Serverless functions keep few connections each; a pooler (Neon, Supabase, RDS Proxy) scales past that.
  const pool = new pg.Pool({ connectionString: database.url, max: 5, connectionTimeoutMillis: 5_000 });
  pool.on('error', (error) => logError(`PostgreSQL pool error: ${errorCode(error)}`));
  // pool.end() resolves once no client is left in the pool, while the last ones may still be
  // closing their sockets; close() waits for those too, so that when it resolves the server holds
  // no connection of this process (a database dropped right after, as tests do, cuts none).
  const connected = new Set<pg.PoolClient>();
  pool.on('connect', (client) => {
    connected.add(client);
    client.once('end', () => connected.delete(client));
  });
  const db = nodePostgres.drizzle({ client: pool, schema });
  return {
    db,
    kind: 'postgres',
    migrate: () =>
      loadPostgresMigrator()
        .migrate(db, { migrationsFolder: MIGRATIONS_FOLDER })
        .catch((error: unknown) => {
          throw new DatabaseError(database.url, 'migrating', error);
        }),
    pendingMigrations: () => countPending(db),
    close: async () => {
      const closing = [...connected].map((client) => new Promise((resolve) => client.once('end', resolve)));
      await pool.end();
      await Promise.all(closing);
    },
  };
}

let current: Database | undefined;

/** The process-wide database, opened on first use from the configuration. */
export function getDatabase(): Database {
  if (preparing) throw new Error('The embedded database is being prepared.');
  current ??= openDatabase(getConfig().database);
  return current;
}

export function getDb(): Db {
  return getDatabase().db;
}

/** Closes the process-wide database (tests and graceful shutdown). */
export async function closeDatabase(): Promise<void> {
  const open = current;
  current = undefined;
  await open?.close();
}

/** PostgreSQL's unique_violation (23505), as node-postgres and PGlite report it, wrapped by drizzle or not. */
export function isUniqueViolation(error: unknown): boolean {
  const code =
    (error as { code?: string; cause?: { code?: string } }).code ??
    (error as { cause?: { code?: string } }).cause?.code;
  return code === '23505';
}
