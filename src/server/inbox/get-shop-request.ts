/**
 * GET /api/shop/requests/:id: everything the shop's request page shows: the request with contacts and
 * files, both tracks, who acts next, quotes and revisions with quoted / released / remaining
 * quantities, the full event history with who did what, and a proposed rough estimate.
 */
import type { ShopRequestView } from '../../domain/contracts/inbox.js';
import { AppError } from '../../domain/errors.js';
import { lotSummary } from '../../domain/workflow/views.js';
import { loadRequest } from '../requests/load-request.js';
import { requestView } from '../requests/request-view.js';
import { listRevisions } from '../quotes/revisions.js';
import { requestApprovalsView } from '../requests/approvals-view.js';
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
