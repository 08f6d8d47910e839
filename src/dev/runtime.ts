/**
 * Starts the whole product on one machine: database (migrated), Stripe emulator when no key is set,
 * and the local HTTP server. `npm start` and the integration tests both go through here, so the tests
 * exercise exactly what a user runs.
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { activeAdapters, type ActiveAdapters } from '../server/adapters.js';
import { parseConfig, setConfig, type Config } from '../server/config.js';
import { closeDatabase, getDatabase, prepareEmbeddedDatabase } from '../server/db/index.js';
import { resetMail } from '../server/mail/index.js';
import { mailSentInvoice } from './invoice-mail.js';
import { createLocalServer, type LocalServer } from './server.js';
import { startStripeEmulator, type StripeEmulator } from './stripe-emulator/index.js';
import { installWaitUntil, settleWaitUntil } from './wait-until.js';

export interface StartRuntimeOptions {
  /** Environment to parse (defaults to process.env). PORT=0 picks a free port. */
  env?: Record<string, string | undefined>;
  /** npm run dev: serve dist/ without caching its file list (it is rebuilt on change). */
  dev?: boolean;
  /** Overrides HOST (default 127.0.0.1: the outbox page holds every signed link). */
  host?: string;
}

export interface Runtime {
  url: string;
  port: number;
  config: Config;
  adapters: ActiveAdapters;
  emulator: StripeEmulator | undefined;
  server: LocalServer;
  close(): Promise<void>;
}

function listen(server: LocalServer, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Configuration, database and mail are process-wide: one runtime per process at a time. */
let active = false;

export async function startRuntime(options: StartRuntimeOptions = {}): Promise<Runtime> {
  if (active) throw new Error('A runtime is already running in this process; close it first.');
  const env = options.env ?? process.env;
  // Parse first: a bad variable must stop start-up before anything listens or writes.
  const initial = parseConfig(env);
  const host = options.host ?? initial.host;

  active = true;
  installWaitUntil();
  const outboxDir = initial.mail.kind === 'outbox' ? initial.mail.dir : undefined;
  // Functions wait for the migrations (a request meanwhile would meet missing tables); /api/health
  // answers at once, 503 until they are applied.
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const server = createLocalServer({ outboxDir, dev: options.dev, ready });
  const port = await listen(server, initial.port, host);
  let config = port === initial.port ? initial : parseConfig({ ...env, PORT: String(port) });
  setConfig(config);
  resetMail();

  let emulator: StripeEmulator | undefined;
  try {
    if (config.stripe.kind === 'emulator') {
      emulator = await startStripeEmulator({
        port: config.stripe.emulatorPort,
        stateFile: path.join(config.dataDir, 'stripe-emulator.json'),
        webhook: { url: `http://127.0.0.1:${port}/api/stripe/webhook`, secret: config.stripe.webhookSecret },
        apiKey: config.stripe.secretKey,
        onInvoiceSent: mailSentInvoice,
      });
      config = { ...config, stripe: { ...config.stripe, emulatorPort: emulator.port } };
      setConfig(config);
    }
    if (config.database.kind === 'pglite') await prepareEmbeddedDatabase(config.database.dir);
    await getDatabase().migrate();
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await emulator?.close();
    await closeDatabase();
    active = false;
    throw error;
  } finally {
    markReady();
  }

  return {
    url: `http://localhost:${port}`,
    port,
    config,
    adapters: activeAdapters(config),
    emulator,
    server,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // Requests whose client went away still run to their end; then the work they left to waitUntil.
      await server.settle();
      await settleWaitUntil();
      await emulator?.close();
      await closeDatabase();
      active = false;
    },
  };
}
