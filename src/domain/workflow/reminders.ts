/**
 * Which reminders are due on a request now (architecture §14), as one pure function of its state, its
 * event log, the revisions' expiries, the clock and the shop's settings. The scheduled job records
 * each one it sends as `reminder_sent` with the reminder's `key`; a key already in the log is never
 * due again, so a reminder goes out at most once per cause and step whatever the runs and retries.
 * A reminder only ever goes to someone who owes the next move (`nextActor`'s `waitingOn`), and not
 * to a customer contact who stopped reminders on this request (`reminders_stopped`).
 */
import type { ReminderSettings } from '../reminder-settings-schema.js';
import { nextActor } from './next-actor.js';
import { isOpen, type WorkflowState } from './state.js';
import { currentRevision } from './views.js';
import { TECHNICAL_EVENT_TYPES } from './vocabulary.js';

/**
 * Bookkeeping rows the workflow does not fold: a reminder sent (`payload.key`), and a customer
 * contact who stopped reminders on the request (`payload.role`).
 */
export const REMINDER_EVENT_TYPES = ['reminder_sent', 'reminders_stopped'] as const;
export type ReminderEventType = (typeof REMINDER_EVENT_TYPES)[number];

export const REMINDER_CAUSES = ['quote_expiry', 'hold_follow_up', 'technical_wait', 'shop_reply'] as const;
export type ReminderCause = (typeof REMINDER_CAUSES)[number];
export type ReminderRole = 'purchasing' | 'technical' | 'shop';

/** Who each cause reminds. */
export const REMINDER_ROLE: Record<ReminderCause, ReminderRole> = {
  quote_expiry: 'purchasing',
  hold_follow_up: 'purchasing',
  technical_wait: 'technical',
  shop_reply: 'shop',
};

/** One event-log row as the reminders read it: bookkeeping rows included, `at` in ISO 8601. */
export interface ReminderLogEntry {
  type: string;
  at: string;
  revisionId?: string | undefined;
  payload: Readonly<Record<string, unknown>>;
}

export interface Reminder {
  /** `cause:subject:step`: what `reminder_sent` stores; the same key is never due twice. */
  key: string;
  cause: ReminderCause;
  /** `3d` (days), `1bd` (business days) or the follow-up date a hold named (`2026-07-01`). */
  step: string;
  recipientRole: ReminderRole;
  revisionId?: string | undefined;
  /** When it became due (ISO 8601). */
  dueSince: string;
  /** By when the recipient must act, when there is such a moment (the quote's expiry). */
  deadline?: string | undefined;
  /** What is needed, in one sentence for the mail. */
  words: string;
}

