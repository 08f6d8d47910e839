/** DELETE /api/shop/session: revokes the session server-side, so a copied cookie stops working too. */
import { and, eq, isNull } from '../db/orm.js';
import { getDb } from '../db/index.js';
import { shopSessions } from '../db/schema.js';
import { hashToken } from '../links/index.js';
import { clearedSessionCookie } from './session.js';

export interface EndStaffSessionOptions {
  token: string | undefined;
  now?: Date;
}

/** Returns the Set-Cookie value that clears the cookie; signing out twice is fine. */
export async function endStaffSession({ token, now = new Date() }: EndStaffSessionOptions): Promise<string> {
  if (token) {
    await getDb()
      .update(shopSessions)
      .set({ revokedAt: now })
      .where(and(eq(shopSessions.tokenHash, hashToken(token)), isNull(shopSessions.revokedAt)));
  }
  return clearedSessionCookie();
}
