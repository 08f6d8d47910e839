/**
 * POST /api/shop/sign-in: mails a single-use sign-in link to a listed staff address. Listed and
 * unlisted addresses take the same path: both count against the same limits, both issue a link and
 * write an outbox row in one transaction (an unlisted address's row is written as suppressed, and its
 * link cannot be exchanged), and the reply never waits for the mail, which is delivered after it. So
 * neither the answer nor its timing tells a stranger which addresses belong to staff.
 *
 * Throttling never locks staff out: past the per-address limit the reply is the same and only the
 * extra mails are suppressed (the links already mailed still work); a fresh request works again
 * once the one-minute window has passed.
 */
import { z } from 'zod/mini';
import { parseOrThrow } from '../../domain/request-schema.js';
import { acceptableText } from '../../domain/text.js';
import { getConfig } from '../config.js';
import type { RequestMeta } from '../http/request-meta.js';
import { isAppError } from '../../domain/errors.js';
import { getDb } from '../db/index.js';
import { issueLink } from '../links/index.js';
import { deliverAfterReply, deliverOutbox, enqueueMails } from '../mail/outbox.js';
import { shopSignInMail } from '../mail/templates/shop-sign-in.js';
import { enforceRateLimit } from '../rate-limit.js';

export const signInSchema = z.object({
  email: z.string({ error: 'Enter your staff email address.' }).check(
    z.trim(),
    acceptableText('your staff email address', 'single-line'),
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
  const overAddressLimit = await enforceRateLimit({
    endpoint: 'shop-sign-in-address',
    ip: email,
    limit: SIGN_IN_PER_ADDRESS_PER_MINUTE,
    now,
  }).then(
    () => false,
    (error: unknown) => {
      if (isAppError(error) && error.code === 'RATE_LIMITED') return true;
      throw error;
    },
  );
  const listed = getConfig().shopStaffEmails.includes(email);
  const suppress = !listed ? 'not_staff' : overAddressLimit ? 'address_limit' : undefined;
  const mailIds = await getDb().transaction(async (tx) => {
    const link = await issueLink({ tx, purpose: 'shop_sign_in', recipientEmail: email, now });
    const message = shopSignInMail({ to: email, url: link.url, expiresAt: link.expiresAt });
    return enqueueMails({ tx, requestId: null, mails: [{ recipient: 'a staff sign-in', message, suppress }] });
  });
  deliverAfterReply(deliverOutbox({ ids: mailIds, now }), 'shop sign-in');
  return {
    message: 'If this address belongs to shop staff, a sign-in link is on its way. It works once, for 15 minutes.',
  };
}
