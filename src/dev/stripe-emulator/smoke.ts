/**
 * `npm run stripe:smoke`: the adapter's happy path, customer → product → quote → finalize →
 * accept → invoice with PO → finalize → send, against whatever Stripe is configured. With no
 * STRIPE_SECRET_KEY it starts its own emulator on a free port. Live keys need `--live`, because
 * this creates and sends a real invoice.
 *
 *   npm run stripe:smoke                          # against a fresh local emulator
 *   STRIPE_SECRET_KEY=sk_test_… STRIPE_WEBHOOK_SECRET=whsec_… npm run stripe:smoke -- --email you@example.com
 */
import { getConfig, setConfig } from '../../server/config.js';
import {
  acceptStripeQuote,
  createProduct,
  createQuote,
  describeStripeTarget,
  ensureCustomer,
  finalizeInvoice,
  finalizeQuote,
  retrieveInvoice,
  sendInvoice,
  setInvoiceCustomFields,
  StripeAdapterError,
} from '../../server/stripe/index.js';
import { startStripeEmulator, type StripeEmulator } from './index.js';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index === -1 ? undefined : process.argv[index + 1];
}

async function main(): Promise<void> {
  let emulator: StripeEmulator | undefined;
  const config = getConfig();
  if (config.stripe.kind === 'emulator') {
    emulator = await startStripeEmulator({ port: 0, apiKey: config.stripe.secretKey });
    setConfig({ ...config, stripe: { ...config.stripe, emulatorPort: emulator.port } });
  } else if (config.stripe.secretKey.includes('_live_') && !process.argv.includes('--live')) {
    throw new Error(
      'STRIPE_SECRET_KEY is a live key: the smoke test would send a real invoice. Pass --live if you mean it.',
    );
  }
  const run = `smoke-${Date.now().toString(36)}`;
  const email = argument('email') ?? `${run}@example.com`;
  console.log(`Stripe smoke test against ${describeStripeTarget()} (run ${run})`);
  const step = async <T>(label: string, action: () => Promise<T>, show: (value: T) => string): Promise<T> => {
    const value = await action();
    console.log(`  ✓ ${label.padEnd(22)} ${show(value)}`);
    return value;
  };
  try {
    const customer = await step(
      'customer',
      () => ensureCustomer({ email, name: 'Smoke Test Purchasing' }),
      (c) => `${c.id} <${c.email ?? ''}>`,
    );
    const product = await step(
      'product',
      () => createProduct({ partId: run, name: 'Smoke test bracket, PA12' }),
      (p) => p.id,
    );
    const draft = await step(
      'quote (draft)',
      () =>
        createQuote({
          revisionId: `${run}-r1`,
          customerId: customer.id,
          product,
          lines: [
            { description: product.name, quantity: 25, unitAmountMinor: 1480 },
            { description: 'Setup and first-article inspection', quantity: 1, unitAmountMinor: 9500 },
          ],
          expiresAt: new Date(Date.now() + 14 * 86400_000),
          header: 'Smoke test quote',
          description: 'Created by npm run stripe:smoke.',
          footer: 'Payment within 30 days.',
        }),
      (q) => `${q.id} total ${q.amountTotalMinor} ${q.currency ?? ''}`,
    );
    const open = await step(
      'quote finalized',
      () => finalizeQuote({ quoteId: draft.id }),
      (q) => `${q.number ?? ''} (${q.status})`,
    );
    const accepted = await step(
      'quote accepted',
      () => acceptStripeQuote({ quoteId: open.id, revisionId: `${run}-r1` }),
      (q) => `invoice ${q.invoiceId ?? '—'}`,
    );
    const invoiceId = accepted.invoiceId;
    if (!invoiceId) throw new Error('Stripe accepted the quote but returned no invoice');
    await step(
      'invoice PO + budget',
      () =>
        setInvoiceCustomFields({
          invoiceId,
          fields: [
            { name: 'PO number', value: `PO-${run}` },
            { name: 'Budget code', value: 'SMOKE-01' },
          ],
        }),
      (i) => i.customFields.map((f) => `${f.name}=${f.value}`).join(', '),
    );
    await step(
      'invoice finalized',
      () => finalizeInvoice({ invoiceId }),
      (i) => `${i.number ?? ''} due ${i.dueDate?.toISOString().slice(0, 10) ?? '—'}`,
    );
    await step(
      'invoice sent',
      () => sendInvoice({ invoiceId }),
      (i) => i.status,
    );
    const final = await retrieveInvoice({ invoiceId });
    if (final.status !== 'open' || final.customFields.length !== 2)
      throw new Error(`unexpected final invoice state: ${final.status}`);
    console.log(`  ✓ hosted invoice         ${final.hostedInvoiceUrl ?? '—'}`);
    console.log('Smoke test passed.');
  } finally {
    await emulator?.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof StripeAdapterError) console.error(`Smoke test failed (${error.kind}): ${error.message}`);
  else console.error('Smoke test failed:', error instanceof Error ? error.message : error);
  process.exit(1);
});
