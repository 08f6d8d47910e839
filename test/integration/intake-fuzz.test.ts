/**
 * Fuzzed input for every write endpoint a customer, a link or staff can reach (fast-check, over HTTP
 * with keep-alive; the harness is test/support/fuzz.ts): NUL, C0/C1 controls, unpaired surrogates,
 * huge strings and deeply nested values in every field, wrong and garbage credentials. Whatever
 * arrives, the answer is never a 5xx, always JSON in the one error shape when it is an error, with
 * no library default message; uploads never leave a blob without its row.
 *
 * A few hundred bodies per endpoint keep `npm test` quick; `npm run bench -- fuzz` sends 10,000 per
 * endpoint with the same generators.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { getDb } from '../../src/server/db/index.js';
import { files } from '../../src/server/db/schema.js';
import { fuzzTargets, prepareFuzz, runFuzz, type FuzzTarget } from '../support/fuzz.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** Bodies per write endpoint here; the bench sends 10,000. */
const BODIES = 240;
const READS = 400;

let server: TestServer;
let targets: FuzzTarget[];
let statusToken: string;
let requestId: string;
let errorLog: MockInstance<typeof console.error>;

beforeAll(async () => {
  server = await startTestServer();
  const fixtures = await prepareFuzz(server);
  targets = fuzzTargets(fixtures);
  statusToken = fixtures.request.status;
  requestId = fixtures.request.id;
  // A 5xx would be logged here; the assertions below name it, so keep the run quiet.
  errorLog = vi.spyOn(console, 'error').mockImplementation(() => undefined);
}, 120_000);
afterAll(async () => {
  errorLog?.mockRestore();
  await server?.close();
});

describe('fuzzed input never produces a 5xx', () => {
  // Names are fixed here (describe runs before beforeAll); the bodies come from the harness.
  const NAMES = [
    'POST /api/requests',
    'POST /api/uploads',
    'POST /api/requests/:id/technical-review',
    'POST /api/requests/:id/first-article',
    'POST /api/quotes/:id/accept',
    'POST /api/quotes/:id/hold',
    'POST /api/quotes/:id/decline',
    'POST /api/shop/sign-in',
    'POST /api/shop/session',
    'DELETE /api/shop/session',
    'POST /api/stripe/webhook',
    'POST /api/shop/requests/:id/estimate',
    'POST /api/shop/requests/:id/quotes',
    'POST /api/shop/requests/:id/sample-shipped',
    'POST /api/shop/requests/:id/resend-links',
    'POST /api/shop/quotes/:id/revise',
    'POST /api/shop/quotes/:id/cancel',
    'GET /api/shop/requests (search)',
  ];

  it('covers every write endpoint of the harness', () => {
    expect(targets.map((target) => target.name)).toEqual(NAMES);
  });

  it.each(NAMES)(`%s: ${BODIES} bodies`, async (name) => {
    const target = targets.find((candidate) => candidate.name === name);
    if (!target) throw new Error(`no fuzz target ${name}`);
    const report = await runFuzz({ server, target, bodies: BODIES });
    expect(report.sent).toBeGreaterThanOrEqual(BODIES);
    expect(Object.keys(report.statuses).filter((status) => Number(status) >= 500)).toEqual([]);
  });

  it('left no blob without its row (nor a row without its blob)', async () => {
    const disk = readdirSync(path.join(server.dataDir, 'uploads')).sort();
    const rows = (await getDb().select({ key: files.storageKey }).from(files)).map((row) => row.key).sort();
    expect(disk).toEqual(rows);
  });

  it('logged no failure', () => {
    expect(errorLog.mock.calls.map((call) => call.map(String).join(' '))).toEqual([]);
  });

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
    it(`GET /api/${endpoint}/:id: ${READS} ids and tokens`, async () => {
      let sent = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(idLike, authorization, fc.boolean()), { minLength: 8, maxLength: 8 }),
          async (inputs) => {
            await Promise.all(
              inputs.map(async ([id, auth, useValidId]) => {
                let encoded: string;
                try {
                  encoded = encodeURIComponent(useValidId ? requestId : id);
                } catch {
                  sent++;
                  return; // a lone surrogate cannot be sent in a URL at all
                }
                const headers: Record<string, string> = {};
                if (auth === 'valid') headers.authorization = `Bearer ${statusToken}`;
                else if (auth !== undefined) headers.authorization = auth;
                const response = await fetch(`${server.url}/api/${endpoint}/${encoded}`, { headers });
                const raw = await response.text();
                if (response.status >= 500) throw new Error(`${response.status}: ${raw}`);
                const body = JSON.parse(raw) as { error?: { code?: unknown; message?: unknown } };
                if (response.status !== 200 && typeof body.error?.message !== 'string') throw new Error(raw);
                sent++;
              }),
            );
          },
        ),
        { numRuns: READS / 8 },
      );
      expect(sent).toBeGreaterThanOrEqual(READS);
    });
  }
});
