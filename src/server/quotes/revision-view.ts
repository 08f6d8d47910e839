/** The reply shape of one quote revision, for the shop and the purchasing approver alike. */
import type { QuoteRevisionView } from '../../domain/contracts/quote-view.js';
import { TECHNICAL_LABEL, SCOPE_LABEL } from '../../domain/labels.js';
import { parseStoredJson } from '../../domain/stored-json.js';
import { storedLinesSchema, storedTermsSchema } from '../../domain/stored-quote-schema.js';
import { lotSummary } from '../../domain/workflow/views.js';
import { requestHandoffNote } from '../requests/handoff.js';
import type { LoadedRequest } from '../requests/load-request.js';
import type { RevisionRow } from './revisions.js';
export function revisionView(options: {
  row: RevisionRow;
  loaded: LoadedRequest;
  current: RevisionRow | undefined;
}): QuoteRevisionView {
  const { row, loaded, current } = options;
  const lines = parseStoredJson(storedLinesSchema, row.lines, 'quote_revisions.lines', row.id).map((line) => ({
    ...line,
    totalMinor: line.unitAmountMinor * line.quantity,
  }));
  return {
    id: row.id,
    requestId: row.requestId,
    reference: loaded.request.reference,
    partName: loaded.details.part.name,
    revision: row.revision,
    scope: row.scope,
    scopeLabel: SCOPE_LABEL[row.scope],
    quantity: row.quantity,
    status: row.status,
    currency: row.currency,
    lines,
    amountTotalMinor: row.amountTotalMinor,
    terms: parseStoredJson(storedTermsSchema, row.terms, 'quote_revisions.terms', row.id),
    expiresAt: row.expiresAt.toISOString(),
    issuedAt: row.createdAt.toISOString(),
    stripeQuoteId: row.stripeQuoteId,
    pdfUrl: `/api/quotes/${row.id}/pdf`,
    acceptedOutsidePortal: row.acceptedOutsidePortal,
    supersededBy: row.supersededBy,
    current: current ? { id: current.id, revision: current.revision } : null,
    lots: lotSummary(loaded.state),
    technical: { state: loaded.state.technical, label: TECHNICAL_LABEL[loaded.state.technical] },
    handoffNote: requestHandoffNote(loaded.state),
    invoice: row.stripeInvoiceId ? { number: row.invoiceNumber, url: row.invoiceUrl, status: row.invoiceStatus } : null,
  };
}
