/**
 * The direct-to-storage upload on the embedded default (architecture §15): with no bucket, the local
 * runtime signs part URLs itself and writes parts under DATA_DIR/uploads. The same protocol as S3's,
 * end to end once; then what it refuses: a file whose bytes are not 3D (deleted after landing), forged
 * and expired part URLs, the wrong type or size up front; an aborted or abandoned upload leaves nothing.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadedFileView } from '../../src/domain/contracts/file-view.js';
import type { MultipartUploadView } from '../../src/domain/contracts/multipart-upload.js';
import { sweepStale } from '../../src/server/housekeeping.js';
import { getStorage } from '../../src/server/storage/index.js';
import {
  putPart,
  readPart,
  startDirectUpload,
  uploadParts,
  writeCubeStl,
  type GeneratedStl,
} from '../support/direct-upload.js';
import { postJson, validRequest } from '../support/intake.js';
import { expectLogs } from '../support/logs.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
let dir: string;
let stl: GeneratedStl;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portal-direct-local-'));
  server = await startTestServer();
  // 12 · 120² triangles: 8,640,084 bytes, two parts of 8 MB.
  stl = await writeCubeStl(path.join(dir, 'bracket.stl'), { n: 120, side: 40 });
});

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function sendAll(view: MultipartUploadView, file: string, size: number) {
  const parts = [];
  for (const { partNumber, url } of view.urls) {
    const sent = await putPart(server.url, url, await readPart(file, view.partSize, partNumber, size));
    expect(sent.status).toBe(200);
    parts.push({ partNumber, etag: sent.etag });
  }
  return parts;
}

const multipartDir = () => path.join(server.dataDir, 'uploads', '.multipart');

describe('direct uploads on local disk', () => {
  it('takes parts over signed loopback URLs, resumes, and attaches the verified file to a request', async () => {
    const started = await startDirectUpload(server.url, { name: 'bracket.stl', size: stl.size });
    expect(started.status).toBe(201);
    expect(started.body).toMatchObject({ partSize: 8 * 1024 * 1024, partCount: 2 });
    expect(started.body.urls[0]?.url).toMatch(
      /^\/_local\/upload-parts\/[0-9a-f-]{36}\/1\?expires=\d+&signature=[0-9a-f]{64}$/,
    );
    const first = started.body.urls[0]!;
    expect(
      (await putPart(server.url, first.url, await readPart(stl.file, started.body.partSize, 1, stl.size))).status,
    ).toBe(200);

    const resumed = await uploadParts(server.url, started.body.id);
    expect(resumed.body.landed.map((part) => part.partNumber)).toEqual([1]);
    expect(resumed.body.urls.map((part) => part.partNumber)).toEqual([2]);
    const parts = [
      ...resumed.body.landed.map(({ partNumber, etag }) => ({ partNumber, etag })),
      ...(await sendAll(resumed.body, stl.file, stl.size)),
    ];

    const done = await postJson<UploadedFileView>(server.url, `/api/uploads/multipart/${started.body.id}/complete`, {
      parts,
    });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({
      size: stl.size,
      sha256: stl.sha256,
      geometry: { triangleCount: stl.triangleCount, watertight: true },
    });
    expect(done.body.geometry?.volumeMm3).toBeCloseTo(40 ** 3, 1);
    expect(await getStorage().list()).toHaveLength(1);
    expect(readdirSync(multipartDir())).toEqual([]);

    // The answer lost on the way (a dropped connection): the repeat answers with the same file, and
    // an abort sent after it leaves that file alone.
    const again = await postJson<UploadedFileView>(server.url, `/api/uploads/multipart/${started.body.id}/complete`, {
      parts,
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(done.body);
    const late = await fetch(`${server.url}/api/uploads/multipart/${started.body.id}`, { method: 'DELETE' });
    expect(late.status).toBe(204);
    expect(await getStorage().list()).toHaveLength(1);

    // Once verified it is a file like any other: the request takes it.
    const created = await postJson(server.url, '/api/requests', validRequest({ fileIds: [done.body.id] }));
    expect(created.status).toBe(201);
  });

  it('deletes a file whose bytes are not a 3D model once it lands, and says why', async () => {
    expectLogs(/^direct upload [0-9a-f-]{36} refused: object deleted$/);
    const before = await getStorage().list();
    const fake = path.join(dir, 'fake.stl');
    writeFileSync(fake, Buffer.concat([Buffer.from('MZ\x90\x00'), Buffer.alloc(9 * 1024 * 1024, 7)]));
    const size = 4 + 9 * 1024 * 1024;
    const started = await startDirectUpload(server.url, { name: 'fake.stl', size });
    expect(started.status).toBe(201);
    const parts = await sendAll(started.body, fake, size);
    const refused = await postJson(server.url, `/api/uploads/multipart/${started.body.id}/complete`, { parts });
    expect(refused.status).toBe(415);
    expect(refused.body.error.message).toMatchInlineSnapshot(
      `"fake.stl: programs and executable files are not accepted. Use PNG, JPEG, WebP, STL, 3MF or STEP."`,
    );
    expect(await getStorage().list()).toEqual(before);
    expect((await uploadParts(server.url, started.body.id)).status).toBe(404);
  });

  it('refuses forged and expired part URLs with a clear error, and stores nothing from them', async () => {
    const started = await startDirectUpload(server.url, { name: 'bracket.stl', size: stl.size });
    const { url } = started.body.urls[0]!;
    const part = await readPart(stl.file, started.body.partSize, 1, stl.size);
    const forged = url.replace(/signature=([0-9a-f])/, (_, c: string) => `signature=${c === '0' ? '1' : '0'}`);
    const otherPart = url.replace(/\/1\?/, '/2?');
    for (const bad of [forged, otherPart]) {
      const reply = await putPart(server.url, bad, part);
      expect(reply.status).toBe(401);
      expect(JSON.parse(reply.body)).toMatchObject({
        error: {
          code: 'UNAUTHENTICATED',
          message: 'This part address is not one the portal signed. Resume the upload.',
        },
      });
    }
    // A URL the storage signs with a lifetime already over (the function signs 15 minutes).
    const uploadId = new URL(url, server.url).pathname.split('/').at(-2)!;
    const expired = await getStorage().multipart.partUrl('', uploadId, 1, -60);
    const late = await putPart(server.url, expired, part);
    expect(late.status).toBe(401);
    expect(JSON.parse(late.body)).toMatchObject({ error: { code: 'LINK_EXPIRED' } });
    expect((await uploadParts(server.url, started.body.id)).body.landed).toEqual([]);

    // Removing the file aborts the upload: its parts' folder goes.
    const aborted = await fetch(`${server.url}/api/uploads/multipart/${started.body.id}`, { method: 'DELETE' });
    expect(aborted.status).toBe(204);
    expect(readdirSync(multipartDir())).toEqual([]);
  });

  it('judges the name, declared type and size before anything is stored', async () => {
    const cases = [
      [{ name: 'photo.png', size: 10 * 1024 * 1024, type: 'image/png' }, 415],
      [{ name: 'part.stl', size: 10 * 1024 * 1024, type: 'text/html' }, 415],
      [{ name: 'part.step', size: 251 * 1024 * 1024 }, 413],
      [{ name: 'part.3mf', size: 0 }, 422],
      [{ name: '../part.stl', size: 100 }, 422],
    ] as const;
    for (const [body, status] of cases) {
      const reply = await startDirectUpload(server.url, body);
      expect({ body, status: reply.status }).toEqual({ body, status });
    }
    expect(readdirSync(multipartDir())).toEqual([]);
  });

  it('aborts an upload abandoned for a day when the scheduled sweep runs', async () => {
    const started = await startDirectUpload(server.url, { name: 'bracket.stl', size: stl.size });
    await sendAll({ ...started.body, urls: started.body.urls.slice(0, 1) }, stl.file, stl.size);
    expect(readdirSync(multipartDir())).toHaveLength(1);
    const report = await sweepStale({ now: new Date(Date.now() + 25 * 60 * 60 * 1000) });
    expect(report.multipartUploadsAborted).toBe(1);
    expect(readdirSync(multipartDir())).toEqual([]);
    expect(existsSync(path.join(server.dataDir, 'uploads'))).toBe(true);
    expect((await uploadParts(server.url, started.body.id)).status).toBe(404);
  });
});
