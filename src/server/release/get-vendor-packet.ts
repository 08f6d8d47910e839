/**
 * GET /api/quotes/:id/vendor-packet: every supplier document of the shop in one zip with a README.txt
 * listing each and its SHA-256 (architecture §12), for the shop or the revision's purchasing approver.
 */
import { AppError } from '../../domain/errors.js';
import { authoriseQuoteViewer, type AuthoriseQuoteViewerOptions } from './quote-viewer.js';
import { openVendorPacket, type VendorFile } from './vendor-packet.js';

export type GetVendorPacketOptions = AuthoriseQuoteViewerOptions;

export async function getVendorPacket(options: GetVendorPacketOptions): Promise<VendorFile> {
  await authoriseQuoteViewer(options);
  const { zip } = await openVendorPacket();
  if (!zip)
    throw new AppError('NOT_FOUND', 'The shop has no supplier documents to download yet. Ask the shop for them.');
  return zip;
}
