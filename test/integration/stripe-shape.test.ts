/**
 * Shape: every object the emulator returns carries every key that Stripe's official fixture
 * (test/fixtures/stripe/fixtures3.json) has for its type, with the same JSON type, recursively.
 * Where the fixture shows an object or a string but Stripe's API reference marks the field
 * nullable and our object has nothing to put there, null is allowed: those paths are listed.
 */
import { readFileSync } from 'node:fs';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStripeEmulator, type StripeEmulator } from '../../src/dev/stripe-emulator/index.js';

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/stripe/fixtures3.json', import.meta.url), 'utf8')) as {
  resources: Record<string, unknown>;
};

/** Nullable in Stripe's API reference; the fixture happens to show a value. */
const NULLABLE: Record<string, string[]> = {
  customer: ['address', 'currency', 'discount', 'shipping', 'invoice_settings.rendering_options'],
  product: ['default_price', 'description', 'package_dimensions'],
  price: ['custom_unit_amount', 'recurring', 'transform_quantity'],
  quote: ['automatic_tax.liability', 'computed.recurring', 'currency', 'customer', 'from_quote', 'transfer_data'],
  item: ['metadata', 'adjustable_quantity', 'price.custom_unit_amount', 'price.recurring', 'price.transform_quantity'],
  invoice: [
    'automatic_tax.liability',
    'customer_address',
    'customer_shipping',
    'due_date',
    'effective_at',
    'from_invoice',
    'last_finalization_error',
    'next_payment_attempt',
    'payment_settings.payment_method_options',
    'rendering',
    'shipping_cost',
    'shipping_details',
    'webhooks_delivered_at',
    'parent.subscription_details',
    'lines.data.parent.subscription_item_details',
    'lines.data.parent.invoice_item_details.proration_details.credited_items',
  ],
  line_item: ['parent.subscription_item_details', 'parent.invoice_item_details.proration_details.credited_items'],
  event: [],
};

const jsonType = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/** Returns human-readable differences between the fixture's shape and ours. */
function shapeDiff(fixture: unknown, ours: unknown, path: string, nullable: string[]): string[] {
  const fixtureType = jsonType(fixture);
  const ourType = jsonType(ours);
  if (fixtureType === 'null') return [];
  if (ourType === 'null')
    return nullable.includes(path) ? [] : [`${path}: fixture has ${fixtureType}, emulator has null`];
  if (fixtureType !== ourType) return [`${path}: fixture has ${fixtureType}, emulator has ${ourType}`];
  if (fixtureType === 'array') {
    const [sample] = fixture as unknown[];
    return sample === undefined
      ? []
      : (ours as unknown[]).flatMap((item) => shapeDiff(sample, item, `${path}`, nullable));
  }
  if (fixtureType !== 'object') return [];
  const f = fixture as Record<string, unknown>;
  const o = ours as Record<string, unknown>;
  // Event payloads carry another object; the fixture's is a plan, ours a quote.
  if (path === 'data.object') return [];
  return Object.keys(f).flatMap((key) => {
    const child = path ? `${path}.${key}` : key;
    if (!(key in o)) return [`${child}: missing`];
    return shapeDiff(f[key], o[key], child, nullable);
  });
}

function expectShape(type: string, object: unknown): void {
  const fixture = fixtures.resources[type];
  expect(fixture, `fixture for ${type}`).toBeDefined();
  expect(shapeDiff(fixture, object, '', NULLABLE[type] ?? [])).toEqual([]);
}

let emulator: StripeEmulator;
let stripe: Stripe;

beforeAll(async () => {
  emulator = await startStripeEmulator({ port: 0 });
  stripe = new Stripe('sk_test_emulator', {
    host: '127.0.0.1',
    port: emulator.port,
    protocol: 'http',
    maxNetworkRetries: 0,
  });
});
afterAll(async () => {
  await emulator.close();
});

/** Fetches raw JSON so the SDK's typing cannot hide a missing key. */
async function raw(path: string): Promise<Record<string, unknown>> {
  const response = await fetch(`${emulator.url}${path}`, { headers: { Authorization: 'Bearer sk_test_emulator' } });
  expect(response.status).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

describe('object shapes match Stripe fixtures', () => {
  it('customer, product, price, quote, item, invoice, line_item and event, in every state the portal meets', async () => {
    const customer = await stripe.customers.create({ email: 'shape@example.com', name: 'Shape' });
    const product = await stripe.products.create({ name: 'Shape part' });
    const price = await stripe.prices.create({ currency: 'eur', product: product.id, unit_amount: 500 });
    const quote = await stripe.quotes.create({
      customer: customer.id,
      collection_method: 'send_invoice',
      invoice_settings: { days_until_due: 30 },
      line_items: [
        { price: price.id, quantity: 2 },
        { price_data: { currency: 'eur', product: product.id, unit_amount: 700 }, quantity: 1 },
      ],
    });
    expectShape('customer', await raw(`/v1/customers/${customer.id}`));
    expectShape('product', await raw(`/v1/products/${product.id}`));
    expectShape('price', await raw(`/v1/prices/${price.id}`));
    expectShape('quote', await raw(`/v1/quotes/${quote.id}`));

    await stripe.quotes.finalizeQuote(quote.id);
    expectShape('quote', await raw(`/v1/quotes/${quote.id}`));
    const items = await raw(`/v1/quotes/${quote.id}/line_items`);
    expect(items).toMatchObject({ object: 'list', has_more: false, url: `/v1/quotes/${quote.id}/line_items` });
    for (const item of items.data as unknown[]) expectShape('item', item);

    const revision = await stripe.quotes.create({ from_quote: { quote: quote.id, is_revision: true } });
    expectShape('quote', await raw(`/v1/quotes/${revision.id}`));
    await stripe.quotes.finalizeQuote(revision.id);

    const accepted = await stripe.quotes.accept(revision.id);
    expectShape('quote', await raw(`/v1/quotes/${accepted.id}`));
    const invoiceId = typeof accepted.invoice === 'string' ? accepted.invoice : '';
    expectShape('invoice', await raw(`/v1/invoices/${invoiceId}`));
    await stripe.invoices.update(invoiceId, { custom_fields: [{ name: 'PO number', value: 'PO-1' }] });
    await stripe.invoices.finalizeInvoice(invoiceId);
    await stripe.invoices.sendInvoice(invoiceId);
    expectShape('invoice', await raw(`/v1/invoices/${invoiceId}`));
    await emulator.payInvoice(invoiceId);
    const paid = await raw(`/v1/invoices/${invoiceId}`);
    expectShape('invoice', paid);
    for (const line of (paid.lines as { data: unknown[] }).data) expectShape('line_item', line);

    const events = await raw('/v1/events?limit=100');
    expect((events.data as unknown[]).length).toBeGreaterThan(5);
    for (const event of events.data as unknown[]) expectShape('event', event);
  });

  it('the shape check itself catches a missing key and a wrong type', () => {
    const fixture = fixtures.resources.product as Record<string, unknown>;
    const { name: _name, ...withoutName } = fixture;
    expect(shapeDiff(fixture, withoutName, '', [])).toContain('name: missing');
    expect(shapeDiff(fixture, { ...fixture, created: '1' }, '', [])).toContain(
      'created: fixture has number, emulator has string',
    );
    expect(shapeDiff(fixture, { ...fixture, package_dimensions: null }, '', [])).toContain(
      'package_dimensions: fixture has object, emulator has null',
    );
  });
});
