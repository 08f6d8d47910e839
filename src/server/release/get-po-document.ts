/**
 * GET /api/quotes/:id/po-document: the purchase-order PDF of a revision, for the shop (session) or
 * the revision's purchasing link: the one its release names, else the newest one attached.
 */
import type { Readable } from 'node:stream';
import { AppError } from '../../domain/errors.js';
import { loadRequest } from '../requests/load-request.js';
import { getStorage } from '../storage/index.js';
import { authoriseQuoteViewer, type AuthoriseQuoteViewerOptions } from './quote-viewer.js';
import { poDocumentOf } from './po-document-check.js';

export interface PoDocumentDownload {
  stream: Readable;
  size: number;
  fileName: string;
}

const NONE = 'No purchase-order document is attached to this quote.';

export async function getPoDocument(options: AuthoriseQuoteViewerOptions): Promise<PoDocumentDownload> {
  const revision = await authoriseQuoteViewer(options);
  const loaded = await loadRequest({ id: revision.requestId });
  const document = loaded ? poDocumentOf(loaded.events, revision.id) : undefined;
  if (!document) throw new AppError('NOT_FOUND', NONE);
  const object = await getStorage().get(document.id);
  if (!object) throw new AppError('NOT_FOUND', NONE);
  return { stream: object.body, size: object.size, fileName: document.name };
}
