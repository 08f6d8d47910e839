/**
 * The local runtime on a free port with its own temp data folder, for integration and e2e tests.
 * Same code path as `npm start`; only the environment differs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRuntime, type Runtime } from '../../src/dev/runtime.js';
import { seedDatabase } from './db-template.js';

export interface TestServer {
  url: string;
  dataDir: string;
  runtime: Runtime;
  close(): Promise<void>;
}

export interface StartTestServerOptions {
  /** Extra environment (e.g. DATABASE_URL, RATE_LIMIT_PER_MINUTE). */
  env?: Record<string, string | undefined>;
}

export async function startTestServer({ env = {} }: StartTestServerOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'portal-test-'));
  if (!env.DATABASE_URL) seedDatabase(dataDir);
  const runtime = await startRuntime({
    host: '127.0.0.1',
    env: {
      NODE_ENV: 'test',
      PORT: '0',
      STRIPE_EMULATOR_PORT: '0',
      DATA_DIR: dataDir,
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
    },
  });
  return {
    url: runtime.url,
    dataDir,
    runtime,
    async close() {
      await runtime.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
