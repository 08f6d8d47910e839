/**
 * The write-endpoint fuzz, shared by `npm test` (test/integration/intake-fuzz.test.ts, a few hundred
 * bodies per endpoint) and `npm run bench -- fuzz` (10,000 per endpoint): every anonymous,
 * link-authenticated and staff write endpoint over loopback HTTP, with bodies mutated from a valid
 * one (NUL, C0/C1 controls, unpaired surrogates, huge strings, deeply nested values, wrong types)
 * and with the right, wrong and garbage credentials.
 *
 * The promise checked on every answer: never a 5xx; always JSON in the one error shape when it is
 * an error; no zod default message and no internals in what a person would read.
 *
 * Works against any running portal given its URL and DATA_DIR (links are read from the mail outbox,
 * the way a person gets them), so the bench can run the product as its own process.
 */
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { readOutbox } from '../../src/dev/outbox.js';
import { validRequest } from './intake.js';
import { quoteForm as baseQuoteForm } from './fixtures.js';

export interface FuzzServer {
  url: string;
  dataDir: string;
  /** The portal's SITE_URL origin, which staff actions must send as Origin; defaults to `url`. */
  origin?: string;
}

export interface FuzzInput {
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  headers: Record<string, string>;
  body?: string | FormData;
}

export interface FuzzTarget {
  /** "POST /api/requests". */
  name: string;
  /** Success statuses for this endpoint; every other answer must be a 4xx in the error shape. */
  ok: number[];
  input: fc.Arbitrary<FuzzInput>;
}

export interface FuzzReport {
  name: string;
  sent: number;
  seconds: number;
  /** Status → how many answers had it. */
  statuses: Record<number, number>;
}

const ERROR_STATUSES = [400, 401, 403, 404, 405, 409, 413, 415, 422, 429];
/** zod's English defaults, and what a stack trace or a driver error looks like. */
const LIBRARY_WORDS =
  /Invalid input|expected [a-z]+, received|Too (big|small):|Unrecognized key|Invalid (option|string)/;
const INTERNALS =
  /at .*\.ts:\d+|node_modules|TypeError|SyntaxError|RangeError|DrizzleQueryError|insert into|select .* from/;

// ---------------------------------------------------------------------------------------------
// Hostile values.

const char = (min: number, max: number) => fc.integer({ min, max }).map((code) => String.fromCharCode(code));

/** Text with NUL, C0 and C1 controls, unpaired surrogates and other characters that break things. */
export const nastyText: fc.Arbitrary<string> = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
      { weight: 2, arbitrary: fc.constant('\u0000') },
      { weight: 2, arbitrary: char(0x01, 0x1f) },
      { weight: 2, arbitrary: char(0x7f, 0x9f) },
      { weight: 2, arbitrary: char(0xd800, 0xdfff) },
      {
        weight: 1,
        arbitrary: fc.constantFrom('😀', '\u202e', '\ufeff', '\u2028', '%00', '\\u0000', '<script>', "' or 1=1 --"),
      },
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(''));

/** Long strings: past every field limit, and a few past the 4.5 MB body limit once JSON-escaped. */
export const hugeText: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(5_000) },
      { weight: 3, arbitrary: fc.constant(100_000) },
      { weight: 1, arbitrary: fc.constant(1_000_000) },
    ),
    fc.constantFrom('x', 'é', '\u0000', '\ud800', '😀'),
  )
  .map(([length, unit]) => unit.repeat(length / unit.length));

/** A value nested `depth` levels deep, spliced into the JSON text (JSON.stringify would overflow). */
class Deep {
  readonly depth: number;
  readonly kind: 'array' | 'object';

