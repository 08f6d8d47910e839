/**
 * POST /api/shop/requests/:id/quotes: a firm quote. Order of work: check the workflow allows it, claim
 * the revision row (its number is unique per request), create customer, product and quote in Stripe
 * and finalize it (idempotency keys from the revision id), then in one transaction mark the revision
 * open, append `quote_issued` and issue the purchasing link bound to the revision; mails go out last.
 * Sending the same form again (same draftId) continues the same revision and never makes a second one.
 */
import { AppError } from '../../domain/errors';
import { quoteFormSchema } from '../../domain/quote-schema';
import { parseOrThrow } from '../../domain/request-schema';
import type { WorkflowEvent } from '../../domain/workflow';
import type { RequestMeta } from '../http/request-meta';
import { isUuid, loadRequest } from '../requests/load-request';
import { assertAllowed, commitCommercialEvent, shopActor } from '../shop/commercial';
import {
  claimDraftRevision,
  findRevision,
  openRevision,
  pushQuoteToStripe,
  revisionView,
  stripeProblem,
  type QuoteRevisionView,
} from '../shop/quotes';
import { sendQuoteMails } from '../shop/send-quote-mails';
import type { StaffIdentity } from '../shop/session';

export interface IssueQuoteOptions {
  requestId: string;
  staff: Pick<StaffIdentity, 'email'>;
  body: unknown;
  meta?: RequestMeta;
  now?: Date;
}

export async function issueQuote({
  requestId,
  staff,
  body,
  meta,
  now = new Date(),
}: IssueQuoteOptions): Promise<QuoteRevisionView> {
  const input = parseOrThrow(quoteFormSchema, body);
  const loaded = isUuid(requestId) ? await loadRequest({ id: requestId }) : undefined;
  if (!loaded) throw new AppError('NOT_FOUND', 'There is no request with this id.');

  let draft = await findRevision(input.draftId);
  if (draft && draft.requestId !== requestId)
    throw new AppError('CONFLICT', 'Reload the page and fill in the quote again.');
  if (draft && draft.status !== 'draft') return revisionView({ row: draft, loaded, current: draft });

  const event: WorkflowEvent = {
    type: 'quote_issued',
    actor: shopActor(staff),
    revisionId: input.draftId,
    scope: input.scope,
    quantity: input.quantity,
  };
  assertAllowed(loaded.state, event);
  draft ??= await claimDraftRevision({ id: input.draftId, loaded, input, now });

  const quote = await pushQuoteToStripe({ loaded, revision: draft, input }).catch((error: unknown) => {
    throw stripeProblem(error);
  });

  const committed = await commitCommercialEvent({
    requestId,
    meta,
    now,
    build: () => ({ event }),
    alsoInTx: (tx) => openRevision({ tx, revision: draft, quote, loaded, now }),
  });

  const { row, link } = committed.extra;
  await sendQuoteMails({ loaded, revision: row, state: committed.state, kind: 'issued', releaseUrl: link.url });
  return revisionView({ row, loaded: { ...loaded, state: committed.state }, current: row });
}
