/**
 * Reads a buyer's purchase-order PDF for the release (architecture §7.1): checks from the bytes that
 * it is a PDF, extracts its text within bounds (`readPdfText`: the first pages, a deadline, a capped
 * heap) and reads the PO's facts from it with the domain's `readPoText`, for
 * `matchPoDocument` to compare with the revision.
 *
 * A file that is not a PDF, is too large, needs a password or cannot be parsed is refused with an
 * AppError naming the form field: neither the shop nor the approver's colleagues could open it either,
 * and the buyer can fix it in a minute (print it to PDF again). A PDF that opens but shows no text (a
 * scan), or that pdf.js cannot finish within the bounds, is a valid PO all the same: it comes back as
 * `not_read` and the release goes on without the comparison.
 */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../domain/errors.js';
import { readPoText, type PoReading } from '../../domain/po-document.js';
import { logInfo } from '../log.js';
import { isPdf, PdfDamagedError, PdfPasswordError, readPdfText } from './read-pdf-text.js';

/** The upload limit's default (server/config.ts): a PO is a few pages, rarely over 1 MB. */
export const MAX_PO_DOCUMENT_BYTES = 4 * 1024 * 1024;
/** A PO's figures sit on its first pages; later pages are terms and conditions. */
export const MAX_PO_PAGES = 10;
/** Leaves the release function most of its 15 s (architecture §9) for Stripe. */
export const PO_READ_DEADLINE_MS = 3_000;
/** A dense 10-page PO is about 30,000 characters; reading them takes the function’s own thread. */
const MAX_PO_TEXT_CHARS = 100_000;

export interface ReadPoDocumentOptions {
  data: Uint8Array;
  /** The form field the file came in, named in refusals. */
  field?: string;
  /** The file's name as sent, for messages; "The purchase order" when absent. */
  name?: string;
  maxBytes?: number;
  maxPages?: number;
  deadlineMs?: number;
  /** The reader thread's heap (read-pdf-text.ts). */
  maxHeapMb?: number;
}

/** The reading, with the file's SHA-256 (hex) and its pages: `pageCount` 0 when it never opened in time. */
export type PoDocumentRead = PoReading & { sha256: string; pageCount: number; pagesRead: number };

export async function readPoDocument({
  data,
  field = 'poDocument',
  name,
  maxBytes = MAX_PO_DOCUMENT_BYTES,
  maxPages = MAX_PO_PAGES,
  deadlineMs = PO_READ_DEADLINE_MS,
  maxHeapMb,
}: ReadPoDocumentOptions): Promise<PoDocumentRead> {
  const label = name ?? 'The purchase order';
  const refuse = (code: 'VALIDATION' | 'UNSUPPORTED_TYPE' | 'PAYLOAD_TOO_LARGE', message: string, short: string) =>
    new AppError(code, message, { fields: { [field]: short } });

  if (data.length > maxBytes) {
    throw refuse(
      'PAYLOAD_TOO_LARGE',
      `${label} is ${size(data.length)}; a purchase order may be up to ${size(maxBytes)}. Save it again with smaller images and attach that.`,
      `${label} is larger than ${size(maxBytes)}.`,
    );
  }
  if (!isPdf(data)) {
    const detected = await fileTypeFromBuffer(data);
    const what = detected ? `a ${detected.ext.toUpperCase()} file, not a PDF` : 'not a PDF';
    throw refuse(
      'UNSUPPORTED_TYPE',
      `${label} is ${what}. Save or print the purchase order as a PDF and attach that.`,
      `${label} is ${what}.`,
    );
  }

  const sha256 = createHash('sha256').update(data).digest('hex');
  let text;
  try {
    text = await readPdfText({ data, maxPages, maxChars: MAX_PO_TEXT_CHARS, deadlineMs, maxHeapMb });
  } catch (error) {
    if (error instanceof PdfPasswordError) {
      throw refuse(
        'VALIDATION',
        `${label} needs a password to open, so the shop could not read it either. Save it again without a password (print it to PDF) and attach that.`,
        `${label} needs a password to open.`,
      );
    }
    if (error instanceof PdfDamagedError) {
      throw refuse(
        'VALIDATION',
        `${label} could not be opened as a PDF; it may be damaged. Export it from your purchasing system again and attach that.`,
        `${label} could not be opened; it may be damaged.`,
      );
    }
    throw error;
  }

  const pages = { sha256, pageCount: text.pageCount, pagesRead: text.pages.length };
  if (text.stopped) {
    logInfo(
      `po-document: stopped (${text.stopped}) after ${text.pages.length} of ${text.pageCount} pages, sha256 ${sha256.slice(0, 12)}`,
    );
  }
  if (text.stopped && text.pages.length === 0) {
    return { status: 'not_read', reason: text.stopped === 'deadline' ? 'timeout' : 'too_complex', ...pages };
  }
  return { ...readPoText(text.pages), ...pages };
}

function size(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  return mb >= 1 ? `${Math.round(mb * 10) / 10} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
