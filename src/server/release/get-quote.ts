/**
 * GET /api/quotes/:id: one quote revision for the shop (session) or its purchasing approver (the
 * purchasing link bound to that revision). A link for an earlier revision answers 409 QUOTE_SUPERSEDED
 * naming the current revision, even though revising revoked it: "replaced by revision 3, sent on …"
 * helps the approver more than "link revoked".
 */
import { AppError, isAppError } from '../../domain/errors.js';
import { getDb } from '../db/index.js';
import { linkTokens } from '../db/schema.js';
import { hashToken, verifyLink, type LinkRow } from '../links/index.js';
import { loadRequest } from '../requests/load-request.js';
import { findRevision, listRevisions, revisionView, type QuoteRevisionView, type RevisionRow } from '../quotes/revisions.js';
import { eq } from 'drizzle-orm';

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
      throw new AppError('UNAUTHENTICATED', NOT_FOUND);
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
    throw new AppError('UNAUTHENTICATED', NOT_FOUND);
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
