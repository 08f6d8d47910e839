/**
 * The text of a PDF, page by page, read by pdf.js on a worker thread that is stopped at a deadline
 * (architecture §7.1). pdf.js here is unpdf's serverless build (Apache-2.0 pdf.js 6.1 in one 1.7 MB
 * ES module, MIT wrapper): no pdf.js worker file to locate, no canvas package.
 *
 * Why a thread: with no pdf.js worker, parsing runs on the calling thread and never yields to timers
 * (a 1 MB page of 400,000 text runs blocked the event loop for 2.9 s; a timer due at 200 ms fired after
 * it), and a small compressed stream can inflate to gigabytes. On a thread the deadline is real
 * (terminate), the heap is capped, and the function's own thread never loads pdf.js: nothing is
 * imported until a PDF arrives. Pages are sent back as they are read, so a deadline keeps those.
 *
 * The module is named by `new URL(…, import.meta.url)`, the form Vercel's file tracer follows, so it
 * ships beside the function (architecture §9); `import.meta.resolve` is the fallback where
 * node_modules sits elsewhere.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

function pdfjsFile(): string {
  const path = fileURLToPath(new URL('../../../node_modules/unpdf/dist/pdfjs.mjs', import.meta.url));
  return existsSync(path) ? path : fileURLToPath(import.meta.resolve('unpdf/pdfjs'));
}

/** `%PDF-` in the first 1024 bytes, where PDF readers look for it (some mailers put bytes before it). */
export function isPdf(data: Uint8Array): boolean {
  const head = Buffer.from(data.buffer, data.byteOffset, Math.min(data.length, 1024));
  return head.includes('%PDF-', 0, 'latin1');
}

/** The PDF asks for a password to open (a permissions-only password does not: those PDFs open). */
export class PdfPasswordError extends Error {
  override readonly name = 'PdfPasswordError';
}

/** pdf.js could not parse the file as a PDF. */
export class PdfDamagedError extends Error {
  override readonly name = 'PdfDamagedError';
}

export interface ReadPdfTextOptions {
  data: Uint8Array;
  /** Pages read from the first; the rest are counted, not read. */
  maxPages: number;
  /** Stop collecting after this much text. */
  maxChars: number;
  /** Milliseconds from the start, loading pdf.js and waiting for a free reader included. */
  deadlineMs: number;
  /** The reader thread's heap, in MB; at least MIN_HEAP_MB. */
  maxHeapMb?: number;
}

export interface PdfText {
  /** The document's pages; 0 when the deadline passed before the document opened. */
  pageCount: number;
  /** One string per page read: items joined, a gap pdf.js saw between two runs as a tab, line ends as \n. */
  pages: string[];
  /** `deadline`: stopped at the deadline; `memory`: the reader ran out of its heap. */
  stopped?: 'deadline' | 'memory' | undefined;
}

