/**
 * The HTTP side of the emulator: auth, Stripe-Version, faults, idempotency, routing to the object
 * handlers, Stripe's error envelope, and the local hosted-invoice pages under /_emulator/.
 */
import { randomBytes } from 'node:crypto';
import type http from 'node:http';
import { RawReply, type HandlerContext, type Route } from './context.js';
import type { FaultInjector } from './faults.js';
import { invoiceIndex, invoicePage, invoicePdf } from './hosted.js';
import type { IdempotencyLayer } from './idempotency.js';
import { customerRoutes } from './objects/customers.js';
import { buildEvent, eventRoutes, type EventObject } from './objects/events.js';
import { invoiceRoutes, markInvoicePaid } from './objects/invoices.js';
import { productRoutes } from './objects/products.js';
import { quoteRoutes } from './objects/quotes.js';
import type { Store } from './store.js';
import { fingerprint, parseForm, StripeApiError, type FormParams } from './wire.js';

/** The API version the emulator answers with when a request names none (the SDK always names one). */
export const EMULATOR_API_VERSION = '2026-10-28.endive';

export interface RequestLogEntry {
  method: string;
  path: string;
  idempotencyKey?: string;
  /** The HTTP status sent, or -1 when the connection was dropped or left silent by a fault. */
  status: number;
}

export interface HttpDeps {
  store: Store;
  apiKey: string;
  faults: FaultInjector;
  idempotency: IdempotencyLayer;
  requestLog: RequestLogEntry[];
  baseUrl: () => string;
  sweep: () => void;
  commitEvents: (events: EventObject[]) => void;
  runInternal: <T>(change: (ctx: Pick<HandlerContext, 'store' | 'emit'>) => T) => T;
}

const ROUTES: Route[] = [...customerRoutes, ...productRoutes, ...quoteRoutes, ...invoiceRoutes, ...eventRoutes];
const API_VERSION = /^\d{4}-\d{2}-\d{2}(\.[a-z]+)?$/;

