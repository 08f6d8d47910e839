/**
 * Fuzzed input for every write endpoint a customer, a link or staff can reach (fast-check; the
 * harness is test/support/fuzz.ts): NUL, C0/C1 controls, unpaired surrogates, huge strings and
 * deeply nested values in every field, wrong and garbage credentials. Whatever arrives, the answer is
 * never a 5xx, always JSON in the one error shape when it is an error, a 422 names the fields, and no
 * library default message shows; uploads never leave a blob without its row.
 *
 * Three layers, the same promise:
 * - the body schemas alone (src/domain/*-schema.ts), thousands of bodies each, through the same
 *   error mapping route() uses;
 * - the api/ functions in this process (test/support/in-process.ts: the runtime's routing and
 *   request helpers without a socket), a few hundred bodies per endpoint;
 * - a small run over loopback HTTP with keep-alive, so the transport is covered too.
 * `npm run bench -- fuzz` sends 10,000 per endpoint over HTTP with the same generators.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { inArray } from '../../src/server/db/orm.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequestSchema, parseOrThrow, serverToday } from '../../src/domain/request-schema.js';
import { acceptSchema, declineSchema, holdSchema } from '../../src/domain/release-schema.js';
import { firstArticleSchema, sampleShippedSchema, technicalReviewSchema } from '../../src/domain/review-schema.js';
import {
  cancelQuoteSchema,
  estimateFormSchema,
  quoteFormSchema,
  resendLinksSchema,
} from '../../src/domain/quote-schema.js';
import { VERCEL_BODY_LIMIT } from '../../src/dev/vercel-helpers.js';
import { errorBody } from '../../src/server/http/route.js';
import { getDb } from '../../src/server/db/index.js';
import { events, files } from '../../src/server/db/schema.js';
import {
  expectSane,
  fuzzTargets,
  jsonBodies,
  prepareFuzz,
  quoteForm,
  runFuzz,
  type FuzzInput,
  type FuzzTarget,
} from '../support/fuzz.js';
import { inProcessApi } from '../support/in-process.js';
import { validRequest } from '../support/intake.js';
import { acceptBody } from '../support/fixtures.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { captureLogs } from '../../src/server/log.js';

/** Bodies per schema, per endpoint in process, and per endpoint over HTTP; the bench sends 10,000. */
const SCHEMA_BODIES = 1_000;
const IN_PROCESS_BODIES = 120;
const HTTP_BODIES = 16;
const READS = 400;
const HTTP_READS = 40;

let server: TestServer;
let targets: FuzzTarget[];
let statusToken: string;
let requestId: string;
let logs: ReturnType<typeof captureLogs>;
const api = inProcessApi();

beforeAll(async () => {
  server = await startTestServer();
  const fixtures = await prepareFuzz(server);
  targets = fuzzTargets(fixtures);
  statusToken = fixtures.request.status;
  requestId = fixtures.request.id;
  // A 5xx would be logged; the last test asserts nothing was, so take every line from here on.
  logs = captureLogs();
}, 120_000);
afterAll(async () => {
  logs?.restore();
  await server?.close();
});

