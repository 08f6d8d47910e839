/**
 * The Vercel deployment, offline: `vercel build` of the working tree (Vercel's own builder), then
 * every function run from `.vercel/output` under Vercel's own launcher behind a front server that
 * routes by the built config.json. The set-up follows README "Deploying on Vercel" step by step: a
 * PostgreSQL database migrated with `npm run db:migrate`, a Stripe key and webhook secret (the Stripe
 * emulator, reached through STRIPE_API_BASE), an S3 bucket (s3rver), SMTP (smtp-server on loopback),
 * SITE_URL, the staff list and CRON_SECRET. Every call goes through the front server; nothing here
 * imports the server code.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { startStripeEmulator, type StripeEmulator } from '../../src/dev/stripe-emulator/index.js';
import { pngBytes, tokenOf, validRequest } from '../support/intake.js';
import { requireBinary } from '../support/binaries.js';
import { acceptBody, quoteForm } from '../support/fixtures.js';
import { S3rver, type S3rverInstance } from '../support/s3.js';
import { binaryStl, boxPolyhedron, cube, stepFile } from '../support/solids.js';
import { INITDB, PG_CTL, startPostgres, type PostgresServer } from '../support/postgres.js';
import { ensureVercelBuild, listFunctions, typeScriptErrors, type VercelBuild } from '../support/vercel-build.js';
import { importFunction, migrateDatabase, startDeployment, type Deployment } from '../support/vercel-functions.js';

const available = requireBinary(
  'Vercel deployment layer',
  PG_CTL && INITDB,
  'initdb/pg_ctl not found (install PostgreSQL 15 server binaries)',
);

const STRIPE_SECRET_KEY = 'sk_test_portal_deploy_check';
const STRIPE_WEBHOOK_SECRET = 'whsec_portal_deploy_check';
const CRON_SECRET = 'cron-secret-portal-deploy-check-0001';
const STAFF_EMAIL = 'shop@layerline.example';
const BUCKET = 'portal-uploads';

interface Mail {
  to: string[];
  subject: string;
  text: string;
  links: string[];
  /** Each attachment's name, type and first bytes (a PDF starts `%PDF-`). */
  attachments: { filename: string; contentType: string; head: string }[];
}

let build: VercelBuild;
let postgres: PostgresServer | undefined;
let migrationLog = '';
let emulator: StripeEmulator | undefined;
let smtp: SMTPServer | undefined;
let s3: S3rverInstance | undefined;
let s3Dir: string | undefined;
let deployment: Deployment | undefined;
let environment: Record<string, string> = {};
const mails: Mail[] = [];

/** Prints what the processes behind a failing test said; a passing run stays quiet. */
function printLogsOnFailure(extra?: () => Deployment | undefined): void {
  onTestFailed(() => {
    const parts = [
      `vercel build output: ${build?.outputDir}`,
      `migrations:\n${migrationLog}`,
      `front server answered:\n${(deployment?.requests ?? []).map((r) => `  ${r.method} ${r.url} → ${r.status} (${r.target})`).join('\n')}`,
      `function logs:\n${deployment?.allLogs() ?? ''}`,
      `mails: ${mails.map((m) => `${m.to.join(',')}: ${m.subject}`).join(' | ')}`,
    ];
    const other = extra?.();
    if (other) parts.push(`second deployment's function logs:\n${other.allLogs()}`);
    console.log(parts.join('\n\n'));
  });
}

function linksIn(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s<>"')]+/g)].map((match) => match[0]);
}

