/**
 * GET /api/files/:id: a file of a request, for holders of a link for that request. Files are private:
 * an anonymous upload not yet attached to a request is served to nobody.
 */
import { eq } from '../db/orm.js';
import { AppError } from '../../domain/errors.js';
import { getDb } from '../db/index.js';
import { files } from '../db/schema.js';
import { verifyLink } from '../links/index.js';
import { isUuid } from '../requests/load-request.js';
import { getStorage, type StoredObject } from '../storage/index.js';

export interface GetFileOptions {
  id: string;
  token: string | undefined;
}

export interface FileDownload extends StoredObject {
  name: string;
  contentType: string;
  kind: 'image' | 'cad';
}

const NOT_FOUND = 'This file is not available. It may have been removed; ask the shop if you need it.';

export async function getFile({ id, token }: GetFileOptions): Promise<FileDownload> {
  const link = await verifyLink({ token, purposes: ['technical', 'purchasing', 'status'] });
  if (!isUuid(id)) throw new AppError('NOT_FOUND', NOT_FOUND);
  const [row] = await getDb().select().from(files).where(eq(files.id, id));
  // Another request's file and a missing file look the same: ids of other requests stay secret.
  if (!row || row.requestId === null || row.requestId !== link.requestId) throw new AppError('NOT_FOUND', NOT_FOUND);
  const object = await getStorage().get(row.storageKey);
  if (!object) throw new AppError('NOT_FOUND', NOT_FOUND);
  return { ...object, name: row.name, contentType: row.contentType, kind: row.kind };
}

/** RFC 6266/5987: an ASCII fallback plus the exact UTF-8 name. */
export function contentDisposition(kind: 'image' | 'cad', name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind === 'image' ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
