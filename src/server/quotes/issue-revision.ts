/**
 * What issuing a first quote and revising one share. Local first: check the workflow allows it, claim
 * the revision row (its number is unique per request), then in one transaction under the request's
 * row lock append `quote_issued`/`quote_revised`, mark the new row `issuing`, supersede the previous
 * revision and revoke its purchasing links, and record the Stripe work as a follow-up. Only then
 * does Stripe get the quote (a `from_quote` revision whose finalize cancels the one it replaces, or a
 * new quote), after which the row opens with a purchasing link bound to it and the mails go out.
 *
 * The lock is the one a purchasing release claims under, and the workflow refuses to revise a
 * released revision, so Stripe never closes a quote underneath a release. Sending the same form
 * again (same draftId) continues the same revision; after a Stripe fault it, or the reconciler,
 * finishes the follow-up, with the same idempotency keys, and never makes a second quote.
 */
import { eq } from '../db/orm.js';
import { AppError } from '../../domain/errors.js';
import type { QuoteFormInput } from '../../domain/quote-schema.js';
import type { WorkflowEvent } from '../../domain/workflow/vocabulary.js';
import { quoteRevisions } from '../db/schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { revokeLinks } from '../links/index.js';
import { loadRequest, type LoadedRequest } from '../requests/load-request.js';
import { assertAllowed, commitDecision } from '../requests/commit-decision.js';
import { finishFollowUp, insertFollowUp } from './quote-follow-ups.js';
import { site } from '../../domain/site.js';
import { claimDraftRevision, findRevision, linesOf, type QuoteRevisionView, type RevisionRow } from './revisions.js';
import { revisionView } from './revision-view.js';
import { stripeProblem, stripeQuoteModeFor } from './stripe-quote.js';
import { shopActor, type StaffIdentity } from '../staff-auth/session.js';

export interface IssueRevisionOptions {
  loaded: LoadedRequest;
  input: QuoteFormInput;
  /** The revision this one replaces; absent for a first quote. */
  previous?: RevisionRow | undefined;
  staff: Pick<StaffIdentity, 'email'>;
  meta?: RequestMeta | undefined;
  now: Date;
}

export async function issueRevision(options: IssueRevisionOptions): Promise<QuoteRevisionView> {
  const { loaded, input, previous, staff, meta, now } = options;
  const requestId = loaded.request.id;
  let draft = await findRevision(input.draftId);
  if (draft && draft.requestId !== requestId) {
    throw new AppError('CONFLICT', 'Reload the page and fill in the quote again.');
  }
  if (!draft || draft.status === 'draft') {
    if (previous?.status === 'issuing') throw stillIssuing(previous.revision);
    const base = {
      actor: shopActor(staff),
      revisionId: input.draftId,
      scope: input.scope,
      quantity: input.quantity,
      // The total decides whether the approval rule asks for a second approver (architecture §11).
      totalMinor: linesOf(input).reduce((sum, line) => sum + line.unitAmountMinor * line.quantity, 0),
      currency: site.currency,
    };
    const event: WorkflowEvent = previous
      ? { ...base, type: 'quote_revised', previousRevisionId: previous.id }
      : { ...base, type: 'quote_issued' };
    assertAllowed(loaded.state, event);
    const revision =
      draft ??
      (await claimDraftRevision({ id: input.draftId, loaded, input, now }).catch(async (error: unknown) => {
        // The same form sent twice at once: the other request claimed this draft row.
        const same = await findRevision(input.draftId);
        if (same?.requestId === requestId) return same;
        throw error;
      }));
    const mode = await stripeQuoteModeFor(previous).catch((error: unknown) => {
      throw stripeProblem(error);
    });
    // The same form sent twice at once is a repeat of the event the other request committed.
    await commitDecision({
      requestId,
      meta,
      now,
      decide: () => ({ event }),
      alsoInTx: async (tx) => {
        if (previous) {
          await tx
            .update(quoteRevisions)
            .set({ status: 'superseded', supersededBy: revision.id, updatedAt: now })
            .where(eq(quoteRevisions.id, previous.id));
          await revokeLinks({ quoteRevisionId: previous.id, purpose: 'purchasing', tx, now });
        }
        await tx
          .update(quoteRevisions)
          .set({ status: 'issuing', updatedAt: now })
          .where(eq(quoteRevisions.id, revision.id));
        const followUp = {
          kind: 'issue_revision',
          requestId,
          revisionId: revision.id,
          previousRevisionId: previous?.id,
          input,
          mode,
        } as const;
        await insertFollowUp({ tx, followUp, now });
      },
    });
    draft = revision;
  }

  await finishFollowUp({ revisionId: draft.id, now }).catch((error: unknown) => {
    throw stripeProblem(error);
  });
  const [row, after] = await Promise.all([findRevision(draft.id), loadRequest({ id: requestId })]);
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
