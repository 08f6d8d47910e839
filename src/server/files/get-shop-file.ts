/**
 * GET /api/shop/files/:id: any file attached to a request, for signed-in staff (the customer-facing
 * `/api/files/:id` takes a link token instead). Uploads not yet attached to a request stay private.
 */
import { eq } from '../db/orm.js';
import { AppError } from '../../domain/errors.js';
import { getDb } from '../db/index.js';
import { files } from '../db/schema.js';
import { isUuid } from '../requests/load-request.js';
import { getStorage } from '../storage/index.js';
import type { FileDownload } from './get-file.js';

export interface GetShopFileOptions {
  id: string;
}

const NOT_FOUND = 'This file is not available.';

export async function getShopFile({ id }: GetShopFileOptions): Promise<FileDownload> {
  if (!isUuid(id)) throw new AppError('NOT_FOUND', NOT_FOUND);
  const [row] = await getDb().select().from(files).where(eq(files.id, id));
  if (!row || row.requestId === null) throw new AppError('NOT_FOUND', NOT_FOUND);
  const object = await getStorage().get(row.storageKey);
  if (!object) throw new AppError('NOT_FOUND', NOT_FOUND);
  return { ...object, name: row.name, contentType: row.contentType, kind: row.kind };
}
