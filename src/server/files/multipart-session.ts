/**
 * What the direct-upload use cases share (architecture §15): the part size, the row of an upload in
 * progress, and fresh signed part URLs. The upload id is a random UUID handed only to the browser that
 * began the upload; it is what lets that browser resume, add parts, complete or abort.
 */
import { eq } from '../db/orm.js';
import type { LandedPartView, MultipartUploadView, PartUrl } from '../../domain/contracts/multipart-upload.js';
import { AppError } from '../../domain/errors.js';
import { getDb } from '../db/index.js';
import { multipartUploads } from '../db/schema.js';
import { getStorage } from '../storage/index.js';

const MB = 1024 * 1024;
export const MIN_PART_BYTES = 8 * MB;
export const MAX_PART_BYTES = 16 * MB;
/** Part URLs live a quarter of an hour: a resume after that asks for fresh ones. */
export const PART_URL_SECONDS = 15 * 60;

export type MultipartRow = typeof multipartUploads.$inferSelect;

/** 8 MB parts up to 16 of them, then larger parts up to 16 MB (250 MB: 16 parts), then more parts. */
export function partSizeFor(size: number): number {
  return Math.min(MAX_PART_BYTES, Math.max(MIN_PART_BYTES, Math.ceil(size / 16 / MB) * MB));
}

/** The upload's row, open or completed (`fileId` set); undefined for an unknown id. */
export async function findMultipartUpload(id: string): Promise<MultipartRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return (await getDb().select().from(multipartUploads).where(eq(multipartUploads.id, id)).limit(1))[0];
}

/** An upload still taking parts: a completed or unknown one is no longer open. */
export async function loadMultipartUpload(id: string): Promise<MultipartRow> {
  const row = await findMultipartUpload(id);
  if (!row || row.fileId) {
    throw new AppError('NOT_FOUND', 'This upload is no longer open. Add the file again to start over.');
  }
  return row;
}

export interface MultipartViewOptions {
  row: MultipartRow;
  /** Sign only these; by default every part that has not landed. */
  partNumbers?: readonly number[];
  now?: Date;
}

export async function multipartView({
  row,
  partNumbers,
  now = new Date(),
}: MultipartViewOptions): Promise<MultipartUploadView> {
  const { multipart } = getStorage();
  const landed: LandedPartView[] = await multipart.listParts(row.storageKey, row.storageUploadId);
  const have = new Set(landed.map((part) => part.partNumber));
  const wanted = (partNumbers ?? range(row.partCount).filter((n) => !have.has(n))).filter(
    (n) => n >= 1 && n <= row.partCount,
  );
  const urls: PartUrl[] = [];
  for (const partNumber of wanted) {
    urls.push({
      partNumber,
      url: await multipart.partUrl(row.storageKey, row.storageUploadId, partNumber, PART_URL_SECONDS),
    });
  }
  return {
    id: row.id,
    size: row.size,
    partSize: row.partSize,
    partCount: row.partCount,
    urls,
    landed,
    urlsExpireAt: new Date(now.getTime() + PART_URL_SECONDS * 1000).toISOString(),
  };
}

function range(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i + 1);
}
