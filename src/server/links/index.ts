/**
 * Signed links (architecture §6): 256-bit random tokens, base64url; only their SHA-256 is stored,
 * with purpose, request, quote revision, recipient, expiry and used/revoked times.
 *
 * The token travels in the URL fragment (never sent to servers or in Referer headers); the page
 * moves it into `Authorization: Bearer`. Link bases come from SITE_URL, never the Host header.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from '../db/orm.js';
import { AppError } from '../../domain/errors.js';
import { getConfig } from '../config.js';
import { getDb, type Db, type Tx } from '../db/index.js';
import { linkTokens, quoteRevisions } from '../db/schema.js';

export type LinkPurpose = 'technical' | 'purchasing' | 'status' | 'shop_sign_in' | 'reminders_off';
export type LinkRow = typeof linkTokens.$inferSelect;

const DAY_MS = 24 * 60 * 60 * 1000;

/** How long each kind of link lives when the caller does not bind it to something shorter. */
export const LINK_LIFETIME_MS: Record<LinkPurpose, number> = {
  technical: 60 * DAY_MS,
  purchasing: 30 * DAY_MS,
  status: 180 * DAY_MS,
  shop_sign_in: 15 * 60 * 1000,
  // A reminder's "stop reminders" link: as long as a request is likely to stay open.
  reminders_off: 180 * DAY_MS,
};

/** The page each link opens. */
export const LINK_PAGE: Record<LinkPurpose, string> = {
  technical: '/review/',
  purchasing: '/release/',
  status: '/status/',
  shop_sign_in: '/shop/',
  reminders_off: '/reminders/',
};

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function linkUrl(purpose: LinkPurpose, token: string, params: Record<string, string> = {}): string {
  const query = new URLSearchParams(params).toString();
  return `${getConfig().siteUrl}${LINK_PAGE[purpose]}${query ? `?${query}` : ''}#token=${token}`;
}

export interface IssueLinkOptions {
  purpose: LinkPurpose;
  recipientEmail: string;
  requestId?: string;
  quoteRevisionId?: string;
  /** Never later than this (e.g. the quote revision's own expiry). */
  notAfter?: Date;
  now?: Date;
  tx?: Tx | Db;
  /** Extra query parameters for the page URL (e.g. the request id). */
  params?: Record<string, string>;
}

export interface IssuedLink {
  id: string;
  token: string;
  url: string;
  expiresAt: Date;
}

export interface PreparedLink {
  /** The row `issueLink` inserts. */
  row: typeof linkTokens.$inferInsert;
  link: Omit<IssuedLink, 'id'>;
}

/** A new link and the row that makes it valid, for a caller that inserts several rows in one statement. */
export function prepareLink(options: Omit<IssueLinkOptions, 'tx'>): PreparedLink {
  const now = options.now ?? new Date();
  const lifetimeEnd = new Date(now.getTime() + LINK_LIFETIME_MS[options.purpose]);
  const expiresAt = options.notAfter && options.notAfter < lifetimeEnd ? options.notAfter : lifetimeEnd;
  const token = newToken();
  return {
    row: {
      tokenHash: hashToken(token),
      purpose: options.purpose,
      requestId: options.requestId ?? null,
      quoteRevisionId: options.quoteRevisionId ?? null,
      recipientEmail: options.recipientEmail.toLowerCase(),
      expiresAt,
    },
    link: { token, url: linkUrl(options.purpose, token, options.params), expiresAt },
  };
}

export async function issueLink(options: IssueLinkOptions): Promise<IssuedLink> {
  const { row: values, link } = prepareLink(options);
  const db = options.tx ?? getDb();
  const [row] = await db.insert(linkTokens).values(values).returning({ id: linkTokens.id });
  if (!row) throw new Error('link token insert returned no row');
  return { id: row.id, ...link };
}

export interface VerifyLinkOptions {
  token: string | undefined;
  /** Purposes allowed to perform this action; another valid purpose gets 403 WRONG_ROLE. */
  purposes: readonly LinkPurpose[];
  requestId?: string;
  quoteRevisionId?: string;
  now?: Date;
  tx?: Tx | Db;
}

const INVALID_LINK =
  'This link is not valid. Open the most recent email from the shop, or ask the shop to send a fresh link.';

/**
 * Checks a token for an action and returns its row. Order matters: an unknown token says nothing
 * about anything else; a revoked or expired one says so; only a live link learns about roles.
 */
