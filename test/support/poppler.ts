/**
 * Reading a PDF the way a buyer's tools do: poppler's pdftotext, pdfinfo and pdffonts (Debian package
 * `poppler-utils`, which .ci/run installs). Where they are missing the layer says so loudly and is
 * skipped, except under CI=true (test/support/binaries.ts).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findBinary, requireBinary } from './binaries.js';

const PDFTOTEXT = findBinary('pdftotext', ['/usr/bin/pdftotext']);

/** Whether poppler is here; call once at the top of a test file and `describe.skipIf(!…)`. */
export function popplerAvailable(layer: string): boolean {
  return requireBinary(layer, PDFTOTEXT, 'poppler-utils is missing (apt-get install -y poppler-utils)');
}

function withFile<T>(bytes: Uint8Array, run: (file: string) => T): T {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pdf-read-'));
  try {
    const file = path.join(dir, 'document.pdf');
    writeFileSync(file, bytes);
    return run(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function tool(name: string, args: string[]): string {
  return execFileSync(path.join(path.dirname(PDFTOTEXT ?? '/usr/bin/pdftotext'), name), args, {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** `pdftotext -layout`, of the whole document or of pages `first`..`last`. */
export function pdfText(bytes: Uint8Array, pages?: { first: number; last: number }): string {
  const range = pages ? ['-f', String(pages.first), '-l', String(pages.last)] : [];
  return withFile(bytes, (file) => tool('pdftotext', ['-layout', ...range, file, '-']));
}

/** `pdfinfo` as a map: "Pages" → "3", "Title" → …; dates as ISO (`-isodates`). */
export function pdfInfo(bytes: Uint8Array): Record<string, string> {
  const text = withFile(bytes, (file) => tool('pdfinfo', ['-isodates', file]));
  return Object.fromEntries(
    text
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1] ?? '', match[2] ?? '']),
  );
}

export interface PdfFont {
  name: string;
  type: string;
  embedded: boolean;
  unicode: boolean;
}

/** `pdffonts`: each font the document uses, whether it is embedded and has a Unicode map. */
export function pdfFonts(bytes: Uint8Array): PdfFont[] {
  const lines = withFile(bytes, (file) => tool('pdffonts', [file]))
    .split('\n')
    .slice(2)
    .filter(Boolean);
  return lines.map((line) => {
    const columns = line.trim().split(/\s+/);
    // name type… encoding emb sub uni object ID: the last five columns are fixed.
    const [emb, , uni] = columns.slice(-5, -2);
    return {
      name: columns[0] ?? '',
      type: columns.slice(1, -6).join(' '),
      embedded: emb === 'yes',
      unicode: uni === 'yes',
    };
  });
}
