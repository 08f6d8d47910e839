/**
 * GET /api/quotes/:id: one quote revision for the shop (session) or its purchasing approver (the
 * purchasing link bound to that revision). A link for an earlier revision answers 409 QUOTE_SUPERSEDED
 * naming the current revision, even though revising revoked it: "replaced by revision 3, sent on …"
 * helps the approver more than "link revoked".
 */
import { AppError } from '../../domain/errors.js';
import { loadRequest } from '../requests/load-request.js';
import { findRevision, listRevisions, type QuoteRevisionView } from '../quotes/revisions.js';
import { revisionView } from '../quotes/revision-view.js';
import { verifyPurchasingLink } from './authorise.js';

export interface GetQuoteOptions {
  quoteRevisionId: string;
  /** Set when a staff session was presented; the token is then ignored. */
  staffEmail?: string | undefined;
  token?: string | undefined;
  now?: Date;
}

export type QuoteViewerRole = 'shop' | 'purchasing';

const NOT_FOUND = 'There is no quote at this address. Open the link in the newest quote email from the shop.';

export async function getQuote(options: GetQuoteOptions): Promise<QuoteRevisionView & { viewerRole: QuoteViewerRole }> {
  const viewerRole: QuoteViewerRole = options.staffEmail ? 'shop' : 'purchasing';
  if (!options.staffEmail) {
    await verifyPurchasingLink({ token: options.token, quoteRevisionId: options.quoteRevisionId, now: options.now });
  }
  const row = await findRevision(options.quoteRevisionId);
  if (!row || row.status === 'draft') throw new AppError('NOT_FOUND', NOT_FOUND);
  const loaded = await loadRequest({ id: row.requestId });
  if (!loaded) throw new AppError('NOT_FOUND', NOT_FOUND);
  const [current] = await listRevisions(row.requestId);
  return { ...revisionView({ row, loaded, current }), viewerRole };
}
