/**
 * The local runtime's multipart uploads (architecture §15): the same protocol as S3's, over loopback.
 * Each upload is a folder `DATA_DIR/uploads/.multipart/<upload id>/` holding `meta.json` (the target key
 * and a random signing secret) and one file per part. A part URL is
 * `/_local/upload-parts/<upload id>/<part>?expires=<unix s>&signature=<hex>`, HMAC-SHA256 over the
 * upload id, part number and expiry with the upload's own secret, so a URL cannot be forged, reused for
 * another part or used after it expires. `npm start` serves those URLs (src/dev/server.ts); completing
 * concatenates the parts, streaming, into the object under its key.
 */
import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { AppError } from '../../domain/errors.js';
import type { LandedPart, MultipartStorage } from './index.js';
import { STORAGE_KEY } from './keys.js';

export const LOCAL_PART_PATH = '/_local/upload-parts/';

const UPLOAD_ID = /^[a-f0-9-]{36}$/;

interface UploadMeta {
  key: string;
  secret: string;
}

function uploadDir(dir: string, uploadId: string): string {
  if (!UPLOAD_ID.test(uploadId)) throw gone();
  return path.join(dir, '.multipart', uploadId);
}

function gone(): AppError {
  return new AppError('NOT_FOUND', 'This upload is no longer open. Add the file again to start over.');
}

async function readMeta(dir: string, uploadId: string): Promise<UploadMeta> {
  try {
    return JSON.parse(await readFile(path.join(uploadDir(dir, uploadId), 'meta.json'), 'utf8')) as UploadMeta;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw gone();
    throw error;
  }
}

function sign(secret: string, uploadId: string, partNumber: number, expires: number): string {
  return createHmac('sha256', Buffer.from(secret, 'hex')).update(`${uploadId}:${partNumber}:${expires}`).digest('hex');
}

export function localMultipart(dir: string): MultipartStorage {
  const multipart: MultipartStorage = {
    async create(key) {
      if (!STORAGE_KEY.test(key)) throw new Error(`invalid storage key ${JSON.stringify(key)}`);
      const uploadId = randomUUID();
      const folder = uploadDir(dir, uploadId);
      await mkdir(folder, { recursive: true });
      const meta: UploadMeta = { key, secret: randomBytes(32).toString('hex') };
      await writeFile(path.join(folder, 'meta.json'), JSON.stringify(meta), { flag: 'wx' });
      return uploadId;
    },
    async partUrl(_key, uploadId, partNumber, seconds) {
      const { secret } = await readMeta(dir, uploadId);
      const expires = Math.floor(Date.now() / 1000) + seconds;
      const signature = sign(secret, uploadId, partNumber, expires);
      return `${LOCAL_PART_PATH}${uploadId}/${partNumber}?expires=${expires}&signature=${signature}`;
    },
    async listParts(_key, uploadId) {
      const folder = uploadDir(dir, uploadId);
      await readMeta(dir, uploadId);
      const parts: LandedPart[] = [];
      for (const entry of await readdir(folder)) {
        const match = /^(\d+)\.etag$/.exec(entry);
        if (!match) continue;
        const partNumber = Number(match[1]);
        const etag = (await readFile(path.join(folder, entry), 'utf8')).trim();
        const { size } = await stat(path.join(folder, `${partNumber}.part`));
        parts.push({ partNumber, etag, size });
      }
      return parts.sort((a, b) => a.partNumber - b.partNumber);
    },
    async complete(key, uploadId, parts) {
      const folder = uploadDir(dir, uploadId);
      const meta = await readMeta(dir, uploadId);
      if (meta.key !== key) throw gone();
      const landed = new Map((await multipart.listParts(key, uploadId)).map((part) => [part.partNumber, part.etag]));
      for (const part of parts) {
        if (landed.get(part.partNumber) !== part.etag.replace(/"/g, '')) {
          throw new AppError('CONFLICT', `Part ${part.partNumber} did not arrive as sent. Resume the upload.`);
        }
      }
      const target = path.join(dir, key);
      const temp = `${target}.partial`;
      const out = createWriteStream(temp, { flags: 'wx' });
      try {
        // One write stream for every part, fed by hand (a pipeline per part would stack its listeners).
        for (const part of parts) {
          for await (const chunk of createReadStream(path.join(folder, `${part.partNumber}.part`))) {
            if (!out.write(chunk)) await once(out, 'drain');
          }
        }
        out.end();
        await finished(out);
      } catch (error) {
        out.destroy();
        await rm(temp, { force: true });
        throw error;
      }
      await rename(temp, target);
      await rm(folder, { recursive: true, force: true });
    },
    async abort(_key, uploadId) {
      if (!UPLOAD_ID.test(uploadId)) return;
      await rm(uploadDir(dir, uploadId), { recursive: true, force: true });
    },
  };
  return multipart;
}

export interface ReceiveLocalPartOptions {
  /** The local storage folder (DATA_DIR/uploads). */
  dir: string;
  /** The request's path and query, as the signed URL gave them. */
  url: URL;
  body: Readable;
  /** A part larger than this is refused while it streams. */
  maxBytes: number;
  now?: Date;
}

/** Checks a part URL's signature and expiry, then stores the part; returns its ETag (MD5, as S3's). */
export async function receiveLocalPart({
  dir,
  url,
  body,
  maxBytes,
  now = new Date(),
}: ReceiveLocalPartOptions): Promise<string> {
  const match = /^([a-f0-9-]{36})\/(\d{1,5})$/.exec(url.pathname.slice(LOCAL_PART_PATH.length));
  const expires = Number(url.searchParams.get('expires'));
  const signature = url.searchParams.get('signature') ?? '';
  if (!match || !Number.isInteger(expires) || !/^[a-f0-9]{64}$/.test(signature)) {
    throw new AppError('UNAUTHENTICATED', 'This part address is not one the portal signed. Resume the upload.');
  }
  const uploadId = match[1]!;
  const partNumber = Number(match[2]);
  const { secret } = await readMeta(dir, uploadId);
  const expected = Buffer.from(sign(secret, uploadId, partNumber, expires), 'hex');
  if (!timingSafeEqual(expected, Buffer.from(signature, 'hex'))) {
    throw new AppError('UNAUTHENTICATED', 'This part address is not one the portal signed. Resume the upload.');
  }
  if (expires * 1000 < now.getTime()) {
    throw new AppError('LINK_EXPIRED', 'This part address has expired. Resume the upload to get fresh ones.');
  }
  const folder = uploadDir(dir, uploadId);
  const temp = path.join(folder, `${partNumber}.${randomUUID()}.tmp`);
  const md5 = createHash('md5');
  let size = 0;
  try {
    await pipeline(
      body,
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          size += chunk.length;
          if (size > maxBytes) throw new AppError('PAYLOAD_TOO_LARGE', 'This part is larger than the upload allows.');
          md5.update(chunk);
          yield chunk;
        }
      },
      createWriteStream(temp, { flags: 'wx' }),
    );
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  const etag = md5.digest('hex');
  // The part lands whole or not at all: a connection cut mid-part leaves no half part to list.
  await rename(temp, path.join(folder, `${partNumber}.part`));
  await writeFile(path.join(folder, `${partNumber}.etag`), etag);
  return etag;
}
