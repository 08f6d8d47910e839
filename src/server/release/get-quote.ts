/**
 * GET /api/quotes/:id: one quote revision for the shop (session) or its purchasing approver (the
 * purchasing link bound to that revision). A link for an earlier revision answers 409 QUOTE_SUPERSEDED
 * naming the current revision, even though revising revoked it: "replaced by revision 3, sent on …"
 * helps the approver more than "link revoked".
 */
import type {
  ApproverView,
  HoldView,
  QuoteReleaseView,
  ReleaseReceiptView,
} from '../../domain/contracts/quote-view.js';
import { AppError } from '../../domain/errors.js';
import { signOffView } from '../../domain/workflow/views.js';
import type { PoStatus } from '../../domain/request-schema.js';
import type { EventRow } from '../db/event-log.js';
import { loadRequest, type LoadedRequest } from '../requests/load-request.js';
import { findRevision, listRevisions } from '../quotes/revisions.js';
import { revisionView } from '../quotes/revision-view.js';
import { verifyPurchasingLink } from './authorise.js';
import { approvalsView } from '../requests/approvals-view.js';
import { vendorPacketView } from './vendor-packet-view.js';

export interface GetQuoteOptions {
  quoteRevisionId: string;
  /** Set when a staff session was presented; the token is then ignored. */
  staffEmail?: string | undefined;
  token?: string | undefined;
  now?: Date;
}

export type QuoteViewerRole = 'shop' | 'purchasing';

const NOT_FOUND = 'There is no quote at this address. Open the link in the newest quote email from the shop.';

export async function getQuote(options: GetQuoteOptions): Promise<QuoteReleaseView> {
  const viewerRole: QuoteViewerRole = options.staffEmail ? 'shop' : 'purchasing';
  const link = options.staffEmail
    ? undefined
    : await verifyPurchasingLink({ token: options.token, quoteRevisionId: options.quoteRevisionId, now: options.now });
  const row = await findRevision(options.quoteRevisionId);
  if (!row || row.status === 'draft') throw new AppError('NOT_FOUND', NOT_FOUND);
  const loaded = await loadRequest({ id: row.requestId });
  if (!loaded) throw new AppError('NOT_FOUND', NOT_FOUND);
  const [current] = await listRevisions(row.requestId);
  return {
    ...revisionView({ row, loaded, current }),
    viewerRole,
    // The approver sees what geometry the technical go-ahead is bound to (architecture §1, invariant 7).
    signOff: signOffView(loaded.state),
    ...aroundTheDecision(loaded, row.id),
    approvals: approvalsView(loaded, row.id, link?.recipientEmail),
    vendorPacket: await vendorPacketView(row.id),
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function payloadOf(row: EventRow): Record<string, unknown> {
  return typeof row.payload === 'object' && row.payload !== null ? (row.payload as Record<string, unknown>) : {};
}

/**
 * What the release page shows around the decision: the approver as the request names them (to
 * prefill the release), why the revision is on hold while it is, and the receipt once released.
 */
function aroundTheDecision(
  loaded: LoadedRequest,
  revisionId: string,
): Pick<QuoteReleaseView, 'approver' | 'hold' | 'release'> {
  const { purchasing } = loaded;
  const approver: ApproverView = {
    name: purchasing.name,
    ...(purchasing.jobTitle ? { jobTitle: purchasing.jobTitle } : {}),
    poStatus: (purchasing.poStatus ?? 'none') as PoStatus,
    ...(purchasing.poNumber ? { poNumber: purchasing.poNumber } : {}),
  };
  const status = loaded.state.revisions.find((revision) => revision.id === revisionId)?.status;
  const newest = (type: string) =>
    loaded.events.findLast((event) => event.type === type && event.quoteRevisionId === revisionId);

  const held = status === 'on_hold' ? newest('purchasing_hold') : undefined;
  const hold: HoldView | null = held
    ? {
        reason: text(payloadOf(held).reason) ?? 'No reason given',
        ...(held.actorName ? { by: held.actorName } : {}),
        at: held.createdAt.toISOString(),
      }
    : null;

  const accepted = status === 'accepted' ? newest('purchasing_accepted') : undefined;
  let release: ReleaseReceiptView | null = null;
  if (accepted) {
    const payload = payloadOf(accepted);
    const jobTitle = text(payload.jobTitle);
    const poNumber = text(payload.poNumber);
    const budgetCode = text(payload.budgetCode);
    release = {
      by: accepted.actorName ?? purchasing.name,
      ...(jobTitle ? { jobTitle } : {}),
      at: accepted.createdAt.toISOString(),
      ...(poNumber ? { poNumber } : {}),
      ...(budgetCode ? { budgetCode } : {}),
    };
  }
  return { approver, hold, release };
}
