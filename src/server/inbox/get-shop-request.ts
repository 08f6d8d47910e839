/**
 * GET /api/shop/requests/:id: everything the shop's request page shows: the request with contacts and
 * files, both tracks, who acts next, quotes and revisions with quoted / released / remaining
 * quantities, the full event history with who did what, and a proposed rough estimate.
 */
import { AppError } from '../../domain/errors.js';
import { lotSummary, type LotSummary } from '../../domain/workflow/views.js';
import { loadRequest } from '../requests/load-request.js';
import { requestView, type RequestView } from '../requests/request-view.js';
import { listRevisions, revisionView, type QuoteRevisionView } from '../quotes/revisions.js';
import { proposeEstimateFor, type EstimateProposal } from '../quotes/shop-data.js';

export interface ShopRequestView extends Omit<RequestView, 'viewerRole' | 'events'> {
  viewerRole: 'shop';
  events: (RequestView['events'][number] & { actorEmail?: string; payload: Record<string, unknown> })[];
  quotes: QuoteRevisionView[];
  lots: LotSummary;
  estimate: EstimateProposal;
  /** Estimates already sent, newest first. */
  estimatesSent: Record<string, unknown>[];
}

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
    quotes: revisions.map((row) => revisionView({ row, loaded, current })),
    lots: lotSummary(loaded.state),
    estimate: proposeEstimateFor(loaded),
    estimatesSent: loaded.events
      .filter((row) => row.type === 'estimate_sent')
      .map((row) => ({ ...payloadOf(row.payload), at: row.createdAt.toISOString(), by: row.actorEmail }))
      .reverse(),
  };
}
