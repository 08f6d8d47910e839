/**
 * drizzle-orm, loaded through its CommonJS build: every module imports the query helpers from here,
 * never from `drizzle-orm` itself (a dependency-cruiser rule holds it).
 *
 * Why: on Node 24, importing drizzle's ES modules costs 640–820 ms on a cold process, because Node
 * reads the package's 179 KB package.json again while it resolves each of drizzle's modules
 * (nodejs/node#58126); `require` of the same package costs about 90 ms. Every cold function and
 * every `npm start` pays that import (docs/architecture.md §9). ./drizzle.cjs requires it (a CommonJS
 * file, so that Vercel's file tracer ships the CommonJS files with each function). One build per process:
 * its classes are checked by `Symbol.for` kinds, so a stray ESM import would still work, only slower.
 */
import type * as DrizzleOrm from 'drizzle-orm';
import type * as DrizzlePgCore from 'drizzle-orm/pg-core';
import type * as DrizzleNodePostgres from 'drizzle-orm/node-postgres';
import type * as DrizzleMigrator from 'drizzle-orm/node-postgres/migrator';
import drizzle from './drizzle.cjs';

/** What ./drizzle.cjs exports, typed with drizzle's own declarations. */
interface Drizzle {
  orm: typeof DrizzleOrm;
  pgCore: typeof DrizzlePgCore;
  nodePostgres: typeof DrizzleNodePostgres;
  loadPostgresMigrator: () => typeof DrizzleMigrator;
}
const { orm, pgCore, nodePostgres, loadPostgresMigrator } = drizzle as Drizzle;

export type { SQL } from 'drizzle-orm';
export type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

export { nodePostgres, loadPostgresMigrator };

export const {
  and,
  asc,
  count,
  desc,
  eq,
  exists,
  getTableColumns,
  getTableName,
  gt,
  gte,
  ilike,
  inArray,
  is,
  isNotNull,
  isNull,
  like,
  lt,
  lte,
  ne,
  notInArray,
  or,
  sql,
} = orm;

export const {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  PgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} = pgCore;
