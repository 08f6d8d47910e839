/**
 * The Stripe side of issuing a revision: customer = purchasing approver, a product per request part,
 * a quote with our ids in metadata, finalized; a revision of a quote Stripe still holds open is a
 * Stripe revision. Then the local row opens with Stripe's ids and the purchasing link bound to it.
 * Also how Stripe failures reach staff in words.
 */
import { eq } from '../db/orm.js';
import { AppError } from '../../domain/errors.js';
import type { QuoteFormInput } from '../../domain/quote-schema.js';
import { parseStoredJson } from '../../domain/stored-json.js';
import { storedTermsSchema } from '../../domain/stored-quote-schema.js';
import type { Tx } from '../db/index.js';
import { quoteRevisions } from '../db/schema.js';
import type { IssuedLink } from '../links/index.js';
import type { LoadedRequest } from '../requests/load-request.js';
import {
  createProduct,
  createQuote,
  ensureCustomer,
  finalizeQuote,
  retrieveQuote,
  reviseStripeQuote,
  StripeAdapterError,
  type StripeQuote,
} from '../stripe/index.js';
import { issuePurchasingLink, linesOf, type RevisionRow } from './revisions.js';
import { SCOPE_LABEL } from '../../domain/labels.js';
function quoteDescription(loaded: LoadedRequest, input: QuoteFormInput): string {
  const planned = loaded.details.quantities.total;
  const provisional = loaded.details.quantities.provisional && planned ? ` (provisional total ${planned})` : '';
  const parts = [
    `Scope: ${SCOPE_LABEL[input.scope]} of ${input.quantity}${input.scope === 'opening_lot' || input.scope === 'additional_lot' ? provisional : ''}.`,
    `Lead time: ${input.leadTimeDays} working days after purchasing release.`,
    `Shipping: ${input.shippingTerms}.`,
    `Payment: net ${input.paymentTermsDays} days.`,
    input.note ?? '',
  ];
  return parts.join(' ').trim().slice(0, 500);
}

const FOOTER =
  'Released only by the named purchasing approver through their personal portal link. A technical approval is not an order.';

/**
 * Creates (or, for a revision of an open Stripe quote, revises) and finalizes the quote in Stripe.
 * Every call's idempotency key comes from the revision id, so a retry of the same draft converges.
 */
export async function pushQuoteToStripe(options: {
  loaded: LoadedRequest;
  revision: RevisionRow;
  input: QuoteFormInput;
  previous?: RevisionRow | undefined;
  /**
   * How a revision reaches Stripe, decided once before the local commit: `revise` (a `from_quote`
   * revision, whose finalize cancels the quote it replaces) or `create`. A retry must not re-decide
   * from Stripe, where our own finalize has already closed the previous quote.
   */
  mode?: StripeQuoteMode | undefined;
}): Promise<StripeQuote> {
  const { loaded, revision, input, previous } = options;
  const { request, purchasing, details } = loaded;
  const customer = await ensureCustomer({
    email: purchasing.email,
    name: purchasing.name,
    companyName: purchasing.company,
    metadata: { request_id: request.id },
  });
  const product = await createProduct({
    partId: request.id,
    name: details.part.name,
    metadata: { request_id: request.id, reference: request.reference },
  });
  const metadata: Record<string, string> = {
    request_id: request.id,
    reference: request.reference,
    revision: String(revision.revision),
    scope: input.scope,
    quantity: String(input.quantity),
    ...(previous ? { previous_revision_id: previous.id } : {}),
  };
  const text = {
    header: `Quote ${request.reference}`.slice(0, 50),
    description: quoteDescription(loaded, input),
    footer: FOOTER,
  };
  const lines = linesOf(input);
  let draft: StripeQuote;
  const mode = options.mode ?? (await stripeQuoteModeFor(previous));
  // A first quote, or a revision of one Stripe no longer holds open (declined and closed): a new quote.
  const create = () =>
    createQuote({
      revisionId: revision.id,
      customerId: customer.id,
      product,
      lines,
      expiresAt: revision.expiresAt,
      daysUntilDue: input.paymentTermsDays,
      metadata,
      ...text,
    });
  const fromQuoteId = previous?.stripeQuoteId;
  if (fromQuoteId && mode === 'revise') {
    draft = await reviseStripeQuote({
      fromQuoteId,
      revisionId: revision.id,
      lines,
      product,
      expiresAt: revision.expiresAt,
      metadata,
      ...text,
    }).catch(async (error: unknown) => {
      // The quote it revises closed in Stripe meanwhile (outside the portal): Stripe created nothing, so
      // this revision becomes a new quote, under its own idempotency key, on this and every retry.
      // Only Stripe's 400 refusal of the source's state; never a 409 (our own call still in flight).
      const refused = error instanceof StripeAdapterError && error.kind === 'conflict' && error.statusCode === 400;
      if (refused && (await retrieveQuote({ quoteId: fromQuoteId })).status !== 'open') return create();
      throw error;
    });
  } else {
    draft = await create();
  }
  return draft.status === 'draft' ? finalizeQuote({ quoteId: draft.id }) : draft;
}

export type StripeQuoteMode = 'revise' | 'create';

/** A revision of a quote Stripe still holds open is a Stripe revision; anything else a new quote. */
export async function stripeQuoteModeFor(previous: RevisionRow | undefined): Promise<StripeQuoteMode> {
  if (!previous?.stripeQuoteId) return 'create';
  const quote = await retrieveQuote({ quoteId: previous.stripeQuoteId });
  return quote.status === 'open' ? 'revise' : 'create';
}

/**
 * The local half of issuing a revision once Stripe holds it finalized: the row opens with Stripe's
 * ids, amounts and quote number, and the purchasing approver's link is bound to this revision.
 */
export async function openRevision(options: {
  tx: Tx;
  revision: RevisionRow;
  quote: StripeQuote;
  loaded: LoadedRequest;
  now: Date;
}): Promise<{ row: RevisionRow; link: IssuedLink }> {
  const { tx, revision, quote, loaded, now } = options;
  const [row] = await tx
    .update(quoteRevisions)
    .set({
      status: 'open',
      stripeQuoteId: quote.id,
      stripeCustomerId: quote.customerId,
      amountTotalMinor: quote.amountTotalMinor,
      expiresAt: quote.expiresAt,
      terms: {
        ...parseStoredJson(storedTermsSchema, revision.terms, 'quote_revisions.terms', revision.id),
        quoteNumber: quote.number ?? undefined,
      },
      updatedAt: now,
    })
    .where(eq(quoteRevisions.id, revision.id))
    .returning();
  if (!row) throw new Error('revision vanished');
  const link = await issuePurchasingLink(tx, row, loaded.purchasing.email, now);
  return { row, link };
}

/** Stripe trouble in words for staff; "unknown outcome" means a retry of the same form is safe. */
export function stripeProblem(error: unknown): unknown {
  if (!(error instanceof StripeAdapterError)) return error;
  switch (error.kind) {
    case 'unavailable':
    case 'unknown_outcome':
      return new AppError(
        'UNAVAILABLE',
        'Stripe did not answer in time. Send the same form again: it continues the same quote and never makes a second one.',
        { retryAfterSeconds: 5, cause: error },
      );
    case 'conflict':
      return new AppError(
        'CONFLICT',
        'Stripe refused this change in the quote’s current state. Reload and check the quote.',
        {
          cause: error,
        },
      );
    default:
      return error;
  }
}
