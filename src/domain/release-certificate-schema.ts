/**
 * The release certificate's input checked before anything is drawn (architecture §12): a field that
 * would print wrong (a fractional amount, a time that is no time, an empty name) is refused with its
 * path, e.g. `approvals.1.at`, instead of reaching the page.
 */
import { z } from 'zod';
import type { ReleaseCertificateInput } from './contracts/release-certificate.js';
import { SIGN_OFF_DECISIONS } from './workflow/vocabulary.js';

const words = z.string().trim().min(1, 'must not be empty');
const time = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time, e.g. 2026-03-03T14:05:00Z' });
const minor = z.number().int('must be a whole number of minor units');
const count = z.number().int('must be a whole number').nonnegative('must not be negative');
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a SHA-256 in 64 lower-case hex digits');

const approval = z.object({
  name: words,
  jobTitle: words,
  at: time,
  ip: words,
  slot: z.enum(['first', 'second']),
  thresholdMinor: minor.nonnegative('must not be negative').optional(),
});

const check = z.discriminatedUnion('result', [
  z.object({ result: z.literal('matches') }),
  z.object({ result: z.literal('differs'), differences: z.array(words).min(1, 'must name at least one difference') }),
  z.object({ result: z.literal('not_read'), reason: words }),
]);

const technical = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('approved'),
    decision: z.enum(SIGN_OFF_DECISIONS),
    by: z.object({ name: words, jobTitle: words.optional() }),
    at: time,
    covers: z.array(z.object({ name: words, sha256 })),
  }),
  z.object({ status: z.literal('pending'), note: words.optional() }),
]);

export const releaseCertificateInputSchema = z
  .object({
    shop: z.object({
      name: words,
      legalName: words.optional(),
      addressLines: z.array(words),
      vatId: words.optional(),
    }),
    request: z.object({ reference: words, partName: words }),
    quote: z.object({
      quoteNumber: words,
      revision: count.min(1, 'must be 1 or more'),
      currency: z.string().regex(/^[a-zA-Z]{3}$/, 'must be a three-letter currency code'),
      lines: z
        .array(z.object({ description: words, quantity: count, unitAmountMinor: minor, totalMinor: minor }))
        .min(1, 'must list at least one line'),
      totalMinor: minor,
      validUntil: time,
      paymentTermsDays: count,
    }),
    purchaseOrder: z.object({
      number: z.string().trim(),
      document: z.object({ fileName: words, sha256, check }).nullable(),
    }),
    approvals: z.union([z.tuple([approval]), z.tuple([approval, approval])], {
      error: 'must hold one approval, or the first and the second',
    }),
    technical,
    events: z.array(z.object({ at: time, who: words, what: words })),
    issuedAt: time,
  })
  .superRefine(({ approvals }, context) => {
    const [first, second] = approvals;
    if (!second && first.slot === 'second') {
      context.addIssue({
        code: 'custom',
        path: ['approvals', 0, 'slot'],
        message: 'must be first: it is the only approval',
      });
    }
    if (second && second.slot === first.slot) {
      context.addIssue({
        code: 'custom',
        path: ['approvals', 1, 'slot'],
        message: 'must differ from the other approval’s',
      });
    }
  }) satisfies z.ZodType<ReleaseCertificateInput>;
