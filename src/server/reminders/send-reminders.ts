/**
 * The scheduled job's reminders (architecture §14). For each request it looks at, the due reminders
 * are computed without a lock; a request with any is then locked, loaded again and computed again, and
 * each reminder still due is recorded as `reminder_sent` (its key: cause, subject and step) with its
 * mails in the same transaction. Two runs at once therefore send once: the second waits for the lock
 * and finds the first one's row. Work is bounded: at most `limit` reminders per run, the rest stay due
 * for the next run.
 */
import { desc } from '../db/orm.js';
import type { Reminder } from '../../domain/workflow/reminders.js';
import { REMINDER_SETTINGS } from '../../domain/reminder-settings-schema.js';
import { approvalStanding } from '../../domain/workflow/approvals.js';
import { currentRevision } from '../../domain/workflow/views.js';
import { getConfig } from '../config.js';
import { getDb, type Tx } from '../db/index.js';
import { recordEvent } from '../db/event-log.js';
import { requests } from '../db/schema.js';
import { errorCode } from '../error-code.js';
import { issueLink } from '../links/index.js';
import { logError, logInfo } from '../log.js';
import { enqueueMails, type QueuedMail } from '../mail/outbox.js';
import { customerReminderMail, shopReminderMail } from '../mail/templates/reminder-mails.js';
import { approverPerson } from '../requests/approvals-view.js';
import { loadRequest, type LoadedRequest } from '../requests/load-request.js';
import { lockAndLoadRequest } from '../requests/lock-request.js';
import { remindersDue } from './reminder-facts.js';

export interface SendRemindersOptions {
  now: Date;
  /** At most this many reminders per run (default: the settings' `perRunLimit`). */
  limit?: number;
}

export interface RemindersReport {
  sent: number;
  /** Reminders due but left for the next run (the limit was reached). */
  deferred: number;
  errors: number;
}

/** How many requests one run reads, newest activity first. */
const SCAN_LIMIT = 1000;

export async function sendReminders({
  now,
  limit = REMINDER_SETTINGS.perRunLimit,
}: SendRemindersOptions): Promise<RemindersReport> {
  const report: RemindersReport = { sent: 0, deferred: 0, errors: 0 };
  const candidates = await getDb()
    .select({ id: requests.id })
    .from(requests)
    .orderBy(desc(requests.updatedAt))
    .limit(SCAN_LIMIT);
  for (const { id } of candidates) {
    try {
      const loaded = await loadRequest({ id });
      if (!loaded || (await remindersDue(getDb(), loaded, now)).length === 0) continue;
      if (report.sent >= limit) {
        report.deferred += 1;
        continue;
      }
      const sent = await getDb().transaction((tx) => sendDue(tx, id, now, limit - report.sent));
      report.sent += sent;
    } catch (error) {
      report.errors += 1;
      logError(`reminders: request ${id} failed: ${errorCode(error)}`);
    }
  }
  return report;
}

/** Under the request's lock: the reminders still due, each recorded once with its mails. */
async function sendDue(tx: Tx, requestId: string, now: Date, room: number): Promise<number> {
  const loaded = await lockAndLoadRequest({ tx, requestId, notFoundMessage: 'request not found' });
  const due = (await remindersDue(tx, loaded, now)).slice(0, room);
  for (const reminder of due) {
    const mails = await mailsFor(tx, loaded, reminder, now);
    await recordEvent({
      tx,
      requestId,
      type: 'reminder_sent',
      role: 'system',
      quoteRevisionId: reminder.revisionId,
      payload: {
        key: reminder.key,
        cause: reminder.cause,
        step: reminder.step,
        recipientRole: reminder.recipientRole,
        dueSince: reminder.dueSince,
        ...(reminder.deadline ? { deadline: reminder.deadline } : {}),
      },
    });
    await enqueueMails({ tx, requestId, mails });
    logInfo(`reminders: ${reminder.cause} ${reminder.step} sent for request ${requestId}`);
  }
  return due.length;
}

const ROLE_WORDS = {
  purchasing: 'as the purchasing approver',
  technical: 'as the technical contact',
} as const;

async function mailsFor(tx: Tx, loaded: LoadedRequest, reminder: Reminder, now: Date): Promise<QueuedMail[]> {
  const config = getConfig();
  const requestId = loaded.request.id;
  const base = { reference: loaded.request.reference, partName: loaded.details.part.name, needed: reminder.words };
  if (reminder.recipientRole === 'shop') {
    const message = shopReminderMail({
      ...base,
      to: config.shopNotifyEmail,
      waitingSince: reminder.dueSince,
      promise: REMINDER_SETTINGS.replyPromise,
      requestUrl: `${config.siteUrl}/shop/request/?id=${encodeURIComponent(requestId)}`,
    });
    return [{ recipient: 'the shop', message }];
  }
  const stopLink = (email: string) =>
    issueLink({ tx, now, purpose: 'reminders_off', recipientEmail: email, requestId, params: { id: requestId } });

  if (reminder.recipientRole === 'technical') {
    const to = { name: loaded.technical.name, email: loaded.technical.email };
    const action = await issueLink({
      tx,
      now,
      purpose: 'technical',
      recipientEmail: to.email,
      requestId,
      params: { id: requestId },
    });
    const message = customerReminderMail({
      ...base,
      to,
      roleWords: ROLE_WORDS.technical,
      deadline: reminder.deadline,
      actionUrl: action.url,
      actionLabel: 'Open your review page',
      stopUrl: (await stopLink(to.email)).url,
    });
    return [{ recipient: 'the technical contact', message }];
  }

  // Purchasing: each approver the open revision still waits for, with a link bound to that revision.
  const revision = currentRevision(loaded.state);
  const revisionRow = loaded.state.revisions.find((r) => r.id === reminder.revisionId);
  if (!revision || !revisionRow || !reminder.revisionId || !reminder.deadline) return [];
  const mails: QueuedMail[] = [];
  for (const missing of approvalStanding(loaded.state, revision).missing) {
    const person = approverPerson(loaded, loaded.state, missing.slot);
    const action = await issueLink({
      tx,
      now,
      purpose: 'purchasing',
      recipientEmail: person.email,
      requestId,
      quoteRevisionId: reminder.revisionId,
      notAfter: new Date(reminder.deadline),
      params: { id: reminder.revisionId },
    });
    const message = customerReminderMail({
      ...base,
      to: { name: person.name, email: person.email },
      roleWords: ROLE_WORDS.purchasing,
      deadline: reminder.deadline,
      actionUrl: action.url,
      actionLabel: 'Open the quote',
      stopUrl: (await stopLink(person.email)).url,
    });
    mails.push({ recipient: 'the purchasing approver', message });
  }
  return mails;
}