  constructor(depth: number, kind: 'array' | 'object') {
    this.depth = depth;
    this.kind = kind;
  }
  text(): string {
    return this.kind === 'array'
      ? `${'['.repeat(this.depth)}${']'.repeat(this.depth)}`
      : `${'{"a":'.repeat(this.depth)}1${'}'.repeat(this.depth)}`;
  }
}
const deepValue = fc
  .tuple(
    fc.oneof(
      { weight: 6, arbitrary: fc.constant(100) },
      { weight: 3, arbitrary: fc.constant(5_000) },
      { weight: 1, arbitrary: fc.constant(200_000) },
    ),
    fc.constantFrom('array' as const, 'object' as const),
  )
  .map(([depth, kind]) => new Deep(depth, kind));

/** Anything that can replace a field: wrong types, hostile text, huge and deeply nested values. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nastyText },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: hugeText },
  { weight: 1, arbitrary: deepValue },
  {
    weight: 2,
    arbitrary: fc.constantFrom(null, '', ' ', 0, -1, 1e308, 1.5, true, [], {}, '__proto__', 'constructor', [null]),
  },
  { weight: 1, arbitrary: fc.array(nastyText, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(nastyText, nastyText, { maxKeys: 3 }) },
);

/** JSON text of `value`, with any `Deep` placeholder spliced in. */
export function toJson(value: unknown): string {
  const deep = new Map<string, Deep>();
  const json =
    JSON.stringify(value, (_key, item: unknown) => {
      if (!(item instanceof Deep)) return item;
      const marker = `__deep_${deep.size}_${randomUUID()}__`;
      deep.set(marker, item);
      return marker;
    }) ?? 'null';
  let text = json;
  for (const [marker, item] of deep) text = text.replace(`"${marker}"`, item.text());
  return text;
}

function setPath(target: unknown, keys: readonly string[], value: unknown): unknown {
  if (keys.length === 0) return value;
  const [head, ...rest] = keys as [string, ...string[]];
  if (Array.isArray(target)) {
    const copy: unknown[] = [...(target as unknown[])];
    copy[Number(head)] = setPath(copy[Number(head)], rest, value);
    return copy;
  }
  const record = typeof target === 'object' && target !== null ? (target as Record<string, unknown>) : {};
  return { ...record, [head]: setPath(record[head], rest, value) };
}

/** Every path into a value, for mutating it anywhere. */
function pathsOf(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return [prefix, ...Object.entries(value).flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

/**
 * JSON bodies around a valid one (`valid()` is called per body, so fresh ids stay fresh): a field
 * replaced or removed, the whole body replaced, cut short, or not JSON at all.
 */
export function jsonBodies(valid: () => unknown): fc.Arbitrary<string> {
  const paths = pathsOf(valid());
  const removable = paths.filter((keys) => keys.length > 0);
  const removed = removable.length
    ? fc.constantFrom(...removable).map((keys) => toJson(setPath(valid(), keys, undefined)))
    : fc.constant('{}');
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant(null).map(() => toJson(valid())) },
    {
      weight: 8,
      arbitrary: fc
        .tuple(fc.constantFrom(...paths), hostileValue)
        .map(([keys, value]) => toJson(setPath(valid(), keys, value))),
    },
    { weight: 1, arbitrary: removed },
    { weight: 2, arbitrary: hostileValue.map(toJson) },
    { weight: 1, arbitrary: fc.constantFrom('[]', '"x"', '1', 'null', 'true', '{', '', '{"a":1}}', '\u0000') },
    { weight: 1, arbitrary: fc.string({ maxLength: 300 }) },
    {
      weight: 1,
      arbitrary: fc.nat().map((cut) => {
        const json = toJson(valid());
        return json.slice(0, cut % json.length);
      }),
    },
  );
}

const jsonType = fc.oneof(
  { weight: 8, arbitrary: fc.constant('application/json') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/octet-stream',
      '',
    ),
  },
);

/** A path segment: the real id most of the time, else another id or garbage. */
function idSegment(real: string): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 6, arbitrary: fc.constant(real) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.oneof(nastyText, fc.constantFrom('', '%00', '..%2f..', 'null', real.toUpperCase())) },
    )
    .map((id) => {
      try {
        return encodeURIComponent(id) || 'x';
      } catch {
        return 'x'; // a lone surrogate cannot be sent in a URL at all
      }
    });
}