export function createRequestHandler(
  deps: HttpDeps,
): (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> {
  const { store, apiKey, faults, idempotency, requestLog, sweep, commitEvents, runInternal } = deps;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    if (url.pathname.startsWith('/_emulator/')) return handleHosted(method, url.pathname, res);
    if (!url.pathname.startsWith('/v1/')) {
      return sendJson(res, 404, unrecognised(method, url.pathname).toBody());
    }

    const requestId = `req_${randomBytes(7).toString('hex')}`;
    const idempotencyKey = header(req, 'idempotency-key');
    const entry: RequestLogEntry = {
      method,
      path: url.pathname,
      status: 0,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    };
    requestLog.push(entry);
    const stripeVersion = header(req, 'stripe-version') ?? EMULATOR_API_VERSION;
    res.setHeader('Request-Id', requestId);
    res.setHeader('Stripe-Version', stripeVersion);
    const reply = (status: number, payload: unknown, extra: Record<string, string> = {}) => {
      entry.status = status;
      for (const [key, value] of Object.entries(extra)) res.setHeader(key, value);
      sendJson(res, status, payload);
    };

    const auth = checkAuth(header(req, 'authorization'), apiKey);
    if (auth instanceof StripeApiError) return reply(401, auth.toBody());
    if (!API_VERSION.test(stripeVersion)) {
      return reply(
        400,
        new StripeApiError(400, 'invalid_request_error', `Invalid Stripe API version: ${stripeVersion}`).toBody(),
      );
    }

    const decision = faults.decide(method, url.pathname);
    if (decision.failure?.kind === '5xx') {
      const status = decision.failure.status ?? 500;
      if (decision.latencyMs > 0) await sleep(decision.latencyMs);
      return reply(
        status,
        new StripeApiError(
          status,
          'api_error',
          'An unexpected error occurred (injected by the Stripe emulator).',
        ).toBody(),
      );
    }
    if (decision.failure?.kind === 'timeout' && !decision.failure.commit) {
      entry.status = -1;
      return; // Silence: the socket stays open until the client gives up.
    }

    let params: FormParams;
    try {
      const query = parseForm(url.search.slice(1));
      params = method === 'GET' ? query : { ...query, ...parseForm(body) };
    } catch {
      return reply(400, new StripeApiError(400, 'invalid_request_error', 'Invalid request body.').toBody());
    }

    const match = findRoute(method, url.pathname);
    if (!match) return reply(404, unrecognised(method, url.pathname).toBody());

    let claim: ReturnType<IdempotencyLayer['claim']> | undefined;
    if (idempotencyKey && method !== 'GET') {
      claim = idempotency.claim(auth, idempotencyKey, fingerprint(method, url.pathname, params));
      if (claim.kind === 'error') return reply(claim.error.status, claim.error.toBody());
      if (claim.kind === 'replay') {
        if (decision.latencyMs > 0) await sleep(decision.latencyMs);
        if (decision.failure?.kind === 'drop_after_commit' || decision.failure?.kind === 'timeout') {
          entry.status = -1;
          if (decision.failure.kind === 'drop_after_commit') req.socket.destroy();
          return;
        }
        return reply(claim.record.status, JSON.parse(claim.record.body), {
          ...claim.record.headers,
          'Idempotent-Replayed': 'true',
        });
      }
    }
    if (decision.latencyMs > 0) await sleep(decision.latencyMs);

    sweep();
    const events: EventObject[] = [];
    const ctx: HandlerContext = {
      store,
      params,
      baseUrl: deps.baseUrl(),
      apiVersion: stripeVersion,
      requestId,
      idempotencyKey,
      emit: (type, object, previous) =>
        events.push(
          buildEvent({
            created: store.now(),
            type,
            object,
            previousAttributes: previous,
            apiVersion: stripeVersion,
            requestId,
            idempotencyKey: idempotencyKey ?? null,
          }),
        ),
    };
    let status = 200;
    let payload: unknown;
    try {
      payload = match.route.handler(ctx, match.id);
    } catch (error) {
      if (!(error instanceof StripeApiError)) {
        // An emulator bug: free the key so the client's retry is not stuck on 409 forever.
        if (claim?.kind === 'new') claim.release();
        throw error;
      }
      // Handlers validate before they change anything (or roll back), so a refusal leaves no trace.
      events.length = 0;
      status = error.status;
      payload = error.toBody();
    }

    if (payload instanceof RawReply) {
      entry.status = 200;
      res.writeHead(200, { 'Content-Type': payload.contentType, 'Content-Length': payload.body.length });
      res.end(payload.body);
      return;
    }
    if (claim?.kind === 'new') {
      claim.commit({ status, body: JSON.stringify(payload), headers: { 'Original-Request': requestId } });
    }
    commitEvents(events);
    // Write-behind: writes coalesce and close() flushes; a crash loses at most the last moment of local test data.
    if (method !== 'GET') void store.persist();

    if (decision.failure?.kind === 'drop_after_commit' || decision.failure?.kind === 'timeout') {
      entry.status = -1;
      if (decision.failure.kind === 'drop_after_commit') req.socket.destroy();
      return;
    }
    reply(status, payload);
  }

  function findRoute(method: string, path: string): { route: Route; id: string } | undefined {
    for (const candidate of ROUTES) {
      if (candidate.method !== method) continue;
      const found = candidate.pattern.exec(path);
      if (found) return { route: candidate, id: decodeURIComponent(found[1] ?? '') };
    }
    return undefined;
  }

  function handleHosted(method: string, path: string, res: http.ServerResponse): void {
    if (method === 'GET' && (path === '/_emulator/' || path === '/_emulator/invoices')) {
      const invoices = Object.values(store.state.invoices).reverse();
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
        .end(invoiceIndex(invoices));
      return;
    }
    const match = /^\/_emulator\/invoices\/([^/]+)(\/pay|\/pdf)?$/.exec(path);
    const invoice = match ? store.state.invoices[match[1] ?? ''] : undefined;
    if (!match || !invoice) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('No such invoice');
      return;
    }
    if (method === 'GET' && match[2] === '/pdf') {
      const pdf = invoicePdf(invoice);
      res.writeHead(200, { 'Content-Type': 'application/pdf', 'Content-Length': pdf.length }).end(pdf);
      return;
    }
    if (method === 'GET' && !match[2]) {
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
        .end(invoicePage(invoice));
      return;
    }
    if (method === 'POST' && match[2] === '/pay') {
      try {
        runInternal((ctx) => markInvoicePaid(ctx, invoice));
        res.writeHead(303, { Location: `/_emulator/invoices/${invoice.id}` }).end();
      } catch (error) {
        const message = error instanceof StripeApiError ? error.message : 'Payment failed';
        res.writeHead(409, { 'Content-Type': 'text/html; charset=utf-8' }).end(invoicePage(invoice, message));
      }
      return;
    }
    res.writeHead(405, { Allow: 'GET, POST' }).end();
  }

  return handle;
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The request's secret key, or the 401 Stripe gives. Idempotency keys are scoped to it. */
function checkAuth(authorization: string | undefined, apiKey: string): StripeApiError | string {
  const key = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : undefined;
  if (!key) {
    return new StripeApiError(
      401,
      'invalid_request_error',
      "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
    );
  }
  if (key !== apiKey && !/^sk_test_\w+$/.test(key)) {
    const masked = `${key.slice(0, 8)}${'*'.repeat(Math.max(0, key.length - 12))}${key.slice(-4)}`;
    return new StripeApiError(401, 'invalid_request_error', `Invalid API Key provided: ${masked}`);
  }
  return key;
}

function unrecognised(method: string, path: string): StripeApiError {
  return new StripeApiError(
    404,
    'invalid_request_error',
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  );
}

export function sendJson(res: http.ServerResponse, status: number, payload: unknown): void {
  const text = JSON.stringify(payload, null, 2);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
