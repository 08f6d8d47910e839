/**
 * POST /api/uploads measures every 3D file on the server (architecture §5): binary and ASCII STL, 3MF
 * and STEP uploads answer with figures that match the analytic figures of the solids they were written
 * from (test/support/solids.ts, worked out from each solid's definition, not by the core) to 0.5 %,
 * and a SHA-256 that is node:crypto's of the bytes. After submission the shop's request view carries the
 * same figures and prices from them. A 3D file the reader cannot open is stored with a note and no
 * figures; an image has neither. The STEP kernel's deadline on upload: uploads-step-deadline.test.ts.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MeasuredGeometry } from '../../src/domain/contracts/file-view.js';
import type { ShopRequestView } from '../../src/domain/contracts/inbox.js';
import { expectLogs } from '../support/logs.js';
import { STEP_FILE, pngBytes, storedZip, threeMf as emptyThreeMf, upload, type Reply } from '../support/intake.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { createCustomerRequest, signIn, type ShopClient } from '../support/shop.js';
import {
  asciiStl,
  binaryStl,
  boxWithHolePolyhedron,
  boxWithHoles,
  cube,
  mushroom,
  stepFile,
  threeMf,
  tube,
  type Vec3,
} from '../support/solids.js';
import type { UploadResult } from '../../src/server/files/create-upload.js';

let server: TestServer;
let staff: ShopClient;

beforeAll(async () => {
  server = await startTestServer();
  staff = await signIn(server);
});
afterAll(async () => {
  await server?.close();
});

/** What the reply must match, from the solid's own definition. */
interface Reference {
  volumeMm3: number;
  surfaceAreaMm2: number;
  boundingBoxMm: Vec3;
  shells: number;
  watertight: boolean;
  triangleCount?: number;
}

const TOLERANCE = 0.005;

function expectClose(actual: number, expected: number, what: string) {
  expect(Math.abs(actual - expected), `${what}: ${actual} against ${expected}`).toBeLessThanOrEqual(
    Math.abs(expected) * TOLERANCE,
  );
}

function expectFigures(geometry: MeasuredGeometry | undefined, reference: Reference) {
  expect(geometry).toBeDefined();
  if (!geometry) return;
  expectClose(geometry.volumeMm3, reference.volumeMm3, 'volume');
  expectClose(geometry.surfaceAreaMm2, reference.surfaceAreaMm2, 'surface');
  reference.boundingBoxMm.forEach((side, axis) =>
    expectClose(geometry.boundingBoxMm[axis] ?? NaN, side, `box ${axis}`),
  );
  expect(geometry.shells).toBe(reference.shells);
  expect(geometry.watertight).toBe(reference.watertight);
  if (reference.triangleCount !== undefined) expect(geometry.triangleCount).toBe(reference.triangleCount);
  else expect(geometry.triangleCount).toBeGreaterThan(0);
}

const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

async function uploaded(name: string, bytes: Uint8Array | string): Promise<Reply<UploadResult>> {
  const reply = await upload(server.url, {
    name,
    bytes: typeof bytes === 'string' ? bytes : Buffer.from(bytes),
  });
  expect(reply.status, JSON.stringify(reply.body.error ?? {})).toBe(201);
  return reply.body;
}

// 3MF in centimetres, one cube object placed twice: units applied, two build items, two shells.
const CM_CUBE = cube(2);
const TWO_CUBES_3MF = threeMf({
  unit: 'centimeter',
  objects: [{ id: 1, positions: CM_CUBE.positions }],
  items: [{ objectId: 1 }, { objectId: 1, transform: [1, 0, 0, 0, 1, 0, 0, 0, 1, 3, 0, 0] }],
});
const TWO_CUBES: Reference = {
  volumeMm3: 2 * 20 ** 3,
  surfaceAreaMm2: 2 * 6 * 20 ** 2,
  boundingBoxMm: [50, 20, 20],
  shells: 2,
  watertight: true,
  triangleCount: 24,
};

