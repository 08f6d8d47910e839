/**
 * Every adapter operation, through the real `stripe` SDK over HTTP against the emulator: the
 * happy path of the purchasing release and each operation's error path.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StripeEmulator } from '../../src/dev/stripe-emulator/index.js';
import { startStripeEmulatorForTests } from '../../src/dev/stripe-emulator/testing.js';
import {
  acceptStripeQuote,
  cancelStripeQuote,
  createProduct,
  createQuote,
  ensureCustomer,
  finalizeInvoice,
  finalizeQuote,
  retrieveInvoice,
  retrieveQuote,
  reviseStripeQuote,
  sendInvoice,
  setInvoiceCustomFields,
  streamQuotePdf,
  StripeAdapterError,
  voidInvoice,
} from '../../src/server/stripe/index.js';

let emulator: StripeEmulator;
let seq = 0;
const uid = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${(seq += 1)}`;
const inDays = (days: number) => new Date(Date.now() + days * 86400_000);

async function rejection(promise: Promise<unknown>): Promise<StripeAdapterError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof StripeAdapterError) return error;
    throw error;
  }
  throw new Error('expected a StripeAdapterError');
}

async function openQuote(
  options: { lines?: { description: string; quantity: number; unitAmountMinor: number }[] } = {},
) {
  const customer = await ensureCustomer({ email: `${uid('buyer')}@example.com`, name: 'Pat Buyer' });
  const product = await createProduct({ partId: uid('part'), name: 'Bracket, PA12' });
  const revisionId = uid('rev');
  const draft = await createQuote({
    revisionId,
    customerId: customer.id,
    product,
    lines: options.lines ?? [{ description: 'Bracket, PA12', quantity: 40, unitAmountMinor: 1250 }],
    expiresAt: inDays(14),
    header: 'Quote for bracket batch',
    description: 'Opening lot of 40 brackets.',
    footer: 'Thank you.',
    metadata: { request_id: 'req_1' },
  });
  const quote = await finalizeQuote({ quoteId: draft.id });
  return { customer, product, revisionId, quote };
}

beforeAll(async () => {
  emulator = await startStripeEmulatorForTests();
});
afterAll(async () => {
  await emulator.close();
});

describe('ensureCustomer', () => {
  it('creates the approver once and finds them again by email', async () => {
    const email = `${uid('approver')}@Example.com`;
    const first = await ensureCustomer({ email, name: 'Ana Approver', companyName: 'Acme GmbH' });
    const again = await ensureCustomer({ email: email.toLowerCase(), name: 'Ana Approver' });
    // Quotes and invoices are addressed to the company; the approver is the customer's contact.
    expect(first).toEqual({ id: again.id, email: email.toLowerCase(), name: 'Acme GmbH' });
    const stored = Object.values(emulator.snapshot().customers).filter((c) => c.email === email.toLowerCase());
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      description: 'Contact: Ana Approver',
      metadata: { contact_name: 'Ana Approver' },
    });
  });

  it('updates the name when the approver is the same address with a new name', async () => {
    const email = `${uid('renamed')}@example.com`;
    const first = await ensureCustomer({ email, name: 'A. Approver' });
    const renamed = await ensureCustomer({ email, name: 'Ana Approver' });
    expect(renamed).toEqual({ id: first.id, email, name: 'Ana Approver' });
  });

  it('names an approver’s existing customer after the company once the company is known', async () => {
    const email = `${uid('company')}@example.com`;
    const first = await ensureCustomer({ email, name: 'Ana Approver' });
    const named = await ensureCustomer({ email, name: 'Ana Approver', companyName: 'Acme Pumps GmbH' });
    expect(named).toEqual({ id: first.id, email, name: 'Acme Pumps GmbH' });
    const moved = await ensureCustomer({ email, name: 'Bo Buyer', companyName: 'Acme Pumps GmbH' });
    expect(moved).toEqual(named);
    expect(emulator.snapshot().customers[first.id]).toMatchObject({ metadata: { contact_name: 'Bo Buyer' } });
  });

  it('refuses a malformed address before calling Stripe', async () => {
    const before = emulator.requestLog.length;
    const error = await rejection(ensureCustomer({ email: 'not-an-address', name: 'X' }));
    expect(error.kind).toBe('invalid_request');
    expect(emulator.requestLog.length).toBe(before);
  });
});

describe('createProduct', () => {
  it('creates one product per part, even when retried', async () => {
    const partId = uid('part');
    const a = await createProduct({ partId, name: 'Housing' });
    const b = await createProduct({ partId, name: 'Housing' });
    expect(b.id).toBe(a.id);
    expect(emulator.snapshot().products[a.id]?.metadata).toEqual({ part_id: partId });
  });

  it('reports a reused part id with another name as an idempotency error', async () => {
    const partId = uid('part');
    await createProduct({ partId, name: 'Housing' });
    const error = await rejection(createProduct({ partId, name: 'Lid' }));
    expect(error.kind).toBe('idempotency');
    expect(error.statusCode).toBe(400);
  });
});

describe('quotes', () => {
  it('creates a send_invoice draft with terms, texts, metadata and lines, then finalizes it', async () => {
    const customer = await ensureCustomer({ email: `${uid('q')}@example.com`, name: 'Q Buyer' });
    const product = await createProduct({ partId: uid('part'), name: 'Bracket, PA12' });
    const expiresAt = inDays(10);
    const draft = await createQuote({
      revisionId: 'rev_abc',
      customerId: customer.id,
      product,
      lines: [
        { description: 'Bracket, PA12', quantity: 40, unitAmountMinor: 1250 },
        { description: 'Setup and first-article inspection', quantity: 1, unitAmountMinor: 9000 },
      ],
      expiresAt,
      daysUntilDue: 14,
      header: 'H',
      description: 'D',
      footer: 'F',
    });
    expect(draft).toMatchObject({
      status: 'draft',
      number: null,
      customerId: customer.id,
      currency: 'eur',
      amountTotalMinor: 40 * 1250 + 9000,
      daysUntilDue: 14,
      header: 'H',
      description: 'D',
      footer: 'F',
      metadata: { revision_id: 'rev_abc' },
      invoiceId: null,
      revisionOfQuoteId: null,
      lines: [
        { description: 'Bracket, PA12', quantity: 40, unitAmountMinor: 1250 },
        { description: 'Setup and first-article inspection', quantity: 1, unitAmountMinor: 9000 },
      ],
    });
    expect(draft.expiresAt.getTime()).toBe(Math.floor(expiresAt.getTime() / 1000) * 1000);
    const stored = emulator.snapshot().quotes[draft.id];
    expect(stored?.collection_method).toBe('send_invoice');

    const open = await finalizeQuote({ quoteId: draft.id });
    expect(open.status).toBe('open');
    expect(open.number).toMatch(/^QT-[0-9A-F]{8}-\d{4}$/);
    expect(open.finalizedAt).toBeInstanceOf(Date);
  });

  it('refuses over-long header, description and footer locally', async () => {
    const base = {
      revisionId: uid('rev'),
      customerId: 'cus_x',
      product: { id: 'prod_x', name: 'P' },
      lines: [{ description: 'P', quantity: 1, unitAmountMinor: 1 }],
      expiresAt: inDays(1),
    };
    expect((await rejection(createQuote({ ...base, header: 'x'.repeat(51) }))).param).toBe('header');
    expect((await rejection(createQuote({ ...base, description: 'x'.repeat(501) }))).param).toBe('description');
    expect((await rejection(createQuote({ ...base, footer: 'x'.repeat(501) }))).param).toBe('footer');
    expect((await rejection(createQuote({ ...base, lines: [] }))).param).toBe('lines');
    expect(
      (await rejection(createQuote({ ...base, lines: [{ description: 'P', quantity: 0, unitAmountMinor: 1 }] }))).kind,
    ).toBe('invalid_request');
  });

  it('reports an unknown customer as invalid_request / resource_missing', async () => {
    const product = await createProduct({ partId: uid('part'), name: 'P' });
    const error = await rejection(
      createQuote({
        revisionId: uid('rev'),
        customerId: 'cus_missing',
        product,
        lines: [{ description: 'P', quantity: 1, unitAmountMinor: 1 }],
        expiresAt: inDays(1),
      }),
    );
    expect(error).toMatchObject({
      kind: 'invalid_request',
      code: 'resource_missing',
      statusCode: 404,
      param: 'customer',
    });
  });

  it('retrieves a quote with its lines, and reports an unknown id as resource_missing', async () => {
    const { quote } = await openQuote();
    const read = await retrieveQuote({ quoteId: quote.id });
    expect(read).toEqual(quote);
    const error = await rejection(retrieveQuote({ quoteId: 'qt_missing' }));
    expect(error).toMatchObject({ kind: 'invalid_request', code: 'resource_missing', statusCode: 404 });
  });

  it('revises an open quote: the revision is numbered after it and finalizing it cancels the original', async () => {
    const { quote, product } = await openQuote();
    const revision = await reviseStripeQuote({
      fromQuoteId: quote.id,
      revisionId: uid('rev'),
      product,
      lines: [{ description: product.name, quantity: 60, unitAmountMinor: 1100 }],
    });
    expect(revision).toMatchObject({
      status: 'draft',
      revisionOfQuoteId: quote.id,
      amountTotalMinor: 66000,
      header: quote.header,
    });
    const issued = await finalizeQuote({ quoteId: revision.id });
    expect(issued.number).toBe(`${quote.number}-2`);
    expect((await retrieveQuote({ quoteId: quote.id })).status).toBe('canceled');

    const third = await finalizeQuote({
      quoteId: (await reviseStripeQuote({ fromQuoteId: issued.id, revisionId: uid('rev') })).id,
    });
    expect(third.number).toBe(`${quote.number}-3`);
    expect(third.lines).toEqual(issued.lines);
  });

  it('refuses to revise a canceled quote as a conflict', async () => {
    const { quote } = await openQuote();
    await cancelStripeQuote({ quoteId: quote.id });
    const error = await rejection(reviseStripeQuote({ fromQuoteId: quote.id, revisionId: uid('rev') }));
    expect(error.kind).toBe('conflict');
  });

  it('cancels an open quote; cancelling again replays, accepting it is a conflict', async () => {
    const { quote, revisionId } = await openQuote();
    const canceled = await cancelStripeQuote({ quoteId: quote.id });
    expect(canceled.status).toBe('canceled');
    expect(canceled.canceledAt).toBeInstanceOf(Date);
    expect((await cancelStripeQuote({ quoteId: quote.id })).status).toBe('canceled');
    const error = await rejection(acceptStripeQuote({ quoteId: quote.id, revisionId }));
    expect(error).toMatchObject({ kind: 'conflict', statusCode: 400 });
  });

  it('streams the PDF of a finalized quote and refuses a draft', async () => {
    const { quote } = await openQuote();
    const pdf = await streamQuotePdf({ quoteId: quote.id });
    const chunks: Buffer[] = [];
    for await (const chunk of pdf.stream) chunks.push(Buffer.from(chunk as Uint8Array));
    const bytes = Buffer.concat(chunks);
    expect(pdf.contentType).toBe('application/pdf');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(bytes.toString('latin1')).toContain(quote.number ?? 'missing');

    const customer = await ensureCustomer({ email: `${uid('pdf')}@example.com`, name: 'P' });
    const product = await createProduct({ partId: uid('part'), name: 'P' });
    const draft = await createQuote({
      revisionId: uid('rev'),
      customerId: customer.id,
      product,
      lines: [{ description: 'P', quantity: 1, unitAmountMinor: 5 }],
      expiresAt: inDays(1),
    });
    expect((await rejection(streamQuotePdf({ quoteId: draft.id }))).kind).toBe('conflict');
  });
});

describe('accept → custom fields → finalize → send', () => {
  it('creates a draft invoice on accept and carries the PO into the sent invoice', async () => {
    const { quote, revisionId, customer } = await openQuote();
    const accepted = await acceptStripeQuote({ quoteId: quote.id, revisionId });
    expect(accepted.status).toBe('accepted');
    expect(accepted.invoiceId).toMatch(/^in_/);
    const invoiceId = accepted.invoiceId ?? '';

    const draft = await retrieveInvoice({ invoiceId });
    expect(draft).toMatchObject({
      status: 'draft',
      autoAdvance: false,
      quoteId: quote.id,
      customerId: customer.id,
      totalMinor: quote.amountTotalMinor,
      customFields: [],
    });

    const withPo = await setInvoiceCustomFields({
      invoiceId,
      fields: [
        { name: 'PO number', value: 'PO-4711' },
        { name: 'Budget code', value: 'CC-200-ENG' },
      ],
      metadata: { revision_id: revisionId },
    });
    expect(withPo.customFields).toEqual([
      { name: 'PO number', value: 'PO-4711' },
      { name: 'Budget code', value: 'CC-200-ENG' },
    ]);

    const open = await finalizeInvoice({ invoiceId });
    expect(open.status).toBe('open');
    expect(open.number).toMatch(/^[0-9A-F]{8}-0001$/);
    expect(open.hostedInvoiceUrl).toContain(invoiceId);
    expect(open.dueDate?.getTime()).toBe((open.finalizedAt?.getTime() ?? 0) + 30 * 86400_000);

    const sent = await sendInvoice({ invoiceId });
    expect(sent.status).toBe('open');

    await emulator.payInvoice(invoiceId);
    const paid = await retrieveInvoice({ invoiceId });
    expect(paid).toMatchObject({ status: 'paid', amountPaidMinor: quote.amountTotalMinor, amountRemainingMinor: 0 });
  });

  it('refuses custom fields over Stripe limits locally', async () => {
    const tooMany = Array.from({ length: 5 }, (_, i) => ({ name: `F${i}`, value: 'v' }));
    expect((await rejection(setInvoiceCustomFields({ invoiceId: 'in_x', fields: tooMany }))).param).toBe('fields');
    expect(
      (await rejection(setInvoiceCustomFields({ invoiceId: 'in_x', fields: [{ name: 'n'.repeat(41), value: 'v' }] })))
        .param,
    ).toBe('fields[0].name');
    expect(
      (await rejection(setInvoiceCustomFields({ invoiceId: 'in_x', fields: [{ name: 'PO', value: 'v'.repeat(141) }] })))
        .param,
    ).toBe('fields[0].value');
  });

  it('reports invoice state errors as conflicts: finalize twice, edit a paid invoice, void a paid one, send a void one', async () => {
    const { quote, revisionId } = await openQuote();
    const invoiceId = (await acceptStripeQuote({ quoteId: quote.id, revisionId })).invoiceId ?? '';
    await finalizeInvoice({ invoiceId });
    expect((await rejection(finalizeInvoice({ invoiceId, idempotencyKey: uid('again') }))).kind).toBe('conflict');
    await emulator.payInvoice(invoiceId);
    const edit = await rejection(setInvoiceCustomFields({ invoiceId, fields: [{ name: 'PO', value: 'late' }] }));
    expect(edit).toMatchObject({ kind: 'conflict', code: 'invoice_not_editable' });
    expect((await rejection(voidInvoice({ invoiceId }))).kind).toBe('conflict');

    const other = await openQuote();
    const otherInvoiceId =
      (await acceptStripeQuote({ quoteId: other.quote.id, revisionId: other.revisionId })).invoiceId ?? '';
    await finalizeInvoice({ invoiceId: otherInvoiceId });
    await voidInvoice({ invoiceId: otherInvoiceId });
    expect((await rejection(sendInvoice({ invoiceId: otherInvoiceId }))).kind).toBe('conflict');
  });

  it('sending a draft invoice finalizes it first, as Stripe does', async () => {
    const { quote, revisionId } = await openQuote();
    const invoiceId = (await acceptStripeQuote({ quoteId: quote.id, revisionId })).invoiceId ?? '';
    const sent = await sendInvoice({ invoiceId });
    expect(sent.status).toBe('open');
    expect(sent.number).not.toBeNull();
    expect(sent.finalizedAt).toBeInstanceOf(Date);
  });

  it('voids an open invoice', async () => {
    const { quote, revisionId } = await openQuote();
    const invoiceId = (await acceptStripeQuote({ quoteId: quote.id, revisionId })).invoiceId ?? '';
    await finalizeInvoice({ invoiceId });
    const voided = await voidInvoice({ invoiceId });
    expect(voided.status).toBe('void');
    expect(voided.voidedAt).toBeInstanceOf(Date);
  });

  it('reports an unknown invoice as resource_missing', async () => {
    const error = await rejection(retrieveInvoice({ invoiceId: 'in_missing' }));
    expect(error).toMatchObject({ kind: 'invalid_request', code: 'resource_missing' });
  });
});

describe('configuration', () => {
  it('reports a rejected key as auth', async () => {
    const { getConfig, setConfig } = await import('../../src/server/config.js');
    const config = getConfig();
    setConfig({ ...config, stripe: { ...config.stripe, secretKey: 'sk_live_not_accepted_here' } });
    try {
      const error = await rejection(retrieveQuote({ quoteId: 'qt_x' }));
      expect(error).toMatchObject({ kind: 'auth', statusCode: 401 });
    } finally {
      setConfig(config);
    }
  });
});
