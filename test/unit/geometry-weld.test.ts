import { describe, expect, it } from 'vitest';
import { checkEdges, measureIndexedMesh, measureMesh } from '../../src/domain/geometry/measure.js';
import type { Mesh } from '../../src/domain/geometry/mesh.js';
import { indexMesh, VertexWelder } from '../../src/domain/geometry/weld.js';
import * as solids from '../support/solids.js';

const meshOf = (positions: Float32Array): Mesh => ({ positions, triangleCount: positions.length / 9, units: 'mm' });

describe('welding', () => {
  it('gives corners with the same coordinates one id, numbered in order of first appearance', () => {
    const mesh = indexMesh(meshOf(solids.cube(10).positions));
    expect(mesh.vertexCount).toBe(8);
    expect(mesh.vertices).toHaveLength(24);
    // Ids appear in order: each new one is the next number.
    let next = 0;
    for (const id of mesh.triangles) if (id === next) next++;
    expect(next).toBe(8);
    expect(Math.max(...mesh.triangles)).toBe(7);
  });

  it('takes -0 and 0 as one coordinate', () => {
    const positions = solids.cube(10).positions.slice();
    // The cube's corners at the origin, written once as -0 (as some exporters do).
    positions[0] = -0;
    expect(indexMesh(meshOf(positions)).vertexCount).toBe(8);
  });

  it('grows past its first estimate with the same ids', () => {
    const sphere = solids.sphere(25, 96, 48);
    const bits = new Uint32Array(sphere.positions.buffer);
    const welder = new VertexWelder(1);
    const ids = Int32Array.from({ length: sphere.triangleCount * 3 }, (_, c) =>
      welder.add(bits[3 * c]!, bits[3 * c + 1]!, bits[3 * c + 2]!),
    );
    const { vertices, vertexCount } = welder.finish();
    const indexed = indexMesh(meshOf(sphere.positions));
    expect(vertexCount).toBe(indexed.vertexCount);
    expect(ids).toEqual(indexed.triangles);
    expect(vertices).toEqual(indexed.vertices);
  });
});

describe('the edge check in batches', () => {
  const cube = solids.cube(20).positions;
  // One face turned the other way: every edge still has two faces, but two of them walk it one way.
  const turned = cube.slice();
  turned.set(solids.reverseWinding(cube.subarray(0, 9)), 0);
  const cases = [
    ['a closed part', solids.sphere(25, 64, 32).positions, { openOrNonManifold: false, inconsistent: false }],
    ['an open box', solids.openBox().positions, { openOrNonManifold: true, inconsistent: false }],
    ['a face wound the other way', turned, { openOrNonManifold: false, inconsistent: true }],
    ['three separate cubes', solids.threeCubes().positions, { openOrNonManifold: false, inconsistent: false }],
  ] as const;

  it.each(cases)('%s: the same answer whatever the batch', (_, positions, expected) => {
    const { triangles, triangleCount, vertexCount } = indexMesh(meshOf(positions));
    for (const batch of [1, 5, 64, 1 << 22]) {
      expect(checkEdges(triangles, triangleCount, vertexCount, batch)).toEqual(expected);
    }
  });

  it('measures a welded mesh exactly as its soup', () => {
    const torus = solids.torus(30, 10, 120, 60);
    const mesh = meshOf(torus.positions);
    expect(measureIndexedMesh(indexMesh(mesh), { format: 'stl' })).toEqual(measureMesh(mesh, { format: 'stl' }));
  });
});
