/**
 * POST /api/shop/quotes/:id/revise: the next revision of the request's current quote. Stripe gets a
 * `from_quote` revision (finalizing it cancels the one it replaces); in one transaction the old row is
 * marked superseded, its purchasing links revoked, `quote_revised` appended and a new purchasing link
 * bound to the new revision; then both contacts hear about it. The old link now answers 409
 * QUOTE_SUPERSEDED, pointing at the newest email. Same draftId again → the same revision.
 */
import { eq } from 'drizzle-orm';
import { AppError } from '../../domain/errors';
import { quoteFormSchema } from '../../domain/quote-schema';
import { parseOrThrow } from '../../domain/request-schema';
import type { WorkflowEvent } from '../../domain/workflow';
import { quoteRevisions } from '../db/schema';
import type { RequestMeta } from '../http/request-meta';
import { issueLink, revokeLinks } from '../links';
import { loadRequest } from '../requests/load-request';
import { assertAllowed, commitCommercialEvent, shopActor } from '../shop/commercial';
import {
  claimDraftRevision,
  findRevision,
  pushQuoteToStripe,
  revisionView,
  stripeProblem,
  type QuoteRevisionView,
  type StoredTerms,
} from '../shop/quotes';
import { sendQuoteMails } from '../shop/send-quote-mails';
import type { StaffIdentity } from '../shop/session';

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

  let draft = await findRevision(input.draftId);
  if (draft && draft.requestId !== previous.requestId) {
    throw new AppError('CONFLICT', 'Reload the page and fill in the revision again.');
  }
  if (draft && draft.status !== 'draft') return revisionView({ row: draft, loaded, current: draft });

  const event: WorkflowEvent = {
    type: 'quote_revised',
    actor: shopActor(staff),
    revisionId: input.draftId,
    previousRevisionId: previous.id,
    scope: input.scope,
    quantity: input.quantity,
  };
  assertAllowed(loaded.state, event);
  draft ??= await claimDraftRevision({ id: input.draftId, loaded, input, now });

  const quote = await pushQuoteToStripe({ loaded, revision: draft, input, previous }).catch((error: unknown) => {
    throw stripeProblem(error);
  });

  const committed = await commitCommercialEvent({
    requestId: previous.requestId,
    meta,
    now,
    build: () => ({ event }),
    alsoInTx: async (tx) => {
      await tx
        .update(quoteRevisions)
        .set({ status: 'superseded', supersededBy: draft.id, updatedAt: now })
        .where(eq(quoteRevisions.id, previous.id));
      await revokeLinks({ quoteRevisionId: previous.id, purpose: 'purchasing', tx, now });
      const [row] = await tx
        .update(quoteRevisions)
        .set({
          status: 'open',
          stripeQuoteId: quote.id,
          stripeCustomerId: quote.customerId,
          amountTotalMinor: quote.amountTotalMinor,
          expiresAt: quote.expiresAt,
          terms: { ...(draft.terms as StoredTerms), quoteNumber: quote.number ?? undefined },
          updatedAt: now,
        })
        .where(eq(quoteRevisions.id, draft.id))
        .returning();
      if (!row) throw new Error('revision vanished');
      const link = await issueLink({
        purpose: 'purchasing',
        recipientEmail: loaded.purchasing.email,
        requestId: row.requestId,
        quoteRevisionId: row.id,
        notAfter: row.expiresAt,
        params: { id: row.id },
        tx,
        now,
      });
      return { row, link };
    },
  });

  const { row, link } = committed.extra;
  await sendQuoteMails({ loaded, revision: row, state: committed.state, kind: 'revised', releaseUrl: link.url });
  return revisionView({ row, loaded: { ...loaded, state: committed.state }, current: row });
}
