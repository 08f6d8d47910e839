/**
 * Stripe contract suite: what the portal relies on from Stripe, through the public adapter
 * (src/server/stripe/index.ts) only. `npm run test:stripe` runs it against whatever
 * STRIPE_SECRET_KEY is configured (a test key: Stripe's test mode; none: a fresh local emulator);
 * `npm test` runs it against the emulator, so the emulator is held to the same contract as Stripe.
 * Live keys are refused before anything runs. See docs/stripe.md, "Contract suite".
 *
 * The steps of the release path build on each other and run in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhookPayload } from '../../src/dev/stripe-emulator/index.js';
import { site } from '../../src/domain/site.js';
import { getConfig } from '../../src/server/config.js';
import {
  acceptStripeQuote,
  cancelStripeQuote,
  createProduct,
  createQuote,
  describeStripeTarget,
  ensureCustomer,
  finalizeInvoice,
  finalizeQuote,
  retrieveInvoice,
  retrieveQuote,
  sendInvoice,
  setInvoiceCustomFields,
  StripeAdapterError,
  StripeWebhookError,
  verifyWebhookEvent,
  type StripeCustomer,
  type StripeProduct,
  type StripeQuote,
} from '../../src/server/stripe/index.js';
import {
  ContractCleanup,
  contractMetadata,
  contractTargetKind,
  newRunId,
  startContractTarget,
  type ContractTarget,
} from './support.js';

// Throws on a live key, so the file fails to collect with that message and no test runs.
const kind = contractTargetKind();
const run = newRunId();
const metadata = contractMetadata(run);
const cleanup = new ContractCleanup();
const DAY_MS = 86_400_000;
const DAYS_UNTIL_DUE = 21;
const SETUP_LINE = 'Setup and first-article inspection (contract suite)';
const CUSTOM_FIELDS = [
  { name: 'PO number', value: `PO-${run}` },
  { name: 'Budget code', value: 'CC-200-CONTRACT' },
];

let target: ContractTarget | undefined;

/** What the release path has built so far; a later step needs the earlier ones to have passed. */
const built: {
  customer?: StripeCustomer;
  product?: StripeProduct;
  draft?: StripeQuote;
  open?: StripeQuote;
  invoiceId?: string;
} = {};

function need<K extends keyof typeof built>(key: K): NonNullable<(typeof built)[K]> {
  const value = built[key];
  if (value === undefined || value === null) throw new Error(`needs the earlier step that provides "${key}"`);
  return value;
}

async function rejection(promise: Promise<unknown>): Promise<StripeAdapterError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StripeAdapterError) return error;
    throw error;
  }
  throw new Error('expected a StripeAdapterError');
}

/**
 * Extra evidence where the store is visible: on the emulator the suite also counts stored
 * objects ("no second one"). Against Stripe the same replay is shown by the ids alone.
 */
function onEmulator(check: (emulator: NonNullable<ContractTarget['emulator']>) => void): void {
  if (target?.emulator) check(target.emulator);
}

beforeAll(async () => {
  target = await startContractTarget(kind);
});

afterAll(async () => {
  if (!target) return;
  const problems = await cleanup.run();
  if (problems.length > 0) {
    console.warn(
      `Stripe contract suite (run ${run}): could not tidy up; these objects keep contract_suite metadata:\n  ${problems.join('\n  ')}`,
    );
  }
  await target.close();
});

