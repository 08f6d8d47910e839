/**
 * The reconciler's sweep: an anonymous upload never attached to a request goes after 24 hours (row
 * and blob, unless another row still names the blob), a younger one and an attached one stay; rate-limit windows long over and expired shop
 * sessions go, current ones stay.
 */
import { randomUUID } from 'node:crypto';
import { eq, like } from '../../src/server/db/orm.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../src/server/db/index.js';
import { files, rateLimitBuckets, shopSessions } from '../../src/server/db/schema.js';
import { getStorage } from '../../src/server/storage/index.js';
import { reconcile } from '../../src/server/billing-sync/reconcile.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { pngBytes, postJson, upload, validRequest } from '../support/intake.js';

const SECRET = `reconcile-${randomUUID()}`;
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ env: { RECONCILE_SECRET: SECRET } });
});
afterAll(async () => {
  await server.close();
});

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

async function uploaded(): Promise<{ id: string; storageKey: string }> {
  const reply = await upload(server.url, { name: 'bracket.png', bytes: await pngBytes(), type: 'image/png' });
  expect(reply.status).toBe(201);
  const [row] = await getDb().select().from(files).where(eq(files.id, reply.body.id));
  if (!row) throw new Error('upload row missing');
  return { id: row.id, storageKey: row.storageKey };
}

async function age(id: string, hours: number): Promise<void> {
  await getDb()
    .update(files)
    .set({ createdAt: new Date(Date.now() - hours * HOUR) })
    .where(eq(files.id, id));
}

describe('housekeeping in the reconciler', () => {
  it('removes unattached uploads after 24 hours with their blobs and keeps younger and attached ones', async () => {
    const abandoned = await uploaded();
    const fresh = await uploaded();
    const attached = await uploaded();
    const created = await postJson(server.url, '/api/requests', validRequest({ fileIds: [attached.id] }));
    expect(created.status).toBe(201);
    await age(abandoned.id, 25);
    await age(fresh.id, 23);
    await age(attached.id, 25);

    const report = await reconcile({ token: SECRET });
    expect(report.errors).toBe(0);
    expect(report.swept.uploadsRemoved).toBe(1);

    const left = await getDb().select({ id: files.id }).from(files);
    expect(left.map((row) => row.id)).toEqual(expect.arrayContaining([fresh.id, attached.id]));
    expect(left.map((row) => row.id)).not.toContain(abandoned.id);
    const blobs = await getStorage().list();
    expect(blobs).not.toContain(abandoned.storageKey);
    expect(blobs).toEqual(expect.arrayContaining([fresh.storageKey, attached.storageKey]));

    // A draft that still names the swept file gets a clear error on that field, nothing stored.
    const late = await postJson(server.url, '/api/requests', validRequest({ fileIds: [abandoned.id] }));
    expect(late.status).toBe(422);
    expect(late.body.error?.fields?.fileIds).toMatch(/upload it again/);
    expect((await reconcile({ token: SECRET })).swept.uploadsRemoved).toBe(0);
  });

  it('keeps a blob that another row still names (a reorder shares stored bytes)', async () => {
    const attached = await uploaded();
    const created = await postJson(server.url, '/api/requests', validRequest({ fileIds: [attached.id] }));
    expect(created.status).toBe(201);
    // A stale unattached row naming the same key: its row goes, the bytes the request uses stay.
    const [stale] = await getDb()
      .insert(files)
      .values({
        storageKey: attached.storageKey,
        name: 'bracket.png',
        size: 1,
        contentType: 'image/png',
        kind: 'image',
        createdAt: new Date(Date.now() - 25 * HOUR),
      })
      .returning({ id: files.id });

    const report = await reconcile({ token: SECRET });
    expect(report.swept.uploadsRemoved).toBe(1);
    expect(
      await getDb()
        .select()
        .from(files)
        .where(eq(files.id, stale?.id ?? '')),
    ).toEqual([]);
    expect(await getStorage().list()).toContain(attached.storageKey);
  });

  it('drops rate-limit windows long over and expired shop sessions, keeps current ones', async () => {
    const now = Date.now();
    await getDb()
      .insert(rateLimitBuckets)
      .values([
        { key: 'uploads:203.0.113.9', windowStart: new Date(now - 10 * 60_000), count: 3 },
        { key: 'uploads:203.0.113.10', windowStart: new Date(Math.floor(now / 60_000) * 60_000), count: 1 },
        // A daily byte budget stores when its day ends (src/server/rate-limit.ts): kept until then.
        { key: 'upload-bytes:203.0.113.11', windowStart: new Date((Math.floor(now / DAY) + 1) * DAY), count: 40 },
      ]);
    await getDb()
      .insert(shopSessions)
      .values([
        { tokenHash: `expired-${randomUUID()}`, email: 'shop@localhost', expiresAt: new Date(now - DAY) },
        { tokenHash: `live-${randomUUID()}`, email: 'shop@localhost', expiresAt: new Date(now + DAY) },
      ]);

    const report = await reconcile({ token: SECRET });
    expect(report.swept.rateLimitWindowsRemoved).toBeGreaterThanOrEqual(1);
    expect(report.swept.sessionsRemoved).toBe(1);
    const keys = (await getDb().select({ key: rateLimitBuckets.key }).from(rateLimitBuckets)).map((row) => row.key);
    expect(keys).toContain('uploads:203.0.113.10');
    expect(keys).toContain('upload-bytes:203.0.113.11');
    expect(keys).not.toContain('uploads:203.0.113.9');
    const sessions = await getDb().select().from(shopSessions).where(like(shopSessions.tokenHash, 'expired-%'));
    expect(sessions).toHaveLength(0);
  });
});
