/**
 * POST /api/uploads with what a careless or hostile client sends: every case is refused with the right
 * status and a message naming the file, and nothing is half-stored (blobs on disk == file rows).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { eq } from '../../src/server/db/orm.js';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../src/server/db/index.js';
import { files } from '../../src/server/db/schema.js';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  ASCII_STL,
  STEP_FILE,
  binaryStl,
  pngBytes,
  pngClaiming,
  storedZip,
  threeMf,
  upload,
} from '../support/intake.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const MAX = 4 * 1024 * 1024;
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120, 1)]);
const PE = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(58),
  Buffer.from([0x80, 0, 0, 0]),
  Buffer.alloc(64),
  Buffer.from('PE\0\0'),
  Buffer.alloc(200),
]);
const SVG =
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>';

async function diskAndRows(): Promise<{ disk: string[]; rows: string[] }> {
  let disk: string[] = [];
  try {
    disk = readdirSync(path.join(server.dataDir, 'uploads')).sort();
  } catch {
    // no upload folder yet
  }
  const rows = (await getDb().select({ key: files.storageKey }).from(files)).map((row) => row.key).sort();
  return { disk, rows };
}

describe('POST /api/uploads refuses bad input', () => {
  const cases: {
    title: string;
    file: () => Promise<{ name: string; bytes: Buffer | string; type?: string }>;
    status: number;
    code: string;
    message: RegExp;
  }[] = [
    {
      title: 'a file over UPLOAD_MAX_BYTES',
      file: async () => ({ name: 'huge.stl', bytes: Buffer.alloc(MAX + 1, 7) }),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: /^huge\.stl: the file is larger than 4 MB/,
    },
    {
      title: 'an empty file',
      file: async () => ({ name: 'empty.png', bytes: Buffer.alloc(0), type: 'image/png' }),
      status: 422,
      code: 'VALIDATION',
      message: /^empty\.png: the file is empty/,
    },
    {
      title: 'an ELF executable renamed .png',
      file: async () => ({ name: 'photo.png', bytes: ELF, type: 'image/png' }),
      status: 415,
      code: 'UNSUPPORTED_TYPE',
      message: /^photo\.png: programs and executable files are not accepted\. Use PNG, JPEG, WebP, STL, 3MF or STEP\.$/,
    },
    {
      title: 'a Windows executable renamed .jpg',
      file: async () => ({ name: 'photo.jpg', bytes: PE, type: 'image/jpeg' }),
      status: 415,
      code: 'UNSUPPORTED_TYPE',
      message: /^photo\.jpg: programs and (executable files|scripts) are not accepted\./,
    },
    {
      title: 'an SVG with a script',
      file: async () => ({ name: 'bracket.svg', bytes: SVG, type: 'image/svg+xml' }),
      status: 415,
      code: 'UNSUPPORTED_TYPE',
      message: /^bracket\.svg: SVG files are not accepted\. Use PNG, JPEG, WebP, STL, 3MF or STEP\.$/,
    },
    {
      title: 'an SVG renamed .png',
      file: async () => ({ name: 'bracket.png', bytes: SVG, type: 'image/png' }),
      status: 415,
      code: 'UNSUPPORTED_TYPE',
      message: /^bracket\.png: SVG files are not accepted\./,
    },
    {
      title: 'an HTML page renamed .stl',
      file: async () => ({ name: 'part.stl', bytes: '<!doctype html><html><script>alert(1)</script></html>' }),
      status: 415,
      code: 'UNSUPPORTED_TYPE',
      message: /^part\.stl: HTML files are not accepted\./,
    },
    {
      title: 'a PDF',
      file: async () => ({
        name: 'drawing.pdf',
        bytes: '%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF',
        type: 'application/pdf',
      }),
      status: 415,
      code: 'UNSUPPORTED_TYPE',
      message: /^drawing\.pdf: PDF files are not accepted\./,
    },
    {
      title: 'a GIF',
      file: async () => ({
        name: 'anim.gif',
        bytes: await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } })
          .gif()
          .toBuffer(),
      }),
      status: 415,
      code: 'UNSUPPORTED_TYPE',
      message: /^anim\.gif: GIF files are not accepted\./,
    },
    {
      title: 'a ZIP that is not a 3MF',
      file: async () => ({ name: 'model.3mf', bytes: storedZip({ 'readme.txt': 'hello' }) }),
      status: 415,
      code: 'UNSUPPORTED_TYPE',
      message: /^model\.3mf: this ZIP archive is not a 3MF model\./,
    },
    {
      title: 'plain text named .step',
      file: async () => ({ name: 'part.step', bytes: 'just some notes' }),
      status: 415,
      code: 'UNSUPPORTED_TYPE',
      message: /^part\.step: this file type is not accepted\./,
    },
    {
      title: 'a PNG whose header claims 20000 × 20000 pixels (decompression bomb)',
      file: async () => ({ name: 'bomb.png', bytes: await pngClaiming(20000, 20000), type: 'image/png' }),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: /^bomb\.png: the image is 20000 × 20000 pixels; the limit is 40 megapixels/,
    },
    {
      title: 'a real 20000 × 2100 PNG (42 MP, a few KB compressed)',
      file: async () => ({
        name: 'wide.png',
        bytes: await sharp({ create: { width: 20000, height: 2100, channels: 3, background: '#fff' } })
          .png({ compressionLevel: 9 })
          .toBuffer(),
      }),
      status: 413,
      code: 'PAYLOAD_TOO_LARGE',
      message: /^wide\.png: the image is 20000 × 2100 pixels/,
    },
    {
      title: 'a truncated PNG',
      file: async () => ({ name: 'cut.png', bytes: (await pngBytes(300, 300)).subarray(0, 60) }),
      status: 422,
      code: 'VALIDATION',
      message: /^cut\.png: the image could not be read/,
    },
    {
      title: 'a path-traversal file name',
      file: async () => ({ name: '../../etc/passwd.png', bytes: await pngBytes() }),
      status: 422,
      code: 'VALIDATION',
      message: /the file name is not valid/,
    },
    {
      title: 'a Windows path-traversal file name',
      file: async () => ({ name: '..\\..\\boot.ini.png', bytes: await pngBytes() }),
      status: 422,
      code: 'VALIDATION',
      message: /the file name is not valid/,
    },
    {
      title: 'a file name of dots',
      file: async () => ({ name: '..', bytes: await pngBytes() }),
      status: 422,
      code: 'VALIDATION',
      message: /the file name is not valid/,
    },
  ];

  it.each(cases)('$title → $status $code', async ({ file, status, code, message }) => {
    const before = await diskAndRows();
    const reply = await upload(server.url, await file());
    expect(reply.status).toBe(status);
    expect(reply.body.error.code).toBe(code);
    expect(reply.body.error.message).toMatch(message);
    const after = await diskAndRows();
    expect(after).toEqual(before);
    expect(after.disk).toEqual(after.rows);
  });

  it('refuses a request without a file field (422 on file) and a non-multipart body (415)', async () => {
    const form = new FormData();
    form.append('note', 'no file here');
    const none = await fetch(`${server.url}/api/uploads`, { method: 'POST', body: form });
    expect(none.status).toBe(422);
    expect(await none.json()).toMatchObject({
      error: { code: 'VALIDATION', fields: { file: 'Choose a file to upload.' } },
    });

    const json = await fetch(`${server.url}/api/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(json.status).toBe(415);

    const garbled = await fetch(`${server.url}/api/uploads`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
      body: '--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc',
    });
    expect(garbled.status).toBe(400);
  });

  it('refuses a body over the 4.5 MB function limit before the function runs', async () => {
    const reply = await upload(server.url, { name: 'giant.stl', bytes: Buffer.alloc(5 * 1024 * 1024, 1) });
    expect(reply.status).toBe(413);
    expect(reply.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });
});

describe('POST /api/uploads accepts the supported formats', () => {
  it.each([
    { name: 'binary.stl', bytes: () => binaryStl(2), contentType: 'model/stl' },
    { name: 'ascii.stl', bytes: () => Buffer.from(ASCII_STL), contentType: 'model/stl' },
    { name: 'model.3mf', bytes: () => threeMf(), contentType: 'model/3mf' },
    { name: 'bracket.step', bytes: () => Buffer.from(STEP_FILE), contentType: 'model/step' },
    { name: 'renamed.txt', bytes: () => Buffer.from(STEP_FILE), contentType: 'model/step' },
  ])('$name → $contentType, stored unchanged', async ({ name, bytes, contentType }) => {
    const data = bytes();
    const reply = await upload(server.url, { name, bytes: data });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ name, contentType, kind: 'cad', size: data.length });
    const [row] = await getDb().select().from(files).where(eq(files.id, reply.body.id));
    expect(readFileSync(path.join(server.dataDir, 'uploads', row!.storageKey))).toEqual(data);
    expect(row!.storageKey).not.toContain(name);
  });

  it('re-encodes a JPEG and drops its EXIF, including GPS', async () => {
    const jpeg = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#3a6' } })
      .jpeg()
      .withExif({
        IFD0: { Copyright: 'secret-owner-marker', Artist: 'Someone' },
        IFD3: {
          GPSLatitudeRef: 'N',
          GPSLatitude: '52/1 31/1 0/1',
          GPSLongitudeRef: 'E',
          GPSLongitude: '13/1 24/1 0/1',
        },
      })
      .toBuffer();
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    expect(jpeg.includes('secret-owner-marker')).toBe(true);

    const reply = await upload(server.url, { name: 'site photo.jpg', bytes: jpeg, type: 'image/jpeg' });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ contentType: 'image/jpeg', kind: 'image', width: 40, height: 30 });
    const [row] = await getDb().select().from(files).where(eq(files.id, reply.body.id));
    const stored = readFileSync(path.join(server.dataDir, 'uploads', row!.storageKey));
    expect((await sharp(stored).metadata()).exif).toBeUndefined();
    expect(stored.includes('secret-owner-marker')).toBe(false);
    expect(stored.includes('GPS')).toBe(false);
  });

  it('neutralises a PNG polyglot: bytes after the image are not stored', async () => {
    const polyglot = Buffer.concat([await pngBytes(20, 20), Buffer.from('<script>alert(1)</script>')]);
    const reply = await upload(server.url, { name: 'poly.png', bytes: polyglot, type: 'image/png' });
    expect(reply.status).toBe(201);
    const [row] = await getDb().select().from(files).where(eq(files.id, reply.body.id));
    const stored = readFileSync(path.join(server.dataDir, 'uploads', row!.storageKey));
    expect(stored.includes('<script>')).toBe(false);
  });

  it('keeps a cleaned display name: control characters removed, length bounded, extension kept', async () => {
    const reply = await upload(server.url, {
      name: `bad\u200bname\u202e${'x'.repeat(300)}.png`,
      bytes: await pngBytes(),
    });
    expect(reply.status).toBe(201);
    expect(reply.body.name).toMatch(/^badnamex+\.png$/);
    expect(reply.body.name.length).toBe(200);
  });

  it('keeps a UTF-8 file name as the customer sees it', async () => {
    const reply = await upload(server.url, { name: 'Halterung Überarbeitung 2 – 日本.png', bytes: await pngBytes() });
    expect(reply.status).toBe(201);
    expect(reply.body.name).toBe('Halterung Überarbeitung 2 – 日本.png');
  });

  it('leaves no blob without its row and no row without its blob', async () => {
    const { disk, rows } = await diskAndRows();
    expect(disk.length).toBeGreaterThan(0);
    expect(disk).toEqual(rows);
  });
});
