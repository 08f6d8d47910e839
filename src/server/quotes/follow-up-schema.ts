/**
 * The schema of a quote follow-up, `action_claims.result` for the `issue:` and `cancel:` rows that
 * `quote-follow-ups.ts` writes (storage-only: the Stripe work a local quote change still owes).
 * Reading a follow-up parses it, so a row that does not match is refused with an error naming the
 * row before anything is sent to Stripe. The stored form is parsed with the shop's own quote schema.
 */
import { z } from 'zod/mini';
import { quoteFormSchema } from '../../domain/quote-schema.js';
import type { QuoteFollowUp } from './quote-follow-ups.js';

type StripeQuoteMode = Extract<QuoteFollowUp, { kind: 'issue_revision' }>['mode'];

// Spelled out against `StripeQuoteMode`, so a new mode does not compile until it is listed here too.
const MODES: { [M in StripeQuoteMode]: M } = { revise: 'revise', create: 'create' };

export const followUpSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('issue_revision'),
    requestId: z.string(),
    revisionId: z.string(),
    previousRevisionId: z.optional(z.string()),
    input: quoteFormSchema,
    mode: z.enum(MODES),
  }),
  z.object({
    kind: z.literal('cancel_in_stripe'),
    requestId: z.string(),
    revisionId: z.string(),
    stripeQuoteId: z.string(),
  }),
]) satisfies z.ZodMiniType<QuoteFollowUp>;
