/**
 * What `dueReminders` reads about a loaded request (architecture §14): its event log as plain
 * entries and each revision's expiry. Shared by the scheduled send and the opt-out.
 */
import { eq } from '../db/orm.js';
import { dueReminders, type Reminder, type ReminderLogEntry } from '../../domain/workflow/reminders.js';
import { REMINDER_SETTINGS } from '../../domain/reminder-settings-schema.js';
import type { Db, Tx } from '../db/index.js';
import { quoteRevisions } from '../db/schema.js';
import type { LoadedRequest } from '../requests/load-request.js';

export function logEntries(loaded: Pick<LoadedRequest, 'events'>): ReminderLogEntry[] {
  return loaded.events.map((row) => ({
    type: row.type,
    at: row.createdAt.toISOString(),
    revisionId: row.quoteRevisionId ?? undefined,
    payload: typeof row.payload === 'object' && row.payload !== null ? (row.payload as Record<string, unknown>) : {},
  }));
}

export async function revisionExpiries(db: Db | Tx, requestId: string): Promise<Record<string, string>> {
  const rows = await db
    .select({ id: quoteRevisions.id, expiresAt: quoteRevisions.expiresAt })
    .from(quoteRevisions)
    .where(eq(quoteRevisions.requestId, requestId));
  return Object.fromEntries(rows.map((row) => [row.id, row.expiresAt.toISOString()]));
}

/** The reminders due on this request at `now`, under the shop's settings. */
export async function remindersDue(db: Db | Tx, loaded: LoadedRequest, now: Date): Promise<Reminder[]> {
  return dueReminders({
    state: loaded.state,
    events: logEntries(loaded),
    expiries: await revisionExpiries(db, loaded.request.id),
    now,
    settings: REMINDER_SETTINGS,
  });
}
