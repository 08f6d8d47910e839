import { describe, expect, it } from 'vitest';
import { measureMesh } from '../../src/domain/geometry/measure.js';
import type { Mesh } from '../../src/domain/geometry/mesh.js';
import type { LengthUnit } from '../../src/domain/geometry/report.js';
import * as solids from '../support/solids.js';

const meshOf = (solid: solids.Solid, units: LengthUnit = 'mm'): Mesh => ({
  positions: solid.positions,
  triangleCount: solid.triangleCount,
  units,
});
const measure = (solid: solids.Solid) => measureMesh(meshOf(solid), { format: 'stl' });
const within = (actual: number, expected: number, relative: number) =>
  expect(Math.abs(actual / expected - 1)).toBeLessThanOrEqual(relative);

describe('measureMesh on analytic solids', () => {
  // Round solids are compared with the smooth shape's formula: at these segment counts the
  // tessellation itself is within 0.02 % of it (see test/support/solids.ts), so 0.1 % holds.
  const cases = [
    solids.cube(),
    solids.boxWithHoles(),
    solids.mushroom(),
    solids.thinWall(),
    solids.tube(),
    solids.sphere(25, 360, 180),
    solids.torus(30, 10, 360, 180),
  ];
  it.each(cases.map((solid) => [solid.name, solid] as const))('%s: volume, area, size to 0.1 %%', (_, solid) => {
    const report = measure(solid);
    within(report.volumeMm3, solid.volumeMm3, 0.001);
    within(report.surfaceAreaMm2, solid.surfaceAreaMm2, 0.001);
    report.boundingBoxMm.forEach((side, axis) => within(side, solid.boundingBoxMm[axis]!, 0.001));
    expect(report).toMatchObject({ triangleCount: solid.triangleCount, shells: 1, watertight: true, problems: [] });
  });

  it('grid solids come out exact', () => {
    const report = measure(solids.boxWithHoles());
    expect(report.volumeMm3).toBeCloseTo(33_000, 6);
    expect(report.surfaceAreaMm2).toBeCloseTo(2 * (60 * 40 - 200) + 2 * (60 + 40) * 15 + 8 * 10 * 15, 6);
    expect(report.boundingBoxMm).toEqual([60, 40, 15]);
  });

  it('does not depend on where the part sits: a cube a metre off the origin measures the same', () => {
    const far = solids.cube(20).positions.map((v, i) => v + (i % 3 === 0 ? 1000 : 500));
    const report = measureMesh({ positions: far, triangleCount: 12, units: 'mm' }, { format: 'stl' });
    expect(report.volumeMm3).toBeCloseTo(8000, 6);
    expect(report.boundingBoxMm).toEqual([20, 20, 20]);
  });
});

describe('measureMesh topology', () => {
  it('counts shells', () => {
    expect(measure(solids.threeCubes())).toMatchObject({ shells: 3, watertight: true, problems: [] });
    expect(measure(solids.threeCubes()).volumeMm3).toBeCloseTo(3000, 6);
  });

  it('calls an open mesh not watertight', () => {
    const report = measure(solids.openBox());
    expect(report.watertight).toBe(false);
    expect(report.problems).toContain('not_watertight');
    expect(report.problems).not.toContain('inside_out');
  });

  it('flips an inside-out cube, says so, and still reads its volume', () => {
    const report = measure(solids.insideOutCube(20));
    expect(report.volumeMm3).toBeCloseTo(8000, 6);
    expect(report.problems).toEqual(['inside_out']);
    // Closed and consistently (if wrongly) wound: still watertight.
    expect(report.watertight).toBe(true);
  });

  it('finds one face wound against its neighbours', () => {
    const cube = solids.cube(20);
    const positions = cube.positions.slice();
    positions.set(solids.reverseWinding(cube.positions.subarray(0, 9)), 0);
    const report = measureMesh({ positions, triangleCount: 12, units: 'mm' }, { format: 'stl' });
    expect(report.watertight).toBe(false);
    expect(report.problems).toContain('inconsistent_orientation');
    expect(report.problems).not.toContain('not_watertight');
  });

  it('calls a surface used three times non-manifold', () => {
    const cube = solids.cube(20).positions;
    const withFin = solids.joined(cube, cube.subarray(0, 9));
    const report = measureMesh({ positions: withFin, triangleCount: 13, units: 'mm' }, { format: 'stl' });
    expect(report.problems).toContain('not_watertight');
  });

  it('counts separate triangles as separate shells (the weld table grows past its first size)', () => {
    const count = 5000;
    const soup = new Float32Array(9 * count);
    for (let t = 0; t < count; t++) soup.set([3 * t, 0, 0, 3 * t + 1, 0, 0, 3 * t, 1, 0], 9 * t);
    const report = measureMesh({ positions: soup, triangleCount: count, units: 'mm' }, { format: 'stl' });
    expect(report.shells).toBe(count);
    expect(report.problems).toEqual(expect.arrayContaining(['not_watertight', 'zero_volume']));
  });

  it('welds -0 and 0 as one vertex', () => {
    const cube = solids.cube(20).positions.map((v) => (v === 0 ? -0 : v));
    cube[0] = 0;
    expect(measureMesh({ positions: cube, triangleCount: 12, units: 'mm' }, { format: 'stl' }).watertight).toBe(true);
  });

  it('finds a flat mesh has no volume', () => {
    const flat = solids.joined(
      new Float32Array([0, 0, 0, 10, 0, 0, 0, 10, 0]),
      new Float32Array([0, 0, 0, 0, 10, 0, 10, 0, 0]),
    );
    const report = measureMesh({ positions: flat, triangleCount: 2, units: 'mm' }, { format: 'stl' });
    expect(report.problems).toContain('zero_volume');
    expect(report.volumeMm3).toBe(0);
  });

  it('throws for a mesh without triangles', () => {
    expect(() =>
      measureMesh({ positions: new Float32Array(0), triangleCount: 0, units: 'mm' }, { format: 'stl' }),
    ).toThrow(/holds no geometry/);
  });
});

