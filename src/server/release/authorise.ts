/**
 * Who may decide on a quote revision: only a live purchasing link bound to that revision (architecture
 * §6). A technical or status link gets 403, a revoked or expired one 401, a link for an earlier
 * revision 409 QUOTE_SUPERSEDED; all before anything is written or Stripe is called.
 */
import { eq } from '../db/orm.js';
import { AppError, isAppError } from '../../domain/errors.js';
import { parseStoredJson } from '../../domain/stored-json.js';
import { storedTermsSchema } from '../../domain/stored-quote-schema.js';
import { getDb } from '../db/index.js';
import { linkTokens } from '../db/schema.js';
import { hashToken, verifyLink, type LinkRow } from '../links/index.js';
import { isUuid } from '../requests/load-request.js';
import { findRevision, listRevisions, type RevisionRow } from '../quotes/revisions.js';

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
    const revision = row?.purpose === 'purchasing' && row.revisionId ? await findRevision(row.revisionId) : undefined;
    const words = revision ? CLOSED_WORDS[revision.status] : undefined;
    if (words) throw new AppError('QUOTE_NOT_OPEN', words);
  }
  throw error;
}

/** The shop can let a quote be released without a PO number by setting `poOptional` in its terms. */
export function poRequiredFor(revision: Pick<RevisionRow, 'id' | 'terms'>): boolean {
  const terms = parseStoredJson(storedTermsSchema, revision.terms, 'quote_revisions.terms', revision.id);
  return terms?.poOptional !== true;
}

/** The shop can ask for the buyer's PO as a PDF by setting `poDocumentRequired` in its terms. */
export function poDocumentRequiredFor(revision: Pick<RevisionRow, 'id' | 'terms'>): boolean {
  const terms = parseStoredJson(storedTermsSchema, revision.terms, 'quote_revisions.terms', revision.id);
  return terms?.poDocumentRequired === true;
}

const NO_QUOTE_HERE = 'There is no quote at this address. Open the link in the newest quote email from the shop.';

export interface VerifyPurchasingLinkOptions {
  token: string | undefined;
  quoteRevisionId: string;
  now?: Date | undefined;
}

/**
 * The purchasing link for exactly this revision, or the right refusal: 401 for no/unknown/expired
 * links, 403 for another role's link, 409 QUOTE_SUPERSEDED (naming the current revision) for a link of
 * an earlier revision, whether or not it was revoked. Reusable by the purchasing actions.
 */
export async function verifyPurchasingLink(options: VerifyPurchasingLinkOptions): Promise<LinkRow> {
  try {
    const link = await verifyLink({
      token: options.token,
      purposes: ['purchasing'],
      quoteRevisionId: options.quoteRevisionId,
      now: options.now,
    });
    if (link.quoteRevisionId !== options.quoteRevisionId) {
      await refuseSuperseded(link.quoteRevisionId);
      // A live link for another, still current revision (e.g. of another request) opens nothing here.
      throw new AppError('UNAUTHENTICATED', NO_QUOTE_HERE);
    }
    return link;
  } catch (error) {
    if (isAppError(error) && (error.code === 'LINK_REVOKED' || error.code === 'QUOTE_SUPERSEDED')) {
      const [row] = await getDb()
        .select()
        .from(linkTokens)
        .where(eq(linkTokens.tokenHash, hashToken(options.token ?? '')));
      if (row?.purpose === 'purchasing') await refuseSuperseded(row.quoteRevisionId);
    }
    throw error;
  }
}

async function refuseSuperseded(linkRevisionId: string | null): Promise<void> {
  const revision = linkRevisionId ? await findRevision(linkRevisionId) : undefined;
  if (!revision?.supersededBy) {
    if (revision) return;
    throw new AppError('UNAUTHENTICATED', NO_QUOTE_HERE);
  }
  const [current] = await listRevisions(revision.requestId);
  throw new AppError('QUOTE_SUPERSEDED', supersededMessage(revision, current));
}

function supersededMessage(old: RevisionRow, current: RevisionRow | undefined): string {
  if (!current || current.id === old.id) {
    return 'This quote was replaced by a newer revision. Open the link in the newest quote email from the shop.';
  }
  const sent = current.createdAt.toISOString().slice(0, 10);
  const state =
    current.status === 'open' || current.status === 'on_hold'
      ? 'is the one to review'
      : current.status === 'issuing'
        ? 'is on its way to you by email'
        : `is ${current.status}`;
  return `This is revision ${old.revision}; revision ${current.revision}, sent on ${sent}, replaced it and ${state}. Open the link in the newest quote email from the shop (revision ${current.revision}).`;
}
