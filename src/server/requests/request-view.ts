/**
 * The request as one role may see it (GET /api/requests/:id). Every role sees both tracks, the handoff
 * note and the history; contact emails and phone numbers go only to the two named roles, never to a
 * status link (which may be forwarded around a company).
 */
import { reorderView } from './reorder-view.js';
import { z } from 'zod';
import type {
  ContactView,
  EstimateView,
  RequestQuoteView,
  RequestView,
  ViewerRole,
} from '../../domain/contracts/request-view.js';
import { COMMERCIAL_LABEL, TECHNICAL_LABEL } from '../../domain/labels.js';
import type { PoStatus, QuoteRequest } from '../../domain/request-schema.js';
import { nextActor } from '../../domain/workflow/next-actor.js';
import { readyForProduction, signOffView } from '../../domain/workflow/views.js';
import { summarizeEvent } from './events.js';
import { productionView } from './production-view.js';
import { toFileView } from './files.js';
import { requestHandoffNote } from './handoff.js';
import type { ContactRow, LoadedRequest } from './load-request.js';

export type { ContactView, EstimateView, RequestQuoteView, RequestView, ViewerRole };

/**
 * The fields of an `estimate_sent` payload a link holder may read, and only these: zod drops every
 * other key (the send id, and anything the shop's costing might ever add), so the payload is never
 * passed through whole.
 */
const estimatePickSchema = z.object({
  quantity: z.number().int().positive(),
  material: z.string(),
  currency: z.string(),
  lowMinor: z.number().int().nonnegative(),
  highMinor: z.number().int().nonnegative(),
  leadDaysMin: z.number().int().nonnegative(),
  leadDaysMax: z.number().int().nonnegative(),
  assumptions: z.array(z.string()),
  note: z.string().optional(),
});

/** The estimate's customer-facing fields, or undefined when the payload does not hold them all. */
export function pickEstimate(payload: unknown): Omit<EstimateView, 'sentAt'> | undefined {
  const parsed = estimatePickSchema.safeParse(payload);
  if (!parsed.success) return undefined;
  const { note, ...fields } = parsed.data;
  return { ...fields, ...(note ? { note } : {}) };
}

/** The newest `estimate_sent` event's estimate, with when it was sent. */
export function latestEstimate(events: LoadedRequest['events']): EstimateView | undefined {
  const row = events.findLast((event) => event.type === 'estimate_sent');
  const picked = row ? pickEstimate(row.payload) : undefined;
  return row && picked ? { ...picked, sentAt: row.createdAt.toISOString() } : undefined;
}

/** Roles whose people the customer's history names; the shop's staff stay "the shop". */
const NAMED_ROLES: readonly string[] = ['technical', 'purchasing', 'requester'];

function contactView(row: ContactRow, withReach: boolean): ContactView {
  return {
    name: row.name,
    company: row.company,
    ...(row.jobTitle ? { jobTitle: row.jobTitle } : {}),
    ...(withReach ? { email: row.email, ...(row.phone ? { phone: row.phone } : {}) } : {}),
  };
}

export interface RequestViewOptions {
  loaded: LoadedRequest;
  viewerRole: ViewerRole;
  /** The current firm quote revision as this viewer may read it (built by the caller, which reads revisions). */
  quote?: RequestQuoteView | undefined;
}

export function requestView({ loaded, viewerRole, quote }: RequestViewOptions): RequestView {
  const { request, details, technical, purchasing, state } = loaded;
  const withReach = viewerRole !== 'status';
  const next = nextActor(state);
  const estimate = latestEstimate(loaded.events);
  const reorder = reorderView(loaded);
  return {
    id: request.id,
    reference: request.reference,
    mode: request.mode as QuoteRequest['mode'],
    createdAt: request.createdAt.toISOString(),
    viewerRole,
    part: details.part,
    quantities: details.quantities,
    neededBy: details.neededBy,
    sameContactForBothRoles: request.sameContactForBothRoles,
    contacts: {
      technical: contactView(technical, withReach),
      purchasing: {
        ...contactView(purchasing, withReach),
        poStatus: (purchasing.poStatus ?? 'none') as PoStatus,
        ...(purchasing.poNumber ? { poNumber: purchasing.poNumber } : {}),
      },
    },
    files: loaded.files.map(toFileView),
    technical: { state: state.technical, label: TECHNICAL_LABEL[state.technical] },
    signOff: signOffView(state),
    commercial: { state: state.commercial, label: COMMERCIAL_LABEL[state.commercial] },
    readyForProduction: readyForProduction(state),
    production: productionView(state),
    nextActor: next.actor,
    missing: next.missing,
    handoffNote: requestHandoffNote(state),
    events: loaded.events.map((row) => ({
      id: row.id,
      type: row.type,
      role: row.role,
      ...(row.actorName && NAMED_ROLES.includes(row.role) ? { actorName: row.actorName } : {}),
      at: row.createdAt.toISOString(),
      summary: summarizeEvent(row, { technical: technical.email, purchasing: purchasing.email }),
    })),
    ...(estimate ? { latestEstimate: estimate } : {}),
    ...(quote ? { quote } : {}),
    ...(reorder ? { reorderOf: reorder } : {}),
  };
}
