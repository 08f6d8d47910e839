/**
 * The local runtime as a user meets it: health, static pages, security headers, Vercel routing and
 * helpers, error shapes, and data that survives a restart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadHeaderRules } from '../../src/dev/headers.js';
import { createLocalServer, ROOT } from '../../src/dev/server.js';
import { getDatabase } from '../../src/server/db/index.js';
import { HEALTH_CHECK_MAX_AGE_MS, pinHealthClock } from '../../src/server/health/get-health.js';
import { INITDB, PG_CTL, startPostgres } from '../support/postgres.js';
import { requireBinary } from '../support/binaries.js';
import { expectLogs } from '../support/logs.js';
import { startTestServer, type TestServer } from '../support/server.js';

describe('local runtime', () => {
  let server: TestServer;
  beforeAll(async () => {
    // `npm start`'s defaults are the subject here: embedded PGlite, not the suite's shared PostgreSQL.
    server = await startTestServer({ database: 'embedded' });
  });
  afterAll(async () => server.close());

  it('answers /api/health with the database up and the embedded adapters', async () => {
    const response = await fetch(`${server.url}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      ok: true,
      database: 'up',
      migrations: 'applied',
      adapters: { database: 'pglite', billing: 'stripe-emulator', files: 'local-disk', mail: 'outbox' },
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('asks the database once a second for health, and concurrent requests share one check', async () => {
    let now = 5_000_000;
    const unpin = pinHealthClock(() => now);
    const pings = vi.spyOn(getDatabase(), 'pendingMigrations');
    try {
      const health = () => fetch(`${server.url}/api/health`).then((response) => response.status);
      expect(await Promise.all(Array.from({ length: 8 }, health))).toEqual(Array(8).fill(200));
      expect(pings).toHaveBeenCalledTimes(1);
      now += HEALTH_CHECK_MAX_AGE_MS - 1;
      expect(await health()).toBe(200);
      expect(pings).toHaveBeenCalledTimes(1);
      now += 1;
      expect(await Promise.all(Array.from({ length: 8 }, health))).toEqual(Array(8).fill(200));
      expect(pings).toHaveBeenCalledTimes(2);
    } finally {
      pings.mockRestore();
      unpin();
    }
  });

  it('serves the built home page with the security headers from vercel.json', async () => {
    const response = await fetch(`${server.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/html');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await response.text()).toContain('<html lang="en"');
  });

  it('redirects a page address without its trailing slash, as Vercel does', async () => {
    const response = await fetch(`${server.url}/guides?x=1`, { redirect: 'manual' });
    expect(response.status).toBe(308);
    expect(response.headers.get('location')).toBe('/guides/?x=1');
  });

  it.each(['/api/stripe/webhook', '/api/quotes/q_1', '/api/requests/r_1', '/api/shop/reconcile', '/api/health/'])(
    'never redirects %s: it reaches its function',
    async (address) => {
      const response = await fetch(`${server.url}${address}`, { redirect: 'manual' });
      expect(response.status).not.toBe(308);
      expect(response.status).not.toBe(404);
    },
  );

  it('answers an unknown page with the 404 page', async () => {
    const response = await fetch(`${server.url}/no-such-page/`);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain('text/html');
  });

  it('answers an unknown /api/ address with JSON 404', async () => {
    const response = await fetch(`${server.url}/api/no-such-function`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const response = await fetch(`${server.url}/api/health`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });

  /** One GET without fetch's transparent decompression: the bytes as sent. */
  const rawGet = (address: string, headers: Record<string, string>) =>
    new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
      request(`${server.url}${address}`, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
        );
        response.on('error', reject);
      })
        .on('error', reject)
        .end();
    });

  describe('compression and caching as vercel.json declares them', () => {
    const rules = loadHeaderRules(ROOT);
    const script = readdirSync(path.join(ROOT, 'dist/_astro')).find((name) => name.endsWith('.js')) ?? 'missing.js';
    const cases: [string, string][] = [
      ['/', 'dist/index.html'],
      ['/quote/', 'dist/quote/index.html'],
      [`/_astro/${script}`, `dist/_astro/${script}`],
      ['/favicon.svg', 'dist/favicon.svg'],
    ];

    it('sends the Cache-Control rules: hashed assets immutable for a year, pages revalidated', () => {
      expect(rules.headersFor(`/_astro/${script}`)['Cache-Control']).toMatch(/max-age=31536000.*immutable/);
      expect(rules.headersFor('/')['Cache-Control']).toMatch(/max-age=0, must-revalidate/);
    });

    it.each(cases)('sends %s in brotli, gzip or as it is, by Accept-Encoding', async (address, file) => {
      const original = readFileSync(path.join(ROOT, file));
      const cacheControl = rules.headersFor(address)['Cache-Control'];
      expect(cacheControl).toBeDefined();

      const br = await rawGet(address, { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.status).toBe(200);
      expect(br.headers['content-encoding']).toBe('br');
      expect(br.headers['cache-control']).toBe(cacheControl);
      expect(br.headers.vary).toContain('Accept-Encoding');
      expect(brotliDecompressSync(br.body).equals(original)).toBe(true);
      if (original.length > 1024) expect(br.body.length).toBeLessThan(original.length);

      const gz = await rawGet(address, { 'accept-encoding': 'gzip;q=1, br;q=0.5' });
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers['cache-control']).toBe(cacheControl);
      expect(gunzipSync(gz.body).equals(original)).toBe(true);

      const plain = await rawGet(address, { 'accept-encoding': 'identity' });
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.body.equals(original)).toBe(true);

      const again = await rawGet(address, { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) });
      expect(again.status).toBe(304);
      expect(again.body.length).toBe(0);
    });

    it('keeps no-store on signed-link pages, compressed too, with the loading state in the HTML', async () => {
      const page = await rawGet('/status/', { 'accept-encoding': 'br' });
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['content-encoding']).toBe('br');
      // The island draws in the browser only: its loading state (heading included) comes from the server.
      expect(brotliDecompressSync(page.body).toString('utf8')).toMatch(
        /<astro-island[^>]*client="only"[^>]*>.*aria-busy="true"><h1>Request status<\/h1>/s,
      );
    });
  });

  it('lists mail on the local outbox page', async () => {
    const response = await fetch(`${server.url}/_dev/outbox/`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<h1>Outbox</h1>');
  });
});