describe('measureMesh orientations', () => {
  it('prints the mushroom cap-down, and upright needs support under the whole cap', () => {
    const report = measure(solids.mushroom());
    expect(report.orientation.up).toBe('-z');
    expect(report.orientation.supportVolumeMm3).toBe(0);
    expect(report.orientation.overhangAreaMm2).toBe(0);
    expect(report.orientations.map((o) => o.up)).toHaveLength(6);
    const upright = report.orientations.find((o) => o.up === '+z')!;
    // The cap's underside outside the stem, 30 mm above the bed.
    expect(upright.overhangAreaMm2).toBeCloseTo(60 * 60 - 20 * 20, 6);
    within(upright.supportVolumeMm3, (60 * 60 - 20 * 20) * 30, 0.01);
    expect(upright.heightMm).toBe(40);
    // Lying on its side the stem sticks out sideways: its underside (20 × 30) overhangs at 20 mm.
    const side = report.orientations.find((o) => o.up === '+x')!;
    expect(side.overhangAreaMm2).toBeCloseTo(20 * 30, 6);
    within(side.supportVolumeMm3, 20 * 30 * 20, 0.01);
    const support = report.orientations.map((o) => o.supportVolumeMm3);
    expect(support).toEqual([...support].sort((a, b) => a - b));
  });

  it('holds the roof of a hole up from its floor, not from the bed through the part', () => {
    // A 40 × 40 × 40 block with a 10 × 10 hole along x, its floor 15 mm up.
    const block = solids.gridSolid({
      name: 'block with a side hole',
      xs: [0, 40],
      ys: [0, 15, 25, 40],
      zs: [0, 15, 25, 40],
      filled: (_, j, k) => !(j === 1 && k === 1),
    });
    const upright = measure(block).orientations.find((o) => o.up === '+z')!;
    expect(upright.overhangAreaMm2).toBeCloseTo(40 * 10, 6);
    // 400 mm² of roof, 10 mm above the floor (not 25 mm above the bed).
    within(upright.supportVolumeMm3, 400 * 10, 0.01);
  });

  it('holds a shelf over a lower step up from the step', () => {
    // An L-shaped ledge: a 20 mm tall shelf at the back, a slab over the front from 30 to 40 mm.
    const ledge = solids.gridSolid({
      name: 'ledge',
      xs: [0, 30],
      ys: [0, 20, 40],
      zs: [0, 20, 30, 40],
      filled: (_, j, k) => k === 2 || j === 1 || (k === 0 && j === 0),
    });
    const upright = measure(ledge).orientations.find((o) => o.up === '+z')!;
    // Under the front slab: from the front block's top (20 mm) to 30 mm, over 30 × 20 mm.
    within(upright.supportVolumeMm3, 30 * 20 * 10, 0.01);
  });

  it('supports the underside of a sphere as the analytic figure says', () => {
    // Support stands under the cap within 45° of the south pole (radius r·sin 45°), from the bed up to
    // the surface: π r a² − (2π/3)(r³ − (r² − a²)^1.5) with a² = r²/2.
    const r = 25;
    const a2 = (r * r) / 2;
    const expected = Math.PI * r * a2 - ((2 * Math.PI) / 3) * (r ** 3 - (r * r - a2) ** 1.5);
    const report = measure(solids.sphere(r, 360, 180));
    for (const o of report.orientations) within(o.supportVolumeMm3, expected, 0.01);
    for (const o of report.orientations) within(o.overhangAreaMm2, 2 * Math.PI * r * r * (1 - Math.SQRT1_2), 0.01);
  });

  it('on a tie in support picks the lower orientation', () => {
    const report = measure(solids.box([30, 20, 10]));
    expect(report.orientation).toEqual({ up: '+z', heightMm: 10, overhangAreaMm2: 0, supportVolumeMm3: 0 });
    expect(measure(solids.box([10, 20, 30])).orientation.up).toMatch(/^[+-]x$/);
  });

  it('does not count the face on the bed as overhang', () => {
    const report = measure(solids.cube(20));
    for (const o of report.orientations) expect(o.overhangAreaMm2).toBe(0);
  });

  it('reads overhangs of an inside-out part with its normals flipped back', () => {
    const flipped = { ...solids.mushroom(), positions: solids.reverseWinding(solids.mushroom().positions) };
    const report = measure(flipped);
    expect(report.orientation.up).toBe('-z');
    expect(report.orientations.find((o) => o.up === '+z')!.overhangAreaMm2).toBeCloseTo(3200, 6);
  });

  it('sees a 45° chamfer as self-supporting and a 60° one as overhang', () => {
    // A wedge: a prism whose sloped underside makes the given angle with the bed.
    const wedge = (degrees: number): Mesh => {
      const run = 10 / Math.tan((degrees * Math.PI) / 180);
      // Cross-section in x-z: (0,0) (10,0) (10+run,10) (0,10); extruded 10 along y.
      const section: [number, number][] = [
        [0, 0],
        [10, 0],
        [10 + run, 10],
        [0, 10],
      ];
      const out: number[] = [];
      const p = (i: number, y: number) => [section[i]![0], y, section[i]![1]];
      for (let i = 0; i < 4; i++) {
        const j = (i + 1) % 4;
        out.push(...p(i, 0), ...p(j, 10), ...p(j, 0), ...p(i, 0), ...p(i, 10), ...p(j, 10));
      }
      out.push(...p(0, 0), ...p(1, 0), ...p(2, 0), ...p(0, 0), ...p(2, 0), ...p(3, 0));
      out.push(...p(0, 10), ...p(2, 10), ...p(1, 10), ...p(0, 10), ...p(3, 10), ...p(2, 10));
      return { positions: Float32Array.from(out), triangleCount: out.length / 9, units: 'mm' };
    };
    const gentle = measureMesh(wedge(50), { format: 'stl' });
    const steep = measureMesh(wedge(30), { format: 'stl' });
    expect(gentle).toMatchObject({ watertight: true, problems: [] });
    // 50° from the bed is 40° from vertical: printable without support; 30° from the bed is not.
    expect(gentle.orientations.find((o) => o.up === '+z')!.overhangAreaMm2).toBe(0);
    expect(steep.orientations.find((o) => o.up === '+z')!.overhangAreaMm2).toBeGreaterThan(0);
  });
});

