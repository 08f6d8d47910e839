/**
 * The schema of a release claim's progress, `action_claims.result` for the `accept:<revisionId>`
 * rows that `claims.ts` writes (storage-only: nothing outside the release step machine reads it).
 * `progressOf` parses with it, so a claim row that does not match stops the step machine with an
 * error naming the row. A loose object: keys it does not name survive a progress write, as before.
 */
import { z } from 'zod/mini';
import { isAppErrorCode, type AppErrorCode } from '../../domain/errors.js';
import type { ReleaseProgress, ReleaseStep } from './claims.js';

// Spelled out against `ReleaseStep`, so a new step does not compile until it is listed here too.
const STEPS: { [S in ReleaseStep]: S } = {
  claimed: 'claimed',
  accepted: 'accepted',
  fields_set: 'fields_set',
  finalized: 'finalized',
  sent: 'sent',
};

const optionalText = z.optional(z.string());

export const releaseProgressSchema = z.looseObject({
  revisionId: z.string(),
  requestId: z.string(),
  stripeQuoteId: z.string(),
  poNumber: z.string(),
  budgetCode: z.string(),
  name: z.string(),
  jobTitle: z.string(),
  email: z.string(),
  approvals: z.optional(z.array(z.object({ name: z.string(), email: z.string(), at: optionalText }))),
  step: z.enum(STEPS),
  invoiceId: optionalText,
  invoiceNumber: optionalText,
  hostedInvoiceUrl: optionalText,
  faults: z.number().check(z.int(), z.minimum(0)),
  lease: z.optional(z.object({ id: z.string(), until: z.string() })),
  failure: z.optional(z.object({ code: z.custom<AppErrorCode>(isAppErrorCode), message: z.string() })),
}) satisfies z.ZodMiniType<ReleaseProgress>;
