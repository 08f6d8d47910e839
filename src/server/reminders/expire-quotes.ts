/**
 * Quote expiry in the portal itself (architecture §14): an open revision whose expiry has passed is
 * recorded as `quote_expired` (a fact, by the system) with its mails, without waiting for Stripe's
 * webhook. Whichever comes first records it; the other is a repeat by the rule of §11 and mails
 * nothing. A purchasing link already ends with its revision, and the domain refuses a release of an
 * expired one.
 */
import { and, asc, inArray, lte } from '../db/orm.js';
import { getDb } from '../db/index.js';
import { quoteRevisions } from '../db/schema.js';
import { errorCode } from '../error-code.js';
import { logError, logInfo } from '../log.js';
import { convergeQuoteClosed } from '../release/converge-invoice.js';
import { expiryMails } from './expiry-mails.js';

export interface ExpireQuotesOptions {
  now: Date;
  /** At most this many revisions per run; the next run continues. */
  limit: number;
}

export interface ExpiryReport {
  expired: number;
  errors: number;
}

export async function expireQuotes({ now, limit }: ExpireQuotesOptions): Promise<ExpiryReport> {
  const report: ExpiryReport = { expired: 0, errors: 0 };
  const due = await getDb()
    .select({ id: quoteRevisions.id })
    .from(quoteRevisions)
    .where(and(inArray(quoteRevisions.status, ['open', 'on_hold']), lte(quoteRevisions.expiresAt, now)))
    .orderBy(asc(quoteRevisions.expiresAt))
    .limit(limit);
  for (const { id } of due) {
    try {
      // The run delivers its mails at its end, on its own clock.
      const closed = await convergeQuoteClosed({
        revisionId: id,
        kind: 'quote_expired',
        role: 'system',
        mails: expiryMails,
        deliver: false,
      });
      if (closed) {
        report.expired += 1;
        logInfo(`expiry: revision ${id} expired`);
      }
    } catch (error) {
      report.errors += 1;
      logError(`expiry: revision ${id} failed: ${errorCode(error)}`);
    }
  }
  return report;
}
