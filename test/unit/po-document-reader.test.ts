/**
 * The PO reader over real PDFs made at test time (test/support/pdfs.ts): bytes → text on a pdf.js
 * thread → the domain's reading → the comparison with the revision (server/files/read-po-document.ts,
 * architecture §7.1). Refusals name the form field; scans and timeouts are not_read.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../src/domain/errors.js';
import { formatMoney } from '../../src/domain/money.js';
import { matchPoDocument, type PoExpected } from '../../src/domain/po-document.js';
import { MIN_HEAP_MB } from '../../src/server/files/read-pdf-text.js';
import { readPoDocument } from '../../src/server/files/read-po-document.js';
import { expectLogs } from '../support/logs.js';
import {
  damagedPdf,
  heavyPdf,
  linesTotalMinor,
  passwordPdf,
  PO_LINES,
  PO_NUMBER,
  pngNamedPdf,
  poPdf,
  QUOTE_NUMBER,
  scannedPoPdf,
} from '../support/pdfs.js';

const revision: PoExpected = {
  poNumber: PO_NUMBER,
  totalMinor: linesTotalMinor(),
  currency: 'eur',
  quoteNumber: QUOTE_NUMBER,
};

/** Tests about anything but the deadline give the reader time enough on a busy machine. */
const patient = { deadlineMs: 60_000 };

/** The AppError a refused read throws, as code, status and the field messages. */
async function refusal(read: Promise<unknown>) {
  const error: unknown = await read.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, status: error.status, message: error.message, fields: error.fields };
}

