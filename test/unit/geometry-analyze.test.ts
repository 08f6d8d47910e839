import { describe, expect, it } from 'vitest';
import { analyzeModel, detectModelFormat } from '../../src/domain/geometry/analyze.js';
import { GeometryError } from '../../src/domain/geometry/errors.js';
import * as solids from '../support/solids.js';

const cube = solids.cube(20).positions;
const FILES = {
  binaryStl: solids.binaryStl(cube),
  asciiStl: solids.asciiStl(cube),
  threeMf: solids.threeMf({ objects: [{ id: 1, positions: cube }], items: [{ objectId: 1 }] }),
  step: solids.stepFile(solids.boxPolyhedron([20, 20, 20])),
};

describe('detectModelFormat', () => {
  it('tells the formats apart by their bytes', () => {
    expect(detectModelFormat(FILES.binaryStl)).toBe('stl');
    expect(detectModelFormat(FILES.asciiStl)).toBe('stl');
    expect(detectModelFormat(FILES.threeMf)).toBe('3mf');
    expect(detectModelFormat(FILES.step)).toBe('step');
    expect(detectModelFormat(new TextEncoder().encode('%PDF-1.7\n'))).toBeUndefined();
    expect(detectModelFormat(new Uint8Array(0))).toBeUndefined();
  });
});

describe('analyzeModel', () => {
  it('measures STL and 3MF without a STEP reader', async () => {
    for (const bytes of [FILES.binaryStl, FILES.asciiStl, FILES.threeMf]) {
      const report = await analyzeModel(bytes);
      expect(report.volumeMm3).toBeCloseTo(8000, 6);
      expect(report.watertight).toBe(true);
    }
  });

  it('passes the build volume on to the size check', async () => {
    const report = await analyzeModel(FILES.binaryStl, { buildVolumeMm: [10, 10, 10] });
    expect(report.problems).toEqual(['too_large']);
  });

  it('says it cannot measure STEP when no reader was given', async () => {
    await expect(analyzeModel(FILES.step)).rejects.toMatchObject({ code: 'unsupported' });
  });

  it('refuses bytes that are no model at all, in plain words', async () => {
    await expect(analyzeModel(new TextEncoder().encode('hello, this is a text file'))).rejects.toMatchObject({
      name: 'GeometryError',
      code: 'unsupported',
      message: 'This file is not an STL, 3MF or STEP model. Export the part in one of those and try again.',
    });
  });

  // Damaged copies of every format: whatever happens, the answer is a report or a GeometryError.
  it('never fails with anything but a GeometryError on damaged files', async () => {
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const outcomes = new Set<string>();
    for (const [name, original] of Object.entries(FILES)) {
      if (name === 'step') continue; // the WASM reader has its own test; keep this one pure and fast
      for (let round = 0; round < 60; round++) {
        const bytes = original.slice(0, round % 3 === 0 ? Math.floor(random() * original.length) : original.length);
        for (let flips = 0; flips < 1 + (round % 5); flips++)
          bytes[Math.floor(random() * bytes.length)] = Math.floor(random() * 256);
        try {
          await analyzeModel(bytes, { format: name === 'threeMf' ? '3mf' : 'stl' });
          outcomes.add('report');
        } catch (error) {
          expect(error).toBeInstanceOf(GeometryError);
          outcomes.add((error as GeometryError).code);
        }
      }
    }
    // The damage did reach the readers: some copies were refused.
    expect(outcomes.has('unreadable')).toBe(true);
  });
});
