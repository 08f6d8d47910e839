/**
 * Who is asking: the client address and user agent recorded with every decision (invariant 5),
 * and the bearer token a link page sends.
 */
import type { IncomingMessage } from 'node:http';

export interface RequestMeta {
  ip: string;
  userAgent: string;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Vercel sets x-forwarded-for (client first); the local runtime sets it the same way. */
export function requestMeta(req: IncomingMessage): RequestMeta {
  const forwarded = firstHeader(req.headers['x-forwarded-for'])?.split(',')[0]?.trim();
  const ip = forwarded || firstHeader(req.headers['x-real-ip']) || req.socket?.remoteAddress || 'unknown';
  const userAgent = (firstHeader(req.headers['user-agent']) ?? '').slice(0, 512);
  return { ip, userAgent };
}

/** The opaque link token from `Authorization: Bearer <token>`, or undefined. */
export function bearerToken(req: IncomingMessage): string | undefined {
  const header = firstHeader(req.headers.authorization);
  const match = header?.match(/^Bearer\s+([A-Za-z0-9_-]{16,128})$/);
  return match?.[1];
}
