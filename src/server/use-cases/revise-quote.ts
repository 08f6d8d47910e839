/**
 * POST /api/shop/quotes/:id/revise: the next revision of the request's current quote. Local first: in
 * one transaction under the request's row lock (where the domain refuses a revision purchasing has
 * already released) the old row is marked superseded, its purchasing links revoked, `quote_revised`
 * appended, the new row marked `issuing` and the Stripe work recorded as a follow-up. Then Stripe
 * gets a `from_quote` revision (finalizing it cancels the one it replaces), the new row opens with a
 * purchasing link bound to it, and both contacts hear about it. The old link answers 409
 * QUOTE_SUPERSEDED, pointing at the newest email. Same draftId again → the same revision; after a
 * Stripe fault the same form, or the reconciler, finishes it.
 */
import { eq } from 'drizzle-orm';
import { AppError } from '../../domain/errors';
import { quoteFormSchema } from '../../domain/quote-schema';
import { parseOrThrow } from '../../domain/request-schema';
import type { WorkflowEvent } from '../../domain/workflow';
import { quoteRevisions } from '../db/schema';
import type { RequestMeta } from '../http/request-meta';
import { revokeLinks } from '../links';
import { loadRequest } from '../requests/load-request';
import { assertAllowed, commitCommercialEvent, shopActor } from '../shop/commercial';
import { finishFollowUp, insertFollowUp } from '../shop/quote-follow-ups';
import {
  claimDraftRevision,
  findRevision,
  revisionView,
  stripeProblem,
  stripeQuoteModeFor,
  type QuoteRevisionView,
} from '../shop/quotes';
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
  if (!draft || draft.status === 'draft') {
    if (previous.status === 'issuing') throw stillIssuing(previous.revision);
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
    const mode = await stripeQuoteModeFor(previous).catch((error: unknown) => {
      throw stripeProblem(error);
    });
    const revision = draft;
    // Local first: once this commits, purchasing can no longer release the previous revision, so
    // Stripe may close it (finalizing the new revision does).
    await commitCommercialEvent({
      requestId: previous.requestId,
      meta,
      now,
      build: () => ({ event }),
      alsoInTx: async (tx) => {
        await tx
          .update(quoteRevisions)
          .set({ status: 'superseded', supersededBy: revision.id, updatedAt: now })
          .where(eq(quoteRevisions.id, previous.id));
        await revokeLinks({ quoteRevisionId: previous.id, purpose: 'purchasing', tx, now });
        await tx
          .update(quoteRevisions)
          .set({ status: 'issuing', updatedAt: now })
          .where(eq(quoteRevisions.id, revision.id));
        const followUp = {
          kind: 'issue_revision',
          requestId: previous.requestId,
          revisionId: revision.id,
          previousRevisionId: previous.id,
          input,
          mode,
        } as const;
        await insertFollowUp({ tx, followUp, now });
      },
    });
  }

  await finishFollowUp({ revisionId: input.draftId, now }).catch((error: unknown) => {
    throw stripeProblem(error);
  });
  const row = await findRevision(input.draftId);
  const after = await loadRequest({ id: previous.requestId });
  if (!row || !after) throw new Error('revision vanished');
  return revisionView({ row, loaded: after, current: row });
}

function stillIssuing(revision: number): AppError {
  return new AppError(
    'CONFLICT',
    `Revision ${revision} is still being issued in Stripe. Wait a moment and reload: it finishes on its own.`,
    { retryAfterSeconds: 5 },
  );
}
