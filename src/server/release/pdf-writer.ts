/**
 * A small flowing-text layout over pdf-lib for the portal's own documents (architecture §12): A4
 * pages with margins, a header repeated on every page, wrapped paragraphs, label/value blocks and
 * tables whose rows move to the next page whole (the table's head repeated there), and "page 2 of 3"
 * footers written once the page count is known. Nothing here knows what a certificate says.
 */
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';

/** A4 in PostScript points. */
export const A4: [number, number] = [595.28, 841.89];
const MARGIN = { top: 50, right: 56, bottom: 54, left: 56 };
const HEADER_HEIGHT = 30;
const INK = rgb(0.1, 0.12, 0.14);
const MUTED = rgb(0.38, 0.4, 0.43);
const BRAND = rgb(0.05, 0.38, 0.4);
const RULE = rgb(0.8, 0.82, 0.84);

export interface WriterFonts {
  regular: PDFFont;
  bold: PDFFont;
}

export interface TextOptions {
  size?: number;
  bold?: boolean;
  muted?: boolean;
  brand?: boolean;
  indent?: number;
  /** Space below the block, in points. */
  after?: number;
}

export interface Column {
  title: string;
  /** Share of the text width. */
  width: number;
  align?: 'left' | 'right';
}

/** Control characters print as boxes or nothing; a tab or stray carriage return is a space. */
function printable(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/(?!\n)\p{Cc}/gu, ' ');
}

/**
 * Text width from each character's advance, measured once per font and character: pdf-lib's own
 * measure lays the whole string out through fontkit (about a millisecond a call), and wrapping a
 * 60-event trail asks thousands of times. pdf-lib draws glyphs by advance without kerning, so the
 * sum is what it draws, ligatures aside.
 */
export class TextMeasure {
  private readonly advances = new Map<PDFFont, Map<string, number>>();

  width(text: string, font: PDFFont, size: number): number {
    let table = this.advances.get(font);
    if (!table) {
      table = new Map<string, number>();
      this.advances.set(font, table);
    }
    let total = 0;
    for (const char of text) {
      let advance = table.get(char);
      if (advance === undefined) {
        advance = font.widthOfTextAtSize(char, 1);
        table.set(char, advance);
      }
      total += advance;
    }
    return total * size;
  }
}

