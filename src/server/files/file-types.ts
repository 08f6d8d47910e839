/**
 * What a file is, told from its bytes: the CAD formats file-type does not reliably recognise (STL,
 * 3MF, STEP), and the refusal a person reads for anything else. Kept apart from `inspect-file.ts`
 * (which re-encodes images with sharp) so the direct-upload functions, which only tell types, do not
 * ship sharp's 19 MB native library (architecture §9, "Cold starts").
 */
import { AppError } from '../../domain/errors.js';

export const ACCEPTED_TYPES_SENTENCE = 'Use PNG, JPEG, WebP, STL, 3MF or STEP.';

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
