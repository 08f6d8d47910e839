/**
 * Fuzzed input for every intake endpoint (fast-check, 10,000 runs each, over HTTP with keep-alive):
 * whatever arrives, the answer is never a 5xx, always JSON in the one error shape when it is an error,
 * and uploads never leave a blob without its row.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../src/server/db/index.js';
import { files } from '../../src/server/db/schema.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { ASCII_STL, STEP_FILE, binaryStl, pngBytes, postJson, threeMf, validRequest } from './intake-support.js';

let server: TestServer;
let validToken: string;
let validId: string;
let png: Buffer;
/** Inputs actually sent per endpoint (shrinking may add more; never fewer than RUNS). */
const sent: Record<'requests' | 'uploads' | 'files', number> = { requests: 0, uploads: 0, files: 0 };

const RUNS = 10_000;
const TIMEOUT = 300_000;
/** Inputs per property run, sent concurrently over keep-alive connections: RUNS inputs in RUNS / BATCH runs. */
const BATCH = 8;

/** Each run checks a batch of inputs at once; fast-check still shrinks a failing batch to its culprit. */
function batched<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.array(arbitrary, { minLength: BATCH, maxLength: BATCH });
}

beforeAll(async () => {
  server = await startTestServer();
  const created = await postJson(server.url, '/api/requests', validRequest());
  validId = created.body.id;
  validToken = new URL(created.body.statusUrl).hash.replace('#token=', '');
  png = await pngBytes(8, 8);
});
afterAll(async () => {
  await server?.close();
});

const ERROR_STATUSES = [400, 401, 403, 404, 405, 413, 415, 422, 429];

/** Checks one reply: never 5xx, JSON, and errors in the `{ error: { code, message } }` shape. */
async function expectSane(response: Response, allowedOk: number[]): Promise<void> {
  const raw = await response.text();
  if (response.status >= 500) throw new Error(`${response.status}: ${raw}`);
  const body = JSON.parse(raw) as { error?: { code?: unknown; message?: unknown } };
  if (allowedOk.includes(response.status)) return;
  if (!ERROR_STATUSES.includes(response.status)) throw new Error(`unexpected status ${response.status}: ${raw}`);
  if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') {
    throw new Error(`error without code/message: ${raw}`);
  }
  if (/at .*\.ts:\d+|node_modules|TypeError|SyntaxError/.test(raw)) throw new Error(`internals leaked: ${raw}`);
}

// Paths into a valid body where a fuzzed value replaces the real one.
const PATHS = [
  [],
  ['mode'],
  ['clientDraftId'],
  ['part'],
  ['part', 'name'],
  ['part', 'size'],
  ['part', 'size', 'lengthMm'],
  ['part', 'environment'],
  ['part', 'environment', 'heat'],
  ['quantities'],
  ['quantities', 'total'],
  ['quantities', 'openingLot'],
  ['neededBy'],
  ['fileIds'],
  ['technicalContact'],
  ['technicalContact', 'email'],
  ['technicalContact', 'phone'],
  ['sameContactForBothRoles'],
  ['purchasingApprover'],
  ['purchasingApprover', 'poStatus'],
  ['purchasingApprover', 'email'],
];

function setPath(target: Record<string, unknown>, keys: string[], value: unknown): unknown {
  if (keys.length === 0) return value;
  const [head, ...rest] = keys as [string, ...string[]];
  const child = target[head];
  const next = typeof child === 'object' && child !== null ? (child as Record<string, unknown>) : {};
  return { ...target, [head]: setPath({ ...next }, rest, value) };
}

const edgeValue = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(null, '', ' ', 0, -1, 1e308, 2001, 1.5, true, 'help_me_choose', '__proto__', 'a'.repeat(5000)),
  fc.constantFrom('production', 'sample', 'rough_estimate', 'issued', 'none', '2099-12-31', '0000-00-00'),
  fc.uuid(),
  fc.array(fc.oneof(fc.uuid(), fc.string()), { maxLength: 12 }),
  fc.emailAddress(),
);

