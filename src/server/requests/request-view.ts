/**
 * The request as one role may see it (GET /api/requests/:id). Every role sees both tracks, the handoff
 * note and the history; contact emails and phone numbers go only to the two named roles, never to a
 * status link (which may be forwarded around a company).
 */
import type { ContactView, RequestView, ViewerRole } from '../../domain/contracts/request-view.js';
import { COMMERCIAL_LABEL, TECHNICAL_LABEL } from '../../domain/labels.js';
import type { PoStatus, QuoteRequest } from '../../domain/request-schema.js';
import { nextActor } from '../../domain/workflow/next-actor.js';
import { readyForProduction } from '../../domain/workflow/views.js';
import { summarizeEvent } from './events.js';
import { toFileView } from './files.js';
import { requestHandoffNote } from './handoff.js';
import type { ContactRow, LoadedRequest } from './load-request.js';

export type { ContactView, RequestView, ViewerRole };

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
}

export function requestView({ loaded, viewerRole }: RequestViewOptions): RequestView {
  const { request, details, technical, purchasing, state } = loaded;
  const withReach = viewerRole !== 'status';
  const next = nextActor(state);
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
    commercial: { state: state.commercial, label: COMMERCIAL_LABEL[state.commercial] },
    readyForProduction: readyForProduction(state),
    nextActor: next.actor,
    missing: next.missing,
    handoffNote: requestHandoffNote(state),
    events: loaded.events.map((row) => ({
      id: row.id,
      type: row.type,
      role: row.role,
      ...(row.actorName ? { actorName: row.actorName } : {}),
      at: row.createdAt.toISOString(),
      summary: summarizeEvent(row),
    })),
  };
}
