/**
 * Decides what an uploaded file is from its bytes (never its name or declared type) and turns it into
 * what we store: images re-encoded by sharp (drops EXIF/GPS and anything smuggled after the pixels),
 * CAD files (STL, 3MF, STEP) checked against their format and kept as they are. Everything else is
 * refused with a message that names the file.
 */
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../domain/errors.js';

/** Enough for a 48 MP phone photo is not needed; 40 MP covers every screenshot and markup. */
export const MAX_IMAGE_PIXELS = 40_000_000;

export const ACCEPTED_TYPES_SENTENCE = 'Use PNG, JPEG, WebP, STL, 3MF or STEP.';

export interface InspectedFile {
  kind: 'image' | 'cad';
  contentType: string;
  extension: string;
  body: Buffer;
  width?: number;
  height?: number;
}

export interface InspectFileOptions {
  /** The sanitised display name, for messages. */
  name: string;
  data: Buffer;
  maxImagePixels?: number;
}

const IMAGE_FORMATS = {
  png: { contentType: 'image/png', extension: 'png' },
  jpeg: { contentType: 'image/jpeg', extension: 'jpg' },
  webp: { contentType: 'image/webp', extension: 'webp' },
} as const;
type ImageFormat = keyof typeof IMAGE_FORMATS;

export async function inspectFile({
  name,
  data,
  maxImagePixels = MAX_IMAGE_PIXELS,
}: InspectFileOptions): Promise<InspectedFile> {
  const cad = detectCad(data);
  if (cad) return { kind: 'cad', ...cad, body: data };
  const detected = await fileTypeFromBuffer(data);
  const format: ImageFormat | undefined =
    detected?.ext === 'png' ? 'png' : detected?.ext === 'jpg' ? 'jpeg' : detected?.ext === 'webp' ? 'webp' : undefined;
  if (!format) throw refusal(name, describeRefused(data, detected?.ext));
  return reencodeImage(name, data, format, maxImagePixels);
}

async function reencodeImage(
  name: string,
  data: Buffer,
  format: ImageFormat,
  maxPixels: number,
): Promise<InspectedFile> {
  // Loaded with the first image: sharp's native library is about 20 MB of memory that a function
  // checking 3D files or serving anything else has no use for.
  const { default: sharp } = await import('sharp');
  let width: number;
  let height: number;
  try {
    const meta = await sharp(data, { limitInputPixels: false }).metadata();
    width = meta.autoOrient?.width ?? meta.width;
    height = meta.autoOrient?.height ?? meta.height;
  } catch {
    throw unreadable(name);
  }
  // Checked from the header before decoding: a few KB of PNG can expand to gigabytes of pixels.
  if (width * height > maxPixels) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `${name}: the image is ${width} × ${height} pixels; the limit is ${Math.round(maxPixels / 1_000_000)} megapixels. Make it smaller and try again.`,
      { fields: { file: `${name} has too many pixels.` } },
    );
  }
  try {
    // autoOrient applies the EXIF rotation before the metadata is dropped (sharp keeps none by default).
    const pipeline = sharp(data, { limitInputPixels: maxPixels, failOn: 'error' }).autoOrient();
    const encoded =
      format === 'png'
        ? pipeline.png()
        : format === 'jpeg'
          ? pipeline.jpeg({ quality: 90, mozjpeg: true })
          : pipeline.webp({ quality: 90 });
    const { data: body, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { kind: 'image', ...IMAGE_FORMATS[format], body, width: info.width, height: info.height };
  } catch {
    throw unreadable(name);
  }
}

function unreadable(name: string): AppError {
  return new AppError(
    'VALIDATION',
    `${name}: the image could not be read; it may be damaged. Export it again and retry.`,
    {
      fields: { file: `${name}: the image could not be read; it may be damaged.` },
    },
  );
}

export function refusal(name: string, what: string): AppError {
  return new AppError('UNSUPPORTED_TYPE', `${name}: ${what} ${ACCEPTED_TYPES_SENTENCE}`);
}

const EXECUTABLES = new Set(['exe', 'elf', 'mach', 'dll', 'class', 'wasm', 'apk', 'dmg', 'msi', 'dex', 'deb', 'rpm']);

export function describeRefused(data: Buffer, ext: string | undefined): string {
  const head = data.subarray(0, 4096).toString('utf8').trimStart().toLowerCase();
  if (ext === 'svg' || /^(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*(<!doctype svg[^>]*>\s*)?<svg[\s>]/.test(head)) {
    return 'SVG files are not accepted.';
  }
  if (ext === 'html' || /^(<!doctype html|<html|<head|<body|<script)/.test(head)) return 'HTML files are not accepted.';
  if (ext && EXECUTABLES.has(ext)) return 'programs and executable files are not accepted.';
  if (head.startsWith('#!') || data.subarray(0, 2).toString('latin1') === 'MZ') {
    return 'programs and scripts are not accepted.';
  }
  if (ext === 'zip') return 'this ZIP archive is not a 3MF model.';
  if (ext) return `${ext.toUpperCase()} files are not accepted.`;
  return 'this file type is not accepted.';
}

// ---------------------------------------------------------------------------------------------
// CAD formats that file-type does not reliably recognise.

type CadType = { contentType: string; extension: string };

export function detectCad(data: Buffer): CadType | undefined {
  if (isBinaryStl(data) || isAsciiStl(data)) return { contentType: 'model/stl', extension: 'stl' };
  if (isThreeMf(data)) return { contentType: 'model/3mf', extension: '3mf' };
  if (isStep(data)) return { contentType: 'model/step', extension: 'step' };
  return undefined;
}

/** 80-byte header, a uint32 triangle count, then exactly 50 bytes per triangle. */
export function isBinaryStl(data: Buffer): boolean {
  if (data.length < 84 + 50) return false;
  const triangles = data.readUInt32LE(80);
  return triangles > 0 && data.length === 84 + triangles * 50;
}

export function isAsciiStl(data: Buffer): boolean {
  const head = data.subarray(0, 1024).toString('latin1');
  if (!/^\s*solid\b/.test(head) || data.includes(0)) return false;
  const tail = data.subarray(Math.max(0, data.length - 1024)).toString('latin1');
  return /\bfacet\s+normal\b/.test(data.subarray(0, 64 * 1024).toString('latin1')) && /\bendsolid\b/.test(tail);
}

export function isStep(data: Buffer): boolean {
  const head = data
    .subarray(0, 64)
    .toString('latin1')
    .replace(/^\uFEFF|^ï»¿/, '')
    .trimStart();
  return head.startsWith('ISO-10303-21;') && !data.includes(0);
}

/** A ZIP whose central directory names a 3D model part (3D/3dmodel.model by convention). */
export function isThreeMf(data: Buffer): boolean {
  if (data.length < 22 || data.readUInt32LE(0) !== 0x04034b50) return false;
  return zipEntryNames(data).some((entry) => /^\/?3D\/[^/]+\.model$/i.test(entry));
}

function zipEntryNames(data: Buffer): string[] {
  // The end-of-central-directory record sits in the last 22 + up to 65535 (comment) bytes.
  const floor = Math.max(0, data.length - 22 - 0xffff);
  let eocd = -1;
  for (let at = data.length - 22; at >= floor; at--) {
    if (data.readUInt32LE(at) === 0x06054b50) {
      eocd = at;
      break;
    }
  }
  if (eocd < 0) return [];
  const count = data.readUInt16LE(eocd + 10);
  let at = data.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count && at + 46 <= data.length; i++) {
    if (data.readUInt32LE(at) !== 0x02014b50) break;
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    names.push(data.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}
