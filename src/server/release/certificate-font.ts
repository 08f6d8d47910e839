/**
 * The typeface the portal's own PDFs embed: DejaVu Sans (the `dejavu-fonts-ttf` package; Bitstream
 * Vera licence, DejaVu's changes in the public domain), book and bold. The PDF standard fonts know
 * only WinAnsi, so "Łukasiewicz" cannot be written with them; DejaVu Sans covers Latin, Greek and
 * Cyrillic, € and £. Each PDF embeds only the glyphs it uses (pdf-lib's subsetting), a few kilobytes.
 * DejaVu rather than Noto Sans: @pdf-lib/fontkit's subsetter writes a short `loca` table, which only
 * holds for fonts whose glyph records have even lengths. DejaVu's all do; a third of Noto Sans's do
 * not, and those glyphs print blank (while pdftotext still reads the text).
 *
 * The files are named by `new URL(…, import.meta.url)`, the form Vercel's file tracer follows, so both
 * ship beside every function that renders a PDF (architecture §9); require.resolve of the package is
 * the fallback where node_modules sits elsewhere. Read once per process.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

function fontFile(url: URL): string {
  const file = fileURLToPath(url);
  if (existsSync(file)) return file;
  return path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', path.basename(file));
}

const FILES = {
  regular: fontFile(new URL('../../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSans.ttf', import.meta.url)),
  bold: fontFile(new URL('../../../node_modules/dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf', import.meta.url)),
};

export interface DocumentFonts {
  regular: Uint8Array;
  bold: Uint8Array;
}

let loading: Promise<DocumentFonts> | undefined;

/** The two font files' bytes; a failed read is tried again by the next caller. */
export function documentFonts(): Promise<DocumentFonts> {
  loading ??= Promise.all([readFile(FILES.regular), readFile(FILES.bold)]).then(
    ([regular, bold]) => ({ regular, bold }),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
