/**
 * Quote revision rows: what a revision stores (lines, terms, expiry from the shop's form), finding
 * them (by id, by Stripe quote, per request) and claiming a draft row's revision number before
 * Stripe is called. The Stripe side is in `stripe-quote.ts`, the reply shape in `revision-view.ts`.
 */
import { and, desc, eq, ne } from '../db/orm.js';
import { AppError } from '../../domain/errors.js';
import { toMinor, type QuoteFormInput } from '../../domain/quote-schema.js';
import { site } from '../../domain/site.js';
import type { QuoteLine, QuoteRevisionView, QuoteTerms } from '../../domain/contracts/quote-view.js';
import { getDb, isUniqueViolation, type Db, type Tx } from '../db/index.js';
import { quoteRevisions } from '../db/schema.js';
import { issueLink, type IssuedLink } from '../links/index.js';
import { isUuid, type LoadedRequest } from '../requests/load-request.js';

export type RevisionRow = typeof quoteRevisions.$inferSelect;

/** What `quote_revisions.terms` holds. */
export type StoredTerms = QuoteTerms;
export type StoredLine = QuoteLine;
export type { QuoteRevisionView };

const DAY_MS = 24 * 60 * 60 * 1000;

export function linesOf(input: QuoteFormInput): StoredLine[] {
  return input.lines.map((line) => ({
    description: line.description,
    quantity: line.quantity,
    unitAmountMinor: toMinor(line.unitPrice),
  }));
}

export function termsOf(input: QuoteFormInput): StoredTerms {
  return {
    leadTimeDays: input.leadTimeDays,
    shippingTerms: input.shippingTerms,
    paymentTermsDays: input.paymentTermsDays,
    validDays: input.validDays,
    ...(input.note ? { note: input.note } : {}),
    ...(input.poOptional ? { poOptional: true as const } : {}),
    ...(input.poDocumentRequired ? { poDocumentRequired: true as const } : {}),
  };
}

export function expiryOf(input: QuoteFormInput, now: Date): Date {
  return new Date(now.getTime() + input.validDays * DAY_MS);
}

export async function findRevision(id: string, tx?: Tx | Db): Promise<RevisionRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await (tx ?? getDb()).select().from(quoteRevisions).where(eq(quoteRevisions.id, id));
  return row;
}

/** The revision a Stripe quote belongs to (webhooks name the quote, not our revision). */
export async function findRevisionByStripeQuote(stripeQuoteId: string, tx?: Tx | Db): Promise<RevisionRow | undefined> {
  const [row] = await (tx ?? getDb())
    .select()
    .from(quoteRevisions)
    .where(eq(quoteRevisions.stripeQuoteId, stripeQuoteId));
  return row;
}

/** Issued revisions of a request, newest first (abandoned drafts left out). */
export async function listRevisions(requestId: string, tx?: Tx | Db): Promise<RevisionRow[]> {
  return (tx ?? getDb())
    .select()
    .from(quoteRevisions)
    .where(and(eq(quoteRevisions.requestId, requestId), ne(quoteRevisions.status, 'draft')))
    .orderBy(desc(quoteRevisions.revision));
}

export async function nextRevisionNumber(requestId: string, tx?: Tx | Db): Promise<number> {
  const [last] = await (tx ?? getDb())
    .select({ revision: quoteRevisions.revision })
    .from(quoteRevisions)
    .where(eq(quoteRevisions.requestId, requestId))
    .orderBy(desc(quoteRevisions.revision))
    .limit(1);
  return (last?.revision ?? 0) + 1;
}

/** Inserts the draft row that claims the revision number before Stripe is called. */
export async function claimDraftRevision(options: {
  id: string;
  loaded: LoadedRequest;
  input: QuoteFormInput;
  now: Date;
}): Promise<RevisionRow> {
  const { id, loaded, input, now } = options;
  const lines = linesOf(input);
  try {
    const [row] = await getDb()
      .insert(quoteRevisions)
      .values({
        id,
        requestId: loaded.request.id,
        revision: await nextRevisionNumber(loaded.request.id),
        scope: input.scope,
        quantity: input.quantity,
        status: 'draft',
        currency: site.currency,
        amountTotalMinor: lines.reduce((sum, line) => sum + line.unitAmountMinor * line.quantity, 0),
        lines,
        terms: termsOf(input),
        expiresAt: expiryOf(input, now),
      })
      .returning();
    if (!row) throw new Error('revision insert returned no row');
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        'CONFLICT',
        'Another quote for this request was saved at the same moment. Reload and check it.',
      );
    }
    throw error;
  }
}

/** A purchasing link for one approver, bound to the revision and ending with it (architecture §6). */
export function issuePurchasingLink(tx: Tx, row: RevisionRow, email: string, now: Date): Promise<IssuedLink> {
  return issueLink({
    purpose: 'purchasing',
    recipientEmail: email,
    requestId: row.requestId,
    quoteRevisionId: row.id,
    notAfter: row.expiresAt,
    params: { id: row.id },
    tx,
    now,
  });
}
