/**
 * `quote.accepted` from Stripe (architecture §7). Our own accept (the purchasing release) accepts the
 * quote in Stripe after claiming the revision, so the webhook that follows it changes nothing here.
 * Any other acceptance (someone clicked "accept" in the Stripe Dashboard) is recorded as
 * "accepted in Stripe, outside the portal" and flagged for the shop. It is NOT a purchasing release:
 * the commercial track stays where it is, and the approver can still release through their link.
 *
 * The caller (POST /api/stripe/webhook) has verified the signature, stored the event id once, and
 * re-fetched the quote; this converges from that fresh object, so repeats and reordering are no-ops.
 */
import { and, eq } from '../db/orm.js';
import { isAppError } from '../../domain/errors.js';
import { getDb } from '../db/index.js';
import { actionClaims, events, quoteRevisions } from '../db/schema.js';
import type { MailMessage } from '../mail/index.js';
import { deliverOutbox, enqueueMails } from '../mail/outbox.js';
import { getConfig } from '../config.js';
import { commitDecision } from '../requests/commit-decision.js';
import { acceptClaimKey } from '../release/claims.js';
import { findRevision, type RevisionRow } from '../quotes/revisions.js';
import type { StripeQuote } from '../stripe/index.js';
import { isUuid, type LoadedRequest } from '../requests/load-request.js';
import { shopMessage } from '../mail/frame.js';
import { html, mailLayout } from '../mail/html.js';

export interface HandleQuoteAcceptedOptions {
  /** The quote as re-fetched from Stripe. */
  quote: Pick<StripeQuote, 'id' | 'status' | 'metadata'>;
  /** Stripe's event id, kept in the event payload for the paper trail. */
  stripeEventId?: string | undefined;
  now?: Date;
}

export type QuoteAcceptedOutcome =
  /** Not one of ours (or not accepted after all): nothing to do. */
  | 'ignored'
  /** Our purchasing release accepted it, or is doing so right now. */
  | 'released_in_portal'
  /** Already recorded as accepted outside the portal. */
  | 'already_flagged'
  /** Recorded and flagged now. */
  | 'flagged';

export interface QuoteAcceptedResult {
  outcome: QuoteAcceptedOutcome;
  revisionId?: string;
}

class NothingToDo extends Error {
  readonly outcome: QuoteAcceptedOutcome;
  constructor(outcome: QuoteAcceptedOutcome) {
    super(outcome);
    this.outcome = outcome;
  }
}

export async function handleQuoteAccepted({
  quote,
  stripeEventId,
  now = new Date(),
}: HandleQuoteAcceptedOptions): Promise<QuoteAcceptedResult> {
  if (quote.status !== 'accepted') return { outcome: 'ignored' };
  const revision = await revisionFor(quote);
  if (!revision) return { outcome: 'ignored' };
  const revisionId = revision.id;

  try {
    const committed = await commitDecision({
      requestId: revision.requestId,
      now,
      decide: () => ({
        event: { type: 'accepted_outside_portal', actor: { role: 'stripe', name: 'Stripe' }, revisionId },
        details: { stripeQuoteId: quote.id, ...(stripeEventId ? { stripeEventId } : {}) },
      }),
      alsoInTx: async (tx, { before: loaded }) => {
        // Decided under the request lock, so a release committing at the same moment is seen.
        const [current] = await tx.select().from(quoteRevisions).where(eq(quoteRevisions.id, revisionId));
        if (current?.status === 'accepted') throw new NothingToDo('released_in_portal');
        if (current?.acceptedOutsidePortal) throw new NothingToDo('already_flagged');
        const released = await tx
          .select({ id: events.id })
          .from(events)
          .where(and(eq(events.quoteRevisionId, revisionId), eq(events.type, 'purchasing_accepted')))
          .limit(1);
        if (released.length > 0) throw new NothingToDo('released_in_portal');
        // The accept use case claims the revision before calling Stripe.
        const claims = await tx
          .select({ key: actionClaims.key })
          .from(actionClaims)
          .where(eq(actionClaims.key, acceptClaimKey(revisionId)))
          .limit(1);
        if (claims.length > 0) throw new NothingToDo('released_in_portal');
        await tx
          .update(quoteRevisions)
          .set({ acceptedOutsidePortal: true, updatedAt: now })
          .where(eq(quoteRevisions.id, revisionId));
        const mails = [{ recipient: 'the shop', message: shopNotice(revision, loaded) }];
        return enqueueMails({ tx, requestId: revision.requestId, mails });
      },
    });
    if (committed.repeated) return { outcome: 'already_flagged', revisionId };
    await deliverOutbox({ ids: committed.extra, now });
    return { outcome: 'flagged', revisionId };
  } catch (error) {
    if (error instanceof NothingToDo) return { outcome: error.outcome, revisionId };
    // A revision the workflow never recorded as issued (an abandoned draft): not a release either.
    if (isAppError(error) && error.code === 'NOT_FOUND') return { outcome: 'ignored', revisionId };
    throw error;
  }
}

async function revisionFor(quote: HandleQuoteAcceptedOptions['quote']): Promise<RevisionRow | undefined> {
  const [byStripeId] = await getDb().select().from(quoteRevisions).where(eq(quoteRevisions.stripeQuoteId, quote.id));
  if (byStripeId) return byStripeId;
  // A quote finalized in Stripe whose local row never learned its id (a crash between the two).
  const fromMetadata = quote.metadata.revision_id;
  if (!isUuid(fromMetadata)) return undefined;
  const row = await findRevision(fromMetadata);
  return row && (row.stripeQuoteId === null || row.stripeQuoteId === quote.id) ? row : undefined;
}

function shopNotice(revision: RevisionRow, loaded: LoadedRequest): MailMessage {
  const reference = loaded.request.reference;
  const subject = `${reference}: quote revision ${revision.revision} was accepted in Stripe, outside the portal`;
  const text = [
    `Quote revision ${revision.revision} of ${reference} was marked accepted in Stripe (e.g. in the Dashboard), not through the purchasing approver's portal link.`,
    'This is NOT a purchasing release: nothing is released for production and no PO was captured.',
    `Check with ${loaded.purchasing.name} and, if they want to order, ask them to release it through their link.`,
    '',
    `Request: ${getConfig().siteUrl}/shop/request/?id=${revision.requestId}`,
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${subject}</h1>
    <p>
      Quote revision ${revision.revision} of <strong>${reference}</strong> was marked accepted in Stripe (e.g. in the
      Dashboard), not through the purchasing approver's portal link.
    </p>
    <p><strong>This is not a purchasing release</strong>: nothing is released for production and no PO was captured.</p>
    <p>Check with ${loaded.purchasing.name} and, if they want to order, ask them to release it through their link.</p>
    <p><a href="${getConfig().siteUrl}/shop/request/?id=${revision.requestId}">Open the request</a></p>`;
  return shopMessage({ to: getConfig().shopNotifyEmail, subject, text, html: mailLayout(subject, body) });
}