// ---------------------------------------------------------------------------------------------
// Fixtures: a request, its links and a staff session, made over HTTP as people make them.

export interface FuzzFixtures {
  origin: string;
  /** The request the link endpoints act on, and its links. */
  request: { id: string; review: string; status: string };
  /** A firm quote of that request for the purchasing endpoints, and its release link. */
  purchasing: { revisionId: string; release: string };
  /** Another request and quote for the shop's own actions (revise and cancel may end a quote). */
  shop: { requestId: string; revisionId: string; cookie: string };
  /** Unused single-use sign-in tokens. */
  signIn: string;
}

async function post(
  server: FuzzServer,
  route: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${server.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: server.origin ?? server.url, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
    headers: response.headers,
  };
}

/** A link from the outbox matching `pattern`; mail may be delivered a moment after the answer. */
async function linkFromOutbox(server: FuzzServer, pattern: string): Promise<string> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const links = (await readOutbox(path.join(server.dataDir, 'outbox'))).flatMap((message) => message.links);
    const link = links.find((candidate) => candidate.includes(pattern));
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`no link containing ${pattern} in the outbox`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const tokenOf = (link: string) => new URL(link).hash.replace(/^#token=/, '');

/** The shop's quote form as the fuzz's valid starting point. */
export const quoteForm = () => baseQuoteForm({ note: 'Tooling included' });

async function createRequest(server: FuzzServer): Promise<{ id: string; review: string; status: string }> {
  const created = await post(server, '/api/requests', validRequest());
  if (created.status !== 201) throw new Error(`request: ${created.status} ${JSON.stringify(created.body)}`);
  const id = String(created.body.id);
  const review = tokenOf(await linkFromOutbox(server, `/review/?id=${id}#token=`));
  return { id, review, status: tokenOf(String(created.body.statusUrl)) };
}

async function issueQuote(server: FuzzServer, requestId: string, cookie: string): Promise<string> {
  const issued = await post(server, `/api/shop/requests/${requestId}/quotes`, quoteForm(), { cookie });
  if (issued.status !== 201) throw new Error(`quote: ${issued.status} ${JSON.stringify(issued.body)}`);
  return String(issued.body.id);
}

export async function prepareFuzz(server: FuzzServer, staffEmail = 'shop@localhost'): Promise<FuzzFixtures> {
  const asked = await post(server, '/api/shop/sign-in', { email: staffEmail });
  if (asked.status !== 202) throw new Error(`sign-in: ${asked.status}`);
  const signInLink = await linkFromOutbox(server, '/shop/#token=');
  const session = await post(server, '/api/shop/session', { token: tokenOf(signInLink) });
  const cookie = session.headers.get('set-cookie')?.split(';')[0];
  if (session.status !== 201 || !cookie) throw new Error(`session: ${session.status}`);

  const request = await createRequest(server);
  const revisionId = await issueQuote(server, request.id, cookie);
  const release = tokenOf(await linkFromOutbox(server, `/release/?id=${revisionId}#token=`));
  const shopRequest = await createRequest(server);
  const shopRevision = await issueQuote(server, shopRequest.id, cookie);

  // A second sign-in link, for the session endpoint's fuzz (used at most once).
  await new Promise((resolve) => setTimeout(resolve, 5));
  const before = new Set((await readOutbox(path.join(server.dataDir, 'outbox'))).flatMap((message) => message.links));
  await post(server, '/api/shop/sign-in', { email: staffEmail });
  const deadline = Date.now() + 10_000;
  let signIn = '';
  while (!signIn) {
    const fresh = (await readOutbox(path.join(server.dataDir, 'outbox')))
      .flatMap((message) => message.links)
      .find((link) => link.includes('/shop/#token=') && !before.has(link));
    if (fresh) signIn = tokenOf(fresh);
    else if (Date.now() > deadline) throw new Error('no second sign-in link');
    else await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    origin: server.origin ?? server.url,
    request,
    purchasing: { revisionId, release },
    shop: { requestId: shopRequest.id, revisionId: shopRevision, cookie },
    signIn,
  };
}

// ---------------------------------------------------------------------------------------------
// Targets.

type Credential = 'review' | 'status' | 'release' | 'signIn' | 'none' | 'garbage';

function bearer(fixtures: FuzzFixtures, preferred: Credential): fc.Arbitrary<Record<string, string>> {
  const token = (credential: Credential): string | undefined =>
    credential === 'review'
      ? fixtures.request.review
      : credential === 'status'
        ? fixtures.request.status
        : credential === 'release'
          ? fixtures.purchasing.release
          : credential === 'signIn'
            ? fixtures.signIn
            : undefined;
  return fc
    .oneof(
      { weight: 6, arbitrary: fc.constant(preferred) },
      { weight: 1, arbitrary: fc.constantFrom<Credential>('review', 'status', 'release', 'signIn', 'none') },
      { weight: 1, arbitrary: fc.constant<Credential>('garbage') },
    )
    .chain((credential) =>
      credential === 'garbage'
        ? fc
            .oneof(fc.stringMatching(/^[\x20-\x7e]{0,80}$/), fc.base64String({ minLength: 40, maxLength: 48 }))
            .map((text) => ({ authorization: `Bearer ${text}` }))
        : fc
            .constant(token(credential))
            .map((value): Record<string, string> => (value ? { authorization: `Bearer ${value}` } : {})),
    );
}

/** Staff calls: the session cookie and the portal's Origin, mostly; sometimes neither or a wrong one. */
function staff(fixtures: FuzzFixtures): fc.Arbitrary<Record<string, string>> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constant({ cookie: fixtures.shop.cookie, origin: fixtures.origin }) },
    { weight: 1, arbitrary: fc.constant({ origin: fixtures.origin }) },
    { weight: 1, arbitrary: fc.constant({ cookie: fixtures.shop.cookie, origin: 'https://evil.example' }) },
    {
      weight: 1,
      arbitrary: fc
        .stringMatching(/^[\x21-\x7e]{0,60}$/)
        .map((value) => ({ cookie: `portal_shop=${value}`, origin: fixtures.origin })),
    },
  );
}

