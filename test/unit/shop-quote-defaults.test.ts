import { describe, expect, it } from 'vitest';
import { quoteFormSchema } from '../../src/domain/quote-schema.js';
import { quoteFormDefaults, quotePrefillSource, type RevisedQuote } from '../../src/islands/shop/quote-defaults.js';
import type { QuoteRevisionView, ShopRequestView } from '../../src/domain/contracts/index.js';

// Only what the defaults read; the rest of the shop view plays no part here.
const view = {
  mode: 'production',
  part: { name: 'Pump housing bracket' },
  quantities: { openingLot: 50, total: 400, provisional: true },
  estimate: { currency: 'eur', perPartMinor: { low: 1100, high: 1240 }, leadDays: { min: 8, max: 12 } },
} as unknown as ShopRequestView;

function revision(terms: Partial<QuoteRevisionView['terms']> = {}): RevisedQuote {
  return {
    id: 'b7f7c1de-2f4e-4a57-9d64-1d1c9a4f0b11',
    revision: 2,
    scope: 'full_batch',
    scopeLabel: 'Full batch',
    quantity: 400,
    status: 'open',
    currency: 'eur',
    lines: [{ description: 'Bracket, PETG', quantity: 400, unitAmountMinor: 1180, totalMinor: 472_000 }],
    amountTotalMinor: 472_000,
    terms: { leadTimeDays: 15, shippingTerms: 'EXW', paymentTermsDays: 45, validDays: 20, ...terms },
    expiresAt: '2027-03-01T00:00:00.000Z',
    issuedAt: '2027-02-01T00:00:00.000Z',
    stripeQuoteId: 'qt_1',
    pdfUrl: '/api/quotes/x/pdf',
    acceptedOutsidePortal: false,
    supersededBy: null,
  };
}

describe('quote form defaults', () => {
  it('asks for a PO number on a first quote', () => {
    const values = quoteFormDefaults(view, undefined);
    expect(values.poOptional).toBe(false);
    expect(quoteFormSchema.parse(values).poOptional).toBe(false);
  });

  it.each([
    [{ poOptional: true }, true],
    [{ poOptional: false }, false],
    [{}, false],
  ])('a revision of a quote with %j keeps poOptional %j', (terms, poOptional) => {
    const values = quoteFormDefaults(view, revision(terms));
    expect(values).toMatchObject({
      scope: 'full_batch',
      quantity: 400,
      leadTimeDays: 15,
      shippingTerms: 'EXW',
      paymentTermsDays: 45,
      validDays: 20,
      poOptional,
    });
    expect(quoteFormSchema.parse(values).poOptional).toBe(poOptional);
  });
});

describe('what a first quote is proposed from', () => {
  it('names the measured file, or says the typed size stands in', () => {
    const measured = { estimate: { ...view.estimate, sizedFrom: { id: 'f1', name: 'bracket.stl' } } };
    expect(quotePrefillSource(measured as unknown as ShopRequestView)).toBe(
      "Unit price and lead time proposed from the measured figures of bracket.stl, at the top of the estimate's range.",
    );
    expect(quotePrefillSource(view)).toMatch(/from the dimensions the customer typed \(no measured 3D file\)/);
  });
});
