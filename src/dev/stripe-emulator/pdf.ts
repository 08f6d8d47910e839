/**
 * The emulator's PDFs (quote, invoice): real bytes a viewer opens, in the standard Helvetica fonts
 * every viewer has, so nothing is embedded. Text is written in WinAnsiEncoding, the encoding the
 * standard fonts have for "€", "–", "’" and the Latin letters; anything outside it prints as "?".
 * Lines wrap at word boundaries by Helvetica's own glyph widths (Adobe's AFM metrics) and run on to
 * further pages, so a long terms paragraph is printed whole.
 *
 * Written by hand rather than with a PDF library: a page of text needs a few objects and one
 * content stream per page, and the emulator stays free of runtime dependencies.
 */

/** A line of text, or a paragraph that wraps; `bold` for headings, `size` in points (default 10). */
export type PdfLine = string | { text: string; bold?: boolean; size?: number; gapBefore?: number };

const PAGE = { width: 595, height: 842, margin: 56 };
const DEFAULT_SIZE = 10;

// Helvetica widths (1/1000 em) for ASCII 32–126, from the font's AFM file.
// prettier-ignore
const ASCII_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
  556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
  1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
  333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
  556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];
const OTHER_WIDTHS: Record<string, number> = {
  '€': 556,
  '–': 556,
  '—': 1000,
  '…': 1000,
  '‘': 222,
  '’': 222,
  '“': 333,
  '”': 333,
  '•': 350,
  '·': 278,
  '×': 584,
  '³': 333,
  '²': 333,
  '°': 400,
  ß: 611,
  '\u00a0': 278,
};

// WinAnsiEncoding (Windows-1252) bytes 0x80–0x9f; 0xa0–0xff are the same as Unicode.
const WIN_ANSI_HIGH: Record<string, number> = {
  '€': 0x80,
  '‚': 0x82,
  ƒ: 0x83,
  '„': 0x84,
  '…': 0x85,
  '†': 0x86,
  '‡': 0x87,
  ˆ: 0x88,
  '‰': 0x89,
  Š: 0x8a,
  '‹': 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  '‘': 0x91,
  '’': 0x92,
  '“': 0x93,
  '”': 0x94,
  '•': 0x95,
  '–': 0x96,
  '—': 0x97,
  '˜': 0x98,
  '™': 0x99,
  š: 0x9a,
  '›': 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

function winAnsiByte(char: string): number {
  const code = char.codePointAt(0) ?? 0x3f;
  if (code >= 0x20 && code <= 0x7e) return code;
  if (code >= 0xa0 && code <= 0xff) return code;
  return WIN_ANSI_HIGH[char] ?? 0x3f;
}

function charWidth(char: string, bold: boolean): number {
  const code = char.codePointAt(0) ?? 0;
  const regular = code >= 32 && code <= 126 ? (ASCII_WIDTHS[code - 32] ?? 556) : (OTHER_WIDTHS[char] ?? 556);
  // Helvetica-Bold runs a little wider; wrapping errs on the safe side.
  return bold ? regular * 1.08 : regular;
}

/** Width of a text in points at a size. */
export function textWidth(text: string, size: number, bold = false): number {
  let total = 0;
  for (const char of text) total += charWidth(char, bold);
  return (total * size) / 1000;
}

/** Splits a paragraph into lines no wider than `max` points, at spaces; an overlong word is cut. */
export function wrapText(text: string, max: number, size: number, bold = false): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (textWidth(candidate, size, bold) <= max) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      let rest = word;
      while (textWidth(rest, size, bold) > max) {
        let cut = rest.length - 1;
        while (cut > 1 && textWidth(rest.slice(0, cut), size, bold) > max) cut -= 1;
        lines.push(rest.slice(0, cut));
        rest = rest.slice(cut);
      }
      line = rest;
    }
    lines.push(line);
  }
  return lines;
}

function pdfString(text: string): string {
  let out = '';
  for (const char of text) {
    const byte = winAnsiByte(char);
    const ch = String.fromCharCode(byte);
    out += ch === '\\' || ch === '(' || ch === ')' ? `\\${ch}` : ch;
  }
  return `(${out})`;
}

interface Placed {
  text: string;
  font: 'F1' | 'F2';
  size: number;
  y: number;
}

function layout(lines: readonly PdfLine[]): Placed[][] {
  const pages: Placed[][] = [[]];
  const usable = PAGE.width - 2 * PAGE.margin;
  let y = PAGE.height - PAGE.margin;
  for (const entry of lines) {
    const line = typeof entry === 'string' ? { text: entry } : entry;
    const size = line.size ?? DEFAULT_SIZE;
    const bold = line.bold ?? false;
    const leading = size * 1.4;
    y -= line.gapBefore ?? 0;
    for (const text of wrapText(line.text, usable, size, bold)) {
      if (y - leading < PAGE.margin) {
        pages.push([]);
        y = PAGE.height - PAGE.margin;
      }
      y -= leading;
      pages.at(-1)?.push({ text, font: bold ? 'F2' : 'F1', size, y });
    }
  }
  return pages;
}

export function renderPdf(lines: readonly PdfLine[]): Buffer {
  const pages = layout(lines);
  // Objects: 1 catalog, 2 page tree, 3 Helvetica, 4 Helvetica-Bold, then a page and its content per page.
  const pageIds = pages.map((_, index) => 5 + index * 2);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
  ];
  for (const [index, page] of pages.entries()) {
    const content = page
      .map(
        (line) =>
          `BT /${line.font} ${line.size} Tf ${PAGE.margin} ${line.y.toFixed(2)} Td ${pdfString(line.text)} Tj ET`,
      )
      .join('\n');
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE.width} ${PAGE.height}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents ${pageIds[index]! + 1} 0 R >>`,
      `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
    );
  }
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, index) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${index + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
