/**
 * The append-only event log (architecture §1, invariant 5): one row per thing that happened to a
 * request, with who, in which role, on which revision, from which address. Workflow events reach it
 * only through the decision path (`requests/commit-decision.ts`); bookkeeping rows (a request
 * submitted, links sent, a mail that failed, a file added, a release step Stripe did not answer) are
 * written here directly. The database refuses UPDATE and DELETE on the table.
 */
import { asc, eq } from './orm.js';
import type { ReleaseEventType } from '../../domain/release-schema.js';
import type { ReminderEventType } from '../../domain/workflow/reminders.js';
import type { ActorRole, WorkflowEventType } from '../../domain/workflow/vocabulary.js';
import type { RequestMeta } from '../http/request-meta.js';
import { getDb, type Db, type Tx } from './index.js';
import { events } from './schema.js';

export type EventRow = typeof events.$inferSelect;

/** Events that are not workflow moves: who submitted, which mails went out or failed. */
export const INTAKE_EVENT_TYPES = ['request_submitted', 'links_sent', 'mail_failed', 'file_added'] as const;
export type IntakeEventType = (typeof INTAKE_EVENT_TYPES)[number];

/** The roles a row records: the workflow's actors, the requester (who filled in the form) among them. */
export type EventRole = ActorRole;

export interface RecordEventOptions {
  tx?: Tx | Db;
  requestId: string;
  type: WorkflowEventType | IntakeEventType | ReleaseEventType | ReminderEventType;
  role: EventRole;
  actorName?: string | undefined;
  actorEmail?: string | undefined;
  quoteRevisionId?: string | undefined;
  payload?: Record<string, unknown>;
  meta?: RequestMeta | undefined;
}

/** The row `recordEvent` writes, for a caller that inserts several events in one statement. */
export function eventRow(options: Omit<RecordEventOptions, 'tx'>): typeof events.$inferInsert {
  return {
    requestId: options.requestId,
    type: options.type,
    role: options.role,
    actorName: options.actorName ?? null,
    actorEmail: options.actorEmail?.toLowerCase() ?? null,
    quoteRevisionId: options.quoteRevisionId ?? null,
    payload: options.payload ?? {},
    ip: options.meta?.ip ?? null,
    userAgent: options.meta?.userAgent ?? null,
  };
}

export async function recordEvent(options: RecordEventOptions): Promise<EventRow> {
  const db = options.tx ?? getDb();
  const [row] = await db.insert(events).values(eventRow(options)).returning();
  if (!row) throw new Error('event insert returned no row');
  return row;
}

export async function listEvents(requestId: string, tx?: Tx | Db): Promise<EventRow[]> {
  return (tx ?? getDb()).select().from(events).where(eq(events.requestId, requestId)).orderBy(asc(events.id));
}
