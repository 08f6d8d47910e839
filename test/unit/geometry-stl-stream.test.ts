import { describe, expect, it } from 'vitest';
import { GeometryError } from '../../src/domain/geometry/errors.js';
import { measureIndexedMesh, measureMesh } from '../../src/domain/geometry/measure.js';
import type { IndexedMesh } from '../../src/domain/geometry/mesh.js';
import { BinaryStlStream } from '../../src/domain/geometry/stl-stream.js';
import { parseStl } from '../../src/domain/geometry/stl.js';
import * as solids from '../support/solids.js';

/** The soup a welded mesh stands for: every triangle's corners, read back through their vertex ids. */
function soupOf(mesh: IndexedMesh): Float32Array {
  const soup = new Float32Array(mesh.triangleCount * 9);
  mesh.triangles.forEach((vertex, corner) => soup.set(mesh.vertices.subarray(3 * vertex, 3 * vertex + 3), 3 * corner));
  return soup;
}

function streamed(bytes: Uint8Array, chunk: number, maxTriangles?: number) {
  const stream = new BinaryStlStream(bytes.length, maxTriangles);
  for (let at = 0; at < bytes.length; at += chunk) stream.push(bytes.subarray(at, at + chunk));
  return stream.finish();
}

describe('BinaryStlStream', () => {
  const bytes = solids.binaryStl(solids.torus(30, 10, 48, 24).positions);

  it.each([1, 7, 50, 83, 84, 4096, bytes.length])('reads the same mesh as parseStl in chunks of %i bytes', (chunk) => {
    const mesh = streamed(bytes, chunk);
    const whole = parseStl(bytes);
    expect(mesh.triangleCount).toBe(whole.triangleCount);
    expect(mesh.units).toBe('mm');
    // A closed torus: one vertex per grid point, every corner shared.
    expect(mesh.vertexCount).toBe(48 * 24);
    const soup = soupOf(mesh);
    // The same numbers corner by corner (welding reads -0 as 0, which compares equal).
    expect(soup.every((value, i) => value === whole.positions[i])).toBe(true);
    expect(measureIndexedMesh(mesh, { format: 'stl' })).toEqual(measureMesh(whole, { format: 'stl' }));
  });

  it('lets go of the mesh it hands over: a second finish is refused', () => {
    const stream = new BinaryStlStream(bytes.length);
    stream.push(bytes);
    stream.finish();
    expect(() => stream.finish()).toThrow(GeometryError);
  });

  it.each([
    ['cut short', (b: Buffer) => b.subarray(0, b.length - 10), 'unreadable'],
    ['a count that does not match the size', (b: Buffer) => Buffer.concat([b, Buffer.alloc(50)]), 'unreadable'],
    ['a NaN corner', (b: Buffer) => (b.writeFloatLE(Number.NaN, 84 + 12), b), 'unreadable'],
  ] as const)('refuses %s as the core does', (_, spoil, code) => {
    const spoiled = spoil(Buffer.from(bytes));
    let error: unknown;
    try {
      // The stream is told the size the bytes really have, as storage reports it.
      streamed(spoiled, 1000);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(GeometryError);
    expect((error as GeometryError).code).toBe(code);
  });

  it('refuses more triangles than the limit before reading them', () => {
    expect(() => streamed(bytes, 4096, 10)).toThrow(/we can measure up to 10/);
  });
});
