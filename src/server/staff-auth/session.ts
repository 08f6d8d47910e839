/**
 * Staff sessions for the shop back office: an opaque cookie whose SHA-256 is stored in `shop_sessions`,
 * HttpOnly, SameSite=Strict, Secure everywhere but a plain-http localhost, with a fixed lifetime.
 * Every shop function asks `requireStaff` first (401 without a live session) and state-changing ones
 * also `assertSameOrigin` (403): SameSite already stops most cross-site posts, Origin closes the rest.
 */
import type { IncomingMessage } from 'node:http';
import { and, eq, gt, isNull } from '../db/orm.js';
import { parseCookie, stringifySetCookie } from 'cookie';
import { AppError } from '../../domain/errors.js';
import type { Actor } from '../../domain/workflow/vocabulary.js';
import { getConfig } from '../config.js';
import { getDb } from '../db/index.js';
import { shopSessions } from '../db/schema.js';
import { hashToken } from '../links/index.js';

/** How long a staff session lasts: a working day, so a forgotten browser does not stay signed in for long. */
export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

export interface StaffIdentity {
  email: string;
  /** The session's hash, so sign-out revokes exactly this one. */
  sessionHash: string;
  expiresAt: Date;
}

/** Browsers refuse Secure cookies over plain http, which only the local runtime uses. */
export function cookieIsSecure(siteUrl = getConfig().siteUrl): boolean {
  const url = new URL(siteUrl);
  return !(url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '127.0.0.1'));
}

/** `__Host-` pins the cookie to this host and path / (it needs Secure, so plain localhost uses the bare name). */
export function sessionCookieName(secure = cookieIsSecure()): string {
  return secure ? '__Host-shop_session' : 'shop_session';
}

export function sessionCookie(token: string, expiresAt: Date): string {
  const secure = cookieIsSecure();
  return stringifySetCookie({
    name: sessionCookieName(secure),
    value: token,
    httpOnly: true,
    secure,
    sameSite: 'strict',
    path: '/',
    expires: expiresAt,
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000)),
  });
}

export function clearedSessionCookie(): string {
  const secure = cookieIsSecure();
  return stringifySetCookie({
    name: sessionCookieName(secure),
    value: '',
    httpOnly: true,
    secure,
    sameSite: 'strict',
    path: '/',
    expires: new Date(0),
    maxAge: 0,
  });
}

/** The session token from the Cookie header, or undefined. */
export function sessionToken(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const value = parseCookie(header)[sessionCookieName()];
  return value && /^[A-Za-z0-9_-]{16,128}$/.test(value) ? value : undefined;
}

const SIGN_IN_AGAIN = 'Sign in to the shop back office: ask for a sign-in link with your staff email address.';

export interface FindStaffSessionOptions {
  token: string | undefined;
  now?: Date;
}

/** The live session for this token, or undefined (unknown, expired, revoked, or no longer a listed address). */
export async function findStaffSession({
  token,
  now = new Date(),
}: FindStaffSessionOptions): Promise<StaffIdentity | undefined> {
  if (!token) return undefined;
  const hash = hashToken(token);
  const [row] = await getDb()
    .select()
    .from(shopSessions)
    .where(and(eq(shopSessions.tokenHash, hash), isNull(shopSessions.revokedAt), gt(shopSessions.expiresAt, now)));
  // Removing an address from SHOP_STAFF_EMAILS ends its sessions at once.
  if (!row || !getConfig().shopStaffEmails.includes(row.email)) return undefined;
  return { email: row.email, sessionHash: row.tokenHash, expiresAt: row.expiresAt };
}

/** The signed-in staff member, or 401. */
export async function requireStaff(req: IncomingMessage): Promise<StaffIdentity> {
  const staff = await findStaffSession({ token: sessionToken(req) });
  if (!staff) throw new AppError('UNAUTHENTICATED', SIGN_IN_AGAIN);
  return staff;
}

/** 403 unless the request's Origin is the portal's own (from SITE_URL, never the Host header). */
export function assertSameOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  const expected = new URL(getConfig().siteUrl).origin;
  if (typeof origin !== 'string' || origin !== expected) {
    throw new AppError('FORBIDDEN_ORIGIN');
  }
}

/** `requireStaff` then `assertSameOrigin`, for every shop action that changes something. */
export async function requireStaffAction(req: IncomingMessage): Promise<StaffIdentity> {
  const staff = await requireStaff(req);
  assertSameOrigin(req);
  return staff;
}

/** Staff act as the shop, under their own address (invariant 5: who did it). */
export function shopActor(staff: Pick<StaffIdentity, 'email'>): Actor {
  return { role: 'shop', email: staff.email, name: staff.email };
}
