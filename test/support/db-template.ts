/**
 * A migrated PGlite data folder made once per migration set and copied into each test's DATA_DIR:
 * PGlite's first start runs initdb inside WASM (seconds), a copy takes milliseconds.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEmbeddedDriver, openDatabase } from '../../src/server/db/index.js';

const MIGRATIONS = path.resolve(import.meta.dirname, '../../drizzle');

function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(MIGRATIONS)
    .filter((file) => file.endsWith('.sql'))
    .sort()) {
    hash.update(name).update(readFileSync(path.join(MIGRATIONS, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

export function templateDir(): string {
  return path.join(os.tmpdir(), `portal-pglite-template-${migrationsHash()}`);
}

export async function ensureDbTemplate(): Promise<string> {
  const dir = templateDir();
  if (existsSync(path.join(dir, 'PG_VERSION'))) return dir;
  const building = `${dir}.building-${process.pid}`;
  rmSync(building, { recursive: true, force: true });
  await loadEmbeddedDriver();
  const database = openDatabase({ kind: 'pglite', dir: building });
  await database.migrate();
  await database.close();
  rmSync(dir, { recursive: true, force: true });
  renameSync(building, dir);
  return dir;
}

/** Copies the template into `<dataDir>/db` (the PGlite folder the config points at). */
export function seedDatabase(dataDir: string): void {
  const template = templateDir();
  if (!existsSync(template)) return;
  mkdirSync(dataDir, { recursive: true });
  cpSync(template, path.join(dataDir, 'db'), { recursive: true });
}
