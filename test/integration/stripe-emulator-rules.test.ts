/**
 * The emulator refuses every illegal transition the way Stripe does (error type, code, HTTP
 * status, a recognisable message), speaks Stripe's wire format, persists its state and offers
 * the local "pay this invoice" page. Driven through the real SDK, with retries off so each
 * refusal is seen exactly as sent.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type SentInvoice, type StripeEmulator } from '../../src/dev/stripe-emulator/index.js';

let emulator: StripeEmulator;
let stripe: Stripe;

const client = (port: number, key = 'sk_test_emulator') =>
  new Stripe(key, { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  stripe = client(emulator.port);
});
afterAll(async () => {
  await emulator.close();
});

async function refusal(promise: Promise<unknown>): Promise<InstanceType<typeof Stripe.errors.StripeError>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) return error;
    throw error;
  }
  throw new Error('expected Stripe to refuse');
}

async function draftQuote(options: { customer?: boolean; expiresInSeconds?: number } = {}) {
  const customer = await stripe.customers.create({ email: 'rules@example.com', name: 'Rules' });
  const product = await stripe.products.create({ name: 'Rule part' });
  return stripe.quotes.create({
    ...(options.customer === false ? {} : { customer: customer.id }),
    collection_method: 'send_invoice',
    invoice_settings: { days_until_due: 30 },
    expires_at: emulator.clock.now() + (options.expiresInSeconds ?? 7 * 86400),
    line_items: [{ price_data: { currency: 'eur', product: product.id, unit_amount: 1000 }, quantity: 3 }],
  });
}

async function openQuote() {
  const quote = await draftQuote();
  return stripe.quotes.finalizeQuote(quote.id);
}

describe('illegal transitions are refused like Stripe refuses them', () => {
  it('accepting a draft quote', async () => {
    const quote = await draftQuote();
    const error = await refusal(stripe.quotes.accept(quote.id));
    expect(error).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect(error.statusCode).toBe(400);
    expect(error.rawType).toBe('invalid_request_error');
    expect(error.message).toMatchInlineSnapshot(
      `"This quote cannot be accepted because it has a status of \`draft\`."`,
    );
  });

  it('accepting a canceled quote', async () => {
    const quote = await openQuote();
    await stripe.quotes.cancel(quote.id);
    const error = await refusal(stripe.quotes.accept(quote.id));
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatchInlineSnapshot(
      `"This quote cannot be accepted because it has a status of \`canceled\`."`,
    );
  });

  it('accepting an expired quote (auto-canceled at expires_at)', async () => {
    const quote = await stripe.quotes.finalizeQuote((await draftQuote({ expiresInSeconds: 60 })).id);
    emulator.clock.advance(61);
    const read = await stripe.quotes.retrieve(quote.id);
    expect(read.status).toBe('canceled');
    expect(read.status_transitions.canceled_at).toBe(quote.expires_at);
    const error = await refusal(stripe.quotes.accept(quote.id));
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatchInlineSnapshot(`"This quote has expired and can no longer be accepted."`);
    const events = await stripe.events.list({ type: 'quote.canceled', limit: 5 });
    expect(events.data.some((event) => 'id' in event.data.object && event.data.object.id === quote.id)).toBe(true);
  });

  it('accepting an accepted quote', async () => {
    const quote = await openQuote();
    await stripe.quotes.accept(quote.id);
    const error = await refusal(stripe.quotes.accept(quote.id));
    expect(error.statusCode).toBe(400);
    expect(error.message).toMatchInlineSnapshot(`"This quote has already been accepted."`);
  });

  it('finalizing a quote without a customer', async () => {
    const quote = await draftQuote({ customer: false });
    const error = await refusal(stripe.quotes.finalizeQuote(quote.id));
    expect(error).toMatchObject({ statusCode: 400, param: 'customer', code: 'parameter_missing' });
    expect(error.message).toMatchInlineSnapshot(`"A quote must have a \`customer\` before it can be finalized."`);
  });

  it('finalizing an open quote', async () => {
    const quote = await openQuote();
    const error = await refusal(stripe.quotes.finalizeQuote(quote.id));
    expect(error.message).toMatchInlineSnapshot(
      `"This quote cannot be finalized because it has a status of \`open\`."`,
    );
  });

  it('editing an open quote other than its expiry (and the expiry itself is allowed)', async () => {
    const quote = await openQuote();
    const error = await refusal(stripe.quotes.update(quote.id, { header: 'New header' }));
    expect(error).toMatchObject({ statusCode: 400, param: 'header' });
    expect(error.message).toContain('revise the quote');
    const later = quote.expires_at + 86400;
    expect((await stripe.quotes.update(quote.id, { expires_at: later })).expires_at).toBe(later);
    expect((await stripe.quotes.retrieve(quote.id)).header).toBeNull();
  });

  it('updating a finalized invoice: terms while open, anything but metadata once paid', async () => {
    const quote = await openQuote();
    const accepted = await stripe.quotes.accept(quote.id);
    const invoiceId = typeof accepted.invoice === 'string' ? accepted.invoice : '';
    await stripe.invoices.finalizeInvoice(invoiceId);
    const terms = await refusal(stripe.invoices.update(invoiceId, { days_until_due: 60 }));
    expect(terms).toMatchObject({ statusCode: 400, code: 'invoice_not_editable', param: 'days_until_due' });
    await emulator.payInvoice(invoiceId);
    const fields = await refusal(stripe.invoices.update(invoiceId, { custom_fields: [{ name: 'PO', value: '1' }] }));
    expect(fields).toMatchObject({ statusCode: 400, code: 'invoice_not_editable' });
    expect(fields.message).toMatchInlineSnapshot(
      `"This invoice has a status of \`paid\` and is no longer editable: \`custom_fields\` can only be changed while the invoice is a draft."`,
    );
    expect((await stripe.invoices.update(invoiceId, { metadata: { note: 'ok' } })).metadata).toEqual({ note: 'ok' });
  });

  it('unknown ids are resource_missing 404', async () => {
    for (const call of [
      stripe.quotes.retrieve('qt_nope'),
      stripe.quotes.accept('qt_nope'),
      stripe.invoices.retrieve('in_nope'),
      stripe.customers.retrieve('cus_nope'),
      stripe.products.retrieve('prod_nope'),
    ]) {
      const error = await refusal(call);
      expect(error).toMatchObject({ statusCode: 404, code: 'resource_missing', param: 'id' });
      expect(error.message).toMatch(/^No such (quote|invoice|customer|product): '\w+_nope'$/);
    }
  });

  it('cancelling an accepted quote, revising a draft, and over-long texts', async () => {
    const quote = await openQuote();
    await stripe.quotes.accept(quote.id);
    expect((await refusal(stripe.quotes.cancel(quote.id))).statusCode).toBe(400);
    const draft = await draftQuote();
    expect(
      (await refusal(stripe.quotes.create({ from_quote: { quote: draft.id, is_revision: true } }))).statusCode,
    ).toBe(400);
    const long = await refusal(stripe.quotes.update(draft.id, { header: 'x'.repeat(51) }));
    expect(long).toMatchObject({ statusCode: 400, param: 'header' });
    expect((await refusal(stripe.quotes.update(draft.id, { footer: 'x'.repeat(501) }))).param).toBe('footer');
  });

  it('unknown parameters and bad integers', async () => {
    const error = await refusal(
      stripe.customers.create({ email: 'x@example.com', bogus: 'x' } as Stripe.CustomerCreateParams),
    );
    expect(error).toMatchObject({ statusCode: 400, code: 'parameter_unknown', param: 'bogus' });
    expect(error.message).toBe('Received unknown parameter: bogus');
  });
});

describe('wire format', () => {
  it('rejects missing and foreign API keys with 401', async () => {
    const none = await fetch(`${emulator.url}/v1/customers`);
    expect(none.status).toBe(401);
    const error = await refusal(client(emulator.port, 'sk_live_abcdefghijklmnop').customers.list());
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect(error.message).toMatch(/^Invalid API Key provided: sk_live_\*+mnop$/);
  });

  it('echoes Stripe-Version and a Request-Id; unknown routes are Stripe-shaped 404s', async () => {
    const response = await fetch(`${emulator.url}/v1/customers?limit=1`, {
      headers: { Authorization: 'Bearer sk_test_emulator', 'Stripe-Version': Stripe.API_VERSION },
    });
    expect(response.headers.get('stripe-version')).toBe(Stripe.API_VERSION);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    const missing = await fetch(`${emulator.url}/v1/widgets`, {
      headers: { Authorization: 'Bearer sk_test_emulator' },
    });
    expect(missing.status).toBe(404);
    const body = (await missing.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toContain('Unrecognized request URL (GET: /v1/widgets)');
  });

  it('parses nested brackets and paginates lists with cursors', async () => {
    const body = new URLSearchParams([
      ['email', 'nested@example.com'],
      ['metadata[a]', '1'],
      ['metadata[b]', '2'],
      ['preferred_locales[]', 'de'],
      ['preferred_locales[]', 'en'],
    ]);
    const created = await fetch(`${emulator.url}/v1/customers`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sk_test_emulator', 'Content-Type': 'application/x-www-form-urlencoded' },
      body,
    });
    expect(await created.json()).toMatchObject({
      email: 'nested@example.com',
      metadata: { a: '1', b: '2' },
      preferred_locales: ['de', 'en'],
    });

    const made: string[] = [];
    for (let i = 0; i < 5; i += 1) made.push((await stripe.products.create({ name: `Page ${i}` })).id);
    const first = await stripe.products.list({ limit: 2 });
    expect(first.data.map((p) => p.id)).toEqual([made[4], made[3]]);
    expect(first.has_more).toBe(true);
    const second = await stripe.products.list({ limit: 2, starting_after: made[3] });
    expect(second.data.map((p) => p.id)).toEqual([made[2], made[1]]);
    const back = await stripe.products.list({ limit: 2, ending_before: made[2] });
    expect(back.data.map((p) => p.id)).toEqual([made[4], made[3]]);
    const all: string[] = [];
    for await (const product of stripe.products.list({ limit: 2 })) all.push(product.id);
    expect(all.slice(0, 5)).toEqual([...made].reverse());
  });

  it('expands customer and invoice on a quote, and line items', async () => {
    const quote = await openQuote();
    await stripe.quotes.accept(quote.id);
    const expanded = await stripe.quotes.retrieve(quote.id, { expand: ['customer', 'invoice', 'line_items'] });
    expect(typeof expanded.customer === 'object' && expanded.customer?.object).toBe('customer');
    expect(typeof expanded.invoice === 'object' && expanded.invoice?.object).toBe('invoice');
    expect(expanded.line_items?.data[0]?.quantity).toBe(3);
    const error = await refusal(stripe.quotes.retrieve(quote.id, { expand: ['header'] }));
    expect(error.message).toBe('This property cannot be expanded (header).');
  });
});

describe('persistence and the local pay action', () => {
  it('keeps objects across a restart with the same state file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'stripe-emulator-'));
    try {
      const stateFile = path.join(dir, 'stripe-emulator.json');
      const first = await startStripeEmulator({ port: 0, stateFile });
      const quote = await client(first.port).quotes.create({
        customer: (await client(first.port).customers.create({ email: 'keep@example.com' })).id,
        line_items: [
          {
            price_data: {
              currency: 'eur',
              product: (await client(first.port).products.create({ name: 'Kept' })).id,
              unit_amount: 1,
            },
          },
        ],
      });
      await first.close();
      const second = await startStripeEmulator({ port: 0, stateFile });
      try {
        const read = await client(second.port).quotes.retrieve(quote.id);
        expect(read.amount_total).toBe(1);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('tells the runtime about each sent invoice (Stripe would email it) and lists invoices at /_emulator/', async () => {
    const sent: SentInvoice[] = [];
    const local = await startStripeEmulator({ port: 0, onInvoiceSent: (invoice) => void sent.push(invoice) });
    try {
      const api = client(local.port);
      const customer = await api.customers.create({ email: 'sent@example.com', name: 'Sent' });
      const product = await api.products.create({ name: 'Sent part' });
      const quote = await api.quotes.create({
        customer: customer.id,
        collection_method: 'send_invoice',
        invoice_settings: { days_until_due: 14 },
        line_items: [{ price_data: { currency: 'eur', product: product.id, unit_amount: 2500 }, quantity: 2 }],
      });
      await api.quotes.finalizeQuote(quote.id);
      const acceptedInvoice = (await api.quotes.accept(quote.id)).invoice;
      const invoiceId = typeof acceptedInvoice === 'string' ? acceptedInvoice : '';
      await api.invoices.finalizeInvoice(invoiceId);
      const invoice = await api.invoices.sendInvoice(invoiceId);
      await new Promise((resolve) => setImmediate(resolve));
      expect(sent).toEqual([
        {
          invoiceId,
          number: invoice.number,
          customerEmail: 'sent@example.com',
          customerName: 'Sent',
          hostedInvoiceUrl: invoice.hosted_invoice_url,
          amountDueMinor: 5000,
          currency: 'eur',
          dueDate: new Date((invoice.due_date ?? 0) * 1000),
        },
      ]);
      const index = await (await fetch(`${local.url}/_emulator/`)).text();
      expect(index).toContain(`/_emulator/invoices/${invoiceId}`);
      expect(index).toContain('sent@example.com');
    } finally {
      await local.close();
    }
  });

  it('the hosted invoice page shows a pay button that makes the invoice paid', async () => {
    const quote = await openQuote();
    const accepted = await stripe.quotes.accept(quote.id);
    const invoiceId = typeof accepted.invoice === 'string' ? accepted.invoice : '';
    const open = await stripe.invoices.finalizeInvoice(invoiceId);
    const page = await fetch(open.hosted_invoice_url ?? '');
    const html = await page.text();
    expect(html).toContain('Pay this invoice');
    expect(html).toContain(open.number ?? 'missing');
    const pay = await fetch(`${emulator.url}/_emulator/invoices/${invoiceId}/pay`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(pay.status).toBe(303);
    expect((await stripe.invoices.retrieve(invoiceId)).status).toBe('paid');
    const again = await fetch(`${emulator.url}/_emulator/invoices/${invoiceId}/pay`, {
      method: 'POST',
      redirect: 'manual',
    });
    expect(again.status).toBe(409);
    const types = (await stripe.events.list({ limit: 10 })).data.map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['invoice.paid', 'invoice.payment_succeeded']));
  });
});