function jsonTarget(
  name: string,
  ok: number[],
  route: fc.Arbitrary<string>,
  headers: fc.Arbitrary<Record<string, string>>,
  valid: () => unknown,
): FuzzTarget {
  const [method] = name.split(' ') as ['POST' | 'DELETE'];
  return {
    name,
    ok,
    input: fc.tuple(route, headers, jsonBodies(valid), jsonType).map(([where, auth, body, type]) => ({
      method,
      path: where,
      headers: { ...(type ? { 'content-type': type } : {}), ...auth },
      body,
    })),
  };
}

const acceptBody = () => ({
  poNumber: 'PO-4411',
  budgetCode: 'MAINT',
  name: 'Paul Purchase',
  jobTitle: 'Buyer',
  authorised: true,
});
const reviewBody = () => ({
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
});

const magic = fc.constantFrom(
  Buffer.alloc(0),
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.from('RIFF\0\0\0\0WEBPVP8 '),
  Buffer.from('PK\x03\x04'),
  Buffer.from('solid x\nfacet normal 0 0 1\nendsolid x\n'),
  Buffer.from('ISO-10303-21;\n'),
  Buffer.from('<svg '),
  Buffer.from('\x7fELF'),
  Buffer.from('MZ'),
);
/** STEP files of exactly the 4 MB limit and one byte over it, built once. */
const AT_LIMIT = [4 * 1024 * 1024, 4 * 1024 * 1024 + 1].map((size) =>
  Buffer.concat([Buffer.from('ISO-10303-21;\n'), Buffer.alloc(size - 14, 0x20)]),
);
const fileBytes = fc.oneof(
  {
    weight: 40,
    arbitrary: fc.tuple(magic, fc.uint8Array({ maxLength: 600 })).map(([head, tail]) => Buffer.concat([head, tail])),
  },
  { weight: 1, arbitrary: fc.constantFrom(...AT_LIMIT) },
);
const fileName = fc.oneof(
  fc.constantFrom('part.png', 'a.stl', 'b.step', '../x.png', '..', '', 'x/y.step', 'C:\\x.3mf', '\u202egnp.exe'),
  nastyText,
  hugeText.map((text) => text.slice(0, 2_000)),
);