describe('measureMesh units check', () => {
  it('suggests inches for a part 2 units long', () => {
    const report = measure(solids.box([1, 2, 0.5]));
    expect(report.problems).toContain('too_small');
    expect(report.unitSuggestion).toEqual({ unit: 'in', scale: 25.4, boundingBoxMm: [25.4, 50.8, 12.7] });
  });

  it('suggests metres for a part 0.08 units long', () => {
    const report = measure(solids.box([0.08, 0.05, 0.03]));
    expect(report.problems).toContain('too_small');
    expect(report.unitSuggestion?.unit).toBe('m');
    report.unitSuggestion!.boundingBoxMm.forEach((side, axis) => within(side, [80, 50, 30][axis]!, 1e-6));
  });

  it('suggests microns for a part tens of thousands of units long', () => {
    const report = measure(solids.box([80_000, 50_000, 30_000]));
    expect(report.problems).toContain('too_large');
    expect(report.unitSuggestion).toMatchObject({ unit: 'micron', scale: 0.001 });
  });

  it('suggests millimetres when a file declaring inches holds millimetre numbers', () => {
    const report = measureMesh(meshOf(scaled(solids.box([80, 50, 30]), 25.4), 'in'), { format: '3mf' });
    expect(report.problems).toContain('too_large');
    expect(report.unitSuggestion?.unit).toBe('mm');
    report.unitSuggestion!.boundingBoxMm.forEach((side, axis) => within(side, [80, 50, 30][axis]!, 1e-6));
  });

  it('says a genuinely big part is too large without guessing a unit', () => {
    const report = measure(solids.box([400, 300, 200]));
    expect(report.problems).toEqual(['too_large']);
    expect(report.unitSuggestion).toBeUndefined();
  });

  it('fits a part that fits only when turned', () => {
    const report = measureMesh(meshOf(solids.box([20, 240, 200])), { format: 'stl' });
    expect(report.problems).toEqual([]);
    expect(
      measureMesh(meshOf(solids.box([20, 240, 200])), { format: 'stl', buildVolumeMm: [200, 200, 200] }).problems,
    ).toEqual(['too_large']);
  });

  it('takes a tiny part no other unit makes plausible as it is, flagged', () => {
    const report = measure(solids.box([0.001, 0.002, 0.001]));
    expect(report.problems).toContain('too_small');
    expect(report.unitSuggestion).toBeUndefined();
  });
});

function scaled(solid: solids.Solid, factor: number): solids.Solid {
  return solids.scaled(solid, factor);
}
