/**
 * DELETE /api/uploads/multipart/:id: the person removed the file before it finished. The storage drops
 * the parts, the row goes, and an anonymous upload's bytes go back to the day's budgets. Aborting an
 * upload that is already gone is success (architecture §15).
 */
import { and, eq, isNull } from '../db/orm.js';
import { getDb } from '../db/index.js';
import { multipartUploads } from '../db/schema.js';
import { getStorage } from '../storage/index.js';
import type { MultipartRow } from './multipart-session.js';
import { releaseUploadBytes } from './reserve-upload-bytes.js';

export interface AbortMultipartUploadOptions {
  id: string;
}

export async function abortMultipartUpload({ id }: AbortMultipartUploadOptions): Promise<void> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return;
  // A completed upload is a file now: aborting it afterwards changes nothing.
  const [row] = await getDb()
    .delete(multipartUploads)
    .where(and(eq(multipartUploads.id, id), isNull(multipartUploads.fileId)))
    .returning();
  if (row) await dropMultipartUpload(row);
}

/** Aborts the storage's upload and gives an anonymous upload's bytes back; the row is already deleted. */
export async function dropMultipartUpload(row: MultipartRow): Promise<void> {
  await getStorage().multipart.abort(row.storageKey, row.storageUploadId);
  if (row.clientIp) await releaseUploadBytes({ ip: row.clientIp, bytes: row.size, reservedAt: row.createdAt });
}
