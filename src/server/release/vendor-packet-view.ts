/**
 * The vendor packet as GET /api/quotes/:id lists it (architecture §12), with each document's address
 * under the revision. A packet that cannot be read leaves the list empty and logs one line: the
 * release itself must never wait for a supplier document.
 */
import type { VendorPacketView } from '../../domain/contracts/quote-view.js';
import { VENDOR_DOCUMENT_KIND_LABEL } from '../../domain/vendor-packet-schema.js';
import { errorCode } from '../error-code.js';
import { logError } from '../log.js';
import { loadVendorPacket, SHIPPED_VENDOR_PACKET, type VendorPacketSource } from './vendor-packet.js';

export async function vendorPacketView(
  quoteRevisionId: string,
  source: VendorPacketSource = SHIPPED_VENDOR_PACKET,
): Promise<VendorPacketView> {
  const base = `/api/quotes/${quoteRevisionId}`;
  try {
    const packet = await loadVendorPacket(source);
    return {
      documents: packet.documents.map((document) => ({
        id: document.id,
        title: document.title,
        kind: document.kind,
        kindLabel: VENDOR_DOCUMENT_KIND_LABEL[document.kind],
        fileName: document.fileName,
        bytes: document.bytes,
        sha256: document.sha256,
        ...(document.note ? { note: document.note } : {}),
        url: `${base}/vendor-documents/${document.id}`,
      })),
      ...(packet.zip ? { zipBytes: packet.zip.bytes.length, zipUrl: `${base}/vendor-packet` } : {}),
    };
  } catch (error) {
    logError(`vendor packet: unreadable, listed as empty: ${errorCode(error)}`);
    return { documents: [] };
  }
}
