/**
 * The database adapter: PGlite (Postgres compiled to WASM) persisted under DATA_DIR by default,
 * a PostgreSQL server when DATABASE_URL is set. Both speak the same SQL through drizzle-orm, so every
 * use case runs unchanged on either.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { getConfig, type Config } from '../config.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle: the same query API as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  kind: Config['database']['kind'];
  migrate(): Promise<void>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

const MIGRATIONS_FOLDER = path.resolve(import.meta.dirname, '../../../drizzle');

export function openDatabase(database: Config['database']): Database {
  if (database.kind === 'pglite') {
    mkdirSync(database.dir, { recursive: true });
    const client = new PGlite(database.dir);
    const db = drizzlePglite({ client, schema });
    return {
      db,
      kind: 'pglite',
      migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER }),
      ping: async () => {
        await db.execute(sql`select 1`);
      },
      close: () => client.close(),
    };
  }
  // Serverless functions keep few connections each; a pooler (Neon, Supabase, RDS Proxy) scales past that.
  const pool = new pg.Pool({ connectionString: database.url, max: 5, connectionTimeoutMillis: 5_000 });
  pool.on('error', (error) => console.error('PostgreSQL pool error:', error.message));
  const db = drizzlePg({ client: pool, schema });
  return {
    db,
    kind: 'postgres',
    migrate: () => migratePg(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => pool.end(),
  };
}

let current: Database | undefined;

/** The process-wide database, opened on first use from the configuration. */
export function getDatabase(): Database {
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
