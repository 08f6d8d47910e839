/**
 * Shared by the intake tests: a valid request body, small real files, and HTTP helpers.
 */
import { randomUUID } from 'node:crypto';
import { crc32 } from 'node:zlib';
import sharp from 'sharp';
import type { ErrorBody } from '../../src/server/http/route.js';
import type { RequestView } from '../../src/server/requests/request-view.js';
import type { UploadResult } from '../../src/server/files/create-upload.js';

export function validRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const year = new Date().getUTCFullYear() + 1;
  return {
    clientDraftId: randomUUID(),
    mode: 'production',
    part: {
      name: 'Pump housing bracket',
      problem: 'The original clip cracks after a week near the heater.',
      kind: 'replacement',
      size: { lengthMm: 120, widthMm: 40, heightMm: 30 },
      material: 'PETG',
      environment: { heat: true, load: true, motion: false, outdoorUv: false, chemicals: false },
      finish: 'Matte',
    },
    quantities: { openingLot: 50, total: 500, provisional: true },
    neededBy: `${year}-03-31`,
    fileIds: [],
    technicalContact: {
      name: 'Tina Technik',
      email: 'tina@acme.example',
      phone: '+49 30 1234567',
      company: 'Acme Pumps GmbH',
      jobTitle: 'Maintenance engineer',
    },
    sameContactForBothRoles: false,
    purchasingApprover: {
      name: 'Paul Purchase',
      email: 'paul@acme.example',
      company: 'Acme Pumps GmbH',
      jobTitle: 'Buyer',
      poStatus: 'in_progress',
    },
    ...overrides,
  };
}

export async function pngBytes(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .png()
    .toBuffer();
}

/** A minimal binary STL with one triangle. */
export function binaryStl(triangles = 1): Buffer {
  const data = Buffer.alloc(84 + 50 * triangles);
  data.write('binary stl from the test', 0, 'latin1');
  data.writeUInt32LE(triangles, 80);
  return data;
}

/** A reply body typed as both the success shape and the error shape: each test asserts the one it expects. */
export type Reply<T> = T & ErrorBody;
export type Created = { id: string; reference: string; statusUrl: string };

export async function upload(
  url: string,
  file: { name: string; bytes: Buffer | string; type?: string },
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Reply<UploadResult>; headers: Headers }> {
  const form = new FormData();
  form.append(
    'file',
    new Blob([typeof file.bytes === 'string' ? file.bytes : new Uint8Array(file.bytes)], {
      type: file.type ?? 'application/octet-stream',
    }),
    file.name,
  );
  const response = await fetch(`${url}/api/uploads`, { method: 'POST', body: form, headers });
  return { status: response.status, body: (await response.json()) as Reply<UploadResult>, headers: response.headers };
}

export async function postJson<T = Created>(
  url: string,
  path: string,
  body: unknown,
): Promise<{ status: number; body: Reply<T> }> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Reply<T> };
}

export async function getJson<T = RequestView>(
  url: string,
  path: string,
  token?: string,
): Promise<{ status: number; body: Reply<T> }> {
  const response = await fetch(`${url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as Reply<T> };
}

/** The token in a link's fragment (`…#token=…`). */
export function tokenOf(link: string): string {
  const token = new URL(link).hash.match(/token=([^&]+)/)?.[1];
  if (!token) throw new Error(`no token in ${link}`);
  return token;
}

/** A ZIP with stored (uncompressed) entries: enough to build a 3MF package or a plain archive. */
export function storedZip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of Object.entries(entries)) {
    const nameBytes = Buffer.from(name);
    const data = Buffer.from(content);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((sum, part) => sum + part.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, ...centrals, end]);
}

export function threeMf(): Buffer {
  return storedZip({
    '[Content_Types].xml':
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0"?><Relationships/>',
    '3D/3dmodel.model': '<?xml version="1.0"?><model unit="millimeter"><resources/><build/></model>',
  });
}

export const STEP_FILE = `ISO-10303-21;
HEADER;
FILE_DESCRIPTION(('bracket'),'2;1');
FILE_NAME('bracket.step','2026-01-01T00:00:00',(''),(''),'','','');
FILE_SCHEMA(('AUTOMOTIVE_DESIGN'));
ENDSEC;
DATA;
#1=CARTESIAN_POINT('',(0.,0.,0.));
ENDSEC;
END-ISO-10303-21;
`;

export const ASCII_STL = `solid bracket
  facet normal 0 0 1
    outer loop
      vertex 0 0 0
      vertex 1 0 0
      vertex 0 1 0
    endloop
  endfacet
endsolid bracket
`;

/** A PNG whose header claims width × height over a 1×1 image's data: what a decompression bomb looks like. */
export async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await pngBytes(1, 1));
  // IHDR data starts at byte 16 (8 signature + 4 length + 4 type); its CRC follows the 13 data bytes.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}