describe(`Stripe contract against ${kind === 'emulator' ? 'a fresh local emulator' : describeStripeTarget()}`, () => {
  describe('release path: customer → product → quote → accept → invoice → send', () => {
    it('ensureCustomer creates the approver once and finds the same customer by email again', async () => {
      const email = `contract-suite+${run}@example.com`;
      const created = await ensureCustomer({
        email: `  ${email.toUpperCase()} `,
        name: 'Contract Suite Purchasing',
        companyName: `Contract suite ${run}`,
        metadata,
      });
      // Quotes and invoices are addressed to the company; the approver stays the contact.
      expect(created).toEqual({
        id: expect.stringMatching(/^cus_/) as string,
        email,
        name: `Contract suite ${run}`,
      });
      const again = await ensureCustomer({ email, name: 'Contract Suite Purchasing', metadata });
      expect(again).toEqual(created);
      onEmulator((emulator) => {
        expect(Object.values(emulator.snapshot().customers).filter((c) => c.email === email)).toHaveLength(1);
      });
      built.customer = created;
    });

    it('ensureCustomer keeps the customer and updates the name when the same address comes with a new name', async () => {
      const customer = need('customer');
      const renamed = await ensureCustomer({ email: customer.email ?? '', name: 'Contract Suite Procurement' });
      expect(renamed).toEqual({ ...customer, name: 'Contract Suite Procurement' });
      built.customer = renamed;
    });

    it('createProduct makes one product per part; repeating it returns the same product', async () => {
      const partId = `${run}-part`;
      const product = await createProduct({ partId, name: 'Contract suite bracket, PA12', metadata });
      expect(product).toEqual({ id: expect.stringMatching(/^prod_/) as string, name: 'Contract suite bracket, PA12' });
      const again = await createProduct({ partId, name: 'Contract suite bracket, PA12', metadata });
      expect(again.id).toBe(product.id);
      onEmulator((emulator) => {
        expect(Object.values(emulator.snapshot().products).filter((p) => p.metadata.part_id === partId)).toHaveLength(
          1,
        );
      });
      built.product = product;
    });

    it('createQuote makes a draft with line items, expiry, terms, texts and metadata; the same revision again is the same quote', async () => {
      const customer = need('customer');
      const product = need('product');
      const revisionId = `${run}-r1`;
      const lines = [
        { description: product.name, quantity: 25, unitAmountMinor: 1480 },
        { description: SETUP_LINE, quantity: 1, unitAmountMinor: 9500 },
      ];
      const expiresAt = new Date(Date.now() + 14 * DAY_MS);
      const options = {
        revisionId,
        customerId: customer.id,
        product,
        lines,
        expiresAt,
        daysUntilDue: DAYS_UNTIL_DUE,
        header: 'Contract suite quote',
        description: `Created by the Stripe contract suite, run ${run}.`,
        footer: 'Payment within 21 days.',
        metadata,
      };
      const draft = await createQuote(options);
      cleanup.quote(draft.id);
      expect(draft).toMatchObject({
        id: expect.stringMatching(/^qt_/) as string,
        status: 'draft',
        number: null,
        customerId: customer.id,
        currency: site.currency,
        amountSubtotalMinor: 25 * 1480 + 9500,
        amountTotalMinor: 25 * 1480 + 9500,
        daysUntilDue: DAYS_UNTIL_DUE,
        header: options.header,
        description: options.description,
        footer: options.footer,
        metadata: { ...metadata, revision_id: revisionId },
        invoiceId: null,
        revisionOfQuoteId: null,
        finalizedAt: null,
        lines,
        livemode: false,
      });
      expect(draft.expiresAt.getTime()).toBe(Math.floor(expiresAt.getTime() / 1000) * 1000);

      const again = await createQuote(options);
      expect(again.id).toBe(draft.id);
      onEmulator((emulator) => {
        const stored = Object.values(emulator.snapshot().quotes).filter((q) => q.metadata?.revision_id === revisionId);
        expect(stored).toHaveLength(1);
      });
      built.draft = draft;
    });

    it('finalizeQuote opens the quote with a number; repeating it replays the same quote', async () => {
      const draft = need('draft');
      const open = await finalizeQuote({ quoteId: draft.id });
      expect(open).toMatchObject({ id: draft.id, status: 'open', amountTotalMinor: draft.amountTotalMinor });
      expect(open.number).toMatch(/^QT-\S+$/);
      expect(open.finalizedAt).toBeInstanceOf(Date);
      expect(open.expiresAt).toEqual(draft.expiresAt);
      const again = await finalizeQuote({ quoteId: draft.id });
      expect(again).toMatchObject({ id: draft.id, status: 'open', number: open.number });
      built.open = open;
    });

    it('acceptStripeQuote creates one draft invoice; the same revision again returns it, another accept is a conflict', async () => {
      const open = need('open');
      const revisionId = `${run}-r1`;
      const accepted = await acceptStripeQuote({ quoteId: open.id, revisionId });
      expect(accepted).toMatchObject({ id: open.id, status: 'accepted', number: open.number });
      expect(accepted.invoiceId).toMatch(/^in_/);
      expect(accepted.acceptedAt).toBeInstanceOf(Date);
      const invoiceId = accepted.invoiceId ?? '';
      cleanup.invoice(invoiceId);

      const replay = await acceptStripeQuote({ quoteId: open.id, revisionId });
      expect(replay).toMatchObject({ id: open.id, status: 'accepted', invoiceId });

      const other = await rejection(
        acceptStripeQuote({ quoteId: open.id, revisionId, idempotencyKey: `${run}-accept-again` }),
      );
      expect(other).toMatchObject({ kind: 'conflict', statusCode: 400 });
      expect((await retrieveQuote({ quoteId: open.id })).invoiceId).toBe(invoiceId);
      onEmulator((emulator) => {
        const invoices = Object.values(emulator.snapshot().invoices).filter(
          (invoice) => invoice.parent?.quote_details.quote === open.id,
        );
        expect(invoices).toHaveLength(1);
      });
      built.invoiceId = invoiceId;
    });

    it("the invoice is a draft linked to the quote, for the quote's customer and total", async () => {
      const invoiceId = need('invoiceId');
      const open = need('open');
      const invoice = await retrieveInvoice({ invoiceId });
      expect(invoice).toMatchObject({
        id: invoiceId,
        status: 'draft',
        quoteId: open.id,
        customerId: need('customer').id,
        currency: site.currency,
        totalMinor: open.amountTotalMinor,
        amountDueMinor: open.amountTotalMinor,
        amountPaidMinor: 0,
        customFields: [],
        finalizedAt: null,
        livemode: false,
      });
    });

    it('setInvoiceCustomFields puts the PO number and budget code (and metadata) on the draft', async () => {
      const invoiceId = need('invoiceId');
      const fields = { invoiceId, fields: CUSTOM_FIELDS, metadata: { ...metadata, revision_id: `${run}-r1` } };
      const invoice = await setInvoiceCustomFields(fields);
      expect(invoice).toMatchObject({ id: invoiceId, status: 'draft', customFields: CUSTOM_FIELDS });
      expect(invoice.metadata).toMatchObject(fields.metadata);
      const again = await setInvoiceCustomFields(fields);
      expect(again).toMatchObject({ id: invoiceId, customFields: CUSTOM_FIELDS });
    });

    it("finalizeInvoice opens it with a number and a due date from the quote's terms, keeping the custom fields", async () => {
      const invoiceId = need('invoiceId');
      const invoice = await finalizeInvoice({ invoiceId });
      expect(invoice).toMatchObject({
        id: invoiceId,
        status: 'open',
        customFields: CUSTOM_FIELDS,
        totalMinor: need('open').amountTotalMinor,
      });
      expect(invoice.number).toEqual(expect.stringMatching(/\S/));
      expect(invoice.finalizedAt).toBeInstanceOf(Date);
      const termsMs = (invoice.dueDate?.getTime() ?? 0) - (invoice.finalizedAt?.getTime() ?? 0);
      // Stripe may round the due date; the terms must come out as 21 days, give or take one.
      expect(Math.abs(termsMs - DAYS_UNTIL_DUE * DAY_MS)).toBeLessThanOrEqual(DAY_MS);
      expect(invoice.hostedInvoiceUrl).toEqual(expect.stringMatching(/^https?:\/\//));
    });

    it('sendInvoice leaves it open with the hosted invoice URL the approver opens', async () => {
      const invoiceId = need('invoiceId');
      const sent = await sendInvoice({ invoiceId });
      expect(sent).toMatchObject({ id: invoiceId, status: 'open', customFields: CUSTOM_FIELDS });
      expect(() => new URL(sent.hostedInvoiceUrl ?? '')).not.toThrow();
      const read = await retrieveInvoice({ invoiceId });
      expect(read).toMatchObject({
        status: 'open',
        quoteId: need('open').id,
        hostedInvoiceUrl: sent.hostedInvoiceUrl,
        amountRemainingMinor: need('open').amountTotalMinor,
      });
    });
  });

  describe('refusals and cancel', () => {
    it('the same key with other parameters is an idempotency error, not a second object', async () => {
      const partId = `${run}-part-mismatch`;
      const first = await createProduct({ partId, name: 'Contract suite housing', metadata });
      const error = await rejection(createProduct({ partId, name: 'Contract suite lid', metadata }));
      expect(error).toMatchObject({ kind: 'idempotency', statusCode: 400 });
      onEmulator((emulator) => {
        const stored = Object.values(emulator.snapshot().products).filter((p) => p.metadata.part_id === partId);
        expect(stored.map((p) => p.id)).toEqual([first.id]);
      });
    });

    it('cancelStripeQuote cancels an open quote; accepting it afterwards is a conflict and makes no invoice', async () => {
      const customer = need('customer');
      const product = need('product');
      const revisionId = `${run}-r2`;
      const draft = await createQuote({
        revisionId,
        customerId: customer.id,
        product,
        lines: [{ description: product.name, quantity: 5, unitAmountMinor: 1480 }],
        expiresAt: new Date(Date.now() + 7 * DAY_MS),
        metadata,
      });
      cleanup.quote(draft.id);
      const open = await finalizeQuote({ quoteId: draft.id });
      expect(open.status).toBe('open');

      const canceled = await cancelStripeQuote({ quoteId: open.id });
      expect(canceled).toMatchObject({ id: open.id, status: 'canceled', invoiceId: null });
      expect(canceled.canceledAt).toBeInstanceOf(Date);

      const error = await rejection(acceptStripeQuote({ quoteId: open.id, revisionId }));
      expect(error).toMatchObject({ kind: 'conflict', operation: 'acceptStripeQuote', statusCode: 400 });
      expect(await retrieveQuote({ quoteId: open.id })).toMatchObject({ status: 'canceled', invoiceId: null });
    });

    it('an unknown quote or invoice id is invalid_request / resource_missing (404)', async () => {
      const quote = await rejection(retrieveQuote({ quoteId: `qt_${run}missing` }));
      expect(quote).toMatchObject({ kind: 'invalid_request', code: 'resource_missing', statusCode: 404 });
      const invoice = await rejection(retrieveInvoice({ invoiceId: `in_${run}missing` }));
      expect(invoice).toMatchObject({ kind: 'invalid_request', code: 'resource_missing', statusCode: 404 });
    });
  });

  describe('webhook signatures', () => {
    it('a payload signed with the configured webhook secret verifies; a tampered one is refused', () => {
      // Stripe's scheme (v1 = HMAC-SHA256 over `timestamp.payload`) is computed offline, so this case
      // holds against test mode too.
      const payload = JSON.stringify({
        id: `evt_${run}`,
        object: 'event',
        api_version: null,
        created: Math.floor(Date.now() / 1000),
        livemode: false,
        type: 'customer.updated',
        data: { object: { id: `cus_${run}`, object: 'customer' } },
      });
      const signature = signWebhookPayload({
        payload,
        secret: getConfig().stripe.webhookSecret,
        timestamp: Math.floor(Date.now() / 1000),
      });
      expect(verifyWebhookEvent({ rawBody: payload, signature })).toMatchObject({
        id: `evt_${run}`,
        type: 'customer.updated',
        livemode: false,
        subject: { kind: 'other', objectType: 'customer', objectId: `cus_${run}` },
      });

      const reason = (rawBody: string, header: string) => {
        try {
          verifyWebhookEvent({ rawBody, signature: header });
          return 'accepted';
        } catch (error) {
          return error instanceof StripeWebhookError ? error.reason : String(error);
        }
      };
      expect(reason(payload.replace(`cus_${run}`, 'cus_someone_else'), signature)).toBe('bad_signature');
      const foreign = signWebhookPayload({
        payload,
        secret: 'whsec_not_the_configured_secret',
        timestamp: Math.floor(Date.now() / 1000),
      });
      expect(reason(payload, foreign)).toBe('bad_signature');
    });
  });
});
