/**
 * POST /api/shop/session: exchanges a sign-in link token (single use) for a staff session. Only the
 * session's hash is stored; the token itself goes to the browser once, in an HttpOnly cookie.
 */
import { z } from 'zod/mini';
import { AppError } from '../../domain/errors.js';
import { parseOrThrow } from '../../domain/request-schema.js';
import { getConfig } from '../config.js';
import { getDb } from '../db/index.js';
import { shopSessions } from '../db/schema.js';
import { hashToken, markLinkUsed, newToken, verifyLink } from '../links/index.js';
import { SESSION_LIFETIME_MS, sessionCookie } from './session.js';

export const createSessionSchema = z.object({
  token: z
    .string({ error: 'Open the sign-in link from your email.' })
    .check(z.regex(/^[A-Za-z0-9_-]{16,128}$/, 'Open the sign-in link from your email.')),
});

export interface CreateStaffSessionOptions {
  body: unknown;
  now?: Date;
}

export interface CreateStaffSessionResult {
  email: string;
  expiresAt: string;
  /** The Set-Cookie header value. */
  cookie: string;
}

const USED = 'This sign-in link was already used. Ask for a new one on the sign-in page.';

export async function createStaffSession({
  body,
  now = new Date(),
}: CreateStaffSessionOptions): Promise<CreateStaffSessionResult> {
  const { token } = parseOrThrow(createSessionSchema, body);
  const link = await verifyLink({ token, purposes: ['shop_sign_in'], now });
  if (link.usedAt) throw new AppError('UNAUTHENTICATED', USED);
  if (!getConfig().shopStaffEmails.includes(link.recipientEmail)) {
    throw new AppError('UNAUTHENTICATED', 'This address is no longer on the shop staff list.');
  }
  // Two tabs racing with the same link: one wins, the other is told the link was used.
  if (!(await markLinkUsed(link.id, { now }))) throw new AppError('UNAUTHENTICATED', USED);
  const session = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_LIFETIME_MS);
  await getDb()
    .insert(shopSessions)
    .values({ tokenHash: hashToken(session), email: link.recipientEmail, expiresAt });
  return { email: link.recipientEmail, expiresAt: expiresAt.toISOString(), cookie: sessionCookie(session, expiresAt) };
}