export interface DueRemindersOptions {
  state: WorkflowState;
  events: readonly ReminderLogEntry[];
  /** Each revision's expiry (ISO 8601) by revision id. */
  expiries: Readonly<Record<string, string>>;
  now: Date;
  settings: ReminderSettings;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const FOLLOW_UP_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The reminders due now, at most one per cause: the most advanced step whose time has come. */
export function dueReminders(options: DueRemindersOptions): Reminder[] {
  const { state, events, settings } = options;
  const now = options.now.getTime();
  const sent = new Set(events.filter((e) => e.type === 'reminder_sent').map((e) => String(e.payload.key)));
  const stopped = new Set(events.filter((e) => e.type === 'reminders_stopped').map((e) => String(e.payload.role)));
  const owes = nextActor(state).waitingOn;
  const due: Reminder[] = [];
  const add = (reminder: Omit<Reminder, 'key' | 'recipientRole'> & { subject: string }) => {
    const { subject, ...rest } = reminder;
    const key = `${rest.cause}:${subject}:${rest.step}`;
    const recipientRole = REMINDER_ROLE[rest.cause];
    if (sent.has(key) || stopped.has(recipientRole) || owes[recipientRole].length === 0) return;
    due.push({ key, recipientRole, ...rest });
  };

  const current = currentRevision(state);
  const expiry = current ? options.expiries[current.id] : undefined;
  const expiresAt = expiry ? Date.parse(expiry) : NaN;
  if (current && isOpen(current) && expiry && now < expiresAt) {
    // The nearest step whose time has come: a run that missed the earlier one sends only the later.
    const step = [...settings.quoteExpiryDaysBefore]
      .sort((a, b) => a - b)
      .find((days) => now >= expiresAt - days * DAY_MS);
    if (step !== undefined) {
      add({
        cause: 'quote_expiry',
        subject: current.id,
        step: `${step}d`,
        revisionId: current.id,
        dueSince: new Date(expiresAt - step * DAY_MS).toISOString(),
        deadline: expiry,
        words: 'Release, hold or decline the open quote before it expires.',
      });
    }
    const hold = events.findLast((e) => e.type === 'purchasing_hold' && e.revisionId === current.id);
    const followUpOn = hold?.payload.followUpOn;
    if (
      settings.holdFollowUp &&
      current.status === 'on_hold' &&
      typeof followUpOn === 'string' &&
      FOLLOW_UP_DATE.test(followUpOn) &&
      now >= Date.parse(`${followUpOn}T00:00:00Z`)
    ) {
      add({
        cause: 'hold_follow_up',
        subject: current.id,
        step: followUpOn,
        revisionId: current.id,
        dueSince: `${followUpOn}T00:00:00.000Z`,
        deadline: expiry,
        words: 'Your hold named today to follow up: release the quote, or decline it, while it is valid.',
      });
    }
  }

  if (state.technical === 'awaiting_review' || state.technical === 'sample_in_progress') {
    const since = latestAt(events, (e) => TECHNICAL_WAIT_STARTS.has(e.type) || isNewGeometry(e));
    if (since !== undefined) {
      const waited = [...settings.technicalWaitDays].sort((a, b) => b - a).find((days) => now >= since + days * DAY_MS);
      if (waited !== undefined) {
        add({
          cause: 'technical_wait',
          subject: new Date(since).toISOString(),
          step: `${waited}d`,
          dueSince: new Date(since + waited * DAY_MS).toISOString(),
          words:
            state.technical === 'awaiting_review'
              ? 'Review the part: confirm the direction, ask for a sample, or ask for changes.'
              : 'Accept or reject the first article the shop shipped.',
        });
      }
    }
  }

  if (shopOwesReply(state)) {
    const since = latestAt(events, (e) => SHOP_WAIT_STARTS.has(e.type));
    if (since !== undefined) {
      const steps = [...settings.shopReplyBusinessDays].sort((a, b) => b - a);
      const waited = steps.find((days) => now >= addBusinessDays(since, days));
      if (waited !== undefined) {
        add({
          cause: 'shop_reply',
          subject: new Date(since).toISOString(),
          step: `${waited}bd`,
          dueSince: new Date(addBusinessDays(since, waited)).toISOString(),
          words: owes.shop[0] ?? 'The shop to reply.',
        });
      }
    }
  }
  return due;
}

/** Events that start the technical contact's wait: the request, a shipped sample, a reopening. */
const TECHNICAL_WAIT_STARTS: ReadonlySet<string> = new Set(['request_submitted', ...TECHNICAL_EVENT_TYPES]);
/** Events that start a wait for the shop's reply: the request, a declined, expired or canceled quote. */
const SHOP_WAIT_STARTS: ReadonlySet<string> = new Set([
  'request_submitted',
  'purchasing_declined',
  'quote_expired',
  'quote_canceled',
]);

function isNewGeometry(entry: ReminderLogEntry): boolean {
  return entry.type === 'file_added' && entry.payload.kind === 'cad';
}

/** The shop owes the customer a reply (a quote, an estimate, an answer to a decline or an expiry). */
function shopOwesReply(state: WorkflowState): boolean {
  switch (state.commercial) {
    case 'estimate':
      return state.mode !== 'rough_estimate' || !state.estimateSent;
    case 'declined':
    case 'expired':
      return true;
    default:
      return false;
  }
}

function latestAt(
  events: readonly ReminderLogEntry[],
  match: (entry: ReminderLogEntry) => boolean,
): number | undefined {
  const found = events.filter(match).map((e) => Date.parse(e.at));
  return found.length > 0 ? Math.max(...found) : undefined;
}

/** `days` business days (Monday to Friday, UTC) after `from`, at the same time of day. */
export function addBusinessDays(from: number, days: number): number {
  let at = from;
  for (let counted = 0; counted < days;) {
    at += DAY_MS;
    const weekday = new Date(at).getUTCDay();
    if (weekday !== 0 && weekday !== 6) counted += 1;
  }
  return at;
}
