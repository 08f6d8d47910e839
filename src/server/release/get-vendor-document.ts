/**
 * GET /api/quotes/:id/vendor-documents/:doc: one of the shop's supplier documents (architecture §12),
 * for the shop or the revision's purchasing approver, so the buyer's system has them before it issues
 * a PO. An id the packet does not list is 404 with words; a packet that cannot be read is 503.
 */
import { AppError } from '../../domain/errors.js';
import { authoriseQuoteViewer, type AuthoriseQuoteViewerOptions } from './quote-viewer.js';
import { openVendorPacket, type VendorFile } from './vendor-packet.js';

export interface GetVendorDocumentOptions extends AuthoriseQuoteViewerOptions {
  documentId: string;
}

export async function getVendorDocument(options: GetVendorDocumentOptions): Promise<VendorFile> {
  await authoriseQuoteViewer(options);
  const packet = await openVendorPacket();
  const file = packet.read(options.documentId);
  if (!file) {
    throw new AppError(
      'NOT_FOUND',
      'The shop lists no supplier document under this name. The release page lists the ones it has.',
    );
  }
  return file;
}