const requestBody = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .tuple(fc.constantFrom(...PATHS), edgeValue)
      .map(([keys, value]) => JSON.stringify(setPath(validRequest(), keys, value))),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...PATHS.filter((keys) => keys.length > 0)))
      .map(([keys]) => JSON.stringify(setPath(validRequest(), keys, undefined))),
  },
  { weight: 2, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null') },
  { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
  {
    weight: 1,
    arbitrary: fc
      .constant(JSON.stringify(validRequest()))
      .chain((json) => fc.nat(json.length).map((cut) => json.slice(0, cut))),
  },
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/octet-stream',
);

describe('fuzzed input never produces a 5xx', () => {
  it(
    `POST /api/requests: ${RUNS} bodies`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          batched(fc.tuple(requestBody, fc.option(contentType, { freq: 5, nil: undefined }))),
          async (inputs) => {
            await Promise.all(
              inputs.map(async ([body, type]) => {
                const response = await fetch(`${server.url}/api/requests`, {
                  method: 'POST',
                  headers: { 'content-type': type ?? 'application/json' },
                  body,
                });
                await expectSane(response, [200, 201]);
                sent.requests++;
              }),
            );
          },
        ),
        { numRuns: RUNS / BATCH },
      );
      expect(sent.requests).toBeGreaterThanOrEqual(RUNS);
    },
    TIMEOUT,
  );

  const magic = fc.constantFrom(
    Buffer.alloc(0),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    Buffer.from('RIFF\0\0\0\0WEBPVP8 '),
    Buffer.from('PK\x03\x04'),
    Buffer.from('solid x\nfacet normal 0 0 1\n'),
    Buffer.from('ISO-10303-21;'),
    Buffer.from('<svg '),
    Buffer.from('\x7fELF'),
    Buffer.from('MZ'),
    Buffer.from('GIF89a'),
  );
  const fileBytes = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.tuple(magic, fc.uint8Array({ maxLength: 600 })).map(([head, tail]) => Buffer.concat([head, tail])),
    },
    {
      weight: 1,
      arbitrary: fc.constant(null).map(() => png),
    },
    { weight: 1, arbitrary: fc.nat(20).map((n) => binaryStl(n + 1)) },
    { weight: 1, arbitrary: fc.constantFrom(Buffer.from(ASCII_STL), Buffer.from(STEP_FILE), threeMf()) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.constant(null), fc.nat(80), fc.uint8Array({ minLength: 1, maxLength: 8 }))
        .map(([, at, noise]) => {
          const copy = Buffer.from(png);
          copy.set(noise.subarray(0, Math.max(0, copy.length - at)), Math.min(at, copy.length - 1));
          return copy;
        }),
    },
  );
  const fileName = fc.oneof(
    fc.constantFrom('part.png', 'a.stl', '../x.png', '..', '.', '', 'x/y.step', 'C:\\x.3mf', '\u202egnp.exe'),
    fc.string({ maxLength: 260 }),
  );

  it(
    `POST /api/uploads: ${RUNS} files`,
    async () => {
      await fc.assert(
        fc.asyncProperty(
          batched(fc.tuple(fileBytes, fileName, fc.constantFrom('file', 'file', 'file', 'upload', ''))),
          async (inputs) => {
            await Promise.all(
              inputs.map(async ([bytes, name, field]) => {
                const form = new FormData();
                form.append(field, new Blob([new Uint8Array(bytes)]), name);
                const response = await fetch(`${server.url}/api/uploads`, { method: 'POST', body: form });
                await expectSane(response, [201]);
                sent.uploads++;
              }),
            );
          },
        ),
        { numRuns: RUNS / BATCH },
      );
      // Raw bodies that are not well-formed multipart at all.
      await fc.assert(
        fc.asyncProperty(fc.string({ maxLength: 400 }), fc.string({ maxLength: 20 }), async (body, boundary) => {
          const response = await fetch(`${server.url}/api/uploads`, {
            method: 'POST',
            headers: { 'content-type': `multipart/form-data; boundary=${boundary.replace(/[^\x21-\x7e]/g, '')}` },
            body,
          });
          await expectSane(response, [201]);
        }),
        { numRuns: 1_000 },
      );
      const disk = readdirSync(path.join(server.dataDir, 'uploads')).sort();
      const rows = (await getDb().select({ key: files.storageKey }).from(files)).map((row) => row.key).sort();
      expect(disk).toEqual(rows);
      expect(sent.uploads).toBeGreaterThanOrEqual(RUNS);
    },
    TIMEOUT,
  );

  const idLike = fc.oneof(fc.uuid(), fc.string({ maxLength: 60 }), fc.constantFrom('', '%00', 'null', '..%2f..%2fetc'));
  const printable = fc.stringMatching(/^[\x20-\x7e]{0,120}$/);
  const authorization = fc.oneof(
    fc.constant(undefined),
    fc.constant('valid'),
    printable,
    printable.map((token) => `Bearer ${token}`),
    fc.base64String({ minLength: 40, maxLength: 48 }).map((token) => `Bearer ${token.replace(/=/g, '')}`),
  );

  for (const endpoint of ['requests', 'files'] as const) {
    it(
      `GET /api/${endpoint}/:id: ${RUNS} ids and tokens`,
      async () => {
        await fc.assert(
          fc.asyncProperty(batched(fc.tuple(idLike, authorization, fc.boolean())), async (inputs) => {
            await Promise.all(
              inputs.map(async ([id, auth, useValidId]) => {
                let encoded: string;
                try {
                  encoded = encodeURIComponent(useValidId ? validId : id);
                } catch {
                  sent[endpoint]++;
                  return; // a lone surrogate cannot be sent in a URL at all
                }
                const headers: Record<string, string> = {};
                if (auth === 'valid') headers.authorization = `Bearer ${validToken}`;
                else if (auth !== undefined) headers.authorization = auth;
                const response = await fetch(`${server.url}/api/${endpoint}/${encoded}`, { headers });
                await expectSane(response, endpoint === 'requests' ? [200] : []);
                sent[endpoint]++;
              }),
            );
          }),
          { numRuns: RUNS / BATCH },
        );
        expect(sent[endpoint]).toBeGreaterThanOrEqual(RUNS);
      },
      TIMEOUT,
    );
  }
});