/** A schema's answer as route() would give it: the status, and the error body if any. */
function schemaAnswer(schema: Parameters<typeof parseOrThrow>[0], text: string): Response {
  // Past the function body limit the runtime answers 413 before any function runs.
  if (Buffer.byteLength(text) > VERCEL_BODY_LIMIT) {
    return Response.json(
      { error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request is too large.' } },
      { status: 413 },
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return Response.json(errorBody(new SyntaxError('not JSON')).body, { status: 400 });
  }
  try {
    parseOrThrow(schema, data);
    return new Response('', { status: 200 });
  } catch (error) {
    const { status, body } = errorBody(error);
    return Response.json(body, { status });
  }
}

describe('fuzzed bodies against the schemas', () => {
  const today = serverToday(new Date());
  const SCHEMAS: [string, Parameters<typeof parseOrThrow>[0], () => unknown][] = [
    ['request', createRequestSchema({ today }), () => validRequest()],
    ['accept (PO required)', acceptSchema({ poRequired: true }), () => acceptBody()],
    ['accept (PO optional)', acceptSchema({ poRequired: false }), () => acceptBody()],
    ['hold', holdSchema, () => ({ reason: 'budget', note: 'Q3 budget.' })],
    ['decline', declineSchema, () => ({ reason: 'price', note: 'Too high.' })],
    [
      'technical review',
      technicalReviewSchema,
      () => ({
        decision: 'direction_confirmed',
        checklist: {
          conceptSolvesProblem: 'yes',
          rightVersion: 'yes',
          materialFitsEnvironment: 'yes',
          sampleNeeded: 'no',
          remainingUnknowns: ['finish'],
        },
        notes: 'Matches the drawing.',
        fileIds: [],
      }),
    ],
    [
      'first article',
      firstArticleSchema,
      () => ({ decision: 'rejected', checked: ['fit'], notes: 'The clip is 2 mm short.', fileIds: [] }),
    ],
    ['sample shipped', sampleShippedSchema, () => ({ trackingReference: '1Z999', carrier: 'DHL', note: 'Two.' })],
    ['quote', quoteFormSchema, () => quoteForm()],
    [
      'estimate',
      estimateFormSchema,
      () => ({
        sendId: randomUUID(),
        quantity: 100,
        low: '8.00',
        high: '12.00',
        leadDaysMin: 5,
        leadDaysMax: 10,
        material: 'PETG',
        assumptions: ['Printed as one piece'],
        note: 'Colour on request.',
      }),
    ],
    ['cancel', cancelQuoteSchema, () => ({ reason: 'Replaced by phone.' })],
    ['resend links', resendLinksSchema, () => ({ role: 'technical' })],
  ];

  it.each(SCHEMAS)(`%s: ${SCHEMA_BODIES} bodies`, async (_name, schema, valid) => {
    // The starting point is valid, so the mutations probe each field in turn.
    expect(schemaAnswer(schema, JSON.stringify(valid())).status).toBe(200);
    let checked = 0;
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(jsonBodies(valid), async (text) => {
        const answer = schemaAnswer(schema, text);
        statuses.add(answer.status);
        await expectSane(answer, [200]);
        checked++;
      }),
      { numRuns: SCHEMA_BODIES },
    );
    expect(checked).toBe(SCHEMA_BODIES);
    // The mutations reach both sides: some bodies pass, some are refused field by field.
    expect(statuses.has(200)).toBe(true);
    expect(statuses.has(422)).toBe(true);
  });
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

  it.each(NAMES)(`%s: ${IN_PROCESS_BODIES} bodies in process`, async (name) => {
    const target = targets.find((candidate) => candidate.name === name);
    if (!target) throw new Error(`no fuzz target ${name}`);
    const report = await runFuzz({ server, target, bodies: IN_PROCESS_BODIES, send: (input) => api.send(input) });
    expect(report.sent).toBeGreaterThanOrEqual(IN_PROCESS_BODIES);
    expect(Object.keys(report.statuses).filter((status) => Number(status) >= 500)).toEqual([]);
  });

  it(`every endpoint over loopback HTTP: ${HTTP_BODIES} bodies each`, async () => {
    for (const target of targets) {
      const report = await runFuzz({ server, target, bodies: HTTP_BODIES });
      expect(report.sent, target.name).toBeGreaterThanOrEqual(HTTP_BODIES);
      expect(Object.keys(report.statuses).filter((status) => Number(status) >= 500)).toEqual([]);
    }
  });

  it('left no blob without its row (nor a row without its blob)', async () => {
    const disk = readdirSync(path.join(server.dataDir, 'uploads')).sort();
    // A reorder's file rows name the earlier request's blob, so a key may stand in several rows.
    const rows = [...new Set((await getDb().select({ key: files.storageKey }).from(files)).map((row) => row.key))];
    // PO documents and release certificates are named by their events, not by a file row (§7.1, §12).
    const named = (
      await getDb()
        .select({ payload: events.payload })
        .from(events)
        .where(inArray(events.type, ['po_document_added', 'release_certificate_issued']))
    ).map(({ payload }) => {
      const { id, storageKey } = payload as { id?: unknown; storageKey?: unknown };
      return String(storageKey ?? id);
    });
    expect(disk.filter((key) => !rows.includes(key) && !named.includes(key))).toEqual([]);
    expect(rows.filter((key) => !disk.includes(key))).toEqual([]);
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

  const over = {
    'in process': (input: FuzzInput) => api.send(input),
    'over HTTP': (input: FuzzInput) => fetch(`${server.url}${input.path}`, { headers: input.headers }),
  };
  for (const endpoint of ['requests', 'files'] as const) {
    for (const [how, reads] of [
      ['in process', READS],
      ['over HTTP', HTTP_READS],
    ] as const) {
      it(`GET /api/${endpoint}/:id ${how}: ${reads} ids and tokens`, async () => {
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
                  const response = await over[how]({ method: 'GET', path: `/api/${endpoint}/${encoded}`, headers });
                  const raw = await response.text();
                  if (response.status >= 500) throw new Error(`${response.status}: ${raw}`);
                  const body = JSON.parse(raw) as { error?: { code?: unknown; message?: unknown } };
                  if (response.status !== 200 && typeof body.error?.message !== 'string') throw new Error(raw);
                  sent++;
                }),
              );
            },
          ),
          { numRuns: reads / 8 },
        );
        expect(sent).toBeGreaterThanOrEqual(reads);
      });
    }
  }

  it('logged no failure', () => {
    expect(logs.lines.filter((entry) => entry.level === 'error').map((entry) => entry.line)).toEqual([]);
  });
});
