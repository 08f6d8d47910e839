/**
 * POST /api/shop/requests/:id/quotes: a firm quote. The request's first revision, issued local first
 * (see `shop/issue-revision.ts`): `quote_issued` and the row commit before Stripe creates and
 * finalizes the quote, with idempotency keys from the revision id; then the purchasing link is bound
 * to the revision and the mails go out. Sending the same form again (same draftId) continues the same
 * revision and never makes a second one; after a Stripe fault the reconciler also finishes it.
 */
import { AppError } from '../../domain/errors.js';
import { quoteFormSchema } from '../../domain/quote-schema.js';
import { parseOrThrow } from '../../domain/request-schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { isUuid, loadRequest } from '../requests/load-request.js';
import { issueRevision } from './issue-revision.js';
import type { QuoteRevisionView } from './revisions.js';
import type { StaffIdentity } from '../staff-auth/session.js';

export interface IssueQuoteOptions {
  requestId: string;
  staff: Pick<StaffIdentity, 'email'>;
  body: unknown;
  meta?: RequestMeta;
  now?: Date;
}

export async function issueQuote({
  requestId,
  staff,
  body,
  meta,
  now = new Date(),
}: IssueQuoteOptions): Promise<QuoteRevisionView> {
  const input = parseOrThrow(quoteFormSchema, body);
  const loaded = isUuid(requestId) ? await loadRequest({ id: requestId }) : undefined;
  if (!loaded) throw new AppError('NOT_FOUND', 'There is no request with this id.');
  return issueRevision({ loaded, input, staff, meta, now });
}
