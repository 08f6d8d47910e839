/**
 * Vercel's Node.js helpers, reproduced for the local runtime: `req.query`, `req.cookies` and a lazily
 * parsed `req.body` (by content type; malformed JSON throws a 400 error on access). As on Vercel, the
 * body is read before the function runs and then replayed only to 'data'/'end' listeners and
 * `read()`: `pipe()` and async iteration see an ended stream there, so they must fail here too.
 * `res.status/json/send/redirect`. Behaviour follows @vercel/node's serverless helpers, including
 * the 4.5 MB request body limit.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { parse as parseQueryString } from 'node:querystring';
import { parseCookie } from 'cookie';
import type { VercelRequest, VercelResponse } from '@vercel/node';

/** Vercel refuses function request bodies above 4.5 MB. */
export const VERCEL_BODY_LIMIT = 4.5 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super('Request body exceeds the 4.5 MB function limit');
  }
}

class BodyParseError extends Error {
  readonly statusCode = 400;
  constructor(message: string) {
    super(message);
    this.name = 'BodyParseError';
  }
}

/** Past the limit the rest is still read (and dropped) up to this much, so the client hears the 413. */
const DRAIN_LIMIT = 32 * 1024 * 1024;

/**
 * Buffers the body up to `limit` bytes. A larger body is refused only once the client has finished
 * sending it (up to DRAIN_LIMIT): a server that stops reading mid-upload resets the connection, and
 * the client then sees a network error instead of the 413.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > DRAIN_LIMIT) {
        req.destroy();
        reject(new BodyTooLargeError());
      }
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLargeError()) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
    req.on('close', () => {
      if (!req.complete) reject(new Error('the client went away before the body ended'));
    });
  });
}

function setLazy<T extends object>(target: T, prop: string, getter: () => unknown): void {
  Object.defineProperty(target, prop, {
    configurable: true,
    enumerable: true,
    get() {
      const value = getter();
      Object.defineProperty(target, prop, { configurable: true, enumerable: true, writable: true, value });
      return value;
    },
    set(value: unknown) {
      Object.defineProperty(target, prop, { configurable: true, enumerable: true, writable: true, value });
    },
  });
}

function parseBody(body: Buffer, contentType: string | undefined): unknown {
  const type = (contentType ?? 'text/plain').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') {
    const text = body.toString();
    try {
      return text ? (JSON.parse(text) as unknown) : {};
    } catch {
      throw new BodyParseError('Invalid JSON');
    }
  }
  if (type === 'application/octet-stream') return body;
  if (type === 'application/x-www-form-urlencoded') return parseQueryString(body.toString());
  if (type === 'text/plain') return body.toString();
  return undefined;
}

function queryFrom(url: string, params: Record<string, string>): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  new URL(url, 'http://localhost').searchParams.forEach((value, key) => {
    const existing = query[key];
    query[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  });
  // Vercel merges dynamic route segments into the query.
  return { ...query, ...params };
}

/**
 * Hands the read body back the way Vercel's helpers do: to 'data'/'end' listeners and `read()` only.
 * The replay stream is made when something first asks for the body (most handlers never do).
 */
function replayToListeners(req: IncomingMessage, body: Buffer): void {
  let replay: PassThrough | undefined;
  const stream = () => {
    if (!replay) {
      replay = new PassThrough();
      replay.end(body);
    }
    return replay;
  };
  const listen = req.on.bind(req);
  const on = (event: string | symbol, listener: (...args: unknown[]) => void) => {
    if (event === 'data' || event === 'end') stream().on(event, listener);
    else listen(event, listener);
    return req;
  };
  req.on = on as IncomingMessage['on'];
  req.addListener = on as IncomingMessage['addListener'];
  req.read = (size?: number): unknown => stream().read(size);
}

/** Reads the body (up to Vercel's limit), replays it as Vercel does, and attaches the helpers. */
export async function toVercelRequest(req: IncomingMessage, params: Record<string, string>): Promise<VercelRequest> {
  const body = req.headers['content-type'] === undefined ? Buffer.alloc(0) : await readBody(req, VERCEL_BODY_LIMIT);
  replayToListeners(req, body);
  setLazy(req, 'query', () => queryFrom(req.url ?? '/', params));
  setLazy(req, 'cookies', () => {
    const header = req.headers.cookie;
    return header ? parseCookie(header) : {};
  });
  setLazy(req, 'body', () => parseBody(body, req.headers['content-type']));
  return req as VercelRequest;
}

export function toVercelResponse(res: ServerResponse): VercelResponse {
  const response = res as VercelResponse;
  response.status = (statusCode: number) => {
    res.statusCode = statusCode;
    return response;
  };
  response.send = (body: unknown) => {
    if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body)) return response.json(body);
    if (typeof body === 'string' && !res.getHeader('content-type'))
      res.setHeader('content-type', 'text/html; charset=utf-8');
    if (Buffer.isBuffer(body) && !res.getHeader('content-type'))
      res.setHeader('content-type', 'application/octet-stream');
    if (typeof body === 'string' || Buffer.isBuffer(body)) res.end(body);
    else if (typeof body === 'number' || typeof body === 'boolean') res.end(body.toString());
    else res.end();
    return response;
  };
  response.json = (body: unknown) => {
    if (!res.getHeader('content-type')) res.setHeader('content-type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(body));
    return response;
  };
  response.redirect = (statusOrUrl: number | string, url?: string) => {
    const [status, location] = typeof statusOrUrl === 'string' ? [307, statusOrUrl] : [statusOrUrl, url ?? '/'];
    res.writeHead(status, { Location: location }).end();
    return response;
  };
  return response;
}
