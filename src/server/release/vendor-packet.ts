/**
 * The shop's vendor packet (architecture §12): the supplier documents listed in
 * content/shop/vendor-packet.json, read from content/shop/vendor-packet/, each with its size and
 * SHA-256, and one zip of them all with a README.txt that lists each document and its hash. The
 * manifest is imported, so every bundle carries it; the files ship beside the functions through
 * vercel.json `includeFiles` (architecture §9). `astro build` refuses a packet with a problem
 * (src/build/vendor-packet.ts), so a deployment never starts with one.
 *
 * Read on first use and kept while the files' sizes and times stay the same: a file replaced while
 * `npm start` runs is read again.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import manifest from '../../../content/shop/vendor-packet.json' with { type: 'json' };
import {
  parseVendorPacketManifest,
  VENDOR_FILE_NAME,
  VENDOR_PACKET_INDEX,
  vendorPacketProblems,
  entryLabel,
  type VendorDocumentKind,
} from '../../domain/vendor-packet-schema.js';
import { AppError } from '../../domain/errors.js';
import { site } from '../../domain/site.js';
import { packetIndex } from './vendor-packet-index.js';

/** The manifest and the folder its files are in. */
export interface VendorPacketSource {
  entries: unknown;
  dir: string;
}

export const SHIPPED_VENDOR_PACKET: VendorPacketSource = {
  entries: manifest,
  dir: fileURLToPath(new URL('../../../content/shop/vendor-packet/', import.meta.url)),
};

/**
 * Vercel answers at most 4.5 MB from a function, and the zip carries every document: the packet
 * stays under 4 MiB so the zip, its index and headers fit.
 */
export const MAX_PACKET_BYTES = 4 * 1024 * 1024;

export interface VendorDocument {
  id: string;
  title: string;
  kind: VendorDocumentKind;
  fileName: string;
  contentType: string;
  bytes: number;
  sha256: string;
  note?: string | undefined;
}

export interface VendorFile {
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  sha256: string;
}

export interface VendorPacket {
  documents: VendorDocument[];
  /** The zip of every document and README.txt; none when the packet is empty. */
  zip: VendorFile | null;
  read(id: string): VendorFile | undefined;
}

const CONTENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  txt: 'text/plain; charset=utf-8',
};

// Zip entries are dated by the DOS clock in local time; one fixed date keeps the same documents the same bytes.
const ZIP_DATE = new Date(2026, 0, 1);

export class VendorPacketError extends Error {
  override readonly name = 'VendorPacketError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`The vendor packet cannot be served:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}

/** Every problem of the manifest and its files, one line each naming the entry; empty when sound. */
export async function vendorPacketFileProblems(source: VendorPacketSource = SHIPPED_VENDOR_PACKET): Promise<string[]> {
  const problems = vendorPacketProblems(source.entries);
  const relative = path.relative(process.cwd(), source.dir);
  const folder = relative && !relative.startsWith('..') ? `${relative}/` : source.dir;
  let total = 0;
  // Each file a well-named entry points at is looked for, even while another entry has a problem.
  for (const [index, entry] of (Array.isArray(source.entries) ? (source.entries as unknown[]) : []).entries()) {
    const name = typeof entry === 'object' && entry !== null ? (entry as { file?: unknown }).file : undefined;
    if (typeof name !== 'string' || !VENDOR_FILE_NAME.test(name.trim())) continue;
    const file = await stat(path.join(source.dir, name.trim())).catch(() => undefined);
    const where = `${entryLabel(entry, index)}: file "${name.trim()}"`;
    if (!file?.isFile()) problems.push(`${where} is not in ${folder}`);
    else if (file.size === 0) problems.push(`${where} is empty`);
    else total += file.size;
  }
  if (total > MAX_PACKET_BYTES) {
    problems.push(
      `the documents add up to ${total} bytes; the packet must stay under ${MAX_PACKET_BYTES} (4 MiB) to fit one function reply`,
    );
  }
  return problems;
}

const cache = new Map<string, { signature: string; packet: VendorPacket }>();

/** The packet as the shop configured it; throws VendorPacketError when a file is missing or wrong. */
export async function loadVendorPacket(source: VendorPacketSource = SHIPPED_VENDOR_PACKET): Promise<VendorPacket> {
  const problems = await vendorPacketFileProblems(source);
  if (problems.length) throw new VendorPacketError(problems);
  const entries = parseVendorPacketManifest(source.entries);
  const stats = await Promise.all(entries.map((entry) => stat(path.join(source.dir, entry.file))));
  const signature = JSON.stringify([entries, stats.map((file) => [file.size, file.mtimeMs])]);
  const cached = cache.get(source.dir);
  if (cached?.signature === signature) return cached.packet;

  const files = new Map<string, VendorFile>();
  const documents: VendorDocument[] = [];
  for (const entry of entries) {
    const bytes = new Uint8Array(await readFile(path.join(source.dir, entry.file)));
    const extension = path.extname(entry.file).slice(1).toLowerCase();
    const file: VendorFile = {
      fileName: entry.file,
      contentType: CONTENT_TYPES[extension] ?? 'application/octet-stream',
      bytes,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };
    files.set(entry.id, file);
    documents.push({
      id: entry.id,
      title: entry.title,
      kind: entry.kind,
      fileName: entry.file,
      contentType: file.contentType,
      bytes: bytes.length,
      sha256: file.sha256,
      ...(entry.note ? { note: entry.note } : {}),
    });
  }
  const packet: VendorPacket = {
    documents,
    zip: documents.length ? zipOf(documents, files) : null,
    read: (id) => files.get(id),
  };
  cache.set(source.dir, { signature, packet });
  return packet;
}

/** The shipped packet, or 503 when its files cannot be read (a deployment without them). */
export async function openVendorPacket(source: VendorPacketSource = SHIPPED_VENDOR_PACKET): Promise<VendorPacket> {
  try {
    return await loadVendorPacket(source);
  } catch (error) {
    throw new AppError(
      'UNAVAILABLE',
      'The shop’s supplier documents cannot be read right now. Ask the shop to send them by email.',
      { cause: error },
    );
  }
}

function zipOf(documents: VendorDocument[], files: Map<string, VendorFile>): VendorFile {
  const entries: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const document of documents) {
    const file = files.get(document.id);
    if (file) entries[document.fileName] = [file.bytes, { mtime: ZIP_DATE }];
  }
  entries[VENDOR_PACKET_INDEX] = [new TextEncoder().encode(packetIndex(documents)), { mtime: ZIP_DATE }];
  const bytes = zipSync(entries, { level: 6 });
  return {
    fileName: `${site.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-vendor-packet.zip`,
    contentType: 'application/zip',
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  };
}
