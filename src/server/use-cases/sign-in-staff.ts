/**
 * POST /api/shop/sign-in: mails a single-use sign-in link to a listed staff address. The answer is the
 * same whether or not the address is listed, and the rate limits count both alike, so nobody can probe
 * which addresses belong to staff.
 */
import { z } from 'zod/mini';
import { parseOrThrow } from '../../domain/request-schema.js';
import { getConfig } from '../config.js';
import type { RequestMeta } from '../http/request-meta.js';
import { issueLink } from '../links/index.js';
import { sendMail } from '../mail/index.js';
import { shopSignInMail } from '../mail/templates/shop-sign-in.js';
import { enforceRateLimit } from '../rate-limit.js';

export const signInSchema = z.object({
  email: z.string({ error: 'Enter your staff email address.' }).check(
    z.trim(),
    z.toLowerCase(),
    z.maxLength(254, 'Enter your staff email address.'),
    // Loose on purpose: staff addresses may be local (shop@localhost); only listed ones get mail anyway.
    z.regex(/^[^\s@]+@[^\s@]+$/, 'Enter your staff email address, e.g. shop@example.com.'),
  ),
});

/** Sign-in mails per address per minute, so a listed address cannot be flooded. */
export const SIGN_IN_PER_ADDRESS_PER_MINUTE = 5;

export interface SignInStaffOptions {
  body: unknown;
  meta: RequestMeta;
  now?: Date;
}

export interface SignInStaffResult {
  message: string;
}

export async function signInStaff({ body, meta, now = new Date() }: SignInStaffOptions): Promise<SignInStaffResult> {
  await enforceRateLimit({ endpoint: 'shop-sign-in', ip: meta.ip, now });
  const { email } = parseOrThrow(signInSchema, body);
  await enforceRateLimit({
    endpoint: 'shop-sign-in-address',
    ip: email,
    limit: SIGN_IN_PER_ADDRESS_PER_MINUTE,
    now,
  });
  if (getConfig().shopStaffEmails.includes(email)) {
    const link = await issueLink({ purpose: 'shop_sign_in', recipientEmail: email, now });
    try {
      await sendMail(shopSignInMail({ to: email, url: link.url, expiresAt: link.expiresAt }));
    } catch (error) {
      // Logged, not reported: a different answer would tell a stranger the address is listed.
      console.error('shop sign-in mail failed:', error instanceof Error ? error.message : error);
    }
  }
  return {
    message: 'If this address belongs to shop staff, a sign-in link is on its way. It works once, for 15 minutes.',
  };
}