export function fuzzTargets(fixtures: FuzzFixtures): FuzzTarget[] {
  const { request, purchasing, shop } = fixtures;
  const anonymous = fc.constant<Record<string, string>>({});
  const originHeader = fc.oneof(
    { weight: 6, arbitrary: fc.constant({ origin: fixtures.origin }) },
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.constant({ origin: 'null' }) },
  );
  const uploads: FuzzTarget = {
    name: 'POST /api/uploads',
    ok: [201],
    input: fc
      .tuple(
        fc.oneof({ weight: 3, arbitrary: anonymous }, { weight: 1, arbitrary: bearer(fixtures, 'review') }),
        fc.oneof(
          {
            weight: 9,
            arbitrary: fc
              .tuple(fileBytes, fileName, fc.constantFrom('file', 'file', 'file', 'upload', '', '\u0000'))
              .map(([bytes, name, field]) => {
                const form = new FormData();
                form.append(field, new Blob([new Uint8Array(bytes)]), name);
                return { body: form, type: undefined as string | undefined };
              }),
          },
          {
            weight: 1,
            arbitrary: fc.tuple(nastyText, fc.string({ maxLength: 20 })).map(([body, boundary]) => ({
              body,
              type: `multipart/form-data; boundary=${boundary.replace(/[^\x21-\x7e]/g, '')}`,
            })),
          },
        ),
      )
      .map(([auth, { body, type }]) => ({
        method: 'POST' as const,
        path: '/api/uploads',
        headers: { ...(type ? { 'content-type': type } : {}), ...auth },
        body,
      })),
  };
  const webhook: FuzzTarget = {
    name: 'POST /api/stripe/webhook',
    ok: [200],
    input: fc
      .tuple(
        jsonBodies(() => ({ id: 'evt_1', type: 'quote.accepted', data: { object: { id: 'qt_1' } } })),
        fc.oneof(
          fc.constant(undefined),
          fc.integer({ min: 0, max: 2 ** 31 }).map((t) => `t=${t},v1=${'0'.repeat(64)}`),
          fc.stringMatching(/^[\x20-\x7e]{0,120}$/),
        ),
      )
      .map(([body, signature]) => ({
        method: 'POST' as const,
        path: '/api/stripe/webhook',
        headers: {
          'content-type': 'application/json',
          ...(signature === undefined ? {} : { 'stripe-signature': signature }),
        },
        body,
      })),
  };
  const inbox: FuzzTarget = {
    name: 'GET /api/shop/requests (search)',
    ok: [200],
    input: fc
      .tuple(
        staff(fixtures),
        fc.array(
          fc.tuple(
            fc.constantFrom('q', 'q', 'mode', 'technical', 'commercial', 'x'),
            fc.oneof(nastyText, fc.constantFrom('', 'sample', 'acme', 'awaiting_review')),
          ),
          { maxLength: 4 },
        ),
      )
      .map(([auth, params]) => {
        const query = params.map(([key, value]) => `${key}=${percentEncode(value)}`).join('&');
        return { method: 'GET' as const, path: `/api/shop/requests${query ? `?${query}` : ''}`, headers: auth };
      }),
  };
  const quoteRoute = (action: string) => idSegment(purchasing.revisionId).map((id) => `/api/quotes/${id}/${action}`);
  const requestRoute = (action: string) => idSegment(request.id).map((id) => `/api/requests/${id}/${action}`);
  const shopRequestRoute = (action: string) =>
    idSegment(shop.requestId).map((id) => `/api/shop/requests/${id}/${action}`);
  const shopQuoteRoute = (action: string) => idSegment(shop.revisionId).map((id) => `/api/shop/quotes/${id}/${action}`);
  return [
    jsonTarget('POST /api/requests', [200, 201], fc.constant('/api/requests'), anonymous, () => validRequest()),
    uploads,
    jsonTarget(
      'POST /api/requests/:id/technical-review',
      [200, 201],
      requestRoute('technical-review'),
      bearer(fixtures, 'review'),
      reviewBody,
    ),
    jsonTarget(
      'POST /api/requests/:id/first-article',
      [200, 201],
      requestRoute('first-article'),
      bearer(fixtures, 'review'),
      () => ({
        decision: 'rejected',
        checked: ['fit'],
        notes: 'The clip is 2 mm short.',
        fileIds: [],
      }),
    ),
    jsonTarget(
      'POST /api/quotes/:id/accept',
      [200, 201, 202],
      quoteRoute('accept'),
      bearer(fixtures, 'release'),
      acceptBody,
    ),
    jsonTarget('POST /api/quotes/:id/hold', [200, 201], quoteRoute('hold'), bearer(fixtures, 'release'), () => ({
      reason: 'budget',
      note: 'Q3 budget.',
    })),
    jsonTarget('POST /api/quotes/:id/decline', [200, 201], quoteRoute('decline'), bearer(fixtures, 'release'), () => ({
      reason: 'price',
      note: 'Too high.',
    })),
    jsonTarget('POST /api/shop/sign-in', [202], fc.constant('/api/shop/sign-in'), originHeader, () => ({
      email: 'shop@localhost',
    })),
    jsonTarget('POST /api/shop/session', [201], fc.constant('/api/shop/session'), originHeader, () => ({
      token: fixtures.signIn,
    })),
    jsonTarget('DELETE /api/shop/session', [204], fc.constant('/api/shop/session'), originHeader, () => ({})),
    webhook,
    jsonTarget('POST /api/shop/requests/:id/estimate', [201], shopRequestRoute('estimate'), staff(fixtures), () => ({
      sendId: randomUUID(),
      quantity: 100,
      low: '8.00',
      high: '12.00',
      leadDaysMin: 5,
      leadDaysMax: 10,
      material: 'PETG',
      assumptions: ['Printed as one piece'],
      note: 'Colour on request.',
    })),
    jsonTarget(
      'POST /api/shop/requests/:id/quotes',
      [200, 201],
      shopRequestRoute('quotes'),
      staff(fixtures),
      quoteForm,
    ),
    jsonTarget(
      'POST /api/shop/requests/:id/sample-shipped',
      [201],
      shopRequestRoute('sample-shipped'),
      staff(fixtures),
      () => ({
        trackingReference: '1Z999',
        carrier: 'DHL',
        note: 'Two pieces.',
      }),
    ),
    jsonTarget(
      'POST /api/shop/requests/:id/resend-links',
      [200],
      shopRequestRoute('resend-links'),
      staff(fixtures),
      () => ({ role: 'technical' }),
    ),
    jsonTarget('POST /api/shop/quotes/:id/revise', [201], shopQuoteRoute('revise'), staff(fixtures), quoteForm),
    jsonTarget('POST /api/shop/quotes/:id/cancel', [200], shopQuoteRoute('cancel'), staff(fixtures), () => ({
      reason: 'Replaced by phone.',
    })),
    inbox,
  ];
}

