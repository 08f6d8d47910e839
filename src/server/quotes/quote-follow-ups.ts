/**
 * Stripe work the shop still owes after a local commit. Revising and cancelling a quote commit
 * locally first, under the request's row lock, where the domain refuses them once purchasing has
 * released the revision; only then do they touch Stripe. The release claim takes the same lock, so
 * either the release wins and the shop's change is refused before any Stripe call, or the shop's
 * change wins and the old purchasing link is dead before Stripe closes the quote: Stripe never
 * closes a quote underneath a release (invariants 1 and 2).
 *
 * What Stripe still owes is a follow-up row (`action_claims`, key `issue:<revisionId>` or
 * `cancel:<revisionId>`) inserted in
 * that same transaction. The request that made it finishes it straight away; after a Stripe fault or
 * a crash a retry of the same form, or the reconciler, finishes it, and only one of them completes it
 * (the row is locked and marked done in the transaction that opens the revision).
 */
import { and, eq, inArray, like, or } from '../db/orm.js';
import type { QuoteFormInput } from '../../domain/quote-schema.js';
import { parseStoredJson } from '../../domain/stored-json.js';
import { getDb, type Tx } from '../db/index.js';
import { actionClaims } from '../db/schema.js';
import { followUpSchema } from './follow-up-schema.js';
import { loadRequest } from '../requests/load-request.js';
import { cancelStripeQuote, retrieveQuote } from '../stripe/index.js';
import { findRevision } from './revisions.js';
import { openRevision, pushQuoteToStripe, type StripeQuoteMode } from './stripe-quote.js';
import { deliverOutbox, enqueueMails } from '../mail/outbox.js';
import { logError } from '../log.js';
import { quoteMails } from './quote-mails.js';
import { secondApproverMails } from './approver-links.js';

export type QuoteFollowUp =
  | {
      kind: 'issue_revision';
      requestId: string;
      revisionId: string;
      /** Absent for a request's first quote. */
      previousRevisionId?: string | undefined;
      /** The form as the shop sent it: Stripe gets exactly this on every attempt. */
      input: QuoteFormInput;
      mode: StripeQuoteMode;
    }
  | { kind: 'cancel_in_stripe'; requestId: string; revisionId: string; stripeQuoteId: string };

type FollowUpRow = typeof actionClaims.$inferSelect;

const PREFIX: Record<QuoteFollowUp['kind'], string> = { issue_revision: 'issue:', cancel_in_stripe: 'cancel:' };
const followUpKey = (followUp: Pick<QuoteFollowUp, 'kind' | 'revisionId'>) =>
  `${PREFIX[followUp.kind]}${followUp.revisionId}`;

function followUpOf(row: FollowUpRow): QuoteFollowUp {
  // Written only by insertFollowUp.
  return parseStoredJson(followUpSchema, row.result, 'action_claims.result', row.key);
}

/** Records the Stripe work owed, in the transaction of the local change that owes it. */
export async function insertFollowUp(options: { tx: Tx; followUp: QuoteFollowUp; now: Date }): Promise<void> {
  const { tx, followUp, now } = options;
  await tx.insert(actionClaims).values({
    key: followUpKey(followUp),
    requestId: followUp.requestId,
    status: 'pending',
    result: followUp,
    createdAt: now,
    updatedAt: now,
  });
}

/** Revision ids with Stripe work still owed, oldest first. */
export async function pendingFollowUps(limit: number): Promise<string[]> {
  const rows = await getDb()
    .select({ key: actionClaims.key })
    .from(actionClaims)
    .where(
      and(
        eq(actionClaims.status, 'pending'),
        or(...Object.values(PREFIX).map((prefix) => like(actionClaims.key, `${prefix}%`))),
      ),
    )
    .orderBy(actionClaims.createdAt)
    .limit(limit);
  return rows.map((row) => row.key.slice(row.key.indexOf(':') + 1));
}

