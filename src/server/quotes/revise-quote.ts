/**
 * POST /api/shop/quotes/:id/revise: the next revision of the request's current quote, issued local
 * first (see `shop/issue-revision.ts`): under the request's row lock, where the workflow refuses a
 * revision purchasing has already released, the old row is superseded, its purchasing links revoked
 * and `quote_revised` appended; only then does Stripe get a `from_quote` revision (finalizing it
 * cancels the one it replaces). The new row opens with a purchasing link bound to it and both
 * contacts hear about it. The old link answers 409 QUOTE_SUPERSEDED, pointing at the newest email.
 * Same draftId again → the same revision; after a Stripe fault the same form, or the reconciler,
 * finishes it.
 */
import { AppError } from '../../domain/errors.js';
import { quoteFormSchema } from '../../domain/quote-schema.js';
import { parseOrThrow } from '../../domain/request-schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { loadRequest } from '../requests/load-request.js';
import { issueRevision } from './issue-revision.js';
import { findRevision, type QuoteRevisionView } from './revisions.js';
import type { StaffIdentity } from '../staff-auth/session.js';

export interface ReviseQuoteOptions {
  /** The revision being revised (the request's current one). */
  quoteRevisionId: string;
  staff: Pick<StaffIdentity, 'email'>;
  body: unknown;
  meta?: RequestMeta;
  now?: Date;
}

export async function reviseQuote({
  quoteRevisionId,
  staff,
  body,
  meta,
  now = new Date(),
}: ReviseQuoteOptions): Promise<QuoteRevisionView> {
  const input = parseOrThrow(quoteFormSchema, body);
  const previous = await findRevision(quoteRevisionId);
  if (!previous || previous.status === 'draft') throw new AppError('NOT_FOUND', 'There is no quote with this id.');
  const loaded = await loadRequest({ id: previous.requestId });
  if (!loaded) throw new AppError('NOT_FOUND', 'There is no quote with this id.');
  return issueRevision({ loaded, input, previous, staff, meta, now });
}
