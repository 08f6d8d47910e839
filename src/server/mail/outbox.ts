/**
 * The transactional mail outbox (architecture §10). A use case writes each mail with
 * `enqueueMails(tx, …)` in the transaction that records the event causing it, then calls
 * `deliverOutbox({ ids })` after the commit, or hands that delivery to `deliverAfterReply`. Anything a
 * crash or an SMTP outage left behind is delivered by the reconciler's run (`deliverOutbox()` with no
 * ids), so a committed decision never loses its mail. Delivery is at least once with a stable
 * Message-ID; in the normal path exactly once.
 */
import { waitUntil } from '@vercel/functions';
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from '../db/orm.js';
import { z } from 'zod';
import { parseStoredJson } from '../../domain/stored-json.js';
import { getConfig } from '../config.js';
import { getDb, type Tx } from '../db/index.js';
import { logError } from '../log.js';
import { events, mailOutbox } from '../db/schema.js';
import { eventRow, recordEvent } from '../db/event-log.js';
import { buffer } from 'node:stream/consumers';
import { getStorage } from '../storage/index.js';
import { sendMail, type AttachmentContent, type MailMessage, type StoredAttachment } from './index.js';

export interface QueuedMail {
  /** Who it is for, in the event log's words ("the technical contact", "the shop"). */
  recipient: string;
  message: MailMessage;
  /** Delivery is recorded as `links_sent`: the mail hands a customer their signed link. */
  announce?: boolean;
  /**
   * Written but never sent, with this reason as its code (a sign-in for an unlisted address): the
   * caller does the same work either way, so its timing tells nothing.
   */
  suppress?: string | undefined;
}

export interface EnqueueMailsOptions {
  tx: Tx;
  requestId: string | null;
  mails: readonly QueuedMail[];
}

/**
 * The rows `enqueueMails` writes, for a caller that inserts them within a larger statement. With
 * `claimedAt`, each row is written already claimed (first attempt, locked as `claimDue` would lock
 * it), for a caller that delivers them itself with `deliverClaimed` right after its commit.
 */
export function outboxRows({
  requestId,
  mails,
  claimedAt,
}: Omit<EnqueueMailsOptions, 'tx'> & { claimedAt?: Date }): (typeof mailOutbox.$inferInsert)[] {
  return mails.map((mail) => ({
    requestId,
    recipient: mail.recipient,
    announce: mail.announce ?? false,
    message: mail.suppress ? null : mail.message,
    ...(mail.suppress ? { failedAt: new Date(), lastError: mail.suppress } : {}),
    ...(claimedAt && !mail.suppress ? { attempts: 1, lockedUntil: new Date(claimedAt.getTime() + LOCK_MS) } : {}),
  }));
}

/** Writes the mails in the caller's transaction; returns their ids for `deliverOutbox`. */
export async function enqueueMails({ tx, requestId, mails }: EnqueueMailsOptions): Promise<string[]> {
  if (mails.length === 0) return [];
  const rows = await tx.insert(mailOutbox).values(outboxRows({ requestId, mails })).returning({ id: mailOutbox.id });
  return rows.map((row) => row.id);
}

/** After this many failed attempts the shop sees `mail_failed`; delivery goes on being retried. */
export const REPORT_AFTER_ATTEMPTS = 3;
/** Waits before attempt n+1, by attempts made so far; after the last one the row is given up. */
const RETRY_DELAYS_MS = [60_000, 5 * 60_000, 15 * 60_000, 60 * 60_000, 3 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000];
const LOCK_MS = 2 * 60_000;
const SEND_TIMEOUT_MS = 15_000;
const PARALLEL_SENDS = 4;

const storedMessage = z.object({
  to: z.union([z.string(), z.array(z.string())]),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  replyTo: z.string().optional(),
  attachments: z
    .array(
      z.object({
        filename: z.string(),
        contentType: z.string(),
        storageKey: z.string(),
        required: z.boolean().optional(),
      }),
    )
    .optional(),
});

export interface DeliverOutboxOptions {
  /** Only these rows (the ones a request just wrote); all due rows when omitted. */
  ids?: readonly string[];
  /** Only this request's rows (a retried submit delivers what is still owed). */
  requestId?: string;
  now?: Date;
  /** At most this many rows per call; the next run continues. */
  limit?: number;
}

