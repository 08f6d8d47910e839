/**
 * The schemas of a quote revision's stored JSON, `quote_revisions.lines` and `quote_revisions.terms`,
 * for the shapes the quote view answers with (`QuoteLine`, `QuoteTerms` in contracts/quote-view.ts).
 * Loose objects: keys a writer adds that these do not name are kept, as they always were.
 */
import { z } from 'zod/mini';
import type { QuoteLine, QuoteTerms } from './contracts/quote-view.js';

const count = z.number().check(z.int(), z.minimum(0));

export const storedLineSchema = z.looseObject({
  description: z.string(),
  quantity: count,
  unitAmountMinor: count,
}) satisfies z.ZodMiniType<QuoteLine>;

export const storedLinesSchema = z.array(storedLineSchema) satisfies z.ZodMiniType<QuoteLine[]>;

export const storedTermsSchema = z.looseObject({
  leadTimeDays: count,
  shippingTerms: z.string(),
  paymentTermsDays: count,
  validDays: count,
  note: z.optional(z.string()),
  quoteNumber: z.optional(z.string()),
  poOptional: z.optional(z.boolean()),
  poDocumentRequired: z.optional(z.boolean()),
}) satisfies z.ZodMiniType<QuoteTerms>;