describe("Vercel's Node helpers in the local runtime", () => {
  let http: Server;
  let url: string;
  beforeAll(async () => {
    http = createLocalServer({ apiDir: path.resolve(import.meta.dirname, '../fixtures/api') });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())));

  it('merges route segments into req.query and parses cookies', async () => {
    const response = await fetch(`${url}/api/echo/widget?a=1&a=2&b=x`, {
      headers: { cookie: 'session=abc; theme=dark' },
    });
    expect(await response.json()).toEqual({
      query: { a: ['1', '2'], b: 'x', name: 'widget' },
      cookies: { session: 'abc', theme: 'dark' },
      forwardedFor: '127.0.0.1',
    });
  });

  it('overrides a client-supplied x-forwarded-for with the socket address', async () => {
    const response = await fetch(`${url}/api/echo/x`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    expect(await response.json()).toMatchObject({ forwardedFor: '127.0.0.1' });
  });

  it('parses a JSON body and keeps the raw body readable', async () => {
    const raw = '{"b":2,  "a":1}';
    const response = await fetch(`${url}/api/echo/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw,
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ body: { b: 2, a: 1 }, raw });
  });

  it('replays the body as Vercel does: to data/end listeners, not to async iteration', async () => {
    const response = await fetch(`${url}/api/echo/x?read=iterate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect(await response.json()).toEqual({ body: { a: 1 }, raw: '' });
  });

  it('parses a urlencoded body', async () => {
    const response = await fetch(`${url}/api/echo/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'po=4411&name=Ana',
    });
    expect(await response.json()).toMatchObject({ body: { po: '4411', name: 'Ana' } });
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const response = await fetch(`${url}/api/echo/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"a":',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' },
    });
  });

  it('answers a body over 4.5 MB with 413', async () => {
    const response = await fetch(`${url}/api/echo/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(5 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
  });

  it('turns an AppError into its status, body and Retry-After', async () => {
    const response = await fetch(`${url}/api/echo/x?fail=app`);
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('42');
    expect(await response.json()).toEqual({ error: { code: 'RATE_LIMITED', message: 'Slow down.' } });
  });

  it('masks an unexpected error as a 500 that leaks nothing, and logs one line without the query', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const response = await fetch(`${url}/api/echo/x?fail=crash&q=tina%40acme.example`);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toContain('secret internal detail');
      const body = JSON.parse(text) as { error: { code: string; message: string; incident: string } };
      expect(body.error.code).toBe('INTERNAL');
      expect(body.error.incident).toMatch(/^[0-9a-f]{8}$/);
      expect(body.error.message.replace(body.error.incident, '<id>')).toMatchInlineSnapshot(
        `"Something went wrong on our side. Please try again; if it keeps happening, contact the shop. (Incident <id>.)"`,
      );
      expect(logged.mock.calls.map((call) => call.map(String).join(' ').replace(body.error.incident, '<id>')))
        .toMatchInlineSnapshot(`
        [
          "GET /api/echo/x failed: incident <id>, Error at api/echo/[name].ts:19",
        ]
      `);
    } finally {
      logged.mockRestore();
    }
  });
});

const postgresAvailable = requireBinary('health on PostgreSQL', PG_CTL && INITDB, 'initdb/pg_ctl not found');

describe.skipIf(!postgresAvailable)('health against a PostgreSQL server', () => {
  it('reports 503 within a second of the database becoming unreachable', async () => {
    const pg = await startPostgres();
    const server = await startTestServer({ env: { DATABASE_URL: pg.url } });
    let now = 1_000_000;
    const unpin = pinHealthClock(() => now);
    try {
      const up = await fetch(`${server.url}/api/health`);
      expect(up.status).toBe(200);
      expect(await up.json()).toMatchObject({ ok: true, adapters: { database: 'postgres' } });
      // The pool's idle connection is cut by the shutdown; that is logged with its class and code only.
      const logged = expectLogs(/^PostgreSQL pool error: [A-Za-z]\w*/);
      await pg.stop();
      // Within the second the passing check answers for, the outage is not seen yet…
      now += HEALTH_CHECK_MAX_AGE_MS - 1;
      expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
      // …and the first request after it checks again.
      now += 1;
      const down = await fetch(`${server.url}/api/health`);
      expect(down.status).toBe(503);
      expect(await down.json()).toMatchObject({ ok: false, database: 'down' });
      // A failing check is not reused: every request asks the database until it answers.
      expect((await fetch(`${server.url}/api/health`)).status).toBe(503);
      await expect.poll(() => logged.lines.length).toBeGreaterThan(0);
    } finally {
      unpin();
      await server.close();
    }
  });
});
