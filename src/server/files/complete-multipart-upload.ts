/**
 * POST /api/uploads/multipart/:id/complete: the browser sent every part; the server checks them against
 * ListParts, has the storage join them, then verifies the object where it landed (`verifyStoredUpload`:
 * its bytes' type, SHA-256 and geometry). Until this answers, the page shows the file as "checking".
 * A file that fails the check is deleted from storage and the answer says why; one that passes becomes
 * a file row like any small upload's, attached at once for a link. A repeated completion answers with
 * the same file (architecture §15).
 */
import type { IncomingMessage } from 'node:http';
import { and, eq, isNull } from '../db/orm.js';
import type { UploadedFileView } from '../../domain/contracts/file-view.js';
import { AppError } from '../../domain/errors.js';
import { completeMultipartUploadSchema } from '../../domain/multipart-upload-schema.js';
import { getDb } from '../db/index.js';
import { recordEvent } from '../db/event-log.js';
import { files, multipartUploads } from '../db/schema.js';
import { errorCode } from '../error-code.js';
import { requestMeta } from '../http/request-meta.js';
import { logError, logInfo } from '../log.js';
import { toFileView } from '../requests/files.js';
import { getStorage } from '../storage/index.js';
import { dropMultipartUpload } from './abort-multipart-upload.js';
import { findMultipartUpload, loadMultipartUpload, type MultipartRow } from './multipart-session.js';
import { verifyStoredUpload } from './verify-stored-upload.js';

export interface CompleteMultipartUploadOptions {
  id: string;
  body: unknown;
  req: IncomingMessage;
}

export async function completeMultipartUpload({
  id,
  body,
  req,
}: CompleteMultipartUploadOptions): Promise<UploadedFileView> {
  const { parts } = completeMultipartUploadSchema.parse(body);
  // A repeat (the first answer was lost on the way) answers with the file the upload became.
  const earlier = await completedFile(id);
  if (earlier) return earlier;
  const row = await loadMultipartUpload(id);
  const storage = getStorage();
  const landed = new Map(
    (await storage.multipart.listParts(row.storageKey, row.storageUploadId)).map((p) => [p.partNumber, p]),
  );
  const sent = new Map(parts.map((part) => [part.partNumber, part.etag.replace(/"/g, '')]));
  for (let n = 1; n <= row.partCount; n++) {
    const part = landed.get(n);
    const expected = n < row.partCount ? row.partSize : row.size - (row.partCount - 1) * row.partSize;
    if (!part || part.etag !== sent.get(n) || part.size !== expected) {
      throw new AppError(
        'CONFLICT',
        `${row.name}: part ${n} of ${row.partCount} has not arrived as sent. Resume the upload.`,
        {
          fields: { file: `${row.name} is not complete yet.` },
        },
      );
    }
  }
  await storage.multipart.complete(
    row.storageKey,
    row.storageUploadId,
    Array.from({ length: row.partCount }, (_, i) => ({ partNumber: i + 1, etag: sent.get(i + 1) ?? '' })),
  );
  let verified;
  try {
    verified = await verifyStoredUpload({ storageKey: row.storageKey, name: row.name, size: row.size });
  } catch (error) {
    await discard(row, 'refused');
    throw error;
  }
  try {
    const file = await getDb().transaction(async (tx) => {
      const [inserted] = await tx
        .insert(files)
        .values({
          requestId: row.requestId,
          storageKey: row.storageKey,
          name: row.name,
          size: row.size,
          contentType: verified.contentType,
          kind: 'cad',
          sha256: verified.sha256,
          geometry: verified.measured.geometry,
          uploadedByRole: row.uploadedByRole,
        })
        .returning();
      if (!inserted) throw new Error('file insert returned no row');
      const [marked] = await tx
        .update(multipartUploads)
        .set({ fileId: inserted.id })
        .where(and(eq(multipartUploads.id, row.id), isNull(multipartUploads.fileId)))
        .returning({ id: multipartUploads.id });
      // A completion of the same upload that ran alongside recorded its file first: this one is the repeat.
      if (!marked) throw new CompletedElsewhere();
      const role = row.uploadedByRole;
      if (row.requestId && (role === 'technical' || role === 'purchasing')) {
        await recordEvent({
          tx,
          requestId: row.requestId,
          type: 'file_added',
          role,
          payload: { fileId: inserted.id, name: row.name, kind: 'cad', sha256: verified.sha256 },
          meta: requestMeta(req),
        });
      }
      return inserted;
    });
    const { measured } = verified;
    if (measured.geometry === null) {
      const line = `upload ${file.id} stored unmeasured (direct): ${measured.reason}`;
      if (measured.refused) logInfo(line);
      else logError(line);
    }
    const { uploadedByRole: _role, createdAt: _at, ...view } = toFileView(file);
    return view;
  } catch (error) {
    if (error instanceof CompletedElsewhere) {
      const winner = await completedFile(row.id);
      if (winner) return winner;
    }
    await discard(row, 'not recorded');
    throw error;
  }
}

class CompletedElsewhere extends Error {}

/** The file a completed upload became, as its completion answered; undefined while it is open. */
async function completedFile(id: string): Promise<UploadedFileView | undefined> {
  const row = await findMultipartUpload(id);
  if (!row?.fileId) return undefined;
  const [file] = await getDb().select().from(files).where(eq(files.id, row.fileId)).limit(1);
  if (!file) return undefined;
  const { uploadedByRole: _role, createdAt: _at, ...view } = toFileView(file);
  return view;
}

/** The object goes, the row goes, an anonymous upload's bytes go back. */
async function discard(row: MultipartRow, why: string): Promise<void> {
  logInfo(`direct upload ${row.id} ${why}: object deleted`);
  await getStorage()
    .delete(row.storageKey)
    .catch((error: unknown) => logError(`direct upload ${row.id} object not deleted: ${errorCode(error)}`));
  const [gone] = await getDb().delete(multipartUploads).where(eq(multipartUploads.id, row.id)).returning();
  if (gone)
    await dropMultipartUpload(gone).catch((error: unknown) =>
      logError(`direct upload ${row.id} not dropped: ${errorCode(error)}`),
    );
}
