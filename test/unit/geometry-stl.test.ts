import { describe, expect, it } from 'vitest';
import { GeometryError } from '../../src/domain/geometry/errors.js';
import { measureMesh } from '../../src/domain/geometry/measure.js';
import { parseStl } from '../../src/domain/geometry/stl.js';
import * as solids from '../support/solids.js';

describe('parseStl', () => {
  it('reads binary STL corner for corner, whatever its header says', () => {
    const solid = solids.torus(30, 10, 48, 24);
    const mesh = parseStl(solids.binaryStl(solid.positions));
    expect(mesh.triangleCount).toBe(solid.triangleCount);
    expect(mesh.units).toBe('mm');
    expect(Array.from(mesh.positions)).toEqual(Array.from(solid.positions));
  });

  it('reads ASCII STL to the same mesh and the same figures as binary', () => {
    const solid = solids.sphere(25, 64, 32);
    const ascii = parseStl(solids.asciiStl(solid.positions));
    const binary = parseStl(solids.binaryStl(solid.positions));
    expect(Array.from(ascii.positions)).toEqual(Array.from(binary.positions));
    expect(measureMesh(ascii, { format: 'stl' })).toEqual(measureMesh(binary, { format: 'stl' }));
  });

  it('reads an ASCII STL bigger than one decoded slice (16 MB) without losing a facet at the cut', () => {
    const solid = solids.torus(30, 10, 360, 180);
    const bytes = solids.asciiStl(solid.positions);
    expect(bytes.length).toBeGreaterThan(2 * 16 * 1024 * 1024);
    const mesh = parseStl(bytes);
    expect(mesh.triangleCount).toBe(solid.triangleCount);
    expect(Array.from(mesh.positions)).toEqual(Array.from(solid.positions));
  });

  it('reads ASCII STL with Windows line ends, tabs, exponents and a byte-order mark', () => {
    const text =
      '\uFEFFsolid x\r\n facet normal 0 0 -1\r\n  outer loop\r\n\tvertex 0 0 0\r\n\tvertex 1e1 0 0\r\n' +
      '\tvertex 0 1.0E+01 0\r\n  endloop\r\n endfacet\r\nendsolid x\r\n';
    const mesh = parseStl(new TextEncoder().encode(text));
    expect(Array.from(mesh.positions)).toEqual([0, 0, 0, 10, 0, 0, 0, 10, 0]);
  });

  it('reads a binary STL of the right length even if its header starts with "solid"', () => {
    const bytes = solids.binaryStl(solids.cube().positions, 'solid cube');
    expect(parseStl(bytes).triangleCount).toBe(12);
  });

  it.each([
    ['random bytes', Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)],
    ['nothing', new Uint8Array(0)],
    ['a binary STL cut short', solids.binaryStl(solids.cube().positions).subarray(0, 84 + 50 * 11 + 20)],
    [
      'an ASCII STL with a broken number',
      new TextEncoder().encode(
        'solid x\nfacet normal 0 0 1\nouter loop\nvertex 0 0 zero\nvertex 1 0 0\nvertex 0 1 0\nendloop\nendfacet\nendsolid x\n',
      ),
    ],
    [
      'an ASCII STL cut mid-facet',
      new TextEncoder().encode('solid x\nfacet normal 0 0 1\nouter loop\nvertex 0 0 0\nvertex 1 0 0\n'),
    ],
  ])('refuses %s with a GeometryError a customer can read', (_, bytes) => {
    let caught: unknown;
    try {
      parseStl(bytes);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GeometryError);
    expect((caught as GeometryError).code).toBe('unreadable');
    expect((caught as GeometryError).message).toBe(
      'The STL file could not be read; it may be damaged or cut short. Export it again and retry.',
    );
  });

  it('refuses a binary STL holding NaN coordinates', () => {
    const bytes = solids.binaryStl(solids.cube().positions);
    new DataView(bytes.buffer).setFloat32(84 + 12, NaN, true);
    expect(() => parseStl(bytes)).toThrow(GeometryError);
  });

  it('says an ASCII STL without facets is empty', () => {
    expect(() => parseStl(new TextEncoder().encode('solid x\nendsolid x\n'))).toThrow(
      expect.objectContaining({ code: 'empty' }),
    );
  });

  it('refuses more triangles than the limit before reading them', () => {
    const bytes = solids.binaryStl(solids.cube().positions);
    expect(() => parseStl(bytes, { maxTriangles: 10 })).toThrow(
      expect.objectContaining({ code: 'too_many_triangles' }),
    );
  });
});