/** Percent-encodes text for a query string, turning what cannot be encoded into %ED%A0%80 bytes. */
function percentEncode(text: string): string {
  return [...text]
    .map((unit) => {
      try {
        return encodeURIComponent(unit);
      } catch {
        return '%ED%A0%80';
      }
    })
    .join('');
}

// ---------------------------------------------------------------------------------------------
// Running.

/**
 * Checks one answer; throws with the status and body when it breaks the promise: never a 5xx, JSON in
 * the one error shape, and a 422 names the fields that need attention.
 */
export async function expectSane(response: Response, ok: number[]): Promise<void> {
  const raw = await response.text();
  const fail = (why: string) => {
    throw new Error(`${why}: ${response.status} ${raw.slice(0, 500)}`);
  };
  if (response.status >= 500) fail('server error');
  if (ok.includes(response.status) && raw === '') return;
  let body: { error?: { code?: unknown; message?: unknown; fields?: unknown } };
  try {
    body = JSON.parse(raw) as typeof body;
  } catch {
    return fail('not JSON');
  }
  if (ok.includes(response.status)) return;
  if (!ERROR_STATUSES.includes(response.status)) fail('unexpected status');
  if (typeof body.error?.code !== 'string' || typeof body.error.message !== 'string') fail('no code/message');
  if (response.status === 422 && Object.keys((body.error?.fields as object | undefined) ?? {}).length === 0) {
    fail('a 422 that names no field');
  }
  const words = [
    body.error?.message,
    ...Object.values((body.error?.fields as Record<string, unknown> | undefined) ?? {}),
  ];
  for (const text of words) {
    if (typeof text !== 'string') fail('a field message that is not text');
    if (LIBRARY_WORDS.test(String(text))) fail('a library default message');
  }
  if (INTERNALS.test(raw)) fail('internals leaked');
}