export interface DeliveryReport {
  delivered: number;
  /** Failed this time; retried later. */
  retrying: number;
  /** Given up after the last attempt. */
  failed: number;
}

export async function deliverOutbox(options: DeliverOutboxOptions = {}): Promise<DeliveryReport> {
  if (options.ids?.length === 0) return { delivered: 0, retrying: 0, failed: 0 };
  const now = options.now ?? new Date();
  const claimed = await claimDue(now, options, options.limit ?? 100);
  return deliverRows(claimed, now);
}

/** A row written already claimed (`outboxRows` with `claimedAt`), with its id. */
export type ClaimedMail = Pick<OutboxRow, 'id' | 'requestId' | 'recipient' | 'announce' | 'message' | 'attempts'>;

export interface DeliverClaimedOptions {
  rows: readonly ClaimedMail[];
  /** The `claimedAt` the rows were written with. */
  now: Date;
}

/**
 * Delivers rows the caller wrote already claimed in its transaction, from the messages it holds:
 * no second round trip to claim them and read them back. What it does not deliver (a failure, a
 * crash before the send) the reconciler delivers once the claim's lock has run out.
 */
export async function deliverClaimed({ rows, now }: DeliverClaimedOptions): Promise<DeliveryReport> {
  return deliverRows(rows, now);
}

/**
 * Lets a caller answer before its mails go out: the delivery runs on after the reply, and the
 * function is kept alive until it ends (Vercel's `waitUntil`; the local runtime's `close()` waits for
 * it too). Nothing the customer sees depends on it: each row's failure is recorded by the delivery
 * itself, and one that escapes it (the database gone) is logged by its code; the reconciler delivers
 * what is left once the rows' claim runs out.
 */
export function deliverAfterReply(delivery: Promise<DeliveryReport>, what: string): void {
  waitUntil(
    delivery.then(
      () => undefined,
      (error: unknown) => logError(`${what}: delivery failed: ${codeOf(error)}`),
    ),
  );
}

async function deliverRows(claimed: readonly ClaimedMail[], now: Date): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, retrying: 0, failed: 0 };
  const announced = new Map<string, string[]>();
  // A few at a time: a request waits for its own mails, and a backlog must not open a hundred connections.
  for (let start = 0; start < claimed.length; start += PARALLEL_SENDS) {
    const batch = claimed.slice(start, start + PARALLEL_SENDS);
    const outcomes = await Promise.all(batch.map((row) => deliverOne(row, now)));
    const delivered: string[] = [];
    outcomes.forEach((outcome, index) => {
      const row = batch[index]!;
      report[outcome] += 1;
      if (outcome !== 'delivered') return;
      delivered.push(row.id);
      if (row.announce && row.requestId) {
        announced.set(row.requestId, [...(announced.get(row.requestId) ?? []), row.recipient]);
      }
    });
    const last = start + PARALLEL_SENDS >= claimed.length;
    await markDelivered(delivered, now, last ? announced : new Map<string, string[]>());
  }
  return report;
}

/**
 * Marks a batch delivered and, after the last batch, records `links_sent` per request, in one
 * statement. The body holds signed links: once delivered, only the record of delivery stays. The
 * event is bookkeeping: when it cannot be written, the rows are still marked and a line is logged.
 */
async function markDelivered(ids: readonly string[], now: Date, announced: Map<string, string[]>): Promise<void> {
  const db = getDb();
  const mark = db
    .update(mailOutbox)
    .set({ deliveredAt: now, lockedUntil: null, message: null })
    .where(inArray(mailOutbox.id, [...ids]));
  const rows = [...announced].map(([requestId, recipients]) =>
    eventRow({ requestId, type: 'links_sent', role: 'system', payload: { recipients } }),
  );
  if (rows.length === 0) {
    if (ids.length > 0) await mark;
    return;
  }
  const record = db.insert(events).values(rows);
  try {
    await (ids.length > 0 ? db.execute(sql`with marked as (${mark.getSQL()}) ${record.getSQL()}`) : record);
  } catch (error) {
    if (ids.length > 0) await mark;
    for (const requestId of announced.keys()) {
      logError(`outbox: links_sent not recorded for request ${requestId}: ${codeOf(error)}`);
    }
  }
}

type OutboxRow = typeof mailOutbox.$inferSelect;

/**
 * Takes due rows under a short lock, so concurrent deliverers (a request, the cron) never share one:
 * one statement that picks the rows with FOR UPDATE SKIP LOCKED and locks them, oldest first.
 */