async function waitForMail(predicate: (mail: Mail) => boolean, what: string, timeoutMs = 15_000): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = mails.find(predicate);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(`no mail ${what} within ${timeoutMs} ms (have: ${mails.map((m) => m.subject).join(' | ')})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Reply<T = Record<string, unknown>> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

async function call<T = Record<string, unknown>>(
  method: string,
  urlPath: string,
  options: { json?: unknown; body?: FormData; token?: string; cookie?: string; origin?: boolean; base?: string } = {},
): Promise<Reply<T>> {
  const base = options.base ?? deployment!.url;
  const headers: Record<string, string> = {};
  if (options.json !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = base;
  const response = await fetch(`${base}${urlPath}`, {
    method,
    headers,
    body: options.json !== undefined ? JSON.stringify(options.json) : options.body,
    redirect: 'manual',
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { text };
  }
  return { status: response.status, body: body as T, text, headers: response.headers };
}

describe.skipIf(!available)('the Vercel deployment (vercel build output under Vercel’s launcher)', () => {
  beforeAll(async () => {
    // Step 0: the build (the slow part; reused when this content was built before).
    build = await ensureVercelBuild();

    // Step 1: PostgreSQL, migrated the way the README says (`DATABASE_URL=… npm run db:migrate`).
    postgres = await startPostgres();
    migrationLog = await migrateDatabase(build.projectDir, postgres.url);

    // Step 2: Stripe (the emulator; its webhook endpoint is set once the front server has its port).
    emulator = await startStripeEmulator({ port: 0, apiKey: STRIPE_SECRET_KEY });

    // Step 3: a private S3 bucket.
    s3Dir = mkdtempSync(path.join(os.tmpdir(), 'portal-deploy-s3-'));
    s3 = new S3rver({
      port: 0,
      address: '127.0.0.1',
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: BUCKET }],
    });
    const s3Address = await s3.run();

    // Step 4: SMTP, keeping every mail.
    smtp = new SMTPServer({
      secure: false,
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        simpleParser(stream)
          .then((mail: ParsedMail) => {
            const text = mail.text ?? '';
            mails.unshift({
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase()),
              subject: mail.subject ?? '',
              text,
              links: linksIn(text),
              attachments: mail.attachments.map((file) => ({
                filename: file.filename ?? '',
                contentType: file.contentType,
                head: file.content.subarray(0, 5).toString('latin1'),
              })),
            });
            callback();
          })
          .catch(callback);
      },
    });
    await new Promise<void>((resolve) => smtp!.listen(0, '127.0.0.1', resolve));
    const smtpPort = (smtp.server.address() as AddressInfo).port;

    // Step 5: the deployment, with the production environment.
    const stripeUrl = emulator.url;
    deployment = await startDeployment({
      outputDir: build.outputDir,
      env: (url) => {
        environment = {
          NODE_ENV: 'production',
          DATABASE_URL: postgres!.url,
          STRIPE_SECRET_KEY,
          STRIPE_WEBHOOK_SECRET,
          STRIPE_API_BASE: stripeUrl,
          SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
          MAIL_FROM: 'Layerline Print Works <quotes@layerline.example>',
          SHOP_STAFF_EMAILS: STAFF_EMAIL,
          SITE_URL: url,
          CRON_SECRET,
          S3_BUCKET: BUCKET,
          S3_REGION: 'us-east-1',
          S3_ENDPOINT: `http://127.0.0.1:${s3Address.port}`,
          S3_ACCESS_KEY_ID: 'S3RVER',
          S3_SECRET_ACCESS_KEY: 'S3RVER',
          S3_FORCE_PATH_STYLE: 'true',
        };
        return environment;
      },
    });
    emulator.webhooks.setEndpoint({ url: `${deployment.url}/api/stripe/webhook`, secret: STRIPE_WEBHOOK_SECRET });
  }, 600_000);

  afterAll(async () => {
    await deployment?.stop();
    await emulator?.close();
    if (smtp) await new Promise<void>((resolve) => smtp!.close(() => resolve()));
    await s3?.close();
    if (s3Dir) rmSync(s3Dir, { recursive: true, force: true });
    await postgres?.stop();
  });

  it('builds without TypeScript errors (Vercel type-checks each function with its own compiler options)', () => {
    printLogsOnFailure();
    expect(typeScriptErrors(build.log)).toEqual([]);
  });

  it('loads every built function under plain Node with the production environment', async () => {
    printLogsOnFailure();
    const functions = listFunctions(build.outputDir);
    expect(functions.length).toBeGreaterThan(0);
    const failures: string[] = [];
    // Two at a time: the machine has two cores.
    const queue = [...functions];
    await Promise.all(
      [0, 1].map(async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const result = await importFunction(next.dir, next.name, environment);
          if (result.code !== 0) failures.push(`${next.name} (exit ${result.code}):\n${result.output}`);
        }
      }),
    );
    expect(failures, failures.join('\n')).toEqual([]);
  });

  it('routes by the built config.json: pages get their trailing slash, API paths reach their function', async () => {
    printLogsOnFailure();
    const guides = await call('GET', '/guides');
    expect.soft(guides.status).toBe(308);
    expect.soft(guides.headers.get('location')).toBe('/guides/');
    const page = await call('GET', '/guides/');
    expect.soft(page.status).toBe(200);
    // vercel.json's headers, applied by the routes: the same security headers on pages and functions.
    expect.soft(page.headers.get('x-content-type-options')).toBe('nosniff');
    const health = await call('GET', '/api/health');
    expect.soft(health.headers.get('x-content-type-options')).toBe('nosniff');
    expect.soft(health.headers.get('referrer-policy')).toBe('no-referrer');

    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    const paths: Record<string, string> = {
      '/api/stripe/webhook': 'api/stripe/webhook',
      '/api/quotes/q_x': 'api/quotes/[id]',
      '/api/requests/r_x': 'api/requests/[id]',
      '/api/shop/reconcile': 'api/shop/reconcile',
      '/api/health': 'api/health',
    };
    for (const [urlPath, name] of Object.entries(paths)) {
      for (const variant of [urlPath, `${urlPath}/`]) {
        const reply = await call('GET', variant);
        expected[variant] = `function:${name}, no redirect`;
        const redirected = reply.status >= 300 && reply.status < 400;
        actual[variant] =
          `${reply.headers.get('x-deployment-target')}${redirected ? `, redirect ${reply.status} to ${reply.headers.get('location')}` : ', no redirect'}`;
      }
    }
    expect(actual).toEqual(expected);
  });

  it('answers GET /api/health with 200 and ok: true', async () => {
    printLogsOnFailure();
    const health = await call<{ ok?: boolean }>('GET', '/api/health');
    expect(health.status, health.text).toBe(200);
    expect(health.body.ok).toBe(true);
  });

  it('stores an uploaded PNG in the S3 bucket and serves it back to a link holder', async () => {
    printLogsOnFailure();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await pngBytes(30, 20))], { type: 'image/png' }), 'part.png');
    const uploaded = await call<{ id: string; size: number }>('POST', '/api/uploads', { body: form });
    expect(uploaded.status, uploaded.text).toBe(201);

    const created = await call<{ id: string; statusUrl: string }>('POST', '/api/requests', {
      json: validRequest({ fileIds: [uploaded.body.id] }),
    });
    expect(created.status, created.text).toBe(201);
    const file = await fetch(`${deployment!.url}/api/files/${uploaded.body.id}`, {
      headers: { authorization: `Bearer ${tokenOf(created.body.statusUrl)}` },
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.length).toBe(uploaded.body.size);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(readdirSync(path.join(s3Dir!, BUCKET)).length).toBeGreaterThan(0);
  });

  it('measures an STL and a STEP file in the built upload function (the STEP reader and its WASM ship with it)', async () => {
    printLogsOnFailure();
    type Uploaded = { geometry?: { volumeMm3: number; boundingBoxMm: number[]; watertight: boolean } };
    const cases = [
      { name: 'cube.stl', bytes: binaryStl(cube(20).positions), volume: 8000, box: [20, 20, 20] },
      { name: 'block.step', bytes: stepFile(boxPolyhedron([40, 30, 10]), 'block'), volume: 12_000, box: [40, 30, 10] },
    ];
    for (const part of cases) {
      const form = new FormData();
      form.append('file', new Blob([Buffer.from(part.bytes)], { type: 'application/octet-stream' }), part.name);
      const uploaded = await call<Uploaded>('POST', '/api/uploads', { body: form });
      expect(uploaded.status, uploaded.text).toBe(201);
      expect(uploaded.body.geometry, `${part.name}: ${uploaded.text}`).toBeDefined();
      expect(uploaded.body.geometry!.volumeMm3).toBeCloseTo(part.volume, 0);
      expect(uploaded.body.geometry!.boundingBoxMm.map((side) => Math.round(side * 1000) / 1000)).toEqual(part.box);
      expect(uploaded.body.geometry!.watertight).toBe(true);
    }
  });

  it('runs the whole loop: request, staff sign-in, quote, purchasing accept, one invoice with the PO, cron', async () => {
    printLogsOnFailure();
    const created = await call<{ id: string; reference: string; statusUrl: string }>('POST', '/api/requests', {
      json: validRequest(),
    });
    expect(created.status, created.text).toBe(201);
    const requestId = created.body.id;

    // The technical contact's mail carries a working link to the stored request and its file.
    const review = await waitForMail(
      (m) => m.to.includes('tina@acme.example') && m.subject.includes(created.body.reference),
      'to the technical contact',
    );
    const reviewLink = review.links.find((link) => link.includes('/review/'));
    expect(reviewLink, review.text).toBeDefined();
    expect(reviewLink!.startsWith(`${deployment!.url}/`)).toBe(true);
    const stored = await call<{ id: string }>('GET', `/api/requests/${requestId}`, {
      token: tokenOf(reviewLink!),
    });
    expect(stored.status, stored.text).toBe(200);
    expect(stored.body.id).toBe(requestId);

    // Staff sign in through the mailed link.
    const signIn = await call('POST', '/api/shop/sign-in', { json: { email: STAFF_EMAIL }, origin: true });
    expect(signIn.status, signIn.text).toBe(202);
    const signInMail = await waitForMail(
      (m) => m.to.includes(STAFF_EMAIL) && m.links.some((link) => link.includes('/shop/') && link.includes('token=')),
      'with the staff sign-in link',
    );
    const signInLink = signInMail.links.find((link) => link.includes('/shop/') && link.includes('token='))!;
    const session = await call('POST', '/api/shop/session', { json: { token: tokenOf(signInLink) }, origin: true });
    expect(session.status, session.text).toBe(201);
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(cookie).toMatch(/=/);

    // The shop issues a firm quote; Stripe (the emulator) holds it.
    const issued = await call<{ id: string; stripeQuoteId?: string }>(
      'POST',
      `/api/shop/requests/${requestId}/quotes`,
      {
        json: quoteForm(),
        cookie,
        origin: true,
      },
    );
    expect(issued.status, issued.text).toBe(201);
    const revisionId = issued.body.id;
    expect(emulator!.snapshot().quotes[issued.body.stripeQuoteId ?? '']?.status).toBe('open');

    // Purchasing gets its own link and accepts with a PO number.
    const releaseMail = await waitForMail(
      (m) => m.to.includes('paul@acme.example') && m.links.some((link) => link.includes(`/release/?id=${revisionId}`)),
      'with the purchasing link',
    );
    const releaseLink = releaseMail.links.find((link) => link.includes(`/release/?id=${revisionId}`))!;
    const accepted = await call<{ status?: string }>('POST', `/api/quotes/${revisionId}/accept`, {
      json: acceptBody(),
      token: tokenOf(releaseLink),
    });
    expect(accepted.status, accepted.text).toBe(201);
    expect(accepted.body.status).toBe('invoiced');

    // The release certificate is rendered in the built functions (pdf-lib, fontkit and the font ship
    // with them) and attached to the approver's mail.
    const released = await waitForMail(
      (m) =>
        m.to.includes('paul@acme.example') &&
        m.attachments.some((file) => file.filename.startsWith('release-certificate-')),
      'to purchasing with the release certificate',
    );
    const certificate = released.attachments.find((file) => file.filename.startsWith('release-certificate-'))!;
    expect(certificate.contentType).toBe('application/pdf');
    expect(certificate.head).toBe('%PDF-');

    const invoices = Object.values(emulator!.snapshot().invoices);
    expect(invoices).toHaveLength(1);
    expect((invoices[0] as { custom_fields?: unknown }).custom_fields).toEqual(
      expect.arrayContaining([{ name: 'PO number', value: 'PO-4411' }]),
    );

    // Stripe's webhooks reach the webhook function and pass its signature check.
    const drained = await emulator!.webhooks.flush(30_000).then(
      () => 'drained',
      (error: Error) => error.message,
    );
    const deliveries = emulator!.webhooks.deliveries.map(
      (d) => `${d.type} #${d.attempt}: ${d.status ?? 'no answer'}${d.error ? ` (${d.error})` : ''}`,
    );
    expect.soft(drained, deliveries.join('\n')).toBe('drained');
    expect.soft(deliveries.length).toBeGreaterThan(0);
    expect.soft(deliveries.filter((line) => !/: 2\d\d$/.test(line))).toEqual([]);

    // Vercel Cron calls the reconciler with GET and the CRON_SECRET bearer.
    const cron = await fetch(`${deployment!.url}/api/shop/reconcile`, {
      headers: { authorization: `Bearer ${CRON_SECRET}`, 'user-agent': 'vercel-cron/1.0' },
    });
    const cronText = await cron.text();
    expect(cron.status, cronText).toBe(200);
  });

  it('refuses to run in production with a variable missing: 503 naming it, and a log line', async () => {
    const { DATABASE_URL: _omitted, ...withoutDatabase } = environment;
    const broken = await startDeployment({
      outputDir: build.outputDir,
      env: (url) => ({ ...withoutDatabase, SITE_URL: url }),
    });
    printLogsOnFailure(() => broken);
    try {
      const health = await call('GET', '/api/health', { base: broken.url });
      expect(health.status, health.text).toBe(503);
      expect(health.text).toContain('DATABASE_URL');

      const created = await call('POST', '/api/requests', { json: validRequest(), base: broken.url });
      expect(created.status, created.text).toBe(503);

      // Logs arrive over a pipe: give the line a moment.
      const deadline = Date.now() + 5000;
      while (!/DATABASE_URL/.test(broken.logs('api/health')) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(broken.logs('api/health')).toMatch(/DATABASE_URL/);
    } finally {
      await broken.stop();
    }
  });
});