export async function verifyLink(options: VerifyLinkOptions): Promise<LinkRow> {
  if (!options.token) throw new AppError('UNAUTHENTICATED', 'This page needs the link from your email.');
  const db = options.tx ?? getDb();
  const [row] = await db
    .select()
    .from(linkTokens)
    .where(eq(linkTokens.tokenHash, hashToken(options.token)));
  const now = options.now ?? new Date();
  if (!row) throw new AppError('UNAUTHENTICATED', INVALID_LINK);
  if (row.revokedAt) {
    throw new AppError(
      'LINK_REVOKED',
      'This link was replaced by a newer one. Use the most recent email from the shop, or ask for a fresh link.',
    );
  }
  if (row.expiresAt <= now) {
    // A purchasing link ends with its revision (§6): a fresh link would not help, a new revision does.
    throw new AppError(
      'LINK_EXPIRED',
      row.purpose === 'purchasing' && row.quoteRevisionId
        ? 'This quote has expired, so its link no longer works. Ask the shop for a new revision of the quote; it comes with a new link.'
        : 'This link has expired. Ask the shop to send you a fresh link.',
    );
  }
  if (options.requestId !== undefined && row.requestId !== options.requestId) {
    throw new AppError('UNAUTHENTICATED', INVALID_LINK);
  }
  if (!options.purposes.includes(row.purpose)) {
    throw new AppError('WRONG_ROLE', wrongRoleMessage(row.purpose, options.purposes));
  }
  if (
    options.quoteRevisionId !== undefined &&
    row.quoteRevisionId !== null &&
    row.quoteRevisionId !== options.quoteRevisionId
  ) {
    await refuseOtherRevision(db, row.quoteRevisionId);
  }
  return row;
}

/** What each kind of link is for, as a refusal names it. */
const LINK_IS_FOR: Record<LinkPurpose, string> = {
  technical: 'This is the technical review link: it records whether the part is right',
  purchasing: 'This is the purchasing link: it releases, holds or declines the quote',
  status: 'This is a status link: it shows where the request stands',
  shop_sign_in: 'This is a shop sign-in link: it signs staff in to the shop pages',
  reminders_off: 'This is a link to stop reminders: it stops the reminder emails about one request',
};

/** What the refused action needed, and where the right link is. */
function neededWords(needed: readonly LinkPurpose[]): { action: string; instead: string } {
  const has = (purpose: LinkPurpose) => needed.includes(purpose);
  if (has('reminders_off')) {
    return { action: 'stop reminders', instead: 'Use the link at the foot of a reminder email.' };
  }
  if (has('shop_sign_in')) {
    return { action: 'sign anyone in to the shop', instead: 'Ask for a sign-in link on the shop page (/shop/).' };
  }
  if (has('status')) {
    return { action: 'open a request', instead: 'Open the link in the email about the request.' };
  }
  if (has('technical') && has('purchasing')) {
    return { action: 'add files to a request', instead: 'Use the link from your review or quote email.' };
  }
  if (has('purchasing')) {
    return {
      action: 'release, hold or decline the order',
      instead: 'Only the purchasing approver can, with the link from the quote email.',
    };
  }
  return {
    action: 'record a technical decision',
    instead: 'Only the technical contact can, with the link from the review email.',
  };
}

/** "This is a status link: it shows where the request stands, but it cannot …. Only the … can, with …". */
function wrongRoleMessage(held: LinkPurpose, needed: readonly LinkPurpose[]): string {
  const { action, instead } = neededWords(needed);
  return `${LINK_IS_FOR[held]}, but it cannot ${action}. ${instead}`;
}

async function refuseOtherRevision(db: Tx | Db, linkRevisionId: string): Promise<never> {
  const [revision] = await db
    .select({ supersededBy: quoteRevisions.supersededBy })
    .from(quoteRevisions)
    .where(eq(quoteRevisions.id, linkRevisionId));
  if (revision?.supersededBy) {
    throw new AppError(
      'QUOTE_SUPERSEDED',
      'This link is for an earlier revision of the quote. Open the link in the newest quote email from the shop.',
    );
  }
  throw new AppError('UNAUTHENTICATED', INVALID_LINK);
}

/** Marks a single-use link as used. Returns false when it was already used (the caller decides). */
export async function markLinkUsed(id: string, options: { tx?: Tx | Db; now?: Date } = {}): Promise<boolean> {
  const db = options.tx ?? getDb();
  const rows = await db
    .update(linkTokens)
    .set({ usedAt: options.now ?? new Date() })
    .where(and(eq(linkTokens.id, id), isNull(linkTokens.usedAt)))
    .returning({ id: linkTokens.id });
  return rows.length === 1;
}

export interface RevokeLinksOptions {
  requestId?: string;
  quoteRevisionId?: string;
  purpose?: LinkPurpose;
  recipientEmail?: string;
  tx?: Tx | Db;
  now?: Date;
}

/** Revokes every live link matching all the given filters; returns how many. */
export async function revokeLinks(options: RevokeLinksOptions): Promise<number> {
  const filters = [isNull(linkTokens.revokedAt)];
  if (options.requestId) filters.push(eq(linkTokens.requestId, options.requestId));
  if (options.quoteRevisionId) filters.push(eq(linkTokens.quoteRevisionId, options.quoteRevisionId));
  if (options.purpose) filters.push(eq(linkTokens.purpose, options.purpose));
  if (options.recipientEmail) filters.push(eq(linkTokens.recipientEmail, options.recipientEmail.toLowerCase()));
  if (filters.length === 1) throw new Error('revokeLinks needs at least one filter');
  const db = options.tx ?? getDb();
  const rows = await db
    .update(linkTokens)
    .set({ revokedAt: options.now ?? new Date() })
    .where(and(...filters))
    .returning({ id: linkTokens.id });
  return rows.length;
}
