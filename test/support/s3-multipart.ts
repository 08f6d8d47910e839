/**
 * s3rver 3.7 implements CreateMultipartUpload, UploadPart and CompleteMultipartUpload but answers
 * ListParts and AbortMultipartUpload with "method not allowed". This adds the two, as S3 documents
 * them, over s3rver's own folder of parts (`<bucket>/<...>_uploads/<upload id>/<part>` and `.md5`),
 * so the portal's resume and abort paths run against it unchanged.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import type { S3rverInstance } from './s3.js';

interface KoaContext {
  method: string;
  url: string;
  status: number;
  type: string;
  body: unknown;
}
type Middleware = (ctx: KoaContext, next: () => Promise<unknown>) => Promise<void>;
interface KoaInternals {
  middleware: Middleware[];
  store: { getResourcePath(bucket: string, key: string | undefined, resource: string): string };
}

/** Call before `run()`: Koa composes its middleware when it starts listening. */
export function addMultipartListing(s3: S3rverInstance): void {
  const app = s3 as unknown as KoaInternals;
  app.middleware.unshift(async (ctx, next) => {
    const url = new URL(ctx.url, 'http://s3.local');
    const uploadId = url.searchParams.get('uploadId');
    if (!uploadId || url.searchParams.has('partNumber') || !['GET', 'DELETE'].includes(ctx.method)) {
      await next();
      return;
    }
    const [bucket = '', ...key] = url.pathname.slice(1).split('/');
    const dir = path.join(app.store.getResourcePath(bucket, undefined, 'uploads'), path.basename(uploadId));
    const exists = await stat(dir).then(
      () => true,
      () => false,
    );
    if (ctx.method === 'DELETE') {
      await rm(dir, { recursive: true, force: true });
      ctx.status = 204;
      return;
    }
    ctx.type = 'application/xml';
    if (!exists) {
      ctx.status = 404;
      ctx.body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchUpload</Code><Message>The specified upload does not exist.</Message></Error>`;
      return;
    }
    const parts: string[] = [];
    const names = (await readdir(dir)).filter((name) => /^\d+$/.test(name)).sort((a, b) => Number(a) - Number(b));
    for (const name of names) {
      const md5 = await readFile(path.join(dir, `${name}.md5`), 'utf8').catch(() => undefined);
      if (!md5) continue;
      const { size } = await stat(path.join(dir, name));
      parts.push(`<Part><PartNumber>${name}</PartNumber><ETag>"${md5}"</ETag><Size>${size}</Size></Part>`);
    }
    ctx.status = 200;
    ctx.body =
      `<?xml version="1.0" encoding="UTF-8"?><ListPartsResult><Bucket>${bucket}</Bucket><Key>${key.join('/')}</Key>` +
      `<UploadId>${uploadId}</UploadId><IsTruncated>false</IsTruncated>${parts.join('')}</ListPartsResult>`;
  });
}