async function claimDue(
  now: Date,
  { ids, requestId }: Pick<DeliverOutboxOptions, 'ids' | 'requestId'>,
  limit: number,
): Promise<OutboxRow[]> {
  const due = getDb()
    .select({ id: mailOutbox.id })
    .from(mailOutbox)
    .where(
      and(
        ids ? inArray(mailOutbox.id, [...ids]) : undefined,
        requestId ? eq(mailOutbox.requestId, requestId) : undefined,
        isNull(mailOutbox.deliveredAt),
        isNull(mailOutbox.failedAt),
        // Rows a caller just wrote are due at once (their default time is the database's clock).
        ids ? undefined : lte(mailOutbox.nextAttemptAt, now),
        or(isNull(mailOutbox.lockedUntil), lt(mailOutbox.lockedUntil, now)),
      ),
    )
    .orderBy(asc(mailOutbox.createdAt))
    .limit(limit)
    .for('update', { skipLocked: true });
  const claimed = await getDb()
    .update(mailOutbox)
    .set({ lockedUntil: new Date(now.getTime() + LOCK_MS), attempts: sql`${mailOutbox.attempts} + 1` })
    .where(inArray(mailOutbox.id, due))
    .returning();
  // RETURNING keeps no order; deliver oldest first, as the pick did.
  return claimed.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** Sends one claimed row; a failure is recorded here, a success by the caller for the whole batch. */
async function deliverOne(row: ClaimedMail, now: Date): Promise<keyof DeliveryReport> {
  try {
    const message = parseStoredJson(storedMessage, row.message, 'mail_outbox.message', row.id);
    const attachments = await readAttachments(message.attachments ?? []);
    await withTimeout(sendMail({ ...message, messageId: messageIdOf(row.id) }, attachments), SEND_TIMEOUT_MS);
  } catch (error) {
    const code = codeOf(error);
    const giveUp = row.attempts > RETRY_DELAYS_MS.length;
    logError(`outbox: mail ${row.id} failed (attempt ${row.attempts}): ${code}`);
    await getDb()
      .update(mailOutbox)
      .set({
        lastError: code,
        lockedUntil: null,
        nextAttemptAt: new Date(now.getTime() + (RETRY_DELAYS_MS[row.attempts - 1] ?? 0)),
        ...(giveUp ? { failedAt: now } : {}),
      })
      .where(eq(mailOutbox.id, row.id));
    if (row.requestId && row.attempts === REPORT_AFTER_ATTEMPTS) {
      await recordEvent({
        requestId: row.requestId,
        type: 'mail_failed',
        role: 'system',
        payload: { recipient: row.recipient, error: code, attempts: row.attempts },
      });
    }
    return giveUp ? 'failed' : 'retrying';
  }
  return 'delivered';
}

function messageIdOf(id: string): string {
  return `<${id}@${new URL(getConfig().siteUrl).hostname}>`;
}

/** A code for logs and the row, never the error's text (it may quote an address or the message). */
function codeOf(error: unknown): string {
  if (error instanceof TimeoutError) return 'timeout';
  const code = (error as { code?: unknown; responseCode?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[\w.-]{1,40}$/.test(code)) return code;
  const response = (error as { responseCode?: unknown } | null)?.responseCode;
  if (typeof response === 'number') return `SMTP${response}`;
  return error instanceof Error ? error.name : 'unknown';
}

class TimeoutError extends Error {}

/** A required attachment is not in storage yet: the attempt counts as failed and is retried. */
class AttachmentPending extends Error {
  readonly code = 'attachment_pending';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`not accepted within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Reads each attachment from private storage; one that is gone is left out, never the whole mail,
 * unless the mail waits for it (`required`): then the attempt is retried once it is stored.
 */
async function readAttachments(list: readonly StoredAttachment[]): Promise<AttachmentContent[]> {
  const read: AttachmentContent[] = [];
  for (const attachment of list) {
    const object = await getStorage().get(attachment.storageKey);
    if (!object && attachment.required) throw new AttachmentPending(attachment.storageKey);
    if (!object) {
      logError(`outbox: attachment ${attachment.storageKey} is not in storage; sent without it`);
      continue;
    }
    read.push({
      filename: attachment.filename,
      contentType: attachment.contentType,
      content: await buffer(object.body),
    });
  }
  return read;
}
