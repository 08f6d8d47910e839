/**
 * Calls the api/ functions in this process, without a socket: each request becomes a node:http
 * IncomingMessage fed from memory, routed the way the local runtime routes it (Vercel's file
 * routing, its request helpers and body limit from src/dev), and answered into an in-memory
 * response read back as a fetch Response. The same function code runs as over loopback HTTP; only
 * the transport is gone, so a fuzz can send thousands of bodies quickly. Needs a test server in this
 * process for the configuration and the database the functions use.
 */
import { once } from 'node:events';
import { IncomingMessage, type ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Writable } from 'node:stream';
import type { VercelRequest, VercelResponse } from '@vercel/node';
import { matchApiRoute, scanApiRoutes, type ApiRoute } from '../../src/dev/routes.js';
import { BodyTooLargeError, toVercelRequest, toVercelResponse } from '../../src/dev/vercel-helpers.js';
import type { FuzzInput } from './fuzz.js';

type VercelFunction = (req: VercelRequest, res: VercelResponse) => Promise<void>;

const API_DIR = path.resolve(import.meta.dirname, '../../api');

/** An in-memory ServerResponse: headers in a map, body chunks in an array. */
class MemoryResponse extends Writable {
  statusCode = 200;
  statusMessage = '';
  headersSent = false;
  readonly chunks: Buffer[] = [];
  private readonly headers = new Map<string, number | string | readonly string[]>();

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.headersSent = true;
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    callback();
  }

  setHeader(name: string, value: number | string | readonly string[]): this {
    this.headers.set(name.toLowerCase(), value);
    return this;
  }
  getHeader(name: string) {
    return this.headers.get(name.toLowerCase());
  }
  getHeaders() {
    return Object.fromEntries(this.headers);
  }
  hasHeader(name: string): boolean {
    return this.headers.has(name.toLowerCase());
  }
  removeHeader(name: string): void {
    this.headers.delete(name.toLowerCase());
  }
  writeHead(status: number, ...rest: unknown[]): this {
    this.statusCode = status;
    const headers = rest.find((item) => typeof item === 'object' && item !== null) as
      Record<string, number | string | string[]> | undefined;
    for (const [name, value] of Object.entries(headers ?? {})) this.setHeader(name, value);
    this.headersSent = true;
    return this;
  }
  flushHeaders(): void {
    this.headersSent = true;
  }

  toResponse(): Response {
    const headers = new Headers();
    for (const [name, value] of this.headers) {
      for (const item of Array.isArray(value) ? value : [value]) headers.append(name, String(item));
    }
    const body = [204, 205, 304].includes(this.statusCode) ? null : Buffer.concat(this.chunks);
    return new Response(body, { status: this.statusCode, headers });
  }
}

async function bodyOf(input: FuzzInput): Promise<{ bytes: Buffer; contentType?: string }> {
  if (input.body === undefined) return { bytes: Buffer.alloc(0) };
  if (typeof input.body === 'string') return { bytes: Buffer.from(input.body) };
  // Let fetch's own encoder write the multipart form, boundary and all.
  const request = new Request('http://in-process.invalid/', { method: 'POST', body: input.body });
  return {
    bytes: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') ?? undefined,
  };
}

export interface InProcessApi {
  send(input: FuzzInput): Promise<Response>;
}

export function inProcessApi(): InProcessApi {
  const routes: ApiRoute[] = scanApiRoutes(API_DIR);
  const loaded = new Map<string, Promise<VercelFunction>>();
  const load = (file: string) => {
    let fn = loaded.get(file);
    if (!fn) {
      fn = import(pathToFileURL(file).href).then((mod: { default: VercelFunction }) => mod.default);
      loaded.set(file, fn);
    }
    return fn;
  };

  return {
    async send(input) {
      const url = new URL(input.path, 'http://in-process.invalid');
      const res = new MemoryResponse();
      const match = matchApiRoute(routes, url.pathname);
      if (!match) {
        res.statusCode = 404;
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: `No API function answers ${url.pathname}.` } }));
        return res.toResponse();
      }
      const { bytes, contentType } = await bodyOf(input);
      const req = new IncomingMessage(new Socket());
      req.method = input.method;
      req.url = `${url.pathname}${url.search}`;
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(input.headers)) headers[name.toLowerCase()] = value;
      if (contentType && !headers['content-type']) headers['content-type'] = contentType;
      if (input.method !== 'GET' && headers['content-type'] === undefined && bytes.length > 0) {
        headers['content-type'] = 'text/plain;charset=UTF-8'; // what fetch sends for a string body
      }
      headers['content-length'] = String(bytes.length);
      // As on Vercel and in the local runtime: the client address arrives in x-forwarded-for.
      headers['x-forwarded-for'] = '127.0.0.1';
      req.headers = headers;
      req.complete = true;
      req.push(bytes);
      req.push(null);
      let vercelReq: VercelRequest;
      try {
        vercelReq = await toVercelRequest(req, match.params);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        res.statusCode = 413;
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'The request is larger than 4.5 MB.' } }),
        );
        return res.toResponse();
      }
      const fn = await load(match.route.file);
      await fn(vercelReq, toVercelResponse(res as unknown as ServerResponse));
      if (!res.writableEnded) res.end();
      if (!res.writableFinished) await once(res, 'finish');
      return res.toResponse();
    },
  };
}
