/**
 * The local runtime's answer to a signed part URL (architecture §15): with no bucket configured, the
 * browser PUTs each part of a direct upload here, as it would to S3's presigned UploadPart URL. The
 * body streams to disk (no 4.5 MB function body limit applies); the reply carries the part's ETag.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../domain/errors.js';
import { getConfig } from '../server/config.js';
import { MAX_PART_BYTES } from '../server/files/multipart-session.js';
import { errorBody } from '../server/http/route.js';
import { receiveLocalPart } from '../server/storage/local-multipart.js';

export async function serveLocalUploadPart(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    const storage = getConfig().storage;
    if (storage.kind !== 'local') throw new AppError('NOT_FOUND', 'Parts go to the bucket, not here.');
    if (req.method !== 'PUT') throw new AppError('METHOD_NOT_ALLOWED', 'Send each part with PUT.');
    const etag = await receiveLocalPart({ dir: storage.dir, url, body: req, maxBytes: MAX_PART_BYTES });
    res.writeHead(200, { etag: `"${etag}"`, 'cache-control': 'no-store' }).end();
  } catch (error) {
    const { status, body, headers } = errorBody(error);
    // A refused part's body is never read: close the connection so it is not reused mid-part.
    if (!req.readableEnded) res.setHeader('connection', 'close');
    res.writeHead(status, {
      ...headers,
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    res.end(JSON.stringify(body));
  }
}