// STEP: a 40 × 30 × 12 block with a 10 × 10 through-hole, as a B-rep the reader must triangulate.
const [SX, SY, SZ, HOLE] = [40, 30, 12, 10];
const BLOCK_STEP = stepFile(boxWithHolePolyhedron([SX, SY, SZ], HOLE), 'block');
const BLOCK: Reference = {
  volumeMm3: (SX * SY - HOLE * HOLE) * SZ,
  surfaceAreaMm2: 2 * (SX * SY - HOLE * HOLE) + 2 * (SX + SY) * SZ + 4 * HOLE * SZ,
  boundingBoxMm: [SX, SY, SZ],
  shells: 1,
  watertight: true,
};

describe('POST /api/uploads measures 3D files', () => {
  it('a binary STL: figures of the solid, the SHA-256 of the bytes, mm', async () => {
    const solid = boxWithHoles();
    const bytes = binaryStl(solid.positions);
    const body = await uploaded('block with holes.stl', bytes);
    expectFigures(body.geometry, solid);
    expect(body.geometry).toMatchObject({ format: 'stl', units: 'mm', problems: [], sha256: sha256(bytes) });
    expect(body.sha256).toBe(sha256(bytes));
    expect(body.geometryNote).toBeUndefined();
  });

  it('an ASCII STL of a round part: within 0.5 % of the smooth tube', async () => {
    const solid = tube();
    const bytes = asciiStl(solid.positions, 'tube');
    const body = await uploaded('tube.stl', bytes);
    expectFigures(body.geometry, solid);
    expect(body.geometry?.sha256).toBe(sha256(bytes));
  });

  it('a 3MF in centimetres with two build items', async () => {
    const body = await uploaded('two cubes.3mf', TWO_CUBES_3MF);
    expectFigures(body.geometry, TWO_CUBES);
    expect(body.geometry).toMatchObject({ format: '3mf', units: 'cm', sha256: sha256(TWO_CUBES_3MF) });
  });

  it('a STEP solid, triangulated by the reader', async () => {
    const body = await uploaded('block.step', BLOCK_STEP);
    expectFigures(body.geometry, BLOCK);
    expect(body.geometry).toMatchObject({ format: 'step', units: 'mm', sha256: sha256(BLOCK_STEP) });
  });

  it('STEP uploads arriving together are each measured (the kernels take turns)', async () => {
    const replies = await Promise.all(
      ['a', 'b', 'c'].map((name) => upload(server.url, { name: `${name}.step`, bytes: Buffer.from(BLOCK_STEP) })),
    );
    for (const reply of replies) {
      expect(reply.status).toBe(201);
      expectFigures(reply.body.geometry, BLOCK);
    }
  });

  it('suggests the orientation that needs least support', async () => {
    const body = await uploaded('mushroom.stl', binaryStl(mushroom().positions));
    // Upright the 60 × 60 cap overhangs its stem; upside down it stands on the cap.
    expect(body.geometry?.orientation).toMatchObject({ up: '-z', supportVolumeMm3: 0 });
    const upright = body.geometry?.orientations.find((figures) => figures.up === '+z');
    expect(upright?.overhangAreaMm2 ?? 0).toBeGreaterThan(0);
  });
});

