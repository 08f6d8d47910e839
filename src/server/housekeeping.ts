/**
 * What the scheduled reconciler also sweeps, so nothing grows without bound: anonymous uploads
 * never attached to a submitted request (a form abandoned for a day), rate-limit windows long
 * over, and expired shop sessions. A row goes first, in one statement that only matches while the
 * upload is still unattached (a submission attaching it at that moment wins or gets a clear error
 * naming the file); its blob follows, unless another row still names it.
 */
import { and, eq, inArray, isNull, lt } from './db/orm.js';
import { getDb } from './db/index.js';
import { errorCode } from './error-code.js';
import { logError } from './log.js';
import { files, multipartUploads, rateLimitBuckets, shopSessions } from './db/schema.js';
import { RATE_LIMIT_WINDOW_MS } from './rate-limit.js';
import { getStorage } from './storage/index.js';

/**
 * Anyone can upload before a request exists, so an upload nobody attached is kept only a day: long
 * enough to finish the form (its draft lives in the browser), short enough that anonymous uploads
 * cannot pile up (with the daily byte budgets, at most one day's worth is ever held). A draft
 * submitted later names the swept file in a clear error, and the customer uploads it again.
 */
export const UNATTACHED_UPLOAD_RETENTION_MS = 24 * 60 * 60 * 1000;

/**
 * A direct upload (architecture §15) not completed within a day was abandoned: its parts are aborted in
 * storage and its row removed. Its bytes stay charged to that day's budget, which ends anyway.
 */
export const ABANDONED_MULTIPART_MS = 24 * 60 * 60 * 1000;

export interface SweepReport {
  uploadsRemoved: number;
  multipartUploadsAborted: number;
  rateLimitWindowsRemoved: number;
  sessionsRemoved: number;
}

export interface SweepStaleOptions {
  now?: Date;
  /** At most this many uploads per run; the next run continues. */
  limit?: number;
}

export async function sweepStale({ now = new Date(), limit = 500 }: SweepStaleOptions = {}): Promise<SweepReport> {
  const db = getDb();
  const unattached = and(
    isNull(files.requestId),
    eq(files.uploadedByRole, 'anonymous'),
    lt(files.createdAt, new Date(now.getTime() - UNATTACHED_UPLOAD_RETENTION_MS)),
  );
  const stale = await db.select({ id: files.id }).from(files).where(unattached).limit(limit);
  const removed =
    stale.length === 0
      ? []
      : await db
          .delete(files)
          .where(
            and(
              unattached,
              inArray(
                files.id,
                stale.map((row) => row.id),
              ),
            ),
          )
          .returning({ storageKey: files.storageKey });
  for (const { storageKey } of removed) {
    // A key may be shared by several rows (a reorder reuses stored bytes): the blob goes with the last.
    const [stillNamed] = await db.select({ id: files.id }).from(files).where(eq(files.storageKey, storageKey)).limit(1);
    if (stillNamed) continue;
    await getStorage()
      .delete(storageKey)
      .catch((error: unknown) => {
        logError(`housekeeping: blob ${storageKey} not deleted: ${errorCode(error)}`);
      });
  }
  const abandoned = await db
    .delete(multipartUploads)
    .where(lt(multipartUploads.createdAt, new Date(now.getTime() - ABANDONED_MULTIPART_MS)))
    .returning();
  // A completed upload's row only remembered its file for a repeated completion: its object is the file's.
  for (const upload of abandoned.filter((row) => row.fileId === null)) {
    await getStorage()
      .multipart.abort(upload.storageKey, upload.storageUploadId)
      .catch((error: unknown) => {
        logError(`housekeeping: direct upload ${upload.id} not aborted: ${errorCode(error)}`);
      });
  }
  const windows = await db
    .delete(rateLimitBuckets)
    .where(lt(rateLimitBuckets.windowStart, new Date(now.getTime() - 2 * RATE_LIMIT_WINDOW_MS)))
    .returning({ key: rateLimitBuckets.key });
  const sessions = await db
    .delete(shopSessions)
    .where(lt(shopSessions.expiresAt, now))
    .returning({ tokenHash: shopSessions.tokenHash });
  return {
    uploadsRemoved: removed.length,
    multipartUploadsAborted: abandoned.filter((row) => row.fileId === null).length,
    rateLimitWindowsRemoved: windows.length,
    sessionsRemoved: sessions.length,
  };
}
