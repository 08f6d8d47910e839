/**
 * POST /api/shop/quotes/:id/cancel: withdraws the request's current quote. Stripe first (a quote it
 * already closed is fine), then in one transaction the row is marked canceled, its purchasing links
 * revoked and `quote_canceled` appended; both contacts are told. Canceling twice answers the same.
 */
import { eq } from 'drizzle-orm';
import { AppError } from '../../domain/errors';
import { cancelQuoteSchema } from '../../domain/quote-schema';
import { parseOrThrow } from '../../domain/request-schema';
import { quoteRevisions } from '../db/schema';
import type { RequestMeta } from '../http/request-meta';
import { revokeLinks } from '../links';
import { quoteCanceledMail } from '../mail/templates/quote-mails';
import { requestHandoffNote } from '../requests/handoff';
import { loadRequest } from '../requests/load-request';
import { cancelQuote as cancelStripeQuote, retrieveQuote } from '../stripe';
import { assertAllowed, commitCommercialEvent, shopActor } from '../shop/commercial';
import { findRevision, revisionView, stripeProblem, type QuoteRevisionView } from '../shop/quotes';
import { deliver } from '../shop/send-quote-mails';
import type { StaffIdentity } from '../shop/session';

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
  if (revision.status === 'canceled') return revisionView({ row: revision, loaded, current: revision });
  if (revision.supersededBy) {
    throw new AppError('QUOTE_SUPERSEDED', 'A newer revision replaced this quote; cancel the newest one instead.');
  }
  const event = { type: 'quote_canceled', actor: shopActor(staff), revisionId: revision.id } as const;
  assertAllowed(loaded.state, event);

  try {
    if (revision.stripeQuoteId) {
      const quote = await retrieveQuote({ quoteId: revision.stripeQuoteId });
      if (quote.status === 'accepted') {
        throw new AppError(
          'ALREADY_DECIDED',
          'Stripe shows this quote as accepted, so it cannot be canceled. Reload the request.',
        );
      }
      if (quote.status !== 'canceled') await cancelStripeQuote({ quoteId: revision.stripeQuoteId });
    }
  } catch (error) {
    throw stripeProblem(error);
  }

  const committed = await commitCommercialEvent({
    requestId: revision.requestId,
    meta,
    now,
    build: () => ({ event, details: reason ? { reason } : {} }),
    alsoInTx: async (tx) => {
      await revokeLinks({ quoteRevisionId: revision.id, purpose: 'purchasing', tx, now });
      const [row] = await tx
        .update(quoteRevisions)
        .set({ status: 'canceled', updatedAt: now })
        .where(eq(quoteRevisions.id, revision.id))
        .returning();
      if (!row) throw new Error('revision vanished');
      return row;
    },
  });

  const row = committed.extra;
  const facts = {
    reference: loaded.request.reference,
    partName: loaded.details.part.name,
    revision: row.revision,
    handoffNote: requestHandoffNote(committed.state),
    reason,
  };
  const recipients = [loaded.purchasing, ...(loaded.request.sameContactForBothRoles ? [] : [loaded.technical])];
  await deliver(
    row.requestId,
    recipients.map((contact) => quoteCanceledMail({ ...facts, to: { name: contact.name, email: contact.email } })),
  );
  return revisionView({ row, loaded: { ...loaded, state: committed.state }, current: row });
}
