/**
 * The schema of `requests.details`: the parts of a submitted request that have no table of their own
 * (part, quantities, needed-by date). Built from the intake schemas, so the stored shape cannot drift
 * from what intake writes; only the needed-by date is checked as a date and nothing more, because a
 * stored date is allowed to lie in the past.
 */
import { z } from 'zod/mini';
import { partSchema, quantitiesSchema, type QuoteRequest } from './request-schema.js';

/** What `requests.details` holds. */
export type RequestDetails = Pick<QuoteRequest, 'part' | 'quantities' | 'neededBy'>;

export const requestDetailsSchema = z.object({
  part: partSchema,
  quantities: quantitiesSchema,
  neededBy: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)),
}) satisfies z.ZodMiniType<RequestDetails>;
