/**
 * `npx tsx scripts/vendor-packet-samples.ts`: writes the sample supplier documents the portal ships in
 * content/shop/vendor-packet/ (the ones content/shop/vendor-packet.json lists), each one page, marked
 * as a sample to replace, with the shop's facts from src/domain/site.ts and placeholders where a real
 * document has the shop's own figures. A shop replaces them with its own files (README, "Vendor
 * packet"); this script is only for the samples. The same code writes the same bytes (fixed dates,
 * PDF standard fonts that are not embedded), so the PDFs are a few kilobytes and rerunning changes
 * nothing.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PDFDocument, rgb, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import { site } from '../src/domain/site.js';

const DIR = path.resolve(import.meta.dirname, '../content/shop/vendor-packet');
const DATE = new Date('2026-01-01T00:00:00Z');
const REPLACE = 'SAMPLE: replace this document with your own before going live';

interface Sample {
  file: string;
  title: string;
  lines: [string, string][];
  body: string[];
}

const address = `${site.address.street}, ${site.address.postalCode} ${site.address.city}, ${site.address.country}`;

const SAMPLES: Sample[] = [
  {
    file: 'sample-w9-vat-registration.pdf',
    title: 'Sample W-9 / VAT registration certificate — replace with your own',
    lines: [
      ['Legal name', site.legalName],
      ['Address', address],
      ['VAT identification number', site.vatId],
      ['US taxpayer identification', '(your W-9 or W-8BEN-E, as your buyers ask for it)'],
    ],
    body: [
      'In place of this page: the tax office’s VAT registration certificate, or the signed IRS form',
      'W-9 (US shops) or W-8BEN-E (shops outside the US selling to US buyers).',
    ],
  },
  {
    file: 'sample-bank-details-letter.pdf',
    title: 'Sample bank details letter — replace with your own',
    lines: [
      ['Account holder', site.legalName],
      ['Bank', '(your bank’s name and address)'],
      ['IBAN', 'DE00 0000 0000 0000 0000 00 (placeholder)'],
      ['BIC', 'XXXXDEXXXXX (placeholder)'],
    ],
    body: [
      'In place of this page: a letter on the shop’s or the bank’s letterhead confirming the account,',
      'signed, so a buyer’s accounts payable team can set the shop up as a supplier.',
    ],
  },
  {
    file: 'sample-insurance-certificate.pdf',
    title: 'Sample certificate of liability insurance — replace with your own',
    lines: [
      ['Insured', site.legalName],
      ['Cover', 'Product and public liability (placeholder)'],
      ['Limit', '(per occurrence and in aggregate)'],
      ['Period', '(valid from … until …)'],
    ],
    body: [
      'In place of this page: the certificate your insurer issues, showing the insured, the cover and its period.',
    ],
  },
  {
    file: 'sample-iso-9001-certificate.pdf',
    title: 'Sample ISO 9001 certificate — replace with your own',
    lines: [
      ['Organisation', site.legalName],
      ['Standard', 'ISO 9001:2015 (placeholder)'],
      ['Scope', 'Additive manufacturing of custom parts (placeholder)'],
      ['Certificate number and validity', '(as on your certificate)'],
    ],
    body: [
      'In place of this page: the certificate of your quality management system from its certification',
      'body, or delete this entry from content/shop/vendor-packet.json if the shop holds none.',
    ],
  },
  {
    file: 'sample-terms-of-sale.pdf',
    title: 'Sample terms of sale — replace with your own',
    lines: [
      ['Seller', site.legalName],
      ['Payment', `net ${site.defaultPaymentTermsDays} days from the invoice date (placeholder)`],
      ['Published at', `${site.termsPath} on the shop’s site`],
    ],
    body: ['In place of this page: the shop’s general terms and conditions of sale as a PDF.'],
  },
];

function write(page: PDFPage, text: string, x: number, y: number, font: PDFFont, size: number, red = false): void {
  page.drawText(text, { x, y, size, font, color: red ? rgb(0.7, 0.1, 0.1) : rgb(0.1, 0.1, 0.1) });
}

async function render(sample: Sample): Promise<Uint8Array> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([595.28, 841.89]);
  page.drawRectangle({ x: 0, y: 781.89, width: 595.28, height: 60, color: rgb(0.98, 0.9, 0.9) });
  write(page, REPLACE, 56, 805, bold, 12, true);
  write(page, sample.title, 56, 730, bold, 14);
  write(page, `${site.legalName} · ${address}`, 56, 708, regular, 10);
  let y = 670;
  for (const [label, value] of sample.lines) {
    write(page, label, 56, y, bold, 10);
    write(page, value, 230, y, regular, 10);
    y -= 20;
  }
  y -= 16;
  for (const line of sample.body) {
    write(page, line, 56, y, regular, 10);
    y -= 15;
  }
  write(page, 'Shipped with the quote portal as an example. See the README, "Vendor packet".', 56, 60, regular, 8);
  write(page, `File: content/shop/vendor-packet/${sample.file}`, 56, 48, regular, 8);
  doc.setTitle(sample.title);
  doc.setSubject(REPLACE);
  doc.setAuthor(site.legalName);
  doc.setProducer('pdf-lib');
  doc.setCreationDate(DATE);
  doc.setModificationDate(DATE);
  return doc.save();
}

mkdirSync(DIR, { recursive: true });
for (const sample of SAMPLES) {
  const bytes = await render(sample);
  writeFileSync(path.join(DIR, sample.file), bytes);
  console.log(`${sample.file}: ${bytes.length} bytes`);
}
