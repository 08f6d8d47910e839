/**
 * POST /api/uploads at its limits: a file of exactly UPLOAD_MAX_BYTES is accepted (through the local
 * runtime's 4.5 MB body limit too), and anonymous uploads stop at the daily byte budgets per client
 * and in all, with 429/503 and Retry-After, storing nothing; link uploads count towards neither.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../src/server/db/index.js';
import { files } from '../../src/server/db/schema.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { STEP_FILE, upload } from '../support/intake.js';
import { createRequestWithLinks } from '../support/review.js';
import { expectLogs } from '../support/logs.js';

const KB = 1024;
const MAX = 4 * 1024 * 1024;

/** A valid STEP file of exactly `size` bytes (the header, then spaces). */
function stepOf(size: number): Buffer {
  const head = Buffer.from(STEP_FILE);
  return Buffer.concat([head, Buffer.alloc(size - head.length, 0x20)]);
}

async function stored(server: TestServer): Promise<{ disk: string[]; rows: string[] }> {
  let disk: string[] = [];
  try {
    disk = readdirSync(path.join(server.dataDir, 'uploads')).sort();
  } catch {
    // no upload yet
  }
  const rows = (await getDb().select({ key: files.storageKey }).from(files)).map((row) => row.key).sort();
  return { disk, rows };
}

/** The message with the hours left today replaced, so it can be a snapshot. */
const steady = (message: string | undefined) => message?.replace(/in about \d+ hours?/g, 'in about <n> hours');

describe('the size limit is inclusive', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server?.close());

  it('accepts a file of exactly UPLOAD_MAX_BYTES and refuses one byte more', async () => {
    const exact = await upload(server.url, { name: 'exact.step', bytes: stepOf(MAX) });
    expect(exact.status).toBe(201);
    expect(exact.body.size).toBe(MAX);
    const over = await upload(server.url, { name: 'over.step', bytes: stepOf(MAX + 1) });
    expect(over.status).toBe(413);
    expect(over.body.error.message).toMatchInlineSnapshot(
      `"over.step: the file is larger than 4 MB. Make it smaller (or split it) and try again."`,
    );
  });
});

describe('the daily budget per client', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: { UPLOAD_DAILY_BYTES_PER_CLIENT: String(100 * KB), UPLOAD_DAILY_BYTES_TOTAL: String(10 * 1024 * KB) },
    });
  });
  afterAll(async () => server?.close());

  it('refuses the upload that would pass it with 429 and Retry-After, storing nothing', async () => {
    // A refused file gives its bytes back: it does not eat the budget.
    const refusedType = await upload(server.url, {
      name: 'tool.exe',
      bytes: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(40 * KB)]),
    });
    expect(refusedType.status).toBe(415);

    for (const name of ['a.step', 'b.step']) {
      expect((await upload(server.url, { name, bytes: stepOf(40 * KB) })).status).toBe(201);
    }
    const before = await stored(server);
    const third = await upload(server.url, { name: 'c.step', bytes: stepOf(40 * KB) });
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(third.headers.get('retry-after'))).toBeLessThanOrEqual(24 * 60 * 60);
    expect({
      code: third.body.error.code,
      message: steady(third.body.error.message),
      fields: third.body.error.fields,
    }).toMatchInlineSnapshot(`
      {
        "code": "RATE_LIMITED",
        "fields": {
          "file": "c.step would pass today's upload limit of 100 KB.",
        },
        "message": "c.step: this file would take you past today's upload limit of 100 KB. Submit the request with the files already attached, or try again in about <n> hours.",
      }
    `);
    expect(await stored(server)).toEqual(before);
    expect(before.disk).toEqual(before.rows);

    // A small file that still fits is taken: the budget counts bytes, not files.
    expect((await upload(server.url, { name: 'small.step', bytes: stepOf(10 * KB) })).status).toBe(201);
  });

  it('does not count uploads made with a review link', async () => {
    const created = await createRequestWithLinks(server);
    const reply = await upload(
      server.url,
      { name: 'markup.step', bytes: stepOf(60 * KB) },
      { authorization: `Bearer ${created.reviewToken}` },
    );
    expect(reply.status).toBe(201);
  });
});

describe('the daily budget for all anonymous uploads', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({
      env: { UPLOAD_DAILY_BYTES_PER_CLIENT: String(10 * 1024 * KB), UPLOAD_DAILY_BYTES_TOTAL: String(100 * KB) },
    });
  });
  afterAll(async () => server?.close());

  it('holds under concurrent uploads and then answers 503 with Retry-After', async () => {
    // Each refusal is a 503, logged once with its incident id and code.
    const logged = expectLogs(/^POST \/api\/uploads failed: incident /);
    {
      const replies = await Promise.all(
        Array.from({ length: 8 }, (_, i) => upload(server.url, { name: `part-${i}.step`, bytes: stepOf(30 * KB) })),
      );
      const statuses = replies.map((reply) => reply.status).sort();
      expect(statuses).toEqual([201, 201, 201, 503, 503, 503, 503, 503]);
      const refused = replies.find((reply) => reply.status === 503);
      expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(
        steady(
          refused?.body.error.message.replace(/part-\d/, 'part-N').replace(/\(Incident \w+\.\)/, '(Incident <id>.)'),
        ),
      ).toMatchInlineSnapshot(
        `"part-N.step: the portal has taken in as many files today as it can. Submit the request without this file, or try again in about <n> hours. (Incident <id>.)"`,
      );
      const { disk, rows } = await stored(server);
      expect(rows).toHaveLength(3);
      expect(disk).toEqual(rows);
      const incidents = replies.filter((reply) => reply.status === 503).map((reply) => reply.body.error.incident);
      expect(incidents).toHaveLength(5);
      expect(logged.lines).toHaveLength(5);
      for (const id of incidents) {
        const line = new RegExp(`^POST /api/uploads failed: incident ${id}, AppError UNAVAILABLE( at \\S+)?$`);
        expect(logged.lines.filter((entry) => line.test(entry))).toHaveLength(1);
      }
    }
  });
});
