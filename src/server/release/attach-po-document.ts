/**
 * POST /api/quotes/:id/po-document: the purchasing approver attaches their purchase-order PDF to the
 * revision before releasing it (architecture §7.1). The bytes must be a PDF; its text is read and the
 * reading returned, so the release page compares it with the revision and the typed PO number while
 * the approver types (`matchPoDocument`, the same function the release runs). The PDF is stored
 * privately and recorded as `po_document_added`; the release that names it stores the comparison with
 * the release event. A scan is accepted and comes back `not_read`.
 */
import type { AttachedPoDocument } from '../../domain/contracts/index.js';
import type { RequestMeta } from '../http/request-meta.js';
import type { IncomingMessage } from 'node:http';
import { recordEvent } from '../db/event-log.js';
import { readMultipartFile } from '../files/read-multipart.js';
import { MAX_PO_DOCUMENT_BYTES, readPoDocument } from '../files/read-po-document.js';
import { getStorage, newStorageKey } from '../storage/index.js';
import { authorisePurchasing } from './authorise.js';

export interface AttachPoDocumentOptions {
  quoteId: string;
  token: string | undefined;
  req: IncomingMessage;
  meta: RequestMeta;
  now?: Date;
}

export async function attachPoDocument(options: AttachPoDocumentOptions): Promise<AttachedPoDocument> {
  const now = options.now ?? new Date();
  const { link, revision } = await authorisePurchasing({ quoteId: options.quoteId, token: options.token, now });
  const part = await readMultipartFile({ req: options.req, maxBytes: MAX_PO_DOCUMENT_BYTES });
  const read = await readPoDocument({ data: part.data, field: 'file', name: part.name });
  const { sha256, pageCount, pagesRead, ...reading } = read;
  const id = newStorageKey('pdf');
  await getStorage().put(id, part.data, 'application/pdf');
  await recordEvent({
    requestId: revision.requestId,
    type: 'po_document_added',
    role: 'purchasing',
    actorEmail: link.recipientEmail,
    quoteRevisionId: revision.id,
    payload: { id, name: part.name, sha256, bytes: part.data.length, pageCount, pagesRead, reading },
    meta: options.meta,
  });
  return { id, name: part.name, sha256, bytes: part.data.length, pageCount, reading: reading };
}
