import { describe, expect, it, vi } from 'vitest';
import { analyzeModel } from '../../src/domain/geometry/analyze.js';
import { GeometryError } from '../../src/domain/geometry/errors.js';
import { parseStep, type StepReader } from '../../src/domain/geometry/step.js';
import { loadStepReader } from '../../src/server/files/step-reader.js';
import * as solids from '../support/solids.js';

// Through the real reader (OpenCascade as WASM), from B-rep files the reader must triangulate itself.
describe('STEP through occt-import-js', () => {
  it('measures a box', async () => {
    const report = await analyzeModel(solids.stepFile(solids.boxPolyhedron([40, 30, 12]), 'box'), { loadStepReader });
    expect(report.format).toBe('step');
    expect(report.units).toBe('mm');
    expect(report.volumeMm3).toBeCloseTo(40 * 30 * 12, 6);
    expect(report.surfaceAreaMm2).toBeCloseTo(2 * (40 * 30 + 40 * 12 + 30 * 12), 6);
    expect(report.boundingBoxMm.map((v) => +v.toFixed(6))).toEqual([40, 30, 12]);
    expect(report).toMatchObject({ shells: 1, watertight: true, problems: [] });
  });

  it('measures a box with a through-hole (faces with an inner bound)', async () => {
    const [x, y, z, hole] = [60, 40, 15, 12];
    const report = await analyzeModel(solids.stepFile(solids.boxWithHolePolyhedron([x, y, z], hole), 'block'), {
      loadStepReader,
    });
    expect(report.volumeMm3).toBeCloseTo((x * y - hole * hole) * z, 6);
    expect(report.surfaceAreaMm2).toBeCloseTo(2 * (x * y - hole * hole) + 2 * (x + y) * z + 4 * hole * z, 6);
    expect(report).toMatchObject({ shells: 1, watertight: true, problems: [] });
  });

  it('triangulates a curved face finely enough for 0.1 %: a cylinder', async () => {
    for (const [radius, height] of [
      [20, 30],
      [3, 10],
    ] as const) {
      const report = await analyzeModel(solids.stepFile({ kind: 'cylinder', radius, height }), { loadStepReader });
      expect(Math.abs(report.volumeMm3 / (Math.PI * radius ** 2 * height) - 1)).toBeLessThan(0.001);
      const area = 2 * Math.PI * radius * height + 2 * Math.PI * radius ** 2;
      expect(Math.abs(report.surfaceAreaMm2 / area - 1)).toBeLessThan(0.001);
      expect(report).toMatchObject({ shells: 1, watertight: true, problems: [] });
    }
  });

  it('says a STEP file the reader cannot make sense of is unreadable', async () => {
    const garbage = new TextEncoder().encode(
      'ISO-10303-21;\nHEADER;\nENDSEC;\nDATA;\n#1=NONSENSE((;\nENDSEC;\nEND-ISO-10303-21;\n',
    );
    await expect(analyzeModel(garbage, { loadStepReader })).rejects.toMatchObject({
      name: 'GeometryError',
      code: 'unreadable',
      message: 'The STEP file could not be read; it may be damaged or cut short. Export it again and retry.',
    });
    // The reader survives a bad file: the next good one still reads.
    const report = await analyzeModel(solids.stepFile(solids.boxPolyhedron([10, 10, 10])), { loadStepReader });
    expect(report.volumeMm3).toBeCloseTo(1000, 6);
  });
});

describe('parseStep with a stand-in reader', () => {
  const reader = (result: ReturnType<StepReader['ReadStepFile']>): StepReader => ({ ReadStepFile: () => result });

  it('joins every mesh the reader returns, indexed or not', async () => {
    const tri = [0, 0, 0, 1, 0, 0, 0, 1, 0];
    const mesh = await parseStep(new Uint8Array(1), async () =>
      reader({
        success: true,
        meshes: [
          { attributes: { position: { array: tri } }, index: { array: [0, 1, 2] } },
          { attributes: { position: { array: tri.map((v) => v + 5) } } },
        ],
      }),
    );
    expect(Array.from(mesh.positions)).toEqual([...tri, ...tri.map((v) => v + 5)]);
    expect(mesh.triangleCount).toBe(2);
  });

  it('refuses an index past the vertices', async () => {
    await expect(
      parseStep(new Uint8Array(1), async () =>
        reader({
          success: true,
          meshes: [{ attributes: { position: { array: [0, 0, 0] } }, index: { array: [0, 1, 2] } }],
        }),
      ),
    ).rejects.toMatchObject({ code: 'unreadable' });
  });

  it('calls a file with no solid in it empty', async () => {
    const refusal = parseStep(new Uint8Array(1), async () => reader({ success: true, meshes: [] }));
    await expect(refusal).rejects.toMatchObject({ code: 'empty' });
    await expect(refusal).rejects.toThrow(/STEP file holds no geometry/);
  });

  it('says so when the reader cannot be loaded', async () => {
    const refusal = parseStep(new Uint8Array(1), () => Promise.reject(new Error('wasm fetch failed')));
    await expect(refusal).rejects.toMatchObject({ code: 'unsupported' });
    await expect(refusal).rejects.toThrow(/dimensions you typed/);
  });

  it('turns a reader crash into an unreadable file', async () => {
    const crashing: StepReader = {
      ReadStepFile: () => {
        throw new Error('RuntimeError: unreachable');
      },
    };
    await expect(parseStep(new Uint8Array(1), async () => crashing)).rejects.toBeInstanceOf(GeometryError);
  });

  it('loads the reader only for STEP files', async () => {
    const load = vi.fn(async () => reader({ success: false }));
    await analyzeModel(solids.binaryStl(solids.cube().positions), { loadStepReader: load });
    await analyzeModel(
      solids.threeMf({ objects: [{ id: 1, positions: solids.cube().positions }], items: [{ objectId: 1 }] }),
      {
        loadStepReader: load,
      },
    );
    expect(load).not.toHaveBeenCalled();
    await expect(
      analyzeModel(solids.stepFile(solids.boxPolyhedron([1, 1, 1])), { loadStepReader: load }),
    ).rejects.toMatchObject({
      code: 'unreadable',
    });
    expect(load).toHaveBeenCalledTimes(1);
  });
});
