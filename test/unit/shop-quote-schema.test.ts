import { describe, expect, it } from 'vitest';
import { estimateFormSchema, quoteFormSchema, quoteTotalMinor, toMinor } from '../../src/domain/quote-schema.js';
import { fieldErrors } from '../../src/domain/request-schema.js';

const valid = {
  draftId: '6f1c2f0e-8a4b-4c1d-9e2f-0a1b2c3d4e5f',
  scope: 'opening_lot',
  quantity: 50,
  lines: [{ description: 'Bracket', quantity: 50, unitPrice: '12,40' }],
  leadTimeDays: 10,
  shippingTerms: 'DAP',
  paymentTermsDays: 30,
  validDays: 30,
};

function errorsOf(value: unknown): Record<string, string> {
  const result = quoteFormSchema.safeParse(value);
  return result.success ? {} : fieldErrors(result.error);
}

describe('quote form schema', () => {
  it('accepts a valid quote and reads typed prices as minor units', () => {
    const parsed = quoteFormSchema.parse(valid);
    expect(toMinor(parsed.lines[0]?.unitPrice ?? '')).toBe(1240);
    expect(quoteTotalMinor(parsed.lines)).toBe(62_000);
  });

  it.each([
    [{ scope: 'everything' }, 'scope', /sample, opening lot/],
    [{ quantity: 0 }, 'quantity', /whole number from 1/],
    [{ lines: [] }, 'lines', /at least one line/],
    [{ lines: [{ description: ' ', quantity: 1, unitPrice: '1' }] }, 'lines.0.description', /Describe the line/],
    [{ lines: [{ description: 'x', quantity: 1.5, unitPrice: '1' }] }, 'lines.0.quantity', /whole number/],
    [{ lines: [{ description: 'x', quantity: 1, unitPrice: '-3' }] }, 'lines.0.unitPrice', /amount/],
    [{ lines: [{ description: 'x', quantity: 1, unitPrice: '1.234' }] }, 'lines.0.unitPrice', /amount/],
    [{ paymentTermsDays: 365 }, 'paymentTermsDays', /net days/],
    [{ validDays: 0 }, 'validDays', /validity/],
    [{ shippingTerms: '' }, 'shippingTerms', /shipping terms/],
    [{ draftId: 'nope' }, 'draftId', /Reload/],
  ])('%j → %s', (change, field, message) => {
    expect(errorsOf({ ...valid, ...change })[field]).toMatch(message);
  });

  it.each([
    [true, true],
    [false, false],
    [undefined, false],
  ])('poOptional %j → %j (absent means a PO number is required)', (poOptional, parsed) => {
    expect(quoteFormSchema.parse({ ...valid, poOptional }).poOptional).toBe(parsed);
  });

  it.each(['true', 'yes', 1, null])('refuses poOptional %j with a message naming the field', (poOptional) => {
    expect(errorsOf({ ...valid, poOptional })).toEqual({
      poOptional: 'Set "release without a PO number" (poOptional) to true or false.',
    });
  });
});

describe('estimate form schema', () => {
  const estimate = {
    sendId: '8f14e45f-ceea-4e7a-9c1d-2b1e5d3c4a10',
    quantity: 10,
    low: '100',
    high: '250.50',
    leadDaysMin: 5,
    leadDaysMax: 8,
    material: 'PETG',
    assumptions: ['a'],
  };

  it('accepts a sane range', () => {
    expect(estimateFormSchema.safeParse(estimate).success).toBe(true);
  });

  it('needs the form’s send id, so a double click sends once', () => {
    const { sendId: _omitted, ...withoutId } = estimate;
    const result = estimateFormSchema.safeParse(withoutId);
    expect(result.success).toBe(false);
    if (!result.success) expect(fieldErrors(result.error)).toMatchObject({ sendId: 'Reload the page and try again.' });
  });

  it('has no place for the proposal’s internal costing: a body that carries it sends only the customer fields', () => {
    const result = estimateFormSchema.safeParse({
      ...estimate,
      internal: { notes: ['PETG (FDM) at 0.09 EUR/cm³'], warnings: ['PETG is not rated for heat'] },
    });
    expect(result.success).toBe(true);
    if (result.success) expect(Object.keys(result.data).sort()).toEqual(Object.keys(estimate).sort());
  });

  it('puts cross-field problems on the field to fix', () => {
    const result = estimateFormSchema.safeParse({ ...estimate, low: '300', leadDaysMax: 2 });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(fieldErrors(result.error)).toMatchObject({
        high: 'The upper end must be at least the lower end.',
        leadDaysMax: 'The longest lead time must be at least the shortest.',
      });
    }
  });
});
