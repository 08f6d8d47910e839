import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { GeometryError } from '../../src/domain/geometry/errors.js';
import { measureMesh } from '../../src/domain/geometry/measure.js';
import { parse3mf } from '../../src/domain/geometry/three-mf.js';
import * as solids from '../support/solids.js';
import type { Transform3mf } from '../support/solids.js';

const measure = (bytes: Uint8Array) => measureMesh(parse3mf(bytes), { format: '3mf' });
const IDENTITY: Transform3mf = [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0];
/** A quarter turn about z (x → y, y → −x), then a move. */
const TURN_AND_MOVE: Transform3mf = [0, 1, 0, -1, 0, 0, 0, 0, 1, 100, 50, 5];

function expectSamePositions(actual: Float32Array, expected: Float32Array) {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) expect(actual[i]).toBeCloseTo(expected[i]!, 4);
}

describe('parse3mf units', () => {
  it.each([
    ['micron', 0.001, 'micron'],
    ['millimeter', 1, 'mm'],
    ['centimeter', 10, 'cm'],
    ['inch', 25.4, 'in'],
    ['foot', 304.8, 'ft'],
    ['meter', 1000, 'm'],
  ] as const)('reads a model in %s', (unit, mmPerUnit, reported) => {
    const bytes = solids.threeMf({
      unit,
      objects: [{ id: 1, positions: solids.box([3, 2, 1]).positions }],
      items: [{ objectId: 1 }],
    });
    const mesh = parse3mf(bytes);
    expect(mesh.units).toBe(reported);
    const report = measureMesh(mesh, { format: '3mf' });
    expect(report.units).toBe(reported);
    expect(report.volumeMm3 / (6 * mmPerUnit ** 3)).toBeCloseTo(1, 5);
    report.boundingBoxMm.forEach((side, axis) => expect(side / ([3, 2, 1][axis]! * mmPerUnit)).toBeCloseTo(1, 5));
  });

  it('takes millimetres when the model names no unit', () => {
    const bytes = solids.threeMf({
      objects: [{ id: 1, positions: solids.cube(20).positions }],
      items: [{ objectId: 1 }],
      omitUnit: true,
    });
    expect(measure(bytes)).toMatchObject({ units: 'mm', boundingBoxMm: [20, 20, 20] });
  });
});

