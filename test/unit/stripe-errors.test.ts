/**
 * How SDK failures become StripeAdapterError kinds (table-driven, one row per failure a use case
 * must tell apart), and the idempotency keys derived from our ids.
 */
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { StripeAdapterError, toAdapterError, type StripeAdapterErrorKind } from '../../src/server/stripe/errors.js';
import { idempotencyKeys } from '../../src/server/stripe/keys.js';

const { errors } = Stripe;
const raw = (fields: Record<string, unknown>) => ({ message: 'm', ...fields });

const connection = (code: string) =>
  new errors.StripeConnectionError({ message: 'connection', detail: Object.assign(new Error(code), { code }) });

const cases: Array<[string, Error, boolean, StripeAdapterErrorKind]> = [
  ['401 bad key', new errors.StripeAuthenticationError(raw({ statusCode: 401 })), false, 'auth'],
  ['403 restricted key', new errors.StripePermissionError(raw({ statusCode: 403 })), true, 'auth'],
  [
    '400 idempotency mismatch',
    new errors.StripeIdempotencyError(raw({ statusCode: 400, type: 'idempotency_error' })),
    true,
    'idempotency',
  ],
  [
    '409 key in flight',
    new errors.StripeAPIError(raw({ statusCode: 409, code: 'idempotency_key_in_use' })),
    true,
    'conflict',
  ],
  ['409 lock timeout', new errors.StripeAPIError(raw({ statusCode: 409, code: 'lock_timeout' })), true, 'conflict'],
  ['429 rate limited', new errors.StripeRateLimitError(raw({ statusCode: 429 })), true, 'unavailable'],
  ['500 on a change', new errors.StripeAPIError(raw({ statusCode: 500 })), true, 'unknown_outcome'],
  ['500 on a read', new errors.StripeAPIError(raw({ statusCode: 500 })), false, 'unavailable'],
  ['timeout on a change', connection('ETIMEDOUT'), true, 'unknown_outcome'],
  ['reset on a change', connection('ECONNRESET'), true, 'unknown_outcome'],
  ['refused on a change', connection('ECONNREFUSED'), true, 'unavailable'],
  ['timeout on a read', connection('ETIMEDOUT'), false, 'unavailable'],
  [
    '404 unknown id',
    new errors.StripeInvalidRequestError(
      raw({ statusCode: 404, code: 'resource_missing', message: "No such quote: 'qt_1'" }),
    ),
    false,
    'invalid_request',
  ],
  [
    '400 missing parameter',
    new errors.StripeInvalidRequestError(raw({ statusCode: 400, code: 'parameter_missing' })),
    true,
    'invalid_request',
  ],
  [
    '400 finalized invoice',
    new errors.StripeInvalidRequestError(raw({ statusCode: 400, code: 'invoice_not_editable' })),
    true,
    'conflict',
  ],
  [
    '400 quote already accepted',
    new errors.StripeInvalidRequestError(raw({ statusCode: 400, message: 'This quote has already been accepted.' })),
    true,
    'conflict',
  ],
  [
    '400 quote in the wrong status',
    new errors.StripeInvalidRequestError(
      raw({ statusCode: 400, message: 'This quote cannot be accepted because it has a status of `draft`.' }),
    ),
    true,
    'conflict',
  ],
  ['anything else thrown on a change', new TypeError('boom'), true, 'unknown_outcome'],
];

describe('toAdapterError', () => {
  it.each(cases)('%s → %s', (_label, error, mutating, kind) => {
    const adapted = toAdapterError(error, 'acceptQuote', mutating);
    expect(adapted).toBeInstanceOf(StripeAdapterError);
    expect(adapted.kind).toBe(kind);
    expect(adapted.operation).toBe('acceptQuote');
    expect(adapted.cause).toBe(error);
  });

  it('keeps Stripe code, param, status and request id', () => {
    const adapted = toAdapterError(
      new errors.StripeInvalidRequestError(
        raw({ statusCode: 404, code: 'resource_missing', param: 'customer', requestId: 'req_1' }),
      ),
      'createQuote',
      true,
    );
    expect(adapted).toMatchObject({ code: 'resource_missing', param: 'customer', statusCode: 404, requestId: 'req_1' });
    expect(adapted.message).toBe('createQuote: m');
  });

  it('passes an adapter error through unchanged', () => {
    const original = new StripeAdapterError({ kind: 'conflict', operation: 'x', message: 'y' });
    expect(toAdapterError(original, 'z', true)).toBe(original);
  });
});

describe('idempotencyKeys', () => {
  it('derive from our ids, are stable, and carry no personal data', () => {
    expect(idempotencyKeys.quoteAccept('rev_1')).toBe('quote-accept:rev_1');
    expect(idempotencyKeys.quoteCreate('rev_1')).toBe('quote-create:rev_1');
    const key = idempotencyKeys.customer(' Ana@Example.com ');
    expect(key).toBe(idempotencyKeys.customer('ana@example.com'));
    expect(key).toMatch(/^customer:[0-9a-f]{32}$/);
    expect(key).not.toContain('ana');
    expect(idempotencyKeys.invoiceFields('in_1', [{ name: 'PO', value: '1' }])).not.toBe(
      idempotencyKeys.invoiceFields('in_1', [{ name: 'PO', value: '2' }]),
    );
    expect(idempotencyKeys.lineProduct('prod_1', 'Setup')).toMatch(/^product:prod_1:[0-9a-f]{16}$/);
  });
});
