/**
 * Who may see a quote revision and what comes with it (its PDF, the shop's supplier documents): the
 * shop's staff, or the purchasing link bound to exactly that revision, refused in the same words as
 * GET /api/quotes/:id (`verifyPurchasingLink`, architecture §6). A draft or unknown revision is 404.
 */
import { AppError } from '../../domain/errors.js';
import { findRevision, type RevisionRow } from '../quotes/revisions.js';
import { verifyPurchasingLink } from './authorise.js';

export interface AuthoriseQuoteViewerOptions {
  quoteRevisionId: string;
  /** Set when a staff session was presented; the token is then ignored. */
  staffEmail?: string | undefined;
  token?: string | undefined;
  now?: Date | undefined;
}

const NOT_FOUND = 'There is no quote at this address. Open the link in the newest quote email from the shop.';

export async function authoriseQuoteViewer(options: AuthoriseQuoteViewerOptions): Promise<RevisionRow> {
  if (!options.staffEmail) {
    await verifyPurchasingLink({ token: options.token, quoteRevisionId: options.quoteRevisionId, now: options.now });
  }
  const row = await findRevision(options.quoteRevisionId);
  if (!row || row.status === 'draft') throw new AppError('NOT_FOUND', NOT_FOUND);
  return row;
}
