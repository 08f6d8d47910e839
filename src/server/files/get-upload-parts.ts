/**
 * POST /api/uploads/multipart/:id/parts: where a direct upload stands (the parts the storage holds, by
 * ListParts) and fresh signed URLs for the rest, or for the parts named. A resume after a reload or a
 * dropped connection starts here (architecture §15).
 */
import type { MultipartUploadView } from '../../domain/contracts/multipart-upload.js';
import { uploadPartsSchema } from '../../domain/multipart-upload-schema.js';
import { loadMultipartUpload, multipartView } from './multipart-session.js';

export interface GetUploadPartsOptions {
  id: string;
  body: unknown;
}

export async function getUploadParts({ id, body }: GetUploadPartsOptions): Promise<MultipartUploadView> {
  const { partNumbers } = uploadPartsSchema.parse(body ?? {});
  const row = await loadMultipartUpload(id);
  return multipartView({ row, ...(partNumbers ? { partNumbers } : {}) });
}
