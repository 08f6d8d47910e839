/**
 * The shop's reminder settings, `content/shop/reminders.json` (architecture §14): when purchasing is
 * reminded of a quote about to expire, when the technical contact is reminded of a waiting review or
 * first article, when the shop is reminded of a reply it promised, and the promise itself as
 * customers read it. Every field has a default; a bad value stops the server naming the field.
 */
import { z } from 'zod/mini';
import raw from '../../content/shop/reminders.json' with { type: 'json' };

/** Whole days or business days, most distant first once parsed: `[3, 1]` means 3 days, then 1 day. */
const steps = (what: string) =>
  z
    .array(
      z
        .number({ error: `${what}: each step must be a number of days` })
        .check(z.int({ error: `${what}: each step must be a whole number of days` }), z.positive()),
    )
    .check(z.refine((list) => new Set(list).size === list.length, { error: `${what}: a step is listed twice` }));

export const reminderSettingsSchema = z.object({
  /** Days before the open revision's expiry on which purchasing is reminded, one mail per step. */
  quoteExpiryDaysBefore: z._default(steps('quoteExpiryDaysBefore'), [3, 1]),
  /** Days a review or a first article may wait on the technical contact before each reminder. */
  technicalWaitDays: z._default(steps('technicalWaitDays'), [3, 7]),
  /** Whether purchasing is reminded on the "follow up on" date a hold named. */
  holdFollowUp: z._default(z.boolean(), true),
  /** Business days (Monday to Friday, UTC) the shop may take to reply before each reminder to it. */
  shopReplyBusinessDays: z._default(steps('shopReplyBusinessDays'), [1, 3]),
  /** The reply promise as customers read it where a reply is promised. */
  replyPromise: z._default(z.string().check(z.minLength(1)), 'The shop replies within 1 business day.'),
  /** At most this many requests are looked at per scheduled run; the next run continues. */
  perRunLimit: z._default(z.number().check(z.int(), z.positive()), 50),
});

export type ReminderSettings = z.infer<typeof reminderSettingsSchema>;

/** Parses settings, throwing one line per bad field (`content/shop/reminders.json: technicalWaitDays: …`). */
export function parseReminderSettings(value: unknown): ReminderSettings {
  const result = reminderSettingsSchema.safeParse(value);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  - ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new Error(`content/shop/reminders.json:\n${lines.join('\n')}`);
}

/** The shop's settings as committed. */
export const REMINDER_SETTINGS: ReminderSettings = parseReminderSettings(raw);
