/**
 * Stripe emulator throughput for the quote issue step (create + finalize, the two calls a shop
 * makes per quote), in its own process as `npm run stripe:emulator` runs it, with and without the
 * state file; and the adapter's overhead per call: adapter `retrieveQuote` (SDK, mapping to domain
 * types) against a bare fetch of the same endpoint, side by side in one run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { getConfig, setConfig } from '../../src/server/config.js';
import {
  createProduct,
  createQuote,
  ensureCustomer,
  finalizeQuote,
  retrieveQuote,
} from '../../src/server/stripe/index.js';
import { freePort } from '../support/postgres.js';
import { ROOT } from './support.js';

const AUTH = { Authorization: 'Bearer sk_test_emulator', 'Content-Type': 'application/x-www-form-urlencoded' };

async function startEmulatorProcess(options: {
  memory: boolean;
}): Promise<{ url: string; port: number; stop(): Promise<void>; dir: string }> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stripe-bench-'));
  const args = ['src/dev/stripe-emulator/cli.ts', '--no-webhooks', ...(options.memory ? ['--memory'] : [])];
  const child: ChildProcess = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), args, {
    cwd: ROOT,
    env: {
      ...process.env,
      STRIPE_SECRET_KEY: '',
      STRIPE_WEBHOOK_SECRET: '',
      STRIPE_EMULATOR_PORT: String(port),
      DATA_DIR: dir,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function post(url: string, body: string): Promise<{ id: string }> {
  const response = await fetch(url, { method: 'POST', headers: AUTH, body });
  if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string };
}

/** Concurrent workers each loop create → finalize for `seconds`; returns requests per second. */
async function quoteIssueLoad(
  base: string,
  seconds: number,
  workers: number,
): Promise<{ rps: number; quotes: number }> {
  const customer = await post(`${base}/v1/customers`, 'email=bench%40example.com&name=Bench');
  const product = await post(`${base}/v1/products`, 'name=Bench%20part');
  const body =
    `customer=${customer.id}&collection_method=send_invoice&invoice_settings[days_until_due]=30` +
    `&line_items[0][price_data][currency]=eur&line_items[0][price_data][product]=${product.id}` +
    `&line_items[0][price_data][unit_amount]=1250&line_items[0][quantity]=40&header=Bench&metadata[revision_id]=bench`;
  const deadline = Date.now() + seconds * 1000;
  let quotes = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (Date.now() < deadline) {
        const quote = await post(`${base}/v1/quotes`, body);
        await post(`${base}/v1/quotes/${quote.id}/finalize`, '');
        quotes += 1;
      }
    }),
  );
  const elapsed = (Date.now() - started) / 1000;
  return { rps: (quotes * 2) / elapsed, quotes };
}

/** Alternates the two calls one by one so load from elsewhere on the machine hits both alike; medians in µs. */
async function sideBySide(
  count: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<[number, number]> {
  const timesA: number[] = [];
  const timesB: number[] = [];
  const time = async (action: () => Promise<unknown>, into: number[]) => {
    const started = process.hrtime.bigint();
    await action();
    into.push(Number(process.hrtime.bigint() - started) / 1000);
  };
  for (let i = 0; i < count; i += 1) {
    await time(a, timesA);
    await time(b, timesB);
  }
  const median = (values: number[]) => values.sort((x, y) => x - y)[Math.floor(values.length / 2)] ?? 0;
  return [median(timesA), median(timesB)];
}

export async function run(report: (label: string, value: string) => void): Promise<void> {
  for (const memory of [true, false]) {
    const emulator = await startEmulatorProcess({ memory });
    try {
      await quoteIssueLoad(emulator.url, 1, 4); // warm-up
      const { rps, quotes } = await quoteIssueLoad(emulator.url, 4, 8);
      report(
        `emulator quote create+finalize, ${memory ? 'memory only' : 'with state file'}`,
        `${rps.toFixed(0)} req/s (${quotes} quotes, 8 workers)`,
      );
    } finally {
      await emulator.stop();
    }
  }

  const emulator = await startEmulatorProcess({ memory: true });
  const config = getConfig();
  setConfig({
    ...config,
    stripe: {
      kind: 'emulator',
      secretKey: 'sk_test_emulator',
      webhookSecret: config.stripe.webhookSecret,
      emulatorPort: emulator.port,
    },
  });
  try {
    const customer = await ensureCustomer({ email: 'overhead@example.com', name: 'Overhead' });
    const product = await createProduct({ partId: 'bench-overhead', name: 'Overhead part' });
    const draft = await createQuote({
      revisionId: 'bench-overhead',
      customerId: customer.id,
      product,
      lines: [{ description: 'Overhead part', quantity: 3, unitAmountMinor: 999 }],
      expiresAt: new Date(Date.now() + 86400_000),
    });
    const quote = await finalizeQuote({ quoteId: draft.id });
    const rawUrl = `${emulator.url}/v1/quotes/${quote.id}?expand[]=line_items`;
    const bare = async (): Promise<unknown> => (await fetch(rawUrl, { headers: AUTH })).json() as Promise<unknown>;
    const adapter = () => retrieveQuote({ quoteId: quote.id });
    await sideBySide(200, bare, adapter); // warm-up
    const [bareUs, adapterUs] = await sideBySide(1000, bare, adapter);
    report('retrieve quote, bare fetch', `${(bareUs / 1000).toFixed(2)} ms/call`);
    report('retrieve quote, adapter (SDK + domain mapping)', `${(adapterUs / 1000).toFixed(2)} ms/call`);
    report(
      'adapter overhead per call',
      `${((adapterUs - bareUs) / 1000).toFixed(2)} ms (${(adapterUs / bareUs).toFixed(2)}x)`,
    );
  } finally {
    setConfig(config);
    await emulator.stop();
  }
}