// Runs on the thread. Each page's text goes back at once; the bytes were copied to the thread, so
// pdf.js may take them over. Errors are reported by name only: their messages can quote the file.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
(async () => {
  const pdfjs = await import(pathToFileURL(workerData.pdfjs).href);
  const task = pdfjs.getDocument({
    data: workerData.bytes,
    verbosity: 0,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    stopAtErrors: false,
  });
  const pdf = await task.promise;
  parentPort.postMessage({ type: 'open', pageCount: pdf.numPages });
  let chars = 0;
  for (let number = 1; number <= Math.min(pdf.numPages, workerData.maxPages) && chars < workerData.maxChars; number++) {
    const page = await pdf.getPage(number);
    const content = await page.getTextContent();
    let text = '';
    for (const item of content.items) {
      if (typeof item.str !== 'string') continue;
      text += item.str.length > 0 && item.str.trim() === '' ? '\\t' : item.str;
      if (item.hasEOL) text += '\\n';
    }
    page.cleanup();
    chars += text.length;
    parentPort.postMessage({ type: 'page', text });
  }
  parentPort.postMessage({ type: 'done' });
  await task.destroy();
})().catch((error) => parentPort.postMessage({ type: 'error', name: (error && error.name) || 'Error' }));
`;

type WorkerMessage =
  | { type: 'open'; pageCount: number }
  | { type: 'page'; text: string }
  | { type: 'done' }
  | { type: 'error'; name: string };

/** pdf.js's names for a file it cannot parse. */
const DAMAGED = new Set(['InvalidPDFException', 'FormatError', 'UnknownErrorException', 'ResponseException']);

/**
 * Readers running at once in this process; each holds pdf.js and a document (tens of MB). The rest
 * wait their turn, and the wait counts against their deadline.
 */
export const MAX_READERS = 2;

/**
 * Below this a thread cannot even start: V8 aborts the whole process (seen with 2 MB), where a heap
 * that is only too small for the document ends the thread with ERR_WORKER_OUT_OF_MEMORY (8 to 64 MB).
 */
export const MIN_HEAP_MB = 16;
/** Enough for a 1 MB page of 400,000 text runs, which 64 MB was not. */
export const DEFAULT_HEAP_MB = 256;
let running = 0;
const waiting: (() => void)[] = [];

export async function readPdfText({
  data,
  maxPages,
  maxChars,
  deadlineMs,
  maxHeapMb = DEFAULT_HEAP_MB,
}: ReadPdfTextOptions): Promise<PdfText> {
  if (!(maxHeapMb >= MIN_HEAP_MB)) throw new RangeError(`maxHeapMb must be at least ${MIN_HEAP_MB}, got ${maxHeapMb}`);
  const started = Date.now();
  if (!(await acquireReader(deadlineMs))) return { pageCount: 0, pages: [], stopped: 'deadline' };
  try {
    const left = Math.max(0, deadlineMs - (Date.now() - started));
    return await runReader({ data, maxPages, maxChars, deadlineMs: left, maxHeapMb });
  } finally {
    running--;
    waiting.shift()?.();
  }
}

function acquireReader(deadlineMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const grant = () => {
      clearTimeout(timer);
      running++;
      resolve(true);
    };
    const timer = setTimeout(() => {
      const at = waiting.indexOf(grant);
      if (at >= 0) waiting.splice(at, 1);
      resolve(false);
    }, deadlineMs);
    if (running < MAX_READERS) grant();
    else waiting.push(grant);
  });
}

function runReader({
  data,
  maxPages,
  maxChars,
  deadlineMs,
  maxHeapMb,
}: Required<ReadPdfTextOptions>): Promise<PdfText> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { pdfjs: pdfjsFile(), bytes: Uint8Array.from(data), maxPages, maxChars },
    resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
    stdout: true,
    stderr: true,
  });
  const read: PdfText = { pageCount: 0, pages: [] };
  return new Promise<PdfText>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => settle(() => resolve({ ...read, stopped: 'deadline' })), deadlineMs);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'open') read.pageCount = message.pageCount;
      else if (message.type === 'page') read.pages.push(message.text);
      else if (message.type === 'done') settle(() => resolve(read));
      else settle(() => reject(readerError(message.name)));
    });
    worker.on('error', (error: unknown) => {
      const code = error instanceof Error && 'code' in error ? error.code : undefined;
      if (code === 'ERR_WORKER_OUT_OF_MEMORY') settle(() => resolve({ ...read, stopped: 'memory' }));
      else settle(() => reject(new Error(`PDF reader failed: ${error instanceof Error ? error.name : 'error'}`)));
    });
    worker.on('exit', (code) => settle(() => reject(new Error(`PDF reader exited with ${code}`))));
  });
}

function readerError(name: string): Error {
  if (name === 'PasswordException') return new PdfPasswordError('the PDF needs a password');
  if (DAMAGED.has(name)) return new PdfDamagedError(`pdf.js refused the file: ${name}`);
  return new Error(`PDF reader threw ${name}`);
}
