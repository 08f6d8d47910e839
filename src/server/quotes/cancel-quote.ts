/**
 * POST /api/shop/quotes/:id/cancel: withdraws the request's current quote. Local first: in one
 * transaction under the request's row lock (where the domain refuses to cancel a revision purchasing
 * has already released) the row is marked canceled, its purchasing links revoked, `quote_canceled`
 * appended and the Stripe cancel recorded as a follow-up; then Stripe cancels the quote, now or, after
 * a Stripe fault, on the next attempt or the reconciler's run. Both contacts are told. A quote Stripe
 * already shows accepted (outside the portal) is refused. Canceling twice answers the same.
 */
import { eq } from '../db/orm.js';
import { AppError } from '../../domain/errors.js';
import { cancelQuoteSchema } from '../../domain/quote-schema.js';
import { parseOrThrow } from '../../domain/request-schema.js';
import { quoteRevisions } from '../db/schema.js';
import { errorCode } from '../error-code.js';
import { logError } from '../log.js';
import type { RequestMeta } from '../http/request-meta.js';
import { revokeLinks } from '../links/index.js';
import { quoteCanceledMail } from '../mail/templates/quote-mails.js';
import { requestHandoffNote } from '../requests/handoff.js';
import { loadRequest } from '../requests/load-request.js';
import { retrieveQuote, StripeAdapterError } from '../stripe/index.js';
import { finishFollowUp, insertFollowUp } from './quote-follow-ups.js';
import { assertAllowed, commitDecision } from '../requests/commit-decision.js';
import { findRevision, type QuoteRevisionView } from './revisions.js';
import { revisionView } from './revision-view.js';
import { stripeProblem } from './stripe-quote.js';
import { deliverOutbox, enqueueMails } from '../mail/outbox.js';
import { queuedTo } from './quote-mails.js';
import { shopActor, type StaffIdentity } from '../staff-auth/session.js';

export interface CancelQuoteOptions {
  quoteRevisionId: string;
  staff: Pick<StaffIdentity, 'email'>;
  body: unknown;
  meta?: RequestMeta;
  now?: Date;
}

export async function cancelQuote({
  quoteRevisionId,
  staff,
  body,
  meta,
  now = new Date(),
}: CancelQuoteOptions): Promise<QuoteRevisionView> {
  const { reason } = parseOrThrow(cancelQuoteSchema, body);
  const revision = await findRevision(quoteRevisionId);
  if (!revision || revision.status === 'draft') throw new AppError('NOT_FOUND', 'There is no quote with this id.');
  const loaded = await loadRequest({ id: revision.requestId });
  if (!loaded) throw new AppError('NOT_FOUND', 'There is no quote with this id.');
  if (revision.supersededBy) {
    throw superseded();
  }
  if (revision.status === 'issuing') {
    throw new AppError(
      'CONFLICT',
      `Revision ${revision.revision} is still being issued in Stripe. Wait a moment and reload before canceling it.`,
      { retryAfterSeconds: 5 },
    );
  }
  const event = { type: 'quote_canceled', actor: shopActor(staff), revisionId: revision.id } as const;
  const canceledView = async () => {
    await finishFollowUp({ revisionId: revision.id, now }).catch(logStripeLag);
    const [row, after] = await Promise.all([findRevision(revision.id), loadRequest({ id: revision.requestId })]);
    return revisionView({ row: row ?? revision, loaded: after ?? loaded, current: row ?? revision });
  };
  // Canceling twice answers the same (and finishes the Stripe side if it still lags).
  if (revision.status === 'canceled') return canceledView();
  assertAllowed(loaded.state, event);
  const stripeQuoteId = revision.stripeQuoteId;
  if (stripeQuoteId && (await acceptedInStripe(stripeQuoteId))) {
    throw new AppError(
      'ALREADY_DECIDED',
      'Stripe shows this quote as accepted, so it cannot be canceled. Reload the request.',
    );
  }

  const committed = await commitDecision({
    requestId: revision.requestId,
    meta,
    now,
    // Under the lock: a cancel of this revision that committed since we read, with another reason
    // or none, is this cancel already made (canceling twice answers the same).
    decide: (locked) => {
      const earlier = locked.events.findLast(
        (row) => row.type === 'quote_canceled' && row.quoteRevisionId === revision.id,
      );
      return earlier ? { repeatOf: earlier } : { event, details: reason ? { reason } : {} };
    },
    alsoInTx: async (tx, { state }) => {
      // Decided again under the lock (every cancel and revision takes it): a revision may have
      // committed since we read; throwing here also undoes the event. (A cancel committed meanwhile
      // is a repeat, decided above and answered below.)
      const [locked] = await tx.select().from(quoteRevisions).where(eq(quoteRevisions.id, revision.id));
      if (locked?.supersededBy) throw superseded();
      await revokeLinks({ quoteRevisionId: revision.id, purpose: 'purchasing', tx, now });
      const [row] = await tx
        .update(quoteRevisions)
        .set({ status: 'canceled', updatedAt: now })
        .where(eq(quoteRevisions.id, revision.id))
        .returning();
      if (!row) throw new Error('revision vanished');
      if (stripeQuoteId) {
        const followUp = {
          kind: 'cancel_in_stripe',
          requestId: row.requestId,
          revisionId: row.id,
          stripeQuoteId,
        } as const;
        await insertFollowUp({ tx, followUp, now });
      }
      const facts = {
        reference: loaded.request.reference,
        partName: loaded.details.part.name,
        revision: row.revision,
        handoffNote: requestHandoffNote(state),
        reason,
      };
      const both = loaded.request.sameContactForBothRoles;
      const recipients = [
        { contact: loaded.purchasing, audience: both ? ('both_roles' as const) : ('purchasing' as const) },
        ...(both ? [] : [{ contact: loaded.technical, audience: 'technical' as const }]),
      ];
      const messages = recipients.map(({ contact, audience }) =>
        quoteCanceledMail({ ...facts, audience, to: { name: contact.name, email: contact.email } }),
      );
      const mailIds = await enqueueMails({ tx, requestId: row.requestId, mails: queuedTo(messages) });
      return { row, mailIds };
    },
  });
  if (committed.repeated) return canceledView();
  // Canceled here whatever Stripe says now; a Stripe fault leaves the follow-up for the reconciler.
  await finishFollowUp({ revisionId: revision.id, now }).catch(logStripeLag);

  const { row, mailIds } = committed.extra;
  await deliverOutbox({ ids: mailIds, now });
  return revisionView({ row, loaded: { ...loaded, state: committed.state }, current: row });
}

/** A quote accepted in Stripe's dashboard cannot be canceled; Stripe being away does not stop a cancel here. */
async function acceptedInStripe(stripeQuoteId: string): Promise<boolean> {
  try {
    return (await retrieveQuote({ quoteId: stripeQuoteId })).status === 'accepted';
  } catch (error) {
    if (error instanceof StripeAdapterError && (error.kind === 'unavailable' || error.kind === 'unknown_outcome')) {
      return false;
    }
    throw stripeProblem(error);
  }
}

function logStripeLag(error: unknown): void {
  logError(`quote canceled here; Stripe cancel left to the reconciler: ${errorCode(error)}`);
}

function superseded(): AppError {
  return new AppError('QUOTE_SUPERSEDED', 'A newer revision replaced this quote; cancel the newest one instead.');
}
