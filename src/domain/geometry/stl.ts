/**
 * STL, binary and ASCII. Binary is recognised by its size (84 + 50 bytes a triangle, as the upload check
 * in server/files does), whatever its header says: many binary exporters start the header with "solid".
 * STL has no unit; its numbers are taken as millimetres and the measuring flags sizes that look wrong.
 */
import { emptyModel, MAX_TRIANGLES, tooManyTriangles, unreadableModel } from './errors.js';
import type { Mesh } from './mesh.js';

export interface ParseStlOptions {
  maxTriangles?: number;
}

export function parseStl(bytes: Uint8Array, { maxTriangles = MAX_TRIANGLES }: ParseStlOptions = {}): Mesh {
  if (isBinaryStl(bytes)) return parseBinary(bytes, maxTriangles);
  if (looksLikeAsciiStl(bytes)) return parseAscii(bytes, maxTriangles);
  if (bytes.length >= 84) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (view.getUint32(80, true) === 0 && bytes.length === 84) throw emptyModel('STL');
  }
  throw unreadableModel('STL');
}

export function isBinaryStl(bytes: Uint8Array): boolean {
  if (bytes.length < 84 + 50) return false;
  const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(80, true);
  return count > 0 && bytes.length === 84 + count * 50;
}

const SOLID = [0x73, 0x6f, 0x6c, 0x69, 0x64]; // "solid"

export function looksLikeAsciiStl(bytes: Uint8Array): boolean {
  let at = 0;
  while (at < bytes.length && isLeadingByte(bytes[at] ?? 0)) at++;
  for (const [i, code] of SOLID.entries()) if (bytes[at + i] !== code) return false;
  // No NUL byte in the head: a binary file of the wrong length that happens to start with "solid".
  return bytes.subarray(0, 4096).indexOf(0) < 0;
}

function parseBinary(bytes: Uint8Array, maxTriangles: number): Mesh {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const triangleCount = view.getUint32(80, true);
  if (triangleCount > maxTriangles) throw tooManyTriangles(triangleCount, maxTriangles);
  const positions = new Float32Array(triangleCount * 9);
  let finite = true;
  // Records are 50 bytes, so the floats are not 4-byte aligned: read through the DataView.
  for (let t = 0, at = 84 + 12, out = 0; t < triangleCount; t++, at += 50) {
    for (let k = 0; k < 9; k++, out++) {
      const value = view.getFloat32(at + 4 * k, true);
      positions[out] = value;
      finite &&= Number.isFinite(value);
    }
  }
  if (!finite) throw unreadableModel('STL');
  return { positions, triangleCount, units: 'mm' };
}

/** Text is decoded a slice at a time (cut at a line end): a JS string holds at most about 500 MB. */
const ASCII_CHUNK_BYTES = 16 * 1024 * 1024;

function parseAscii(bytes: Uint8Array, maxTriangles: number): Mesh {
  // latin1 keeps one character a byte; names and comments in other encodings do not matter here.
  const decoder = new TextDecoder('latin1');
  let values = new Float32Array(9 * 1024);
  let count = 0;
  const vertex = /\bvertex[ \t]+(\S+)[ \t]+(\S+)[ \t]+(\S+)/g;
  for (let from = 0; from < bytes.length;) {
    let to = Math.min(bytes.length, from + ASCII_CHUNK_BYTES);
    if (to < bytes.length) {
      const lineEnd = bytes.lastIndexOf(0x0a, to - 1);
      if (lineEnd > from) to = lineEnd + 1;
    }
    const text = decoder.decode(bytes.subarray(from, to));
    from = to;
    vertex.lastIndex = 0;
    for (let match = vertex.exec(text); match; match = vertex.exec(text)) {
      if (count + 3 > values.length) {
        if (values.length / 9 >= maxTriangles) throw tooManyTriangles(Math.ceil(count / 9) + 1, maxTriangles);
        const grown = new Float32Array(values.length * 2);
        grown.set(values);
        values = grown;
      }
      for (let k = 1; k <= 3; k++) {
        const value = Number(match[k]);
        if (!Number.isFinite(value)) throw unreadableModel('STL');
        values[count++] = value;
      }
    }
  }
  if (count % 9 !== 0) throw unreadableModel('STL');
  const triangleCount = count / 9;
  if (triangleCount === 0) throw emptyModel('STL');
  if (triangleCount > maxTriangles) throw tooManyTriangles(triangleCount, maxTriangles);
  return { positions: values.slice(0, count), triangleCount, units: 'mm' };
}

/** Whitespace, or a byte of the UTF-8 byte-order mark some editors put before "solid". */
function isLeadingByte(code: number): boolean {
  return (
    code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0xef || code === 0xbb || code === 0xbf
  );
}
