/**
 * Purchase-order PDFs made at test time (no binary fixtures in git), with pdf-lib and its standard
 * Helvetica: a PO with its number, lines, totals, currency and the quote it answers, laid out as
 * purchasing systems print them (each table cell its own text run, so pdf.js sees the gaps); a
 * "scanned" PO (one image, no text); a PNG named .pdf; a PDF that needs a password; a damaged one.
 */
import { PDFDict, PDFDocument, PDFHexString, PDFName, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib';
import sharp from 'sharp';
import { formatMoney } from '../../src/domain/money.js';

export interface PoPdfLine {
  description: string;
  quantity: number;
  unitMinor: number;
}

export interface PoPdfOptions {
  poNumber?: string;
  /** The shop's quote number the PO answers; '' for none. */
  quoteNumber?: string;
  currency?: string;
  /** How amounts are written: "€1,234.50" (en-GB) or "1.234,50 €" (de-DE). */
  locale?: 'en-GB' | 'de-DE';
  lines?: readonly PoPdfLine[];
  /** Adds a VAT line on top of the net amount: the total printed is net + VAT. */
  vatPercent?: number;
  /** Prints this total instead of the lines' sum (a PO written against other figures). */
  totalMinor?: number;
  /** Pages the lines take before the totals; 2 puts the totals on page 2. */
  totalOnPage?: number;
  /** Pages of terms after the totals. */
  termsPages?: number;
}

export const PO_NUMBER = '4500012345';
export const QUOTE_NUMBER = 'QT-1A2B3C4D-0002';
export const PO_LINES: readonly PoPdfLine[] = [
  { description: 'Bracket, PETG, black', quantity: 100, unitMinor: 1000 },
  { description: 'Clip, PA12', quantity: 50, unitMinor: 480 },
];

/** The lines' sum in minor units, what a matching PO's total is without VAT. */
export function linesTotalMinor(lines: readonly PoPdfLine[] = PO_LINES): number {
  return lines.reduce((sum, line) => sum + line.quantity * line.unitMinor, 0);
}

const A4: [number, number] = [595, 842];

export async function poPdf(options: PoPdfOptions = {}): Promise<Uint8Array> {
  const {
    poNumber = PO_NUMBER,
    quoteNumber = QUOTE_NUMBER,
    currency = 'eur',
    locale = 'en-GB',
    lines = PO_LINES,
    vatPercent = 0,
    totalOnPage = 1,
    termsPages = 0,
  } = options;
  // WinAnsi (the standard fonts' encoding) has the no-break space but not the narrow one.
  const money = (minor: number) => formatMoney(minor, currency, locale).replace(/\u202f/g, ' ');
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const pages = totalOnPage + termsPages;
  let page = doc.addPage(A4);
  let y = 780;
  const text = (value: string, x: number, size = 10, face: PDFFont = font, on: PDFPage = page) =>
    on.drawText(value, { x, y, size, font: face });

  text('PURCHASE ORDER', 50, 18, bold);
  y -= 30;
  text('Acme Fixtures GmbH, Industriestr. 12, 70565 Stuttgart', 50);
  y -= 24;
  text('PO Number:', 50, 10, bold);
  text(poNumber, 160);
  text('Date:', 350, 10, bold);
  text('12.03.2026', 420);
  y -= 16;
  if (quoteNumber) {
    text('Your quote:', 50, 10, bold);
    text(quoteNumber, 160);
    y -= 16;
  }
  text('Supplier:', 50, 10, bold);
  text('Print farm', 160);
  y -= 30;

  const header = () => {
    text('Pos', 50, 10, bold);
    text('Description', 80, 10, bold);
    text('Qty', 300, 10, bold);
    text('Unit price', 360, 10, bold);
    text('Total', 480, 10, bold);
    y -= 18;
  };
  header();
  const perPage = Math.ceil(lines.length / totalOnPage);
  lines.forEach((line, index) => {
    if (index > 0 && index % perPage === 0) {
      text(`Page ${doc.getPageCount()} of ${pages}, continued overleaf`, 50, 8);
      page = doc.addPage(A4);
      y = 780;
      text(`Purchase order ${poNumber}, continued`, 50, 10, bold);
      y -= 24;
      header();
    }
    text(String(index + 1), 50);
    text(line.description, 80);
    text(String(line.quantity), 300);
    text(money(line.unitMinor), 360);
    text(money(line.quantity * line.unitMinor), 480);
    y -= 16;
  });

  const net = linesTotalMinor(lines);
  const vat = Math.round((net * vatPercent) / 100);
  const total = options.totalMinor ?? net + vat;
  y -= 14;
  if (vatPercent > 0) {
    text('Subtotal', 360);
    text(money(net), 480);
    y -= 16;
    text(`VAT ${vatPercent}%`, 360);
    text(money(vat), 480);
    y -= 16;
  }
  text('Total', 360, 11, bold);
  text(money(total), 480, 11, bold);
  y -= 40;
  text('Please state the PO number on every invoice and delivery note.', 50, 9);

  for (let n = 0; n < termsPages; n++) {
    page = doc.addPage(A4);
    y = 780;
    text('Terms and conditions of purchase', 50, 12, bold);
    y -= 20;
    text(`Page ${doc.getPageCount()} of ${pages}. Delivery free to our plant; payment 30 days net.`, 50, 9);
  }
  return doc.save();
}

/** A PO as a scanner makes it: one page holding one image, no text at all. */
export async function scannedPoPdf(): Promise<Uint8Array> {
  const rows = Array.from(
    { length: 12 },
    (_, i) => `<rect x="60" y="${80 + i * 40}" width="${300 + (i % 3) * 90}" height="14" fill="#333"/>`,
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="595" height="842"><rect width="595" height="842" fill="#f4f1ea"/>${rows.join('')}</svg>`;
  const png = await sharp(Buffer.from(svg)).png().toBuffer();
  const doc = await PDFDocument.create();
  const page = doc.addPage(A4);
  const image = await doc.embedPng(png);
  page.drawImage(image, { x: 0, y: 0, width: A4[0], height: A4[1] });
  return doc.save();
}

/** A PNG image with a .pdf name: what a buyer attaches after renaming a screenshot. */
export async function pngNamedPdf(): Promise<{ name: string; data: Uint8Array }> {
  const png = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#888888' } })
    .png()
    .toBuffer();
  return { name: 'purchase-order.pdf', data: new Uint8Array(png) };
}

/**
 * A PDF that needs a password to open: the standard security handler with a user password, its
 * check values made up (pdf-lib writes no encryption, and the test needs no real cipher text).
 */
export async function passwordPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage(A4).drawText(`PO Number: ${PO_NUMBER}`, { x: 50, y: 780, size: 10, font });
  const check = PDFHexString.of('ab'.repeat(32));
  doc.context.trailerInfo.Encrypt = doc.context.register(
    doc.context.obj({ Filter: 'Standard', V: 1, R: 2, O: check, U: check, P: -44 }),
  );
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of('cd'.repeat(16)), PDFHexString.of('cd'.repeat(16))]);
  return doc.save({ useObjectStreams: false });
}

/**
 * A small file that is hard work: one page whose compressed content stream draws `runs` tiny text
 * runs (200,000 make a 0.5 MB file that needs far more than 16 MB of reader heap).
 */
export async function heavyPdf(runs = 200_000): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage(A4);
  page.drawText('x', { x: 10, y: 10, size: 1, font });
  const fontName = page.node.Resources()?.lookup(PDFName.of('Font'), PDFDict).keys()[0]?.asString() ?? '/F1';
  const ops = Array.from({ length: runs }, (_, i) => `1 0 0 1 ${i % 500} ${i % 800} Tm (ab) Tj`);
  const content = doc.context.flateStream(`BT ${fontName} 1 Tf ${ops.join(' ')} ET`);
  page.node.set(PDFName.of('Contents'), doc.context.register(content));
  return doc.save();
}

/** Starts like a PDF, then is nothing pdf.js can parse. */
export function damagedPdf(): Uint8Array {
  return new TextEncoder().encode('%PDF-1.7\n% the rest of this file was lost in transfer\n');
}
