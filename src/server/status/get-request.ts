/**
 * GET /api/requests/:id: the request as the link's role may see it. The link is checked before the
 * request is looked up, so an unknown token learns nothing about which ids exist.
 */
import { and, desc, eq, ne } from '../db/orm.js';
import { AppError } from '../../domain/errors.js';
import { SCOPE_LABEL } from '../../domain/labels.js';
import { parseStoredJson } from '../../domain/stored-json.js';
import { storedTermsSchema } from '../../domain/stored-quote-schema.js';
import { getDb } from '../db/index.js';
import { quoteRevisions } from '../db/schema.js';
import { verifyLink, type LinkRow } from '../links/index.js';
import { isUuid, loadRequest, type LoadedRequest } from '../requests/load-request.js';
import { requestApprovalsView } from '../requests/approvals-view.js';
import { requestView, type RequestQuoteView, type RequestView, type ViewerRole } from '../requests/request-view.js';

export interface GetRequestOptions {
  id: string;
  token: string | undefined;
}

const VIEWER_PURPOSES = ['technical', 'purchasing', 'status'] as const;

export async function getRequest({ id, token }: GetRequestOptions): Promise<RequestView> {
  const link = await verifyLink({ token, purposes: VIEWER_PURPOSES });
  if (!isUuid(id))
    throw new AppError('NOT_FOUND', 'There is no request at this address. Check the link in your email.');
  if (link.requestId !== id) {
    throw new AppError(
      'UNAUTHENTICATED',
      'This link belongs to another request. Open the link from the email about this one.',
    );
  }
  const loaded = await loadRequest({ id });
  if (!loaded) throw new AppError('NOT_FOUND', 'There is no request at this address. Check the link in your email.');
  return requestView({ loaded, viewerRole: link.purpose as ViewerRole, quote: await currentQuote(loaded, link) });
}

/**
 * The request's newest issued revision as its contacts read it: total, lead time, validity and the
 * invoice once there is one. The PDF comes from `GET /api/quotes/:id/pdf`, which only the shop and
 * the revision's own purchasing link may fetch, so its address is given to that link alone.
 */
async function currentQuote(loaded: LoadedRequest, link: LinkRow): Promise<RequestQuoteView | undefined> {
  const requestId = loaded.request.id;
  const [row] = await getDb()
    .select()
    .from(quoteRevisions)
    .where(and(eq(quoteRevisions.requestId, requestId), ne(quoteRevisions.status, 'draft')))
    .orderBy(desc(quoteRevisions.revision))
    .limit(1);
  if (!row) return undefined;
  const terms = parseStoredJson(storedTermsSchema, row.terms, 'quote_revisions.terms', row.id);
  const mayFetchPdf = link.purpose === 'purchasing' && link.quoteRevisionId === row.id && row.stripeQuoteId !== null;
  return {
    revisionId: row.id,
    revision: row.revision,
    ...(terms.quoteNumber ? { quoteNumber: terms.quoteNumber } : {}),
    scopeLabel: SCOPE_LABEL[row.scope],
    quantity: row.quantity,
    status: row.status,
    currency: row.currency,
    amountTotalMinor: row.amountTotalMinor,
    leadTimeDays: terms.leadTimeDays,
    expiresAt: row.expiresAt.toISOString(),
    pdfUrl: mayFetchPdf ? `/api/quotes/${row.id}/pdf` : null,
    invoice: row.stripeInvoiceId ? { number: row.invoiceNumber, url: row.invoiceUrl } : null,
    ...(requestApprovalsView(loaded, row.id) ? { approvals: requestApprovalsView(loaded, row.id) } : {}),
  };
}
