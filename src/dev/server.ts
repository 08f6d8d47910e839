/**
 * The local runtime's HTTP server: serves the built site from dist/, mounts every api/ function with
 * Vercel's routing and helpers, applies vercel.json's headers (Cache-Control included), compresses
 * text files as Vercel's edge does (compressed-static.ts), and (local only) the mail outbox page.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sirv from 'sirv';
import { errorCode } from '../server/error-code.js';
import { logError } from '../server/log.js';
import { errorBody, type VercelFunction } from '../server/http/route.js';
import { compressedStatic } from './compressed-static.js';
import { loadHeaderRules } from './headers.js';
import { PendingWork } from './pending-work.js';
import { LOCAL_PART_PATH } from '../server/storage/local-multipart.js';
import type * as UploadParts from './local-upload-parts.js';
import type * as OutboxPage from './outbox.js';
import { matchApiRoute, scanApiRoutes, type ApiRoute } from './routes.js';
import { BodyTooLargeError, toVercelRequest, toVercelResponse } from './vercel-helpers.js';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface LocalServerOptions {
  distDir?: string;
  apiDir?: string;
  outboxDir?: string;
  /** npm run dev: static files are looked up on every request, so a rebuilt dist/ shows at once. */
  dev?: boolean;
  /** Resolves once the database is migrated; functions other than /api/health wait for it. */
  ready?: Promise<void>;
  /** Extra local-only routes (e.g. the emulator's pay action), tried before static files. */
  extraRoutes?: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
}

// The outbox page (mailparser) and the local upload parts (the storage adapters, the S3 SDK among
// them) load with their first request, not with every start (architecture §9, "Cold starts").
let outboxPage: Promise<typeof OutboxPage> | undefined;
let uploadParts: Promise<typeof UploadParts> | undefined;

/** The server, and a way to wait for the requests it has taken. */
export interface LocalServer extends Server {
  /**
   * Resolves once every request handler started so far has finished, at most `timeoutMs` later. A
   * handler keeps running after its client is gone (as a function does on Vercel until its
   * maxDuration): closing the database under it would let it open a new one.
   */
  settle(timeoutMs?: number): Promise<void>;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

export function createLocalServer(options: LocalServerOptions = {}): LocalServer {
  const distDir = options.distDir ?? path.join(ROOT, 'dist');
  const apiDir = options.apiDir ?? path.join(ROOT, 'api');
  const headers = loadHeaderRules(ROOT);
  const routes: ApiRoute[] = scanApiRoutes(apiDir);
  const loaded = new Map<string, VercelFunction>();
  const serveCompressed = compressedStatic({ distDir });
  const serveStatic = sirv(distDir, { dev: Boolean(options.dev), etag: true, extensions: ['html'] });
  const notFoundPage = path.join(distDir, '404.html');

  async function loadFunction(file: string): Promise<VercelFunction> {
    const cached = loaded.get(file);
    if (cached) return cached;
    const mod = (await import(pathToFileURL(file).href)) as { default?: VercelFunction };
    if (typeof mod.default !== 'function') throw new Error(`${file} has no default export function`);
    loaded.set(file, mod.default);
    return mod.default;
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const match = matchApiRoute(routes, pathname);
    if (!match) {
      sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `No API function answers ${pathname}.` } });
      return;
    }
    let vercelReq;
    try {
      vercelReq = await toVercelRequest(req, match.params);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        // The rest of the body is never read: close the connection so it is not reused mid-upload.
        res.setHeader('connection', 'close');
        sendJson(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request is larger than 4.5 MB.' } });
        return;
      }
      throw error;
    }
    if (options.ready && pathname.replace(/\/+$/, '') !== '/api/health') await options.ready;
    const fn = await loadFunction(match.route.file);
    await fn(vercelReq, toVercelResponse(res));
  }

  function serveNotFound(res: ServerResponse): void {
    res.statusCode = 404;
    if (existsSync(notFoundPage)) {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(readFileSync(notFoundPage));
    } else {
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('Not found');
    }
  }

  const handling = new PendingWork();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pathname = url.pathname;
    // As on Vercel, the function sees the client address in x-forwarded-for (never the client's own claim).
    req.headers['x-forwarded-for'] = req.socket.remoteAddress ?? '127.0.0.1';
    for (const [name, value] of Object.entries(headers.headersFor(pathname))) res.setHeader(name, value);

    const work = async () => {
      if (pathname === '/api' || pathname.startsWith('/api/')) return handleApi(req, res, pathname);
      if (pathname.startsWith(LOCAL_PART_PATH)) {
        await options.ready;
        uploadParts ??= import('./local-upload-parts.js');
        return (await uploadParts).serveLocalUploadPart(req, res, url);
      }
      if (options.outboxDir && (pathname === '/_dev/outbox' || pathname.startsWith('/_dev/outbox/'))) {
        outboxPage ??= import('./outbox.js');
        return (await outboxPage).renderOutbox(req, res, { dir: options.outboxDir, pathname });
      }
      if (options.extraRoutes && (await options.extraRoutes(req, res))) return;
      // vercel.json's redirects: page addresses keep their trailing slash (never /api/, handled above).
      const redirect = headers.redirectFor(pathname);
      if (redirect) {
        res.writeHead(redirect.status, { Location: `${redirect.location}${url.search}` }).end();
        return;
      }
      if (await serveCompressed(req, res, pathname)) return;
      serveStatic(req, res, () => serveNotFound(res));
    };

    const handled = work().catch((error: unknown) => {
      logError(`${req.method} ${pathname} failed: ${errorCode(error)}`);
      if (res.headersSent) {
        res.end();
        return;
      }
      const { status, body } = errorBody(error);
      sendJson(res, status, body);
    });
    // close() waits for it (settle below), however it ends.
    handling.track(handled);
  });

  const settle = (timeoutMs = 15_000): Promise<void> => handling.settle(timeoutMs);
  return Object.assign(server, { settle });
}
