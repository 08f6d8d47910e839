/**
 * Target selection and clean-up for the Stripe contract suite (stripe.contract.test.ts).
 *
 * - No STRIPE_SECRET_KEY: a fresh local emulator on a free port, with the adapter pointed at it
 *   (as `npm run stripe:smoke` does). This is how `npm test` and CI run the suite.
 * - An sk_test_/rk_test_ key with `npm run test:stripe` (STRIPE_CONTRACT_TARGET=stripe): Stripe's
 *   test mode, through the same adapter calls. A key merely exported in the shell while `npm test`
 *   runs is ignored: the suite then uses the emulator.
 * - A live key: refused before any test is collected.
 */
import { randomBytes } from 'node:crypto';
import { startStripeEmulator, type StripeEmulator } from '../../src/dev/stripe-emulator/index.js';
import { getConfig, parseConfig, setConfig } from '../../src/server/config.js';
import {
  cancelStripeQuote,
  describeStripeTarget,
  retrieveInvoice,
  retrieveQuote,
  StripeAdapterError,
  voidInvoice,
} from '../../src/server/stripe/index.js';

export type ContractTargetKind = 'emulator' | 'stripe-test';

export const LIVE_KEY_MESSAGE =
  'STRIPE_SECRET_KEY is a live key: the Stripe contract suite creates, accepts and sends invoices, so it runs only ' +
  'against test mode (sk_test_… / rk_test_…) or, with no key set, the local emulator. Nothing was run.';

/** Which Stripe the configuration points at; throws on a live key so that no test runs. */
export function contractTargetKind(): ContractTargetKind {
  const { stripe } = getConfig();
  if (stripe.kind === 'emulator') return 'emulator';
  if (process.env.STRIPE_CONTRACT_TARGET !== 'stripe') {
    setConfig({ ...getConfig(), stripe: parseConfig({}).stripe });
    return 'emulator';
  }
  if (!/^(sk|rk)_test_/.test(stripe.secretKey)) throw new Error(LIVE_KEY_MESSAGE);
  return 'stripe-test';
}

export interface ContractTarget {
  kind: ContractTargetKind;
  /** e.g. "local Stripe emulator at http://127.0.0.1:40123" or "Stripe (test mode)". */
  label: string;
  /** Present only when the suite runs against its own emulator. */
  emulator: StripeEmulator | undefined;
  close(): Promise<void>;
}

export async function startContractTarget(kind: ContractTargetKind): Promise<ContractTarget> {
  if (kind === 'stripe-test') {
    await probeStripe();
    return { kind, label: describeStripeTarget(), emulator: undefined, close: async () => {} };
  }
  const config = getConfig();
  const emulator = await startStripeEmulator({ port: 0, apiKey: config.stripe.secretKey });
  setConfig({ ...config, stripe: { ...config.stripe, emulatorPort: emulator.port } });
  return {
    kind,
    label: describeStripeTarget(),
    emulator,
    close: async () => {
      await emulator.close();
      setConfig(config);
    },
  };
}

/**
 * One read before the suite, so an unreachable Stripe or a rejected key is one clear failure
 * instead of every step failing on its own.
 */
async function probeStripe(): Promise<void> {
  try {
    await retrieveQuote({ quoteId: 'qt_contract_suite_probe' });
  } catch (error) {
    if (!(error instanceof StripeAdapterError)) throw error;
    if (error.kind === 'invalid_request') return;
    const why =
      error.kind === 'auth'
        ? 'Stripe rejected STRIPE_SECRET_KEY (or it lacks permission to read quotes)'
        : 'Stripe could not be reached';
    throw new Error(`${why} (${error.message.replace(/\.$/, '')}). No contract test ran.`, { cause: error });
  }
}

/**
 * A per-run id. Every id the suite derives (emails, part and revision ids, hence the adapter's
 * idempotency keys) contains it, so runs sharing one test-mode account never meet each other's
 * objects or keys.
 */
export function newRunId(): string {
  return `cs${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** Metadata on every object the suite creates, so leftovers in a test account are easy to find. */
export const contractMetadata = (run: string): Record<string, string> => ({
  contract_suite: 'true',
  contract_run: run,
});

/**
 * What the adapter can undo: quotes still draft or open are canceled, open invoices voided.
 * Customers, products and draft invoices stay (the adapter has no delete/archive); they carry
 * `contract_suite: true` metadata or a "(contract suite)" name.
 */
export class ContractCleanup {
  private readonly quoteIds = new Set<string>();
  private readonly invoiceIds = new Set<string>();

  quote(id: string): void {
    this.quoteIds.add(id);
  }

  invoice(id: string): void {
    this.invoiceIds.add(id);
  }

  /** Best effort; returns one line per object it could not tidy up. */
  async run(): Promise<string[]> {
    const problems: string[] = [];
    const attempt = async (id: string, tidy: () => Promise<unknown>) => {
      try {
        await tidy();
      } catch (error) {
        problems.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    for (const quoteId of this.quoteIds) {
      await attempt(quoteId, async () => {
        const quote = await retrieveQuote({ quoteId });
        if (quote.status === 'draft' || quote.status === 'open') await cancelStripeQuote({ quoteId });
      });
    }
    for (const invoiceId of this.invoiceIds) {
      await attempt(invoiceId, async () => {
        const invoice = await retrieveInvoice({ invoiceId });
        if (invoice.status === 'open') await voidInvoice({ invoiceId });
      });
    }
    return problems;
  }
}
