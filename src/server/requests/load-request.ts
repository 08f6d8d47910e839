/**
 * A request with everything the views and decisions need: contacts, files, events, and both tracks
 * rebuilt from the events on every load (architecture §11: no state is stored beside the log).
 */
import { asc, eq } from '../db/orm.js';
import { requestDetailsSchema } from '../../domain/request-details-schema.js';
import type { QuoteRequest } from '../../domain/request-schema.js';
import { parseStoredJson } from '../../domain/stored-json.js';
import type { RoleHolders, WorkflowState } from '../../domain/workflow/state.js';
import { initialWorkflowState, replayEvents } from '../../domain/workflow/transitions.js';
import type { ReplayedEvent } from '../../domain/workflow/vocabulary.js';
import { requestTimeline, type RequestTimeline } from '../../domain/workflow/waiting.js';
import { getDb, type Db, type Tx } from '../db/index.js';
import { contacts, files, requests } from '../db/schema.js';
import { listEvents, type EventRow } from '../db/event-log.js';
import { toWorkflowEvent } from './events.js';
import type { FileRow } from './files.js';

export type RequestRow = typeof requests.$inferSelect;
export type ContactRow = typeof contacts.$inferSelect;

/** What `requests.details` holds: the parts of the submitted request that have no table of their own. */
export type RequestDetails = Pick<QuoteRequest, 'part' | 'quantities' | 'neededBy'>;

export interface LoadedRequest {
  request: RequestRow;
  details: RequestDetails;
  technical: ContactRow;
  purchasing: ContactRow;
  files: FileRow[];
  events: EventRow[];
  state: WorkflowState;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a well-formed id; anything else cannot exist and must not reach a uuid column. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

export interface LoadRequestOptions {
  id: string;
  tx?: Tx | Db;
}

/** Undefined when there is no such request. */
export async function loadRequest({ id, tx }: LoadRequestOptions): Promise<LoadedRequest | undefined> {
  if (!isUuid(id)) return undefined;
  const db = tx ?? getDb();
  const [request] = await db.select().from(requests).where(eq(requests.id, id));
  if (!request) return undefined;
  const readContacts = () => db.select().from(contacts).where(eq(contacts.requestId, id));
  const readFiles = () =>
    db.select().from(files).where(eq(files.requestId, id)).orderBy(asc(files.createdAt), asc(files.id));
  const readEvents = () => listEvents(id, db);
  // A transaction is one connection, which takes one query at a time (node-postgres warns, and pg 9
  // refuses, overlapping ones); the pool can run the three side by side.
  const [contactRows, fileRows, eventRows] = tx
    ? [await readContacts(), await readFiles(), await readEvents()]
    : await Promise.all([readContacts(), readFiles(), readEvents()]);
  const technical = contactRows.find((row) => row.role === 'technical');
  const purchasing = contactRows.find((row) => row.role === 'purchasing');
  if (!technical || !purchasing) throw new Error(`request ${id} is missing a contact row`);
  const details = parseStoredJson(requestDetailsSchema, request.details, 'requests.details', id);
  const roles: RoleHolders = {
    technicalEmail: technical.email,
    purchasingEmail: purchasing.email,
    sameContactForBothRoles: request.sameContactForBothRoles,
  };
  const state = projectState({ request, details, roles, events: eventRows });
  return { request, details, technical, purchasing, files: fileRows, events: eventRows, state };
}

export interface ProjectStateOptions {
  request: Pick<RequestRow, 'mode'>;
  details: RequestDetails;
  roles: RoleHolders;
  events: EventRow[];
}

function replayInput({ request, details, roles, events }: ProjectStateOptions) {
  const initial = initialWorkflowState({
    mode: request.mode as WorkflowState['mode'],
    roles,
    plannedTotal: details.quantities.total ?? details.quantities.openingLot,
  });
  const workflowEvents = events.map(toWorkflowEvent).filter((event): event is ReplayedEvent => event !== undefined);
  return { initial, workflowEvents };
}

/** Both tracks from the event log; refused events (which a writer should never store) are ignored. */
export function projectState(options: ProjectStateOptions): WorkflowState {
  const { initial, workflowEvents } = replayInput(options);
  return replayEvents(initial, workflowEvents).state;
}

/** The same replay, also dating the current wait for the shop dashboard (architecture §13). */
export function projectTimeline(
  options: ProjectStateOptions & { request: Pick<RequestRow, 'mode' | 'createdAt'> },
): RequestTimeline {
  const { initial, workflowEvents } = replayInput(options);
  return requestTimeline({ initial, events: workflowEvents, submittedAt: options.request.createdAt.toISOString() });
}
