/**
 * Client-side pre-check of a file before it is sent, so an obviously wrong file is named at once
 * without spending the upload. The server decides from the bytes and has the last word.
 */
import { MAX_FILES } from '../../domain/request-fields.js';
import { formatBytes } from './format.js';

export { formatBytes };

/** The server's default per-file limit (UPLOAD_MAX_BYTES, 4 MB, under Vercel's 4.5 MB body cap). */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;

/**
 * A 3D file over MAX_FILE_BYTES goes straight to storage in parts (`direct-upload.ts`), up to the
 * server's UPLOAD_MAX_MB (default 250 MB; the server has the last word).
 */
export const MAX_DIRECT_UPLOAD_BYTES = 250 * 1024 * 1024;

/** Whether a file goes up in parts rather than in one request. */
export function goesDirect(file: { name: string; size: number; type?: string }): boolean {
  return kindOf(file.name, file.type) === 'cad' && file.size > MAX_FILE_BYTES;
}

const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'webp'];
const CAD_EXTENSIONS = ['stl', '3mf', 'step', 'stp'];
/** For the file picker's `accept`: extensions, since CAD files have no reliable MIME type. */
export const ACCEPT = [...IMAGE_EXTENSIONS, ...CAD_EXTENSIONS].map((ext) => `.${ext}`).join(',');

export type FileKind = 'image' | 'cad';

export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? '' : name.slice(dot + 1).toLowerCase();
}

/** 'image' or 'cad' by name (or a pasted image's MIME type), undefined when not accepted. */
export function kindOf(name: string, type = ''): FileKind | undefined {
  const ext = extensionOf(name);
  if (IMAGE_EXTENSIONS.includes(ext)) return 'image';
  if (CAD_EXTENSIONS.includes(ext)) return 'cad';
  if (ext === '' && /^image\/(png|jpeg|webp)$/.test(type)) return 'image';
  return undefined;
}

export type PrecheckOptions = {
  name: string;
  size: number;
  type?: string;
  /** Files already attached or uploading. */
  count: number;
  maxBytes?: number;
};

/** A sentence naming the file and the problem, or null when the file may be uploaded. */
export function precheckFile({
  name,
  size,
  type = '',
  count,
  maxBytes = MAX_FILE_BYTES,
}: PrecheckOptions): string | null {
  if (count >= MAX_FILES) return `${name}: at most ${MAX_FILES} files per request; remove one first.`;
  if (kindOf(name, type) === undefined) {
    const ext = extensionOf(name);
    const what = ext ? `.${ext} files are` : 'This file type is';
    return `${name}: ${what} not accepted. Use PNG, JPEG, WebP, STL, 3MF or STEP.`;
  }
  if (size === 0) return `${name}: the file is empty.`;
  if (kindOf(name, type) === 'cad' && size > MAX_DIRECT_UPLOAD_BYTES) {
    return `${name}: ${formatBytes(size)} is over the ${formatBytes(MAX_DIRECT_UPLOAD_BYTES)} limit for 3D files. Export it with a coarser resolution and try again.`;
  }
  if (kindOf(name, type) !== 'cad' && size > maxBytes) {
    return `${name}: ${formatBytes(size)} is over the ${formatBytes(maxBytes)} limit. Export it smaller or send a screenshot instead.`;
  }
  return null;
}

/** "1.2 MB", "340 KB", "12 bytes". */
/** A name for a pasted image, which arrives nameless ("image.png" for every paste otherwise). */
export function pastedFileName(type: string, now: Date): string {
  const ext = type === 'image/jpeg' ? 'jpg' : type === 'image/webp' ? 'webp' : 'png';
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
  return `pasted-${stamp}.${ext}`;
}
