/**
 * POST /api/uploads/multipart: begins a direct-to-storage upload of one 3D file up to UPLOAD_MAX_MB
 * (architecture §15). The same gates as a small upload, before anything is stored: a link for a request
 * or the anonymous rate limit and daily byte budgets (charged the declared size), and the type judged
 * from the name and the declared type (the bytes are checked once they land). Answers the upload id,
 * the part size and signed URLs for every part.
 */
import type { IncomingMessage } from 'node:http';
import type { MultipartUploadView } from '../../domain/contracts/multipart-upload.js';
import { authoriseUploader } from './authorise-uploader.js';
import { AppError } from '../../domain/errors.js';
import { MULTIPART_EXTENSIONS, startMultipartUploadSchema } from '../../domain/multipart-upload-schema.js';
import { getConfig } from '../config.js';
import { getDb } from '../db/index.js';
import { multipartUploads } from '../db/schema.js';
import { requestMeta } from '../http/request-meta.js';
import { getStorage, newStorageKey } from '../storage/index.js';
import { sanitizeFileName } from './file-name.js';
import { ACCEPTED_TYPES_SENTENCE } from './file-types.js';
import { multipartView, partSizeFor } from './multipart-session.js';
import { megabytes } from './read-multipart.js';
import { releaseUploadBytes, reserveUploadBytes } from './reserve-upload-bytes.js';

export interface StartMultipartUploadOptions {
  req: IncomingMessage;
  body: unknown;
  now?: Date;
}

export async function startMultipartUpload({
  req,
  body,
  now = new Date(),
}: StartMultipartUploadOptions): Promise<MultipartUploadView> {
  const config = getConfig();
  const input = startMultipartUploadSchema.parse(body);
  const name = sanitizeFileName(input.name);
  const ip = requestMeta(req).ip;
  const { requestId, role } = await authoriseUploader(req);
  const extension = /\.([a-z0-9]{2,4})$/i.exec(name)?.[1]?.toLowerCase();
  const declared = (input.type ?? '').toLowerCase();
  if (
    !extension ||
    !(MULTIPART_EXTENSIONS as readonly string[]).includes(extension) ||
    /^(image|text|video|audio)\//.test(declared)
  ) {
    throw new AppError(
      'UNSUPPORTED_TYPE',
      `${name}: only STL, 3MF and STEP files upload this way. ${ACCEPTED_TYPES_SENTENCE}`,
      {
        fields: { file: `${name} is not an STL, 3MF or STEP file.` },
      },
    );
  }
  const max = config.uploads.maxMultipartBytes;
  if (input.size > max) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `${name}: the file is larger than ${megabytes(max)}. Make it smaller (or split it) and try again.`,
      {
        fields: { file: `${name} is larger than ${megabytes(max)}.` },
      },
    );
  }
  if (requestId === null) await reserveUploadBytes({ ip, bytes: input.size, name, now });
  const partSize = partSizeFor(input.size);
  const storageKey = newStorageKey(extension === 'stp' ? 'step' : extension);
  try {
    const storageUploadId = await getStorage().multipart.create(storageKey, 'application/octet-stream');
    const [row] = await getDb()
      .insert(multipartUploads)
      .values({
        storageKey,
        storageUploadId,
        name,
        size: input.size,
        partSize,
        partCount: Math.ceil(input.size / partSize),
        requestId,
        uploadedByRole: role,
        clientIp: requestId === null ? ip : null,
        createdAt: now,
      })
      .returning();
    if (!row) throw new Error('multipart upload insert returned no row');
    return await multipartView({ row, now });
  } catch (error) {
    if (requestId === null) await releaseUploadBytes({ ip, bytes: input.size, reservedAt: now });
    throw error;
  }
}