describe('parse3mf build items, transforms and components', () => {
  it('applies a build item transform to the vertices', () => {
    const part = solids.box([30, 20, 10]);
    const bytes = solids.threeMf({
      objects: [{ id: 1, positions: part.positions }],
      items: [{ objectId: 1, transform: TURN_AND_MOVE }],
    });
    const mesh = parse3mf(bytes);
    expectSamePositions(mesh.positions, solids.transformed(part.positions, TURN_AND_MOVE));
    const report = measureMesh(mesh, { format: '3mf' });
    expect(report.boundingBoxMm.map((v) => Math.round(v * 1e4) / 1e4)).toEqual([20, 30, 10]);
    expect(report.volumeMm3).toBeCloseTo(6000, 3);
    expect(report.watertight).toBe(true);
  });

  it('scales volume by the transform', () => {
    const bytes = solids.threeMf({
      objects: [{ id: 1, positions: solids.cube(10).positions }],
      items: [{ objectId: 1, transform: [2, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0] }],
    });
    expect(measure(bytes).volumeMm3).toBeCloseTo(8000, 6);
  });

  it('places several objects and the same object twice', () => {
    const bytes = solids.threeMf({
      unit: 'millimeter',
      objects: [
        { id: 1, positions: solids.cube(10).positions },
        { id: 2, positions: solids.mushroom().positions },
      ],
      items: [
        { objectId: 1 },
        { objectId: 2, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1, 20, 0, 0] },
        { objectId: 1, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 20, 0] },
      ],
    });
    const report = measure(bytes);
    expect(report.triangleCount).toBe(12 + solids.mushroom().triangleCount + 12);
    expect(report.shells).toBe(3);
    expect(report.volumeMm3).toBeCloseTo(2 * 1000 + solids.mushroom().volumeMm3, 6);
    expect(report.boundingBoxMm).toEqual([80, 60, 40]);
  });

  it('composes a component transform inside the item transform (component first)', () => {
    const part = solids.box([30, 20, 10]);
    const inner: Transform3mf = [1, 0, 0, 0, 1, 0, 0, 0, 1, 7, 0, 0];
    const bytes = solids.threeMf({
      objects: [
        { id: 1, positions: part.positions },
        {
          id: 5,
          components: [
            { objectId: 1, transform: inner },
            { objectId: 1, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 40] },
          ],
        },
      ],
      items: [{ objectId: 5, transform: TURN_AND_MOVE }],
    });
    const mesh = parse3mf(bytes);
    const first = solids.transformed(solids.transformed(part.positions, inner), TURN_AND_MOVE);
    expectSamePositions(mesh.positions.subarray(0, first.length), first);
    const report = measureMesh(mesh, { format: '3mf' });
    expect(report.shells).toBe(2);
    expect(report.volumeMm3).toBeCloseTo(12_000, 3);
  });

  it('reads the model part the root relationships name', () => {
    const bytes = solids.threeMf({
      objects: [{ id: 1, positions: solids.cube(12).positions }],
      items: [{ objectId: 1 }],
      modelPath: '3D/part one.model',
    });
    expect(measure(bytes).volumeMm3).toBeCloseTo(1728, 6);
  });

  it('reads objects in other model parts (production extension), as Bambu Studio writes them', () => {
    const cube = solids.threeMf({ objects: [{ id: 1, positions: solids.cube(10).positions }], items: [] });
    const objectPart = Object.values(unzipModels(cube))[0]!;
    const root = `<?xml version="1.0" encoding="UTF-8"?>
<model unit="millimeter" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02"
  xmlns:p="http://schemas.microsoft.com/3dmanufacturing/production/2015/06" requiredextensions="p">
  <resources>
    <object id="2" p:UUID="00000001-61cb-4c03-9d28-80fed5dfa1dc" type="model">
      <components>
        <component p:path="/3D/Objects/object_1.model" objectid="1" transform="1 0 0 0 1 0 0 0 1 0 0 0"/>
      </components>
    </object>
  </resources>
  <build><item objectid="2" transform="1 0 0 0 1 0 0 0 1 50 50 0" printable="1"/></build>
</model>`;
    const bytes = package3mf({ '3D/3dmodel.model': root, '3D/Objects/object_1.model': objectPart });
    const report = measure(bytes);
    expect(report.volumeMm3).toBeCloseTo(1000, 6);
    expect(report.watertight).toBe(true);
  });

  it('reads XML written differently: single quotes, prefixes, comments, CDATA, exponents, spaces around =', () => {
    const xml = `<?xml version='1.0'?>
<!-- exported by hand -->
<m:model unit = 'centimeter' xmlns:m="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">
  <m:metadata name="Title"><![CDATA[a <tricky> title]]></m:metadata>
  <m:resources><m:object id='1' type='model'><m:mesh>
    <m:vertices>
      <m:vertex x='0' y='0' z='0'/><m:vertex x='1e0' y='0' z='0'/><m:vertex x='0' y='1.0' z='0'/><m:vertex x='0' y='0' z='+1'/>
    </m:vertices>
    <m:triangles>
      <m:triangle v1='0' v2='2' v3='1'/><m:triangle v1='0' v2='1' v3='3'/>
      <m:triangle v1='0' v2='3' v3='2'/><m:triangle v1='1' v2='2' v3='3' pid="1" p1="0"/>
    </m:triangles>
  </m:mesh></m:object></m:resources>
  <m:build><m:item objectid='1'/></m:build>
</m:model>`;
    const report = measure(package3mf({ '3D/3dmodel.model': xml }));
    expect(report.units).toBe('cm');
    expect(report.volumeMm3).toBeCloseTo(1000 / 6, 6);
    expect(report.watertight).toBe(true);
  });

  it('leaves out support meshes a slicer saved with the project', () => {
    const xml = modelXml(
      `<object id="1" type="model">${meshXml(solids.cube(10).positions)}</object>
       <object id="2" type="support">${meshXml(solids.box([5, 5, 5]).positions)}</object>`,
      '<item objectid="1"/><item objectid="2"/>',
    );
    expect(measure(package3mf({ '3D/3dmodel.model': xml })).volumeMm3).toBeCloseTo(1000, 6);
  });
});

