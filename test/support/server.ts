/**
 * The local runtime on a free port with its own temp data folder, for integration and e2e tests.
 * Same code path as `npm start`; only the environment differs. Its database is its own PostgreSQL
 * database on the run's shared server when global setup started one (support/postgres.ts), or
 * embedded PGlite seeded from the migrated template (support/db-template.ts): `npm start`'s default,
 * which the tests whose subject it is ask for by name.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readOutbox, type OutboxMessage } from '../../src/dev/outbox.js';
import { startRuntime, type Runtime } from '../../src/dev/runtime.js';
import { settleWaitUntil } from '../../src/dev/wait-until.js';
import { seedDatabase } from './db-template.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';

export interface TestServer {
  url: string;
  dataDir: string;
  runtime: Runtime;
  close(): Promise<void>;
}

export interface StartTestServerOptions {
  /** Extra environment (e.g. DATABASE_URL, RATE_LIMIT_PER_MINUTE). */
  env?: Record<string, string | undefined>;
  /**
   * `postgres` (default): a database of its own on the shared PostgreSQL server, falling back to
   * PGlite when the process has none. `embedded`: PGlite under DATA_DIR, as `npm start` runs with no
   * configuration. An explicit DATABASE_URL in `env` wins over both.
   */
  database?: 'postgres' | 'embedded';
}

export async function startTestServer({
  env = {},
  database = 'postgres',
}: StartTestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'portal-test-'));
  let own: TestDatabase | undefined;
  if (!env.DATABASE_URL) {
    own = database === 'postgres' ? await createTestDatabase() : undefined;
    if (!own) seedDatabase(dataDir);
  }
  const cleanUp = async () => {
    rmSync(dataDir, { recursive: true, force: true });
    await own?.drop();
  };
  const runtime = await startRuntime({
    host: '127.0.0.1',
    env: {
      NODE_ENV: 'test',
      PORT: '0',
      STRIPE_EMULATOR_PORT: '0',
      DATA_DIR: dataDir,
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...(own ? { DATABASE_URL: own.url } : {}),
      ...env,
    },
  }).catch(async (error: unknown) => {
    await cleanUp();
    throw error;
  });
  return {
    url: runtime.url,
    dataDir,
    runtime,
    async close() {
      await runtime.close();
      await cleanUp();
    },
  };
}

/**
 * Waits for the work servers in this process took on after their replies: mail goes out after the
 * answer (architecture §10), so a test that reads what a request sent, or what its delivery recorded,
 * waits for it first, as a mailbox waits for mail.
 */
export function afterReplies(): Promise<void> {
  return settleWaitUntil();
}

/** The mails the server has written to its outbox folder, once its deliveries after replies have ended. */
export async function deliveredMails(server: Pick<TestServer, 'dataDir'>): Promise<OutboxMessage[]> {
  await afterReplies();
  return readOutbox(path.join(server.dataDir, 'outbox'));
}
