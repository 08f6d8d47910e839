/**
 * GET /api/shop/requests/:id: everything the shop's request page shows: the request with contacts and
 * files, both tracks, who acts next, quotes and revisions with quoted / released / remaining
 * quantities, the full event history with who did what, and a proposed rough estimate.
 */
import type { ShopRequestView } from '../../domain/contracts/inbox.js';
import { AppError } from '../../domain/errors.js';
import { lotSummary } from '../../domain/workflow/views.js';
import { loadRequest, type LoadedRequest } from '../requests/load-request.js';
import type { PoDocumentView } from '../../domain/contracts/inbox.js';
import { requestView } from '../requests/request-view.js';
import { listRevisions } from '../quotes/revisions.js';
import { requestApprovalsView } from '../requests/approvals-view.js';
import { poDocumentOf } from '../release/po-document-check.js';
import { revisionView } from '../quotes/revision-view.js';
import { proposeEstimateFor } from '../quotes/shop-data.js';
import { technicalDecisions } from './technical-decisions.js';

export type { ShopRequestView };

export interface GetShopRequestOptions {
  id: string;
}

export async function getShopRequest({ id }: GetShopRequestOptions): Promise<ShopRequestView> {
  const loaded = await loadRequest({ id });
  if (!loaded) throw new AppError('NOT_FOUND', 'There is no request with this id.');
  const view = requestView({ loaded, viewerRole: 'technical' });
  const revisions = await listRevisions(id);
  const current = revisions[0];
  const payloadOf = (value: unknown): Record<string, unknown> =>
    typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return {
    ...view,
    viewerRole: 'shop',
    events: view.events.map((event, index) => {
      const row = loaded.events[index];
      return { ...event, ...(row?.actorEmail ? { actorEmail: row.actorEmail } : {}), payload: payloadOf(row?.payload) };
    }),
    quotes: revisions.map((row) => ({
      ...revisionView({ row, loaded, current }),
      ...(requestApprovalsView(loaded, row.id) ? { approvals: requestApprovalsView(loaded, row.id) } : {}),
      ...poDocumentView(loaded.events, row.id),
    })),
    lots: lotSummary(loaded.state),
    estimate: proposeEstimateFor(loaded),
    estimatesSent: loaded.events
      .filter((row) => row.type === 'estimate_sent')
      .map((row) => ({ ...payloadOf(row.payload), at: row.createdAt.toISOString(), by: row.actorEmail }))
      .reverse(),
    technicalDecisions: technicalDecisions({ events: loaded.events, files: loaded.files }),
  };
}

/** The revision's PO document as the shop reads it: name, hash, what the release found, the download. */
function poDocumentView(events: LoadedRequest['events'], revisionId: string): { poDocument?: PoDocumentView } {
  const document = poDocumentOf(events, revisionId);
  if (!document) return {};
  return {
    poDocument: {
      name: document.name,
      sha256: document.sha256,
      ...(document.outcome
        ? { outcome: document.outcome, summary: document.summary, findings: document.findings }
        : {}),
      url: `/api/quotes/${revisionId}/po-document`,
    },
  };
}
