/**
 * The emulator's wire helpers: Stripe's nested-bracket form encoding (checked against what the
 * real SDK sends), parameter fingerprints for idempotency, and webhook signatures the SDK accepts.
 */
import fc from 'fast-check';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { signWebhookPayload } from '../../src/dev/stripe-emulator/webhooks.js';
import { fingerprint, parseForm, type FormParams, type FormValue } from '../../src/dev/stripe-emulator/wire.js';

/** Mirrors stripe-node's stringifyRequestData (indexed arrays, bracketed objects), which is not exported. */
function sdkEncode(params: Record<string, unknown>): string {
  const pairs: string[] = [];
  const encode = (key: string, value: unknown) => {
    if (Array.isArray(value)) value.forEach((item, index) => encode(`${key}[${index}]`, item));
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) encode(`${key}[${k}]`, v);
    else pairs.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  };
  for (const [key, value] of Object.entries(params)) encode(key, value);
  return pairs.join('&');
}

describe('parseForm', () => {
  it('reads nested objects, indexed arrays and appended arrays', () => {
    const body =
      'customer=cus_1&line_items[0][price_data][currency]=eur&line_items[0][price_data][unit_amount]=1250&line_items[0][quantity]=40' +
      '&line_items[1][price]=price_1&metadata[revision_id]=rev_1&expand[]=line_items&expand[]=invoice&header=A%20%26%20B';
    expect(parseForm(body)).toEqual({
      customer: 'cus_1',
      line_items: [{ price_data: { currency: 'eur', unit_amount: '1250' }, quantity: '40' }, { price: 'price_1' }],
      metadata: { revision_id: 'rev_1' },
      expand: ['line_items', 'invoice'],
      header: 'A & B',
    });
  });

  it('orders indexed arrays by index, not by arrival, and keeps an empty value (Stripe unsets with it)', () => {
    expect(parseForm('a[1]=second&a[0]=first&custom_fields=')).toEqual({ a: ['first', 'second'], custom_fields: '' });
  });

  it('round-trips whatever the SDK encoding produces', () => {
    const key = fc.stringMatching(/^[a-z_]{1,8}$/);
    const leaf = fc.string({ maxLength: 12 });
    const value: fc.Arbitrary<FormValue> = fc.letrec<{ v: FormValue }>((tie) => ({
      v: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('v'), { minLength: 1, maxLength: 3 }),
        fc.dictionary(key, tie('v'), { minKeys: 1, maxKeys: 3 }),
      ),
    })).v;
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 4 }), (params: FormParams) => {
        expect(parseForm(sdkEncode(params))).toEqual(params);
      }),
    );
  });
});

describe('fingerprint', () => {
  it('ignores key order but not values, method or path', () => {
    const a = fingerprint('POST', '/v1/quotes', { a: '1', b: { c: '2', d: '3' } });
    expect(fingerprint('POST', '/v1/quotes', { b: { d: '3', c: '2' }, a: '1' })).toBe(a);
    expect(fingerprint('POST', '/v1/quotes', { a: '2', b: { c: '2', d: '3' } })).not.toBe(a);
    expect(fingerprint('POST', '/v1/customers', { a: '1', b: { c: '2', d: '3' } })).not.toBe(a);
  });
});

describe('signWebhookPayload', () => {
  it('produces the header the SDK verifies, and the SDK rejects it under another secret', () => {
    const payload = JSON.stringify({
      id: 'evt_1',
      object: 'event',
      type: 'quote.accepted',
      data: { object: { id: 'qt_1' } },
    });
    const timestamp = Math.floor(Date.now() / 1000);
    const header = signWebhookPayload({ payload, secret: 'whsec_abc', timestamp });
    expect(header).toBe(Stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_abc', timestamp }));
    expect(Stripe.webhooks.constructEvent(payload, header, 'whsec_abc').id).toBe('evt_1');
    expect(() => Stripe.webhooks.constructEvent(payload, header, 'whsec_other')).toThrow(
      Stripe.errors.StripeSignatureVerificationError,
    );
  });
});