describe('parse3mf refuses what it cannot read, in words a customer understands', () => {
  const cube = solids.cube(10).positions;
  const cases: [string, Uint8Array, GeometryError['code'], RegExp][] = [
    [
      'bytes that are not a ZIP',
      strToU8('PK\u0003\u0004 this is not really a zip'),
      'unreadable',
      /3MF file could not be read/,
    ],
    ['a ZIP without a model', zipSync({ 'readme.txt': strToU8('hello') }), 'unreadable', /holds no 3D model part/],
    [
      'a model cut short',
      package3mf({
        '3D/3dmodel.model': modelXml(`<object id="1">${meshXml(cube)}</object>`, '<item objectid="1"/>').slice(0, 1200),
      }),
      'unreadable',
      /could not be read/,
    ],
    [
      'a triangle naming a vertex that does not exist',
      package3mf({
        '3D/3dmodel.model': modelXml(
          '<object id="1"><mesh><vertices><vertex x="0" y="0" z="0"/></vertices><triangles><triangle v1="0" v2="1" v3="2"/></triangles></mesh></object>',
          '<item objectid="1"/>',
        ),
      }),
      'unreadable',
      /could not be read/,
    ],
    [
      'a vertex with a word for a number',
      package3mf({
        '3D/3dmodel.model': modelXml(
          '<object id="1"><mesh><vertices><vertex x="zero" y="0" z="0"/></vertices><triangles></triangles></mesh></object>',
          '<item objectid="1"/>',
        ),
      }),
      'unreadable',
      /could not be read/,
    ],
    [
      'an unknown unit',
      package3mf({ '3D/3dmodel.model': modelXml('', '').replace('millimeter', 'parsec') }),
      'unreadable',
      /could not be read/,
    ],
    [
      'a build naming a missing object',
      package3mf({ '3D/3dmodel.model': modelXml('', '<item objectid="9"/>') }),
      'unreadable',
      /could not be read/,
    ],
    [
      'components that contain themselves',
      package3mf({
        '3D/3dmodel.model': modelXml(
          '<object id="1"><components><component objectid="1"/></components></object>',
          '<item objectid="1"/>',
        ),
      }),
      'unreadable',
      /could not be read/,
    ],
    [
      'a model with nothing built',
      package3mf({ '3D/3dmodel.model': modelXml(`<object id="1">${meshXml(cube)}</object>`, '') }),
      'empty',
      /holds no geometry/,
    ],
  ];
  it.each(cases)('%s', (_, bytes, code, message) => {
    let caught: unknown;
    try {
      parse3mf(bytes);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(GeometryError);
    expect((caught as GeometryError).code).toBe(code);
    expect((caught as GeometryError).message).toMatch(message);
  });

  it('stops at the triangle limit', () => {
    const bytes = solids.threeMf({
      objects: [{ id: 1, positions: cube }],
      items: [{ objectId: 1 }, { objectId: 1, transform: IDENTITY }],
    });
    expect(() => parse3mf(bytes, { maxTriangles: 20 })).toThrow(
      expect.objectContaining({ code: 'too_many_triangles' }),
    );
  });
});

function modelXml(resources: string, build: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<model unit="millimeter" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">
  <resources>${resources}</resources>
  <build>${build}</build>
</model>`;
}

function meshXml(positions: Float32Array): string {
  const vertices: string[] = [];
  const triangles: string[] = [];
  for (let t = 0; t < positions.length / 9; t++) {
    for (let c = 0; c < 3; c++)
      vertices.push(
        `<vertex x="${positions[9 * t + 3 * c]}" y="${positions[9 * t + 3 * c + 1]}" z="${positions[9 * t + 3 * c + 2]}"/>`,
      );
    triangles.push(`<triangle v1="${3 * t}" v2="${3 * t + 1}" v3="${3 * t + 2}"/>`);
  }
  return `<mesh><vertices>${vertices.join('')}</vertices><triangles>${triangles.join('')}</triangles></mesh>`;
}

function package3mf(parts: Record<string, string>): Uint8Array {
  return zipSync(Object.fromEntries(Object.entries(parts).map(([name, text]) => [name, strToU8(text)])));
}

function unzipModels(bytes: Uint8Array): Record<string, string> {
  // Reads the single model part a writer produced, to reuse it as another part's object file.
  return Object.fromEntries(
    Object.entries(unzipSync(bytes))
      .filter(([name]) => name.endsWith('.model'))
      .map(([name, data]) => [name, strFromU8(data)]),
  );
}
