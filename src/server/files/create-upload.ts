/**
 * POST /api/uploads: one file, anonymous (rate limited, attached later by POST /api/requests) or with
 * a link for a request (attached at once, the uploader's role recorded).
 *
 * A 3D file is measured by the geometry core before it is stored (`measureGeometry`): the reply and the
 * row carry its figures, or none when the file could not be measured, which never refuses the upload.
 *
 * Nothing is half-stored: the blob is written first, then its row; if the row cannot be written the
 * blob is deleted again, so there is never a row without a blob nor (after a failure) a blob without a row.
 * Anonymous uploads also pass the daily byte budgets (`reserveUploadBytes`) before anything is
 * stored; an upload that fails afterwards gives its bytes back.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { getConfig } from '../config.js';
import { getDb } from '../db/index.js';
import { errorCode } from '../error-code.js';
import { logError, logInfo } from '../log.js';
import { files } from '../db/schema.js';
import { requestMeta } from '../http/request-meta.js';
import { getStorage, newStorageKey } from '../storage/index.js';
import { recordEvent } from '../db/event-log.js';
import { inspectFile } from './inspect-file.js';
import { measureGeometry, modelFormatOf } from './measure-geometry.js';
import { readMultipartFile } from './read-multipart.js';
import { authoriseUploader } from './authorise-uploader.js';
import { reserveUploadBytes } from './reserve-upload-bytes.js';
import { toFileView } from '../requests/files.js';
import type { UploadedFileView } from '../../domain/contracts/file-view.js';

export interface CreateUploadOptions {
  req: IncomingMessage;
}

export type UploadResult = UploadedFileView;

function toUploadResult(row: Parameters<typeof toFileView>[0]): UploadResult {
  const { uploadedByRole: _role, createdAt: _at, ...view } = toFileView(row);
  return view;
}

export async function createUpload({ req }: CreateUploadOptions): Promise<UploadResult> {
  const config = getConfig();
  const { requestId, role } = await authoriseUploader(req);

  const part = await readMultipartFile({ req, maxBytes: config.uploads.maxBytes });
  const release =
    requestId === null
      ? await reserveUploadBytes({ ip: requestMeta(req).ip, bytes: part.data.length, name: part.name })
      : undefined;
  try {
    return await storeUpload({ req, part, requestId, role });
  } catch (error) {
    await release?.().catch((problem: unknown) => {
      logError(`upload bytes not given back: ${errorCode(problem)}`);
    });
    throw error;
  }
}

interface StoreUploadOptions {
  req: IncomingMessage;
  part: { name: string; data: Buffer };
  requestId: string | null;
  role: string;
}

async function storeUpload({ req, part, requestId, role }: StoreUploadOptions): Promise<UploadResult> {
  const inspected = await inspectFile({ name: part.name, data: part.data });
  const sha256 = createHash('sha256').update(inspected.body).digest('hex');
  // Every 3D file is measured before it is stored, so its row is written once, figures included (§5).
  const format = inspected.kind === 'cad' ? modelFormatOf(inspected.extension) : undefined;
  const measured = format ? await measureGeometry({ data: inspected.body, format, sha256 }) : undefined;
  const storage = getStorage();
  const storageKey = newStorageKey(inspected.extension);
  await storage.put(storageKey, inspected.body, inspected.contentType);
  try {
    const row = await getDb().transaction(async (tx) => {
      const [inserted] = await tx
        .insert(files)
        .values({
          requestId,
          storageKey,
          name: part.name,
          size: inspected.body.length,
          contentType: inspected.contentType,
          kind: inspected.kind,
          width: inspected.width ?? null,
          height: inspected.height ?? null,
          sha256,
          geometry: measured?.geometry ?? null,
          uploadedByRole: role,
        })
        .returning();
      // A file added to a submitted request is part of its paper trail.
      if (inserted && requestId && (role === 'technical' || role === 'purchasing')) {
        await recordEvent({
          tx,
          requestId,
          type: 'file_added',
          role,
          payload: { fileId: inserted.id, name: part.name, kind: inserted.kind, sha256: inserted.sha256 ?? undefined },
          meta: requestMeta(req),
        });
      }
      return inserted;
    });
    if (!row) throw new Error('file insert returned no row');
    if (measured && measured.geometry === null) {
      const line = `upload ${row.id} stored unmeasured (${format ?? 'cad'}): ${measured.reason}`;
      if (measured.refused) logInfo(line);
      else logError(line);
    }
    return toUploadResult(row);
  } catch (error) {
    await storage.delete(storageKey).catch((cleanup: unknown) => {
      logError(`upload cleanup failed for ${storageKey}: ${errorCode(cleanup)}`);
    });
    throw error;
  }
}
