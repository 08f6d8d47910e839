/**
 * A measured 3D file as the shop reads it, the stored figures read back through their schema, and the
 * rule that picks the file a request is priced from.
 */
import { describe, expect, it } from 'vitest';
import type { MeasuredGeometry } from '../../src/domain/geometry/report.js';
import { storedGeometrySchema } from '../../src/domain/stored-geometry-schema.js';
import { StoredJsonError } from '../../src/domain/stored-json.js';
import { fileGeometry, geometryFacts } from '../../src/islands/shop/geometry-facts.js';
import { pricingGeometry, toFileView, UNMEASURED_NOTE, type FileRow } from '../../src/server/requests/files.js';

const SHA = 'a'.repeat(64);

function measured(overrides: Partial<MeasuredGeometry> = {}): MeasuredGeometry {
  const up = { up: '+z' as const, heightMm: 30, overhangAreaMm2: 0, supportVolumeMm3: 0 };
  return {
    format: 'stl',
    units: 'mm',
    triangleCount: 12_480,
    volumeMm3: 84_250.4,
    surfaceAreaMm2: 21_360,
    boundingBoxMm: [120, 40, 30.04],
    shells: 1,
    watertight: true,
    orientation: up,
    orientations: [up, { ...up, up: '-z', overhangAreaMm2: 210, supportVolumeMm3: 1_850 }],
    problems: [],
    sha256: SHA,
    ...overrides,
  };
}

function row(overrides: Partial<FileRow> = {}): FileRow {
  return {
    id: '6f1f8d2a-1f4e-4a57-9d64-1d1c9a4f0b11',
    requestId: null,
    storageKey: 'k',
    name: 'bracket.stl',
    size: 1234,
    contentType: 'model/stl',
    kind: 'cad',
    width: null,
    height: null,
    sha256: SHA,
    geometry: measured(),
    uploadedByRole: 'anonymous',
    createdAt: new Date('2026-12-01T10:00:00Z'),
    ...overrides,
  };
}

describe('a measured file in words', () => {
  it('names size, volume, surface, triangles, shells, mesh and orientation', () => {
    expect(geometryFacts(measured())).toMatchInlineSnapshot(`
      [
        {
          "label": "Measured size",
          "value": "120 × 40 × 30 mm",
        },
        {
          "label": "Volume",
          "value": "84.3 cm³",
        },
        {
          "label": "Surface",
          "value": "213.6 cm²",
        },
        {
          "label": "Triangles",
          "value": "12,480",
        },
        {
          "label": "Shells",
          "value": "1",
        },
        {
          "label": "Mesh",
          "value": "Watertight, no problems found",
        },
        {
          "label": "Suggested orientation",
          "value": "as drawn (+Z up), 30 mm tall; no support needed",
        },
      ]
    `);
  });

  it('says what is wrong with a mesh and what support the orientation needs', () => {
    const facts = geometryFacts(
      measured({
        watertight: false,
        shells: 3,
        problems: ['not_watertight', 'too_small'],
        orientation: { up: '+x', heightMm: 120, overhangAreaMm2: 1_250, supportVolumeMm3: 4_400 },
        unitSuggestion: { unit: 'in', scale: 25.4, boundingBoxMm: [3048, 1016, 763] },
      }),
    );
    expect(Object.fromEntries(facts.map(({ label, value }) => [label, value]))).toMatchObject({
      Mesh: 'Not watertight: some edges are open or shared by more than two faces, so the volume is approximate. Under 3 mm on its longest side: probably drawn in inches or metres.',
      'Suggested orientation': 'on its side, +X up, 120 mm tall; overhangs 12.5 cm², support about 4.4 cm³',
      Unit: 'Read in millimetres; if it was drawn in inches it is 3,048 × 1,016 × 763 mm',
    });
    expect(facts.filter((fact) => fact.attention).map((fact) => fact.label)).toEqual(['Mesh', 'Unit']);
  });

  it('shows the note for an unmeasured 3D file and nothing for an image', () => {
    expect(fileGeometry({ kind: 'cad', geometryNote: UNMEASURED_NOTE })).toEqual({
      kind: 'unmeasured',
      note: UNMEASURED_NOTE,
    });
    expect(fileGeometry({ kind: 'image' })).toEqual({ kind: 'none' });
  });
});

describe('stored figures', () => {
  it('read back as they were stored, and carry the SHA-256', () => {
    const view = toFileView(row());
    expect(view.geometry).toEqual(measured());
    expect(view.sha256).toBe(SHA);
    expect(view.geometryNote).toBeUndefined();
  });

  it('an unmeasured 3D file says so; an image has neither figures nor note', () => {
    expect(toFileView(row({ geometry: null }))).toMatchObject({ geometryNote: UNMEASURED_NOTE });
    const image = toFileView(row({ kind: 'image', contentType: 'image/png', geometry: null, width: 4, height: 3 }));
    expect(image).not.toHaveProperty('geometry');
    expect(image).not.toHaveProperty('geometryNote');
  });

  it('a stored value that does not match the schema fails naming the column and row', () => {
    expect(() => toFileView(row({ geometry: { ...measured(), volumeMm3: 'big' } }))).toThrow(StoredJsonError);
    expect(() => toFileView(row({ geometry: { ...measured(), problems: ['haunted'] } }))).toThrow(
      /files\.geometry of row 6f1f8d2a-.* problems\.0/,
    );
  });

  it('figures a later core adds are kept', () => {
    const later = { ...measured(), wallThicknessMm: 1.2 };
    expect(storedGeometrySchema.parse(later)).toEqual(later);
  });
});

describe('the file a request is priced from', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 10, minute));

  it('is the newest measured 3D file with a printable volume', () => {
    const first = row({ id: '00000000-0000-4000-8000-000000000001', name: 'v1.stl', createdAt: at(0) });
    const second = row({ id: '00000000-0000-4000-8000-000000000002', name: 'v2.3mf', createdAt: at(5) });
    const flat = row({
      id: '00000000-0000-4000-8000-000000000003',
      name: 'flat.stl',
      createdAt: at(9),
      geometry: measured({ volumeMm3: 0, problems: ['zero_volume'] }),
    });
    const unmeasured = row({ id: '00000000-0000-4000-8000-000000000004', createdAt: at(10), geometry: null });
    const photo = row({ id: '00000000-0000-4000-8000-000000000005', kind: 'image', geometry: null, createdAt: at(11) });
    expect(pricingGeometry([first, second, flat, unmeasured, photo])).toMatchObject({
      file: { id: second.id, name: 'v2.3mf' },
      measuredFiles: 3,
    });
  });

  it('is none when no file was measured', () => {
    expect(pricingGeometry([row({ geometry: null }), row({ kind: 'image', geometry: null })])).toBeUndefined();
  });
});
