/**
 * The vendor packet's README.txt (architecture §12): who the supplier is, then each document with its
 * kind, file, size and SHA-256, so the buyer's system can check each file arrived unchanged. CRLF
 * line ends: it is opened on Windows as often as anywhere.
 */
import { site } from '../../domain/site.js';
import { VENDOR_DOCUMENT_KIND_LABEL, type VendorDocumentKind } from '../../domain/vendor-packet-schema.js';

export interface IndexedDocument {
  title: string;
  kind: VendorDocumentKind;
  fileName: string;
  bytes: number;
  sha256: string;
  note?: string | undefined;
}

export function packetIndex(documents: IndexedDocument[]): string {
  const { address } = site;
  const lines = [
    `Supplier documents: ${site.legalName}`,
    `${address.street}, ${address.postalCode} ${address.city}, ${address.country}`,
    `VAT ID ${site.vatId} · ${site.contactEmail} · ${site.phone}`,
    '',
    `${documents.length} ${documents.length === 1 ? 'document' : 'documents'}. The SHA-256 of each file shows it arrived unchanged`,
    '(sha256sum FILE on Linux, shasum -a 256 FILE on macOS, Get-FileHash FILE in PowerShell).',
    ...documents.flatMap((document, index) => [
      '',
      `${index + 1}. ${document.title}`,
      `   Kind:    ${VENDOR_DOCUMENT_KIND_LABEL[document.kind]}`,
      `   File:    ${document.fileName} (${document.bytes} bytes)`,
      `   SHA-256: ${document.sha256}`,
      ...(document.note ? [`   Note:    ${document.note}`] : []),
    ]),
    '',
  ];
  return lines.join('\r\n');
}