export interface RunFuzzOptions {
  server: FuzzServer;
  target: FuzzTarget;
  /** Bodies to send (at least; fast-check may send more while shrinking a failure). */
  bodies: number;
  /** Sent concurrently per property run, over keep-alive connections. */
  batch?: number;
  seed?: number;
  /** How a request reaches the portal; defaults to fetch over loopback HTTP at `server.url`. */
  send?: (input: FuzzInput) => Promise<Response>;
}

/** One fuzzed request over HTTP. */
export function sendOverHttp(server: FuzzServer): (input: FuzzInput) => Promise<Response> {
  return (input) =>
    fetch(`${server.url}${input.path}`, {
      method: input.method,
      headers: input.headers,
      ...(input.method === 'GET' ? {} : { body: input.body ?? '' }),
    });
}

/**
 * Sends `bodies` fuzzed requests to one endpoint. At the first broken promise fast-check shrinks the
 * batch, and this throws with the failing input (cut short: a huge body would flood the log).
 */
export async function runFuzz({
  server,
  target,
  bodies,
  batch = 8,
  seed,
  send = sendOverHttp(server),
}: RunFuzzOptions): Promise<FuzzReport> {
  const statuses: Record<number, number> = {};
  let sent = 0;
  const started = performance.now();
  const result = await fc.check(
    fc.asyncProperty(fc.array(target.input, { minLength: batch, maxLength: batch }), async (inputs) => {
      await Promise.all(
        inputs.map(async (input) => {
          const described = () => {
            const body = typeof input.body === 'string' ? input.body : '(multipart form)';
            return `${input.method} ${input.path.slice(0, 200)} ${JSON.stringify(input.headers).slice(0, 300)} body (${body.length} chars): ${body.slice(0, 300)}`;
          };
          const response = await send(input).catch((error: unknown) => {
            throw new Error(`${described()}\nno answer: ${String(error)}`);
          });
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          sent++;
          await expectSane(response, target.ok).catch((error: unknown) => {
            throw new Error(`${described()}\n${String(error)}`);
          });
        }),
      );
    }),
    { numRuns: Math.ceil(bodies / batch), ...(seed === undefined ? {} : { seed }) },
  );
  if (result.failed) {
    const why = result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
    throw new Error(
      `${target.name} broke after ${sent} bodies (seed ${result.seed}, path "${result.counterexamplePath}"):\n${why}`,
    );
  }
  return { name: target.name, sent, seconds: (performance.now() - started) / 1000, statuses };
}
