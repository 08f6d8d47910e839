/**
 * Who is uploading, for both upload paths (one request, or straight to storage in parts): a holder of
 * a technical or purchasing link adds to that request, within its per-request file cap; anyone else
 * uploads anonymously under the rate limit, the file attached later by the request it is sent with.
 */
import type { IncomingMessage } from 'node:http';
import { AppError } from '../../domain/errors.js';
import { getConfig } from '../config.js';
import { getDb } from '../db/index.js';
import { count, eq } from '../db/orm.js';
import { files } from '../db/schema.js';
import { bearerToken, requestMeta } from '../http/request-meta.js';
import { verifyLink } from '../links/index.js';
import { enforceRateLimit } from '../rate-limit.js';

/** Uploads after submission (review photos, revised CAD) are capped per request, like the form's own. */
const LINK_UPLOADS_PER_REQUEST_FACTOR = 5;

export interface Uploader {
  /** The request a link upload joins at once; null for an anonymous upload. */
  requestId: string | null;
  role: string;
}

export async function authoriseUploader(req: IncomingMessage): Promise<Uploader> {
  const token = bearerToken(req);
  if (token === undefined && !req.headers.authorization) {
    await enforceRateLimit({ endpoint: 'uploads', ip: requestMeta(req).ip });
    return { requestId: null, role: 'anonymous' };
  }
  const link = await verifyLink({ token, purposes: ['technical', 'purchasing'] });
  if (!link.requestId) throw new AppError('WRONG_ROLE', 'This link cannot add files to a request.');
  const [attached] = await getDb().select({ n: count() }).from(files).where(eq(files.requestId, link.requestId));
  if ((attached?.n ?? 0) >= getConfig().uploads.maxFiles * LINK_UPLOADS_PER_REQUEST_FACTOR) {
    throw new AppError(
      'VALIDATION',
      'This request already holds as many files as it can take. Ask the shop for help.',
      {
        fields: { file: 'This request already holds as many files as it can take.' },
      },
    );
  }
  return { requestId: link.requestId, role: link.purpose };
}
