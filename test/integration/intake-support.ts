/**
 * Shared by the intake tests: a valid request body, small real files, and HTTP helpers.
 */
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { ErrorBody } from '../../src/server/http/route';
import type { RequestView } from '../../src/server/requests/view';
import type { UploadResult } from '../../src/server/use-cases/create-upload';

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
