/**
 * Vercel's Node.js helpers, reproduced for the local runtime: `req.query`, `req.cookies` and a lazily
 * parsed `req.body` (by content type; malformed JSON throws a 400 error on access), while the raw body
 * stays readable as a stream for multipart parsing and webhook signatures. `res.status/json/send/redirect`.
 * Behaviour follows @vercel/node's serverless helpers, including the 4.5 MB request body limit.
 */
import { IncomingMessage, type ServerResponse } from 'node:http';
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

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > limit) throw new BodyTooLargeError();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
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
 * Buffers the incoming body and returns a fresh request whose stream replays it, with the helpers
 * attached. The original request is consumed.
 */
export async function toVercelRequest(req: IncomingMessage, params: Record<string, string>): Promise<VercelRequest> {
  const body = req.headers['content-type'] === undefined ? Buffer.alloc(0) : await readBody(req, VERCEL_BODY_LIMIT);
  const replay = new IncomingMessage(req.socket);
  replay.method = req.method;
  replay.url = req.url;
  replay.headers = req.headers;
  replay.rawHeaders = req.rawHeaders;
  replay.httpVersion = req.httpVersion;
  replay.push(body);
  replay.push(null);
  // The replay holds the whole body: marking it complete stops IncomingMessage from treating its
  // end as an aborted upload and destroying the shared keep-alive socket.
  replay.complete = true;
  setLazy(replay, 'query', () => queryFrom(req.url ?? '/', params));
  setLazy(replay, 'cookies', () => {
    const header = req.headers.cookie;
    return header ? parseCookie(header) : {};
  });
  setLazy(replay, 'body', () => parseBody(body, req.headers['content-type']));
  return replay as VercelRequest;
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
