/**
 * Where the firm-quote form starts, DOM-free so it is unit-tested in Node: a first quote from the
 * request and its estimate, a revision from the revision it replaces (every term carried over,
 * including whether purchasing may release without a PO number). The estimate is the server's,
 * priced from the 3D file it measured on upload when there is one (architecture §5).
 */
import { toMajorString } from '../../domain/money.js';
import type { QuoteFormInput } from '../../domain/quote-schema.js';
import { newDraftId } from './shop-lib.js';
import type { QuoteRevisionView, ShopRequestView } from '../../domain/contracts/index.js';

/** The revision a new one replaces, as far as the form reads it: its own lines and terms, not the request's. */
export type RevisedQuote = Omit<
  QuoteRevisionView,
  'requestId' | 'reference' | 'partName' | 'current' | 'lots' | 'technical' | 'handoffNote' | 'invoice'
>;

export function quoteFormDefaults(view: ShopRequestView, revising: RevisedQuote | undefined): QuoteFormInput {
  if (revising) {
    return {
      draftId: newDraftId(),
      scope: revising.scope,
      quantity: revising.quantity,
      lines: revising.lines.map((line) => ({
        description: line.description,
        quantity: line.quantity,
        unitPrice: toMajorString(line.unitAmountMinor, revising.currency),
      })),
      leadTimeDays: revising.terms.leadTimeDays,
      shippingTerms: revising.terms.shippingTerms,
      paymentTermsDays: revising.terms.paymentTermsDays,
      validDays: revising.terms.validDays,
      note: revising.terms.note ?? '',
      poOptional: revising.terms.poOptional === true,
      poDocumentRequired: revising.terms.poDocumentRequired === true,
    };
  }
  const q = view.quantities;
  const scope = view.mode === 'sample' ? 'sample' : q.openingLot ? 'opening_lot' : 'full_batch';
  const quantity = (scope === 'sample' ? q.sample : (q.openingLot ?? q.total)) ?? 1;
  const perPart = Math.round(view.estimate.perPartMinor.high);
  return {
    draftId: newDraftId(),
    scope,
    quantity,
    lines: [{ description: view.part.name, quantity, unitPrice: toMajorString(perPart, view.estimate.currency) }],
    leadTimeDays: view.estimate.leadDays.max,
    shippingTerms: 'DAP your site, shipping included',
    paymentTermsDays: 30,
    validDays: 30,
    note: '',
    // A PO number is the safe default: the shop opts out per quote, for customers who release without one.
    poOptional: false,
    poDocumentRequired: false,
  };
}

/** What a first quote's proposed unit price and lead time rest on, for the line above the form. */
export function quotePrefillSource(view: Pick<ShopRequestView, 'estimate'>): string {
  const from = view.estimate.sizedFrom
    ? `the measured figures of ${view.estimate.sizedFrom.name}`
    : 'the dimensions the customer typed (no measured 3D file)';
  return `Unit price and lead time proposed from ${from}, at the top of the estimate's range.`;
}
