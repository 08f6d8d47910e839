/**
 * The direct-to-storage upload (architecture §15) against an S3 server on loopback: a 40 MB binary
 * STL, generated as it is written, is sent in five parts to presigned URLs; the upload stops after two
 * of them (a dropped connection), resumes with fresh URLs and the landed parts from ListParts, and
 * completes into ONE object whose SHA-256 and measured geometry are the generated cube's.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UploadedFileView } from '../../src/domain/contracts/file-view.js';
import { getStorage } from '../../src/server/storage/index.js';
import {
  putPart,
  readPart,
  startDirectUpload,
  uploadParts,
  writeCubeStl,
  type GeneratedStl,
} from '../support/direct-upload.js';
import { postJson } from '../support/intake.js';
import { S3rver, type S3rverInstance } from '../support/s3.js';
import { addMultipartListing } from '../support/s3-multipart.js';
import { startTestServer, type TestServer } from '../support/server.js';

const BUCKET = 'portal-uploads';
let s3: S3rverInstance;
let dir: string;
let server: TestServer;
let stl: GeneratedStl;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'portal-direct-s3-'));
  s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: path.join(dir, 's3'),
    configureBuckets: [{ name: BUCKET }],
  });
  addMultipartListing(s3);
  const address = await s3.run();
  server = await startTestServer({
    env: {
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: `http://127.0.0.1:${address.port}`,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    },
  });
  // 12 · 264² triangles: 41,817,684 bytes, five parts of 8 MiB, the smallest part size. A bigger file
  // only makes s3rver slower; the 250 MB figure is `npm run bench -- uploads`.
  stl = await writeCubeStl(path.join(dir, 'housing.stl'), { n: 264, side: 120 });
});

afterAll(async () => {
  await server?.close();
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a 40 MB STL uploaded straight to S3', () => {
  it('resumes after half the parts and lands as one verified object', async () => {
    expect(stl.size).toBeGreaterThan(40_000_000);
    const started = await startDirectUpload(server.url, { name: 'housing.stl', size: stl.size, type: '' });
    expect(started.status).toBe(201);
    const { id, partSize, partCount } = started.body;
    expect(partSize).toBeGreaterThanOrEqual(8 * 1024 * 1024);
    expect(partSize).toBeLessThanOrEqual(16 * 1024 * 1024);
    expect(partCount).toBe(Math.ceil(stl.size / partSize));
    expect(partCount).toBe(5);
    expect(started.body.urls.map((part) => part.partNumber)).toEqual(
      Array.from({ length: partCount }, (_, i) => i + 1),
    );
    expect(started.body.landed).toEqual([]);

    // The connection drops after half the parts.
    const half = Math.floor(partCount / 2);
    for (const { partNumber, url } of started.body.urls.slice(0, half)) {
      const sent = await putPart(server.url, url, await readPart(stl.file, partSize, partNumber, stl.size));
      expect(sent.status).toBe(200);
    }

    // The resume asks where it stands: the landed parts (ListParts) and fresh URLs for the rest only.
    const resumed = await uploadParts(server.url, id);
    expect(resumed.status).toBe(200);
    expect(resumed.body.landed.map((part) => part.partNumber)).toEqual(Array.from({ length: half }, (_, i) => i + 1));
    expect(resumed.body.urls.map((part) => part.partNumber)).toEqual(
      Array.from({ length: partCount - half }, (_, i) => half + i + 1),
    );
    const etags = new Map(resumed.body.landed.map((part) => [part.partNumber, part.etag]));
    for (const { partNumber, url } of resumed.body.urls) {
      const sent = await putPart(server.url, url, await readPart(stl.file, partSize, partNumber, stl.size));
      expect(sent.status).toBe(200);
      etags.set(partNumber, sent.etag);
    }
    const parts = [...etags].map(([partNumber, etag]) => ({ partNumber, etag }));
    const completed = await postJson<UploadedFileView>(server.url, `/api/uploads/multipart/${id}/complete`, { parts });
    expect(completed.status).toBe(201);
    expect(completed.body).toMatchObject({ name: 'housing.stl', size: stl.size, kind: 'cad', sha256: stl.sha256 });
    const geometry = completed.body.geometry;
    expect(geometry?.triangleCount).toBe(stl.triangleCount);
    expect(geometry?.volumeMm3).toBeCloseTo(120 ** 3, 0);
    expect(geometry?.surfaceAreaMm2).toBeCloseTo(6 * 120 ** 2, 0);
    expect(geometry?.boundingBoxMm).toEqual([120, 120, 120]);
    expect(geometry).toMatchObject({ watertight: true, shells: 1, format: 'stl', problems: [] });

    // ONE object in the bucket, and its bytes are the file's.
    const keys = await getStorage().list();
    expect(keys).toHaveLength(1);
    const object = await getStorage().get(keys[0]!);
    const hash = createHash('sha256');
    for await (const chunk of object!.body) hash.update(chunk as Buffer);
    expect(hash.digest('hex')).toBe(stl.sha256);

    // The upload is closed: neither resumable nor completable again.
    expect((await uploadParts(server.url, id)).status).toBe(404);
  });
});
