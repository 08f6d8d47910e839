/**
 * Who may decide on a quote revision: only a live purchasing link bound to that revision (architecture
 * §6). A technical or status link gets 403, a revoked or expired one 401, a link for an earlier
 * revision 409 QUOTE_SUPERSEDED; all before anything is written or Stripe is called.
 */
import { eq } from 'drizzle-orm';
import { AppError, isAppError } from '../../domain/errors.js';
import { getDb } from '../db/index.js';
import { linkTokens } from '../db/schema.js';
import { hashToken, verifyLink, type LinkRow } from '../links/index.js';
import { isUuid } from '../requests/load-request.js';
import { verifyPurchasingLink } from './get-quote.js';
import { findRevision, type RevisionRow } from '../quotes/revisions.js';

export interface AuthorisePurchasingOptions {
  quoteId: string;
  token: string | undefined;
  now?: Date | undefined;
}

export interface PurchasingContext {
  link: LinkRow;
  revision: RevisionRow;
}

const NOT_THIS_QUOTE = 'This link belongs to another quote. Open the link from the email about this one.';

export async function authorisePurchasing({
  quoteId,
  token,
  now,
}: AuthorisePurchasingOptions): Promise<PurchasingContext> {
  // The shop's GET uses the same check, so viewing and deciding refuse a link in the same words.
  const link = await (
    isUuid(quoteId)
      ? verifyPurchasingLink({ token, quoteRevisionId: quoteId, now })
      : verifyLink({ token, purposes: ['purchasing'], ...(now ? { now } : {}) })
  ).catch((error: unknown) => refuseClosed(error, token));
  const revision = isUuid(quoteId) ? await findRevision(quoteId) : undefined;
  if (!revision || revision.requestId !== link.requestId) throw new AppError('UNAUTHENTICATED', NOT_THIS_QUOTE);
  if (link.quoteRevisionId !== null && link.quoteRevisionId !== revision.id) {
    throw new AppError('UNAUTHENTICATED', NOT_THIS_QUOTE);
  }
  return { link, revision };
}

const CLOSED_WORDS: Record<string, string> = {
  canceled: 'This quote was canceled by the shop, so it can no longer be released. Ask the shop for a current quote.',
  expired: 'This quote has expired, so it can no longer be released. Ask the shop for a current quote.',
};

/** Cancelling revokes the link; "canceled" tells the approver more than "link revoked" (409, not 401). */
async function refuseClosed(error: unknown, token: string | undefined): Promise<never> {
  if (isAppError(error) && (error.code === 'LINK_REVOKED' || error.code === 'LINK_EXPIRED') && token) {
    const [row] = await getDb()
      .select({ purpose: linkTokens.purpose, revisionId: linkTokens.quoteRevisionId })
      .from(linkTokens)
      .where(eq(linkTokens.tokenHash, hashToken(token)));
    const revision =
      row?.purpose === 'purchasing' && row.revisionId ? await findRevision(row.revisionId) : undefined;
    const words = revision ? CLOSED_WORDS[revision.status] : undefined;
    if (words) throw new AppError('QUOTE_NOT_OPEN', words);
  }
  throw error;
}

/** The shop can let a quote be released without a PO number by setting `poOptional` in its terms. */
export function poRequiredFor(revision: Pick<RevisionRow, 'terms'>): boolean {
  const terms = revision.terms as { poOptional?: unknown } | null;
  return terms?.poOptional !== true;
}