/** Lines of at most `width` points; words longer than a line are broken between characters. */
export function wrapText(text: string, fits: (candidate: string) => boolean): string[] {
  const lines: string[] = [];
  for (const paragraph of printable(text).split('\n')) {
    let line = '';
    for (const word of paragraph.split(/ +/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      line = '';
      for (const char of word) {
        if (line && !fits(line + char)) {
          lines.push(line);
          line = '';
        }
        line += char;
      }
    }
    lines.push(line);
  }
  return lines;
}

export class PdfWriter {
  readonly width = A4[0] - MARGIN.left - MARGIN.right;
  private readonly pages: PDFPage[] = [];
  private page!: PDFPage;
  private y = 0;
  private readonly measure = new TextMeasure();

  private readonly doc: PDFDocument;
  private readonly fonts: WriterFonts;
  private readonly header: { left: string; right: string };

  constructor(doc: PDFDocument, fonts: WriterFonts, header: { left: string; right: string }) {
    this.doc = doc;
    this.fonts = fonts;
    this.header = header;
    this.newPage();
  }

  private font(bold = false): PDFFont {
    return bold ? this.fonts.bold : this.fonts.regular;
  }

  private newPage(): void {
    this.page = this.doc.addPage(A4);
    this.pages.push(this.page);
    const top = A4[1] - MARGIN.top;
    this.draw(this.header.left, MARGIN.left, top, { size: 8.5, bold: true, muted: true });
    this.drawRight(this.header.right, A4[0] - MARGIN.right, top, { size: 8.5, muted: true });
    this.page.drawLine({
      start: { x: MARGIN.left, y: top - 8 },
      end: { x: A4[0] - MARGIN.right, y: top - 8 },
      thickness: 0.6,
      color: RULE,
    });
    this.y = top - HEADER_HEIGHT;
  }

  private draw(text: string, x: number, baseline: number, options: TextOptions = {}): void {
    this.page.drawText(printable(text), {
      x,
      y: baseline,
      size: options.size ?? 10,
      font: this.font(options.bold),
      color: options.brand ? BRAND : options.muted ? MUTED : INK,
    });
  }

  private drawRight(text: string, right: number, baseline: number, options: TextOptions = {}): void {
    const width = this.measure.width(text, this.font(options.bold), options.size ?? 10);
    this.draw(text, right - width, baseline, options);
  }

  /** Starts a new page unless `height` points still fit above the bottom margin. */
  private ensure(height: number): boolean {
    if (this.y - height >= MARGIN.bottom) return false;
    this.newPage();
    return true;
  }

  space(points: number): void {
    this.y -= points;
  }

  /** A wrapped paragraph; it may run onto the next page line by line. */
  text(content: string, options: TextOptions = {}): void {
    const size = options.size ?? 10;
    const indent = options.indent ?? 0;
    const leading = size * 1.4;
    const font = this.font(options.bold);
    const fits = (line: string) => this.measure.width(line, font, size) <= this.width - indent;
    for (const line of wrapText(content, fits)) {
      this.ensure(leading);
      this.y -= leading;
      this.draw(line, MARGIN.left + indent, this.y + size * 0.3, options);
    }
    this.y -= options.after ?? 4;
  }

  title(content: string): void {
    this.text(content, { size: 20, bold: true, after: 6 });
  }

  /** A section heading, kept on the page with at least a few lines of what follows it. */
  heading(content: string): void {
    this.ensure(70);
    this.y -= 12;
    this.draw(content, MARGIN.left, this.y - 12, { size: 12.5, bold: true, brand: true });
    this.y -= 20;
  }

  /** Label and value pairs in two columns, the value wrapped in its own. */
  labelled(pairs: [string, string][]): void {
    this.table(
      [
        { title: '', width: 0.25 },
        { title: '', width: 0.75 },
      ],
      pairs,
      { head: false, boldFirst: true, together: true },
    );
  }

  /** A table; a row that does not fit starts a new page, where the table's head is repeated. */
  table(
    columns: Column[],
    rows: string[][],
    options: { head?: boolean; boldFirst?: boolean; size?: number; together?: boolean } = {},
  ): void {
    const size = options.size ?? 9.5;
    const leading = size * 1.35;
    const gap = 8;
    const widths = columns.map((column) => column.width * this.width);
    const lefts = widths.map((_, index) => MARGIN.left + widths.slice(0, index).reduce((a, b) => a + b, 0));
    const head = options.head !== false;
    const drawHead = () => {
      if (!head) return;
      this.y -= leading;
      columns.forEach((column, index) => this.cell(column.title, index, lefts, widths, column, this.y, size, true));
      this.page.drawLine({
        start: { x: MARGIN.left, y: this.y - 4 },
        end: { x: MARGIN.left + this.width, y: this.y - 4 },
        thickness: 0.5,
        color: RULE,
      });
      this.y -= 6;
    };
    const laidOut = rows.map((row) => {
      const cells = row.map((value, index) => {
        const bold = options.boldFirst === true && index === 0;
        return this.fitCell(value, this.font(bold), size, (widths[index] ?? 0) - gap);
      });
      return { cells, height: Math.max(...cells.map((cell) => cell.lines.length)) * leading + 3 };
    });
    // A short block (one approver's details) stays on one page; a long table breaks between rows.
    const total = laidOut.reduce((sum, row) => sum + row.height, head ? leading + 6 : 0);
    this.ensure(options.together === true && total < A4[1] / 3 ? total : leading * 3);
    drawHead();
    for (const { cells, height } of laidOut) {
      if (this.ensure(height)) drawHead();
      cells.forEach((cell, index) => {
        const column = columns[index] ?? { title: '', width: 0 };
        cell.lines.forEach((line, at) => {
          const baseline = this.y - leading * (at + 1);
          this.cell(line, index, lefts, widths, column, baseline, cell.size, options.boldFirst === true && index === 0);
        });
      });
      this.y -= height;
    }
    this.y -= 4;
  }

  /**
   * A cell's lines. One token too wide for its column (a SHA-256, a long file name) is set smaller, down
   * to 7 points, before it is broken: a hash a person compares or copies reads best on one line.
   */
  private fitCell(value: string, font: PDFFont, size: number, width: number): { lines: string[]; size: number } {
    const token = printable(value).trim();
    const full = this.measure.width(token, font, size);
    if (!/\s/.test(token) && full > width) {
      const fitting = Math.floor(((size * width) / full) * 4) / 4;
      if (fitting >= 7) return { lines: [token], size: fitting };
    }
    return { lines: wrapText(value, (line) => this.measure.width(line, font, size) <= width), size };
  }

  private cell(
    text: string,
    index: number,
    lefts: number[],
    widths: number[],
    column: Column,
    baseline: number,
    size: number,
    bold: boolean,
  ): void {
    const left = lefts[index] ?? MARGIN.left;
    if (column.align === 'right') this.drawRight(text, left + (widths[index] ?? 0) - 8, baseline, { size, bold });
    else this.draw(text, left, baseline, { size, bold });
  }

  /** Writes "page N of M" (and `left`) at the foot of every page; call once, after the last line. */
  finish(left: string): void {
    const count = this.pages.length;
    this.pages.forEach((page, index) => {
      this.page = page;
      this.draw(left, MARGIN.left, MARGIN.bottom - 26, { size: 8, muted: true });
      this.drawRight(`page ${index + 1} of ${count}`, A4[0] - MARGIN.right, MARGIN.bottom - 26, {
        size: 8,
        muted: true,
      });
    });
  }
}