describe('files that cannot be measured', () => {
  const NOTE = /could not be measured.*the shop will size it by hand/;

  it.each([
    ['a STEP file with no solid in it', 'empty.step', STEP_FILE],
    ['a 3MF whose model holds nothing', 'empty.3mf', emptyThreeMf()],
    [
      'a 3MF whose model is not XML',
      'broken.3mf',
      storedZip({
        '[Content_Types].xml': '<?xml version="1.0"?><Types/>',
        '3D/3dmodel.model': '<?xml version="1.0"?><model unit="millimeter"><resources><object id="1"><mesh><vert',
      }),
    ],
  ])('%s is stored, with a note instead of figures', async (_, name, bytes) => {
    const logs = expectLogs(/^upload [0-9a-f-]{36} stored unmeasured \((step|3mf)\): [a-z_]+$/);
    const reply = await upload(server.url, { name, bytes });
    expect(reply.status).toBe(201);
    expect(reply.body.kind).toBe('cad');
    expect(reply.body.geometry).toBeUndefined();
    expect(reply.body.geometryNote).toMatch(NOTE);
    expect(reply.body.sha256).toBe(sha256(bytes));
    expect(logs.lines.join('\n')).toContain(reply.body.id);
  });

  it('an image has neither figures nor a note', async () => {
    const reply = await upload(server.url, { name: 'photo.png', bytes: await pngBytes(), type: 'image/png' });
    expect(reply.status).toBe(201);
    expect(reply.body).not.toHaveProperty('geometry');
    expect(reply.body).not.toHaveProperty('geometryNote');
    // Images are re-encoded: the hash is of what was stored, checked below against the stored bytes.
    expect(reply.body.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('after submission', () => {
  it('the shop sees every file’s figures and the proposal is priced from the newest measured file', async () => {
    const stl = await uploaded('block with holes.stl', binaryStl(boxWithHoles().positions));
    const step = await uploaded('block.step', BLOCK_STEP);
    const unreadable = await (async () => {
      expectLogs(/stored unmeasured \(step\)/);
      return uploaded('empty.step', STEP_FILE);
    })();
    const photo = await uploaded('photo.png', await pngBytes());
    const request = await createCustomerRequest(server, { fileIds: [stl.id, step.id, unreadable.id, photo.id] });

    const shop = await staff.call<ShopRequestView>('GET', `/api/shop/requests/${request.id}`);
    expect(shop.status).toBe(200);
    const byId = new Map(shop.body.files.map((file) => [file.id, file]));
    expect(byId.get(stl.id)?.geometry).toEqual(stl.geometry);
    expect(byId.get(step.id)?.geometry).toEqual(step.geometry);
    expectFigures(byId.get(step.id)?.geometry, BLOCK);
    expect(byId.get(unreadable.id)).toMatchObject({ geometryNote: unreadable.geometryNote });
    expect(byId.get(unreadable.id)).not.toHaveProperty('geometry');
    expect(byId.get(photo.id)).not.toHaveProperty('geometry');
    for (const file of [stl, step, unreadable, photo]) expect(byId.get(file.id)?.sha256).toBe(file.sha256);

    // The stored image's bytes hash to what the upload answered.
    const download = await fetch(`${server.url}/api/shop/files/${photo.id}`, { headers: { cookie: staff.cookie } });
    expect(download.status).toBe(200);
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(photo.sha256);

    // Priced on the server from the stored figures of the newest measured file, not the typed size.
    expect(shop.body.estimate.sizedFrom).toEqual({ id: step.id, name: 'block.step' });
    expect(shop.body.estimate.internal.notes[0]).toBe('Measured from block.step (the newest of 2 measured 3D files).');
  });

  it('a request without a measured file is priced from the size typed', async () => {
    const photo = await uploaded('photo.png', await pngBytes());
    const request = await createCustomerRequest(server, { fileIds: [photo.id] });
    const shop = await staff.call<ShopRequestView>('GET', `/api/shop/requests/${request.id}`);
    expect(shop.status).toBe(200);
    expect(shop.body.estimate).not.toHaveProperty('sizedFrom');
    expect(shop.body.estimate.assumptions.join(' ')).toContain('120 × 40 × 30 mm');
  });

  it('the same part measured or typed: the measured figures change the proposal', async () => {
    // A 120 × 40 × 30 box is what the form's typed size says; a thin 120 × 40 × 3 plate measured from
    // its file is a tenth of that volume, so a proposal priced from the file must come out lower.
    const plate = await uploaded('plate.stl', binaryStl(cube(1).positions.map((v, i) => v * [120, 40, 3][i % 3]!)));
    const measured = await createCustomerRequest(server, { fileIds: [plate.id] });
    const typed = await createCustomerRequest(server);
    const [a, b] = await Promise.all(
      [measured, typed].map((r) => staff.call<ShopRequestView>('GET', `/api/shop/requests/${r.id}`)),
    );
    expect(a?.body.estimate.sizedFrom?.id).toBe(plate.id);
    expect(a?.body.estimate.totalMinor.high).toBeLessThan(b?.body.estimate.totalMinor.high ?? 0);
  });
});
