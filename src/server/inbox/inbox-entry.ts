/**
 * One request as the inbox lists it and as the dashboard counts it, from one replay of its events
 * (architecture §11, §13): the inbox item and the dashboard's facts cannot disagree.
 */
import type { DashboardRequest, DashboardRevision } from '../../domain/contracts/dashboard.js';
import type { InboxItem } from '../../domain/contracts/inbox.js';
import { overdueReasons } from '../../domain/dashboard.js';
import { COMMERCIAL_LABEL, MODE_LABEL, TECHNICAL_LABEL } from '../../domain/labels.js';
import type { RequestDetails } from '../../domain/request-details-schema.js';
import type { Revision, WorkflowState } from '../../domain/workflow/state.js';
import { shippedQuantity } from '../../domain/workflow/production.js';
import { currentRevision, readyForProduction } from '../../domain/workflow/views.js';
import type { EventRow } from '../db/event-log.js';
import { projectTimeline, type ContactRow, type RequestRow } from '../requests/load-request.js';

export interface InboxEntry {
  item: InboxItem;
  facts: DashboardRequest;
  state: WorkflowState;
}

export interface InboxEntryOptions {
  request: RequestRow;
  details: RequestDetails;
  technicalContact: ContactRow;
  purchasing: ContactRow;
  events: EventRow[];
  now: Date;
}

/** One revision as the dashboard counts it, with the pieces of it already shipped (architecture §2, §13). */
function dashboardRevision(state: WorkflowState, revision: Revision): DashboardRevision {
  return {
    status: revision.status,
    quantity: revision.quantity,
    totalMinor: revision.totalMinor,
    currency: revision.currency,
    shippedQuantity: shippedQuantity(state, revision.id),
  };
}

export function inboxEntry({
  request,
  details,
  technicalContact,
  purchasing,
  events,
  now,
}: InboxEntryOptions): InboxEntry {
  const timeline = projectTimeline({
    request,
    details,
    roles: {
      technicalEmail: technicalContact.email,
      purchasingEmail: purchasing.email,
      sameContactForBothRoles: request.sameContactForBothRoles,
    },
    events,
  });
  const { state, next } = timeline;
  const facts: DashboardRequest = {
    id: request.id,
    nextActor: next.actor,
    waitingSince: timeline.waitingSince,
    shopReplyOwed: timeline.shopReplyOwed,
    neededBy: details.neededBy,
    firstOfferAt: timeline.firstOfferAt,
    revisions: state.revisions.map((revision) => dashboardRevision(state, revision)),
  };
  const current = currentRevision(state);
  const item: InboxItem = {
    id: request.id,
    reference: request.reference,
    partName: details.part.name,
    mode: request.mode,
    modeLabel: MODE_LABEL[state.mode],
    createdAt: request.createdAt.toISOString(),
    company: technicalContact.company,
    technicalContact: { name: technicalContact.name, email: technicalContact.email },
    purchasingApprover: { name: purchasing.name, email: purchasing.email },
    technical: { state: state.technical, label: TECHNICAL_LABEL[state.technical] },
    commercial: { state: state.commercial, label: COMMERCIAL_LABEL[state.commercial] },
    nextActor: next.actor,
    missing: next.missing,
    waitingSince: timeline.waitingSince,
    neededBy: details.neededBy,
    overdue: overdueReasons(facts, now),
    readyForProduction: readyForProduction(state),
    acceptedOutsidePortal: state.revisions.some((r) => r.acceptedOutsidePortal && r.status !== 'accepted'),
    mailFailed: events.some((e) => e.type === 'mail_failed'),
    ...(current
      ? {
          currentQuote: {
            revisionId: current.id,
            scope: current.scope,
            quantity: current.quantity,
            status: current.status,
          },
        }
      : {}),
  };
  return { item, facts, state };
}
