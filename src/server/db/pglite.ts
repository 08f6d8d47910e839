/**
 * The embedded database: PGlite (PostgreSQL compiled to WASM) persisted in a folder. Local runtime
 * and tests only. It is loaded on demand by `loadEmbeddedDriver()` and left out of the deployed
 * functions (vercel.json `excludeFiles`), which always use PostgreSQL (docs/architecture.md §9).
 */
import { createHash, randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type * as DrizzlePglite from 'drizzle-orm/pglite';
import type * as DrizzlePgliteMigrator from 'drizzle-orm/pglite/migrator';
import { MIGRATIONS_FOLDER } from './migrations-folder.js';
import * as schema from './schema.js';
import type { Database } from './index.js';

// drizzle through its CommonJS build, as everywhere (./orm.ts says why).
const require = createRequire(import.meta.url);
const { drizzle } = require('drizzle-orm/pglite') as typeof DrizzlePglite;
const { migrate } = require('drizzle-orm/pglite/migrator') as typeof DrizzlePgliteMigrator;

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

/**
 * A new data folder starts as a copy of a template cluster: PGlite runs initdb inside WASM on an
 * empty folder (about 5 s) and the migrations after it (about 0.7 s), a copy takes a fraction of a
 * second. The template is a cluster with the committed migrations applied, one per PGlite version and
 * set of migrations (its folder is named by a hash of the migrations' SQL and journal, so a template
 * made before a migration was added or changed is never used), under node_modules/.cache. `npm
 * install` prepares it (scripts/prepare-embedded-db.ts); when it is missing, the first start makes it.
 * The runtime still migrates after the copy, which then finds nothing to apply.
 */
const CACHE_DIR = path.resolve(import.meta.dirname, '../../../node_modules/.cache/print-quote-portal');

export interface TemplateOptions {
  /** Where templates are kept (tests use a folder of their own). */
  cacheDir?: string;
  /** The migrations the template holds: drizzle's folder (the committed one by default). */
  migrationsFolder?: string;
}

function pgliteVersion(): string {
  const entry = require.resolve('@electric-sql/pglite');
  const manifest = path.join(entry.slice(0, entry.lastIndexOf(`${path.sep}dist${path.sep}`)), 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}

/** What drizzle's migrator reads: the journal and every migration's SQL, by name and content. */
function migrationsHash(folder: string): string {
  const hash = createHash('sha256');
  const files = ['meta/_journal.json', ...readdirSync(folder).filter((file) => file.endsWith('.sql'))].sort();
  for (const file of files)
    hash
      .update(`${file}\0`)
      .update(readFileSync(path.join(folder, file)))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

const isCluster = (dir: string) => existsSync(path.join(dir, 'PG_VERSION'));

/** The template cluster's folder, made first when missing (safe when two processes race: one rename wins). */
export async function ensureTemplate({
  cacheDir = CACHE_DIR,
  migrationsFolder = MIGRATIONS_FOLDER,
}: TemplateOptions = {}): Promise<string> {
  const template = path.join(cacheDir, `pglite-${pgliteVersion()}-${migrationsHash(migrationsFolder)}`);
  if (isCluster(template)) return template;
  const building = `${template}.building-${process.pid}-${randomUUID()}`;
  rmSync(building, { recursive: true, force: true });
  mkdirSync(building, { recursive: true });
  const client = new PGlite(building);
  try {
    await migrate(drizzle({ client, schema }), { migrationsFolder });
  } catch (error) {
    await client.close();
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
  await client.close();
  try {
    renameSync(building, template);
  } catch (error) {
    rmSync(building, { recursive: true, force: true });
    if (!isCluster(template)) throw error;
  }
  return template;
}

/** Seeds `dir` from the template when it holds no cluster yet; an existing cluster is never touched. */
export async function seedFromTemplate(dir: string, options: TemplateOptions = {}): Promise<void> {
  if (isCluster(dir)) return;
  const template = await ensureTemplate(options);
  mkdirSync(dir, { recursive: true });
  cpSync(template, dir, { recursive: true });
}