/** Marks the follow-up done unless someone else already did; true for the one caller that did. */
async function completeFollowUp(tx: Tx, followUp: QuoteFollowUp, now: Date, status: 'done' | 'failed' = 'done') {
  const [row] = await tx
    .select()
    .from(actionClaims)
    .where(eq(actionClaims.key, followUpKey(followUp)))
    .for('update');
  if (row?.status !== 'pending') return false;
  await tx.update(actionClaims).set({ status, updatedAt: now }).where(eq(actionClaims.key, row.key));
  return true;
}

export type FollowUpOutcome = 'completed' | 'already_done' | 'missing' | 'refused_by_stripe';

export interface FinishFollowUpOptions {
  revisionId: string;
  now?: Date;
}

/**
 * Finishes whatever Stripe work is owed for this revision. Stripe errors propagate (the follow-up stays
 * pending for the next attempt); every Stripe call repeats with the same idempotency key.
 */
export async function finishFollowUp({
  revisionId,
  now = new Date(),
}: FinishFollowUpOptions): Promise<FollowUpOutcome> {
  const keys = Object.values(PREFIX).map((prefix) => `${prefix}${revisionId}`);
  const rows = await getDb().select().from(actionClaims).where(inArray(actionClaims.key, keys));
  // A revision is issued before it can be canceled, so at most one of its follow-ups is pending.
  const row = rows.find((candidate) => candidate.status === 'pending');
  if (!row) return rows.length > 0 ? 'already_done' : 'missing';
  const followUp = followUpOf(row);
  return followUp.kind === 'issue_revision' ? finishRevisionIssue(followUp, now) : finishStripeCancel(followUp, now);
}

async function finishRevisionIssue(
  followUp: Extract<QuoteFollowUp, { kind: 'issue_revision' }>,
  now: Date,
): Promise<FollowUpOutcome> {
  const [loaded, revision, previous] = await Promise.all([
    loadRequest({ id: followUp.requestId }),
    findRevision(followUp.revisionId),
    followUp.previousRevisionId ? findRevision(followUp.previousRevisionId) : undefined,
  ]);
  if (!loaded || !revision) return 'missing';
  const quote = await pushQuoteToStripe({ loaded, revision, input: followUp.input, previous, mode: followUp.mode });
  const mailIds = await getDb().transaction(async (tx) => {
    if (!(await completeFollowUp(tx, followUp, now))) return undefined;
    const opened = await openRevision({ tx, revision, quote, loaded, now });
    const after = (await loadRequest({ id: followUp.requestId, tx })) ?? loaded;
    const mails = quoteMails({
      loaded: after,
      revision: opened.row,
      state: after.state,
      kind: followUp.previousRevisionId ? 'revised' : 'issued',
      releaseUrl: opened.link.url,
    });
    // Above the approval rule's threshold the second approver gets their own link too (§11).
    mails.push(...(await secondApproverMails({ tx, loaded: after, state: after.state, revision: opened.row, now })));
    return enqueueMails({ tx, requestId: followUp.requestId, mails });
  });
  if (!mailIds) return 'already_done';
  await deliverOutbox({ ids: mailIds, now });
  return 'completed';
}

async function finishStripeCancel(
  followUp: Extract<QuoteFollowUp, { kind: 'cancel_in_stripe' }>,
  now: Date,
): Promise<FollowUpOutcome> {
  const quote = await retrieveQuote({ quoteId: followUp.stripeQuoteId });
  if (quote.status === 'accepted') {
    // Accepted in Stripe's dashboard before our cancel reached it: flagged by the accepted-outside-portal
    // path for the shop, never a release; nothing left to cancel.
    logError(`quote ${followUp.stripeQuoteId}: canceled here, but Stripe shows it accepted outside the portal`);
    await getDb().transaction((tx) => completeFollowUp(tx, followUp, now, 'failed'));
    return 'refused_by_stripe';
  }
  if (quote.status !== 'canceled') await cancelStripeQuote({ quoteId: followUp.stripeQuoteId });
  const done = await getDb().transaction((tx) => completeFollowUp(tx, followUp, now));
  return done ? 'completed' : 'already_done';
}