describe('reading a purchase-order PDF', () => {
  it('a PO written against this revision matches on every field, with the bytes’ hash and page count', async () => {
    const data = await poPdf();
    const read = await readPoDocument({ data, ...patient });
    expect(read).toMatchObject({
      status: 'read',
      sha256: createHash('sha256').update(data).digest('hex'),
      pageCount: 1,
      pagesRead: 1,
      poNumbers: [PO_NUMBER],
      quoteNumbers: [QUOTE_NUMBER],
    });
    const match = matchPoDocument(read, revision);
    expect(match.outcome).toBe('match');
    expect(match.findings.map((finding) => [finding.field, finding.status])).toEqual([
      ['po_number', 'matched'],
      ['total', 'matched'],
      ['currency', 'matched'],
      ['quote_number', 'matched'],
    ]);
  });

  it('a PO with another total is a mismatch naming the total with both amounts', async () => {
    const printed = linesTotalMinor() - 6000;
    const read = await readPoDocument({ data: await poPdf({ totalMinor: printed }), ...patient });
    const match = matchPoDocument(read, revision);
    expect(match.outcome).toBe('mismatch');
    const total = match.findings.find((finding) => finding.field === 'total');
    expect(total).toMatchObject({
      status: 'differs',
      found: { amountMinor: printed, currency: 'eur' },
      expected: { amountMinor: revision.totalMinor, currency: 'eur' },
    });
    expect(total?.words).toBe(
      `The PDF's total is ${formatMoney(printed, 'eur')}; this revision totals ${formatMoney(revision.totalMinor, 'eur')}.`,
    );
    expect(match.summary).toMatchInlineSnapshot(
      `"The purchase order differs from this revision in its total. Check the PDF before releasing."`,
    );
  });

  it('a scanned PO (an image, no text) is not read, and says so instead of failing', async () => {
    const read = await readPoDocument({ data: await scannedPoPdf(), ...patient });
    expect(read).toMatchObject({ status: 'not_read', reason: 'no_text', pageCount: 1, pagesRead: 1 });
    expect(matchPoDocument(read, revision)).toMatchInlineSnapshot(`
      {
        "findings": [],
        "outcome": "not_read",
        "reason": "no_text",
        "summary": "The PDF has no text we can read (it may be a scan), so it was not compared with this revision. Check it against the quote yourself.",
      }
    `);
  });

  it('a file that is not a PDF is refused from its bytes, whatever its name, naming the field', async () => {
    const { name, data } = await pngNamedPdf();
    expect(await refusal(readPoDocument({ data, name }))).toEqual({
      code: 'UNSUPPORTED_TYPE',
      status: 415,
      message:
        'purchase-order.pdf is a PNG file, not a PDF. Save or print the purchase order as a PDF and attach that.',
      fields: { poDocument: 'purchase-order.pdf is a PNG file, not a PDF.' },
    });
    const text = new TextEncoder().encode('Purchase order 4711, total 1,240.00 EUR');
    expect(await refusal(readPoDocument({ data: text, field: 'document' }))).toMatchObject({
      code: 'UNSUPPORTED_TYPE',
      fields: { document: 'The purchase order is not a PDF.' },
    });
  });

  it('finds the total on page 2 of a two-page PO', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => ({
      description: `Spacer ${i + 1}`,
      quantity: 10 + i,
      unitMinor: 125 + i * 7,
    }));
    const read = await readPoDocument({ data: await poPdf({ lines, totalOnPage: 2 }), ...patient });
    expect(read).toMatchObject({ status: 'read', pageCount: 2, pagesRead: 2 });
    const match = matchPoDocument(read, { ...revision, totalMinor: linesTotalMinor(lines) });
    expect(match.outcome).toBe('match');
    expect(match.findings[1]).toMatchObject({ field: 'total', status: 'matched', kind: 'total' });
  });

  it('reads German amounts, and a PO that adds VAT to a quote without tax agrees on its net amount', async () => {
    const read = await readPoDocument({ data: await poPdf({ locale: 'de-DE', vatPercent: 19 }), ...patient });
    const net = linesTotalMinor();
    const gross = net + Math.round(net * 0.19);
    expect(matchPoDocument(read, { ...revision, totalMinor: gross }).findings[1]).toMatchObject({
      status: 'matched',
      kind: 'total',
    });
    const onNet = matchPoDocument(read, revision);
    expect(onNet.outcome).toBe('match');
    expect(onNet.findings[1]?.words).toBe(
      `The PDF's net amount, ${formatMoney(net, 'eur')}, matches this revision's total; with tax the PDF says ${formatMoney(gross, 'eur')}.`,
    );
  });

  it('reads only the first pages, and says so when the total lies beyond them', async () => {
    const lines = Array.from({ length: 90 }, (_, i) => ({
      description: `Insert ${i + 1}`,
      quantity: 2,
      unitMinor: 990,
    }));
    const data = await poPdf({ lines, totalOnPage: 3 });
    const read = await readPoDocument({ data, maxPages: 2, ...patient });
    expect(read).toMatchObject({ status: 'read', pageCount: 3, pagesRead: 2 });
    const match = matchPoDocument(read, { ...revision, totalMinor: linesTotalMinor(lines) });
    expect(match).toMatchObject({ outcome: 'not_read', reason: 'no_total' });
    expect(match.summary).toMatchInlineSnapshot(
      `"We found no total in the PDF (we read its first 2 of 3 pages), so it was not compared with this revision. Check it against the quote yourself."`,
    );
  });

  it('refuses a PDF that needs a password, one pdf.js cannot parse, and one over the size limit', async () => {
    expect(await refusal(readPoDocument({ data: await passwordPdf(), name: 'po.pdf', ...patient }))).toEqual({
      code: 'VALIDATION',
      status: 422,
      message:
        'po.pdf needs a password to open, so the shop could not read it either. Save it again without a password (print it to PDF) and attach that.',
      fields: { poDocument: 'po.pdf needs a password to open.' },
    });
    expect(await refusal(readPoDocument({ data: damagedPdf(), ...patient }))).toMatchObject({
      code: 'VALIDATION',
      fields: { poDocument: 'The purchase order could not be opened; it may be damaged.' },
    });
    const data = await poPdf();
    expect(await refusal(readPoDocument({ data, maxBytes: data.length - 1 }))).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      status: 413,
      fields: { poDocument: `The purchase order is larger than ${Math.round((data.length - 1) / 1024)} KB.` },
    });
  });

  it('a PDF not read within its deadline is not_read, logged with codes and the hash prefix only', async () => {
    const logs = expectLogs(/po-document: stopped \(deadline\)/);
    const read = await readPoDocument({ data: await poPdf(), deadlineMs: 1 });
    expect(read).toMatchObject({ status: 'not_read', reason: 'timeout', pagesRead: 0 });
    expect(logs.lines.join('\n')).not.toContain(PO_NUMBER);
    expect(matchPoDocument(read, revision).summary).toMatch(/^The PDF took too long to read/);
  });

  it('a PDF that needs more than the reader’s heap is not_read, and the process lives on', async () => {
    const logs = expectLogs(/po-document: stopped \(memory\)/);
    const read = await readPoDocument({ data: await heavyPdf(), maxHeapMb: MIN_HEAP_MB, ...patient });
    expect(read).toMatchObject({ status: 'not_read', reason: 'too_complex', pagesRead: 0 });
    expect(logs.lines).toHaveLength(1);
    await expect(readPoDocument({ data: await poPdf(), maxHeapMb: 2 })).rejects.toThrow(RangeError);
  });

  it('several PDFs at once all read, two readers at a time', async () => {
    const data = await poPdf({ lines: PO_LINES });
    const reads = await Promise.all(Array.from({ length: 5 }, () => readPoDocument({ data, ...patient })));
    expect(reads.map((read) => matchPoDocument(read, revision).outcome)).toEqual(Array(5).fill('match'));
  });
});
