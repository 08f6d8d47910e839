/**
 * Helpers for the direct-to-storage upload (architecture §15) in tests: a large binary STL written as
 * it is generated (a cube whose faces are split into n × n squares, so its figures are known exactly),
 * and the browser's side of the protocol over fetch.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { once } from 'node:events';
import type { MultipartUploadView } from '../../src/domain/contracts/multipart-upload.js';
import { postJson, type Reply } from './intake.js';

export interface GeneratedStl {
  file: string;
  size: number;
  sha256: string;
  triangleCount: number;
  side: number;
}

/** A closed cube of side `side` mm, 12·n² triangles, outward normals; written in chunks, never held. */
export async function writeCubeStl(file: string, { n, side }: { n: number; side: number }): Promise<GeneratedStl> {
  const triangleCount = 12 * n * n;
  const out = createWriteStream(file);
  const hash = createHash('sha256');
  const write = async (chunk: Buffer) => {
    hash.update(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  };
  const header = Buffer.alloc(84);
  header.write('cube from the direct upload test', 0, 'latin1');
  header.writeUInt32LE(triangleCount, 80);
  await write(header);
  // One table of coordinates, so corners shared by two faces are the same float bits (they weld).
  const at = Array.from({ length: n + 1 }, (_, i) => Math.fround((i * side) / n));
  // Each face: the axis it is normal to, at 0 or side, and the two axes it spans in right-handed order.
  const faces: { axis: number; level: number; u: number; v: number }[] = [
    { axis: 0, level: side, u: 1, v: 2 },
    { axis: 0, level: 0, u: 2, v: 1 },
    { axis: 1, level: side, u: 2, v: 0 },
    { axis: 1, level: 0, u: 0, v: 2 },
    { axis: 2, level: side, u: 0, v: 1 },
    { axis: 2, level: 0, u: 1, v: 0 },
  ];
  const rowBytes = 2 * n * 50;
  for (const face of faces) {
    for (let i = 0; i < n; i++) {
      const row = Buffer.alloc(rowBytes);
      let offset = 0;
      const corner = (a: number, b: number) => {
        const point = [0, 0, 0];
        point[face.axis] = face.level;
        point[face.u] = at[a]!;
        point[face.v] = at[b]!;
        return point;
      };
      const triangle = (p: number[][]) => {
        offset += 12; // normal left zero: readers recompute it from the winding
        for (const point of p) for (const value of point) offset = row.writeFloatLE(value, offset);
        offset += 2;
      };
      for (let j = 0; j < n; j++) {
        const a = corner(i, j);
        const b = corner(i + 1, j);
        const c = corner(i + 1, j + 1);
        const d = corner(i, j + 1);
        triangle([a, b, c]);
        triangle([a, c, d]);
      }
      await write(row);
    }
  }
  out.end();
  await once(out, 'finish');
  return { file, size: 84 + 50 * triangleCount, sha256: hash.digest('hex'), triangleCount, side };
}

/** Reads one part's bytes from the file. */
export async function readPart(file: string, partSize: number, partNumber: number, size: number): Promise<Buffer> {
  const start = (partNumber - 1) * partSize;
  const length = Math.min(partSize, size - start);
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, start);
    return buffer;
  } finally {
    await handle.close();
  }
}

/** PUTs one part to its signed URL (relative URLs are the local runtime's); returns the ETag without quotes. */
export async function putPart(
  base: string,
  url: string,
  bytes: Buffer,
): Promise<{ status: number; etag: string; body: string }> {
  const response = await fetch(new URL(url, base), { method: 'PUT', body: new Uint8Array(bytes) });
  return {
    status: response.status,
    etag: (response.headers.get('etag') ?? '').replace(/"/g, ''),
    body: await response.text(),
  };
}

export function startDirectUpload(
  url: string,
  body: unknown,
): Promise<{ status: number; body: Reply<MultipartUploadView> }> {
  return postJson<MultipartUploadView>(url, '/api/uploads/multipart', body);
}

export function uploadParts(url: string, id: string, body: unknown = {}) {
  return postJson<MultipartUploadView>(url, `/api/uploads/multipart/${id}/parts`, body);
}
