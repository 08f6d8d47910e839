/**
 * The S3 storage adapter against an S3 server on loopback (npm s3rver): the adapter on its own
 * (put/get/list/delete, a short-lived signed URL), then the whole intake with S3_BUCKET set, where a
 * refused upload leaves nothing in the bucket and every object has its row.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/server/config.js';
import { getDb } from '../../src/server/db/index.js';
import { files } from '../../src/server/db/schema.js';
import { createStorage, getStorage } from '../../src/server/storage/index.js';
import { s3Storage } from '../../src/server/storage/s3.js';
import { S3rver, type S3rverInstance } from '../support/s3.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { pngBytes, postJson, tokenOf, upload, validRequest } from '../support/intake.js';

const BUCKET = 'portal-uploads';
let s3: S3rverInstance;
let s3Dir: string;
let endpoint: string;
let server: TestServer;

function s3Env(): Record<string, string> {
  return {
    S3_BUCKET: BUCKET,
    S3_REGION: 'us-east-1',
    S3_ENDPOINT: endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
  };
}

beforeAll(async () => {
  s3Dir = mkdtempSync(path.join(os.tmpdir(), 'portal-s3-'));
  s3 = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: s3Dir,
    configureBuckets: [{ name: BUCKET }],
  });
  const address = await s3.run();
  endpoint = `http://127.0.0.1:${address.port}`;
  server = await startTestServer({ env: s3Env() });
});

afterAll(async () => {
  await server?.close();
  await s3?.close();
  rmSync(s3Dir, { recursive: true, force: true });
});

describe('S3 storage adapter', () => {
  it('puts, reads, lists, signs and deletes objects', async () => {
    const config = parseConfig(s3Env()).storage;
    if (config.kind !== 's3') throw new Error('expected the S3 configuration');
    const storage = s3Storage(config);
    const key = '00000000-0000-4000-8000-000000000001.step';
    await storage.put(key, Buffer.from('ISO-10303-21;\n'), 'model/step');
    expect(await storage.list()).toContain(key);
    const object = await storage.get(key);
    expect(object?.size).toBe(14);
    expect(await text(object!.body)).toBe('ISO-10303-21;\n');

    const signed = await storage.signedUrl(key, 60);
    expect(signed).toMatch(/X-Amz-Expires=60/);
    const fetched = await fetch(signed);
    expect(fetched.status).toBe(200);
    expect(await fetched.text()).toBe('ISO-10303-21;\n');

    await storage.delete(key);
    expect(await storage.get(key)).toBeUndefined();
    expect(await storage.list()).not.toContain(key);
    await expect(storage.delete(key)).resolves.toBeUndefined();
    expect(createStorage(config).kind).toBe('s3');
  });
});

describe('intake with S3_BUCKET set', () => {
  it('stores uploads in the bucket and serves them back to link holders', async () => {
    expect(getStorage().kind).toBe('s3');
    const photo = await upload(server.url, { name: 'part.png', bytes: await pngBytes(30, 20) });
    expect(photo.status).toBe(201);
    const refused = await upload(server.url, { name: 'x.svg', bytes: '<svg xmlns="http://www.w3.org/2000/svg"/>' });
    expect(refused.status).toBe(415);

    const created = await postJson(server.url, '/api/requests', validRequest({ fileIds: [photo.body.id] }));
    expect(created.status).toBe(201);
    const response = await fetch(`${server.url}/api/files/${photo.body.id}`, {
      headers: { authorization: `Bearer ${tokenOf(created.body.statusUrl)}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(photo.body.size);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');

    const keys = (await getStorage().list()).sort();
    const rows = (await getDb().select({ key: files.storageKey }).from(files)).map((row) => row.key).sort();
    expect(keys).toEqual(rows);
    expect(keys).toHaveLength(1);
  });
});
