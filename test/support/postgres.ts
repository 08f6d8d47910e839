/**
 * Throwaway PostgreSQL 15 servers: initdb in a temp folder, started on a free port, stopped and removed
 * afterwards. PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user.
 *
 * Global setup starts one for the whole run (`startSharedPostgres`) with a migrated template database,
 * and hands its address to the test processes in TEST_POSTGRES_URL; each test server then gets a
 * database of its own cloned from that template (`createTestDatabase`, tens of milliseconds) instead
 * of starting embedded PGlite. Tests that stop their server (or need a server of their own) still
 * call `startPostgres`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/server/db/index.js';
import { findBinary } from './binaries.js';

export const PG_CTL = findBinary('pg_ctl', ['/usr/lib/postgresql/15/bin/pg_ctl']);
export const INITDB = findBinary('initdb', ['/usr/lib/postgresql/15/bin/initdb']);

export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function run(binary: string, args: string[], asUser: string | undefined): void {
  const [command, argv] = asUser ? ['runuser', ['-u', asUser, '--', binary, ...args]] : [binary, args];
  const result = spawnSync(command, argv, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${binary} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
}

export async function startPostgres(): Promise<PostgresServer> {
  if (!PG_CTL || !INITDB) throw new Error('PostgreSQL binaries not found');
  const asUser = process.getuid?.() === 0 ? 'postgres' : undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-pg-'));
  chmodSync(dir, 0o777);
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  run(INITDB, ['-D', dataDir, '-U', 'portal', '--auth=trust', '-E', 'UTF8', '--no-sync'], asUser);
  run(
    PG_CTL,
    [
      '-D',
      dataDir,
      '-l',
      path.join(dir, 'log'),
      '-w',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      'start',
    ],
    asUser,
  );
  const url = `postgres://portal@127.0.0.1:${port}/postgres`;
  return {
    url,
    async stop() {
      try {
        run(PG_CTL, ['-D', dataDir, '-m', 'immediate', '-w', 'stop'], asUser);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export function postgresVersion(): string {
  return PG_CTL ? execFileSync(PG_CTL, ['--version'], { encoding: 'utf8' }).trim() : 'missing';
}

/** Where global setup publishes the shared server's address (its `postgres` database) to test processes. */
export const SHARED_POSTGRES_ENV = 'TEST_POSTGRES_URL';
const TEMPLATE = 'portal_template';

/** The same server's address with another database. */
function withDatabase(url: string, database: string): string {
  const target = new URL(url);
  target.pathname = `/${database}`;
  return target.toString();
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * The run's one PostgreSQL server, with the migrations applied once to a template database that
 * accepts no connections (CREATE DATABASE … TEMPLATE refuses a template someone is connected to).
 */
export async function startSharedPostgres(): Promise<PostgresServer> {
  const server = await startPostgres();
  try {
    await adminQuery(server.url, `CREATE DATABASE ${TEMPLATE}`);
    const template = openDatabase({ kind: 'postgres', url: withDatabase(server.url, TEMPLATE) });
    try {
      await template.migrate();
    } finally {
      await template.close();
    }
    await adminQuery(server.url, `ALTER DATABASE ${TEMPLATE} WITH ALLOW_CONNECTIONS false`);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

export interface TestDatabase {
  /** A DATABASE_URL for this database alone. */
  url: string;
  /** Drops the database (its connections are cut first). */
  drop(): Promise<void>;
}

export interface CreateTestDatabaseOptions {
  /** Cloned from the migrated template (default), or empty, for tests of the migrations themselves. */
  migrated?: boolean;
}

/**
 * A database of its own on the shared server, or undefined when this process has none (a run
 * without global setup, or without the PostgreSQL binaries).
 */
export async function createTestDatabase({ migrated = true }: CreateTestDatabaseOptions = {}): Promise<
  TestDatabase | undefined
> {
  const admin = process.env[SHARED_POSTGRES_ENV];
  if (!admin) return undefined;
  const name = `portal_test_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  await adminQuery(admin, `CREATE DATABASE ${name}${migrated ? ` TEMPLATE ${TEMPLATE}` : ''}`);
  return {
    url: withDatabase(admin, name),
    drop: () => adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/**
 * A PostgreSQL database for a test that needs one but not a server of its own: on the shared server
 * when there is one, else on a throwaway server started for it (empty either way without the
 * template; the runtime migrates it). `stop` drops the database or stops the server.
 */
export async function postgresForTest(options: CreateTestDatabaseOptions = {}): Promise<PostgresServer> {
  const database = await createTestDatabase(options);
  return database ? { url: database.url, stop: () => database.drop() } : startPostgres();
}
