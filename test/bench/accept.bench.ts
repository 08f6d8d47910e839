/**
 * Purchasing release against the local Stripe emulator, over HTTP through the local runtime: accept
 * latency p50/p99 (claim → Stripe accept → custom fields → finalize → send, each step committed),
 * the Stripe calls one accept makes (mutating and read-backs), a repeated accept answered from the
 * claim, and — side by side in the same run — accepts that meet one injected 5xx at finalize.
 *
 * The model-based test's 10,000-run figure is its own bench: `npm run bench -- release-model`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readOutbox } from '../../src/dev/outbox.js';
import { startRuntime } from '../../src/dev/runtime.js';
import { issueQuote } from '../../src/server/quotes/issue-quote.js';
import { validRequest } from '../support/intake.js';
import { fmt, quantile } from './support.js';

const ACCEPTS = 40;
const BODY = JSON.stringify({
  poNumber: 'PO-4411',
  budgetCode: 'B-1',
  name: 'Paul',
  jobTitle: 'Buyer',
  authorised: true,
});

export async function run(report: (label: string, value: string) => void): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'accept-bench-'));
  const runtime = await startRuntime({
    host: '127.0.0.1',
    env: {
      NODE_ENV: 'test',
      PORT: '0',
      STRIPE_EMULATOR_PORT: '0',
      DATA_DIR: dataDir,
      RATE_LIMIT_PER_MINUTE: '1000000',
    },
  });
  const emulator = runtime.emulator;
  if (!emulator) throw new Error('the bench needs the Stripe emulator');
  try {
    const issue = async () => {
      const created = await fetch(`${runtime.url}/api/requests`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(validRequest()),
      });
      const { id } = (await created.json()) as { id: string };
      const view = await issueQuote({
        requestId: id,
        staff: { email: 'shop@localhost' },
        body: {
          draftId: crypto.randomUUID(),
          scope: 'opening_lot',
          quantity: 50,
          lines: [{ description: 'Pump housing bracket, PETG', quantity: 50, unitPrice: '12.40' }],
          leadTimeDays: 10,
          shippingTerms: 'DAP',
          paymentTermsDays: 30,
          validDays: 30,
        },
      });
      const link = (await readOutbox(path.join(dataDir, 'outbox')))
        .flatMap((m) => m.links)
        .find((l) => l.includes(`/release/?id=${view.id}#token=`));
      if (!link) throw new Error('no release link');
      return { revisionId: view.id, token: new URL(link).hash.replace('#token=', '') };
    };
    const accept = async (quote: { revisionId: string; token: string }) => {
      const started = performance.now();
      const response = await fetch(`${runtime.url}/api/quotes/${quote.revisionId}/accept`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${quote.token}` },
        body: BODY,
      });
      await response.text();
      if (response.status !== 201 && response.status !== 200) throw new Error(`accept answered ${response.status}`);
      return performance.now() - started;
    };

    const clean: number[] = [];
    const faulted: number[] = [];
    const repeats: number[] = [];
    let mutating = 0;
    let reads = 0;
    for (let i = 0; i < ACCEPTS; i += 1) {
      const quote = await issue();
      const faultedRun = i % 2 === 1;
      if (faultedRun) emulator.faults.inject({ kind: '5xx', method: 'POST', path: /\/finalize$/, times: 1 });
      const from = emulator.requestLog.length;
      const ms = await accept(quote);
      (faultedRun ? faulted : clean).push(ms);
      if (!faultedRun) {
        const calls = emulator.requestLog.slice(from).filter((e) => e.path.startsWith('/v1/'));
        mutating += calls.filter((e) => e.method === 'POST').length;
        reads += calls.filter((e) => e.method === 'GET').length;
        repeats.push(await accept(quote));
      }
    }
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    const c = sorted(clean);
    const f = sorted(faulted);
    const r = sorted(repeats);
    report('accept p50 (emulator, HTTP)', fmt.ms(quantile(c, 0.5)));
    report('accept p99 (emulator, HTTP)', fmt.ms(quantile(c, 0.99)));
    // The reads are the webhook handlers re-fetching quote and invoice while the accept runs.
    report(
      'Stripe calls per accept',
      `${(mutating / c.length).toFixed(1)} by the accept + ${(reads / c.length).toFixed(1)} webhook re-fetches`,
    );
    report('repeated accept p50 (answered from the claim)', fmt.ms(quantile(r, 0.5)));
    report('accept p50 with one 5xx at finalize', fmt.ms(quantile(f, 0.5)));
    report('accept p50 with one 5xx at finalize / clean', fmt.ratio(quantile(f, 0.5) / quantile(c, 0.5)));
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
