/**
 * /api/shop/reconcile (Vercel Cron's GET with CRON_SECRET, or any scheduler's POST with RECONCILE_SECRET): repairs whatever
 * lags Stripe. Releases whose worker died or met a Stripe outage are driven to the end (the same
 * invoice: the step machine reads Stripe back before any retry); invoices and open quotes are
 * re-read from Stripe and converged, for webhooks that never arrived; revisions and cancels the shop
 * committed here while Stripe was away are finished there; mails still in the outbox are delivered;
 * open quotes past their expiry are recorded as expired and due reminders are sent (architecture §14);
 * stale uploads, rate-limit windows and sessions are swept. Safe to run at any time and
 * concurrently with everything else: every write converges under the request's row lock.
 */
import { timingSafeEqual } from 'node:crypto';
import { and, inArray, isNotNull, notInArray, or, isNull } from '../db/orm.js';
import { AppError } from '../../domain/errors.js';
import { getConfig } from '../config.js';
import { getDb } from '../db/index.js';
import { sweepStale, type SweepReport } from '../housekeeping.js';
import { errorCode } from '../error-code.js';
import { logError } from '../log.js';
import { deliverOutbox, type DeliveryReport } from '../mail/outbox.js';
import { quoteRevisions } from '../db/schema.js';
import { pendingClaims, progressOf } from '../release/claims.js';
import { driveRelease } from '../release/drive-release.js';
import { storePendingCertificates } from '../release/store-certificate.js';
import { finishFollowUp, pendingFollowUps } from '../quotes/quote-follow-ups.js';
import { retrieveInvoice, retrieveQuote } from '../stripe/index.js';
import { handleInvoiceChanged } from './invoice-changed.js';
import { dispatchQuoteAccepted } from './quote-accepted-dispatch.js';
import { handleQuoteCanceled } from './quote-canceled.js';
import { expireQuotes, type ExpiryReport } from '../reminders/expire-quotes.js';
import { sendReminders, type RemindersReport } from '../reminders/send-reminders.js';

export interface ReconcileOptions {
  /** The bearer token the scheduler sent. */
  token: string | undefined;
  /** The clock release leases, quote expiry and reminders are judged by (tests move it on). */
  clock?: () => Date;
  /** At most this many rows of each kind per run; the next run continues. */
  limit?: number;
}

export interface ReconcileReport {
  releasesCompleted: number;
  releasesPending: number;
  releasesFailed: number;
  invoicesConverged: number;
  quotesConverged: number;
  /** Revisions and cancels committed here whose Stripe side was finished by this run. */
  quoteFollowUpsCompleted: number;
  /** Stale rows swept: day-old unattached uploads, old rate-limit windows, expired shop sessions. */
  swept: SweepReport;
  /** Open revisions past their expiry, recorded as expired by this run (architecture §14). */
  expiry: ExpiryReport;
  /** Reminders recorded and queued by this run (architecture §14). */
  reminders: RemindersReport;
  /** Mails left in the outbox (a crash or an SMTP outage), delivered or retried by this run. */
  mail: DeliveryReport;
  errors: number;
}

export function checkReconcileToken(token: string | undefined): void {
  const secrets = getConfig().reconcileSecrets;
  if (secrets.length === 0) {
    throw new AppError(
      'UNAUTHENTICATED',
      'The reconciler is switched off: set CRON_SECRET (Vercel Cron) or RECONCILE_SECRET (24+ characters) and call it with Authorization: Bearer <secret>.',
    );
  }
  const given = Buffer.from(token ?? '');
  // Every secret is compared, so the time taken does not tell which one (if any) matched.
  const matches = secrets.map((secret) => {
    const expected = Buffer.from(secret);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches.includes(true)) {
    throw new AppError('UNAUTHENTICATED', 'Send Authorization: Bearer <CRON_SECRET or RECONCILE_SECRET>.');
  }
}

export async function reconcile(options: ReconcileOptions): Promise<ReconcileReport> {
  checkReconcileToken(options.token);
  const limit = options.limit ?? 100;
  const report: ReconcileReport = {
    releasesCompleted: 0,
    releasesPending: 0,
    releasesFailed: 0,
    invoicesConverged: 0,
    quotesConverged: 0,
    quoteFollowUpsCompleted: 0,
    swept: { uploadsRemoved: 0, multipartUploadsAborted: 0, rateLimitWindowsRemoved: 0, sessionsRemoved: 0 },
    expiry: { expired: 0, errors: 0 },
    reminders: { sent: 0, deferred: 0, errors: 0 },
    mail: { delivered: 0, retrying: 0, failed: 0 },
    errors: 0,
  };
  const attempt = async (work: () => Promise<void>) => {
    try {
      await work();
    } catch (error) {
      report.errors += 1;
      logError(`reconcile: ${errorCode(error)}`);
    }
  };

  for (const claim of (await pendingClaims()).slice(0, limit)) {
    await attempt(async () => {
      const outcome = await driveRelease({
        revisionId: progressOf(claim).revisionId,
        waitMs: 0,
        ...(options.clock ? { clock: options.clock } : {}),
      });
      if (outcome.kind === 'done') {
        report.releasesCompleted += 1;
      } else if (outcome.kind === 'failed') report.releasesFailed += 1;
      else report.releasesPending += 1;
    });
  }

  for (const revisionId of await pendingFollowUps(limit)) {
    await attempt(async () => {
      const now = options.clock?.() ?? new Date();
      if ((await finishFollowUp({ revisionId, now })) === 'completed') report.quoteFollowUpsCompleted += 1;
    });
  }

  const invoiced = await getDb()
    .select()
    .from(quoteRevisions)
    .where(
      and(
        isNotNull(quoteRevisions.stripeInvoiceId),
        or(isNull(quoteRevisions.invoiceStatus), notInArray(quoteRevisions.invoiceStatus, ['paid', 'void'])),
      ),
    )
    .limit(limit);
  for (const row of invoiced) {
    await attempt(async () => {
      const invoice = await retrieveInvoice({ invoiceId: row.stripeInvoiceId ?? '' });
      const outcome = await handleInvoiceChanged({ invoice, type: 'reconcile' });
      if (outcome === 'converged') report.invoicesConverged += 1;
    });
  }

  const open = await getDb()
    .select()
    .from(quoteRevisions)
    .where(and(isNotNull(quoteRevisions.stripeQuoteId), inArray(quoteRevisions.status, ['open', 'on_hold'])))
    .limit(limit);
  for (const row of open) {
    await attempt(async () => {
      const quote = await retrieveQuote({ quoteId: row.stripeQuoteId ?? '' });
      if (quote.status === 'canceled' && (await handleQuoteCanceled({ quote })) === 'closed')
        report.quotesConverged += 1;
      if (quote.status === 'accepted') {
        const outcome = await dispatchQuoteAccepted({ quote, stripeEventId: 'reconcile' });
        if (outcome === 'flagged') report.quotesConverged += 1;
      }
    });
  }
  // After Stripe's own word on open quotes; before reminders, so an expired quote is not reminded of.
  await attempt(async () => {
    report.expiry = await expireQuotes({ now: options.clock?.() ?? new Date(), limit });
  });
  await attempt(async () => {
    report.reminders = await sendReminders({
      now: options.clock?.() ?? new Date(),
      ...(options.limit ? { limit } : {}),
    });
  });
  await attempt(async () => {
    report.swept = await sweepStale({ now: options.clock?.() ?? new Date(), limit });
  });
  // A release certificate a stopped process did not store: its release mails wait for it (§12).
  await attempt(async () => {
    await storePendingCertificates({ now: options.clock?.() ?? new Date(), limit });
  });
  report.errors += report.expiry.errors + report.reminders.errors;
  // Last, so the mails this run's own work wrote go out too.
  await attempt(async () => {
    report.mail = await deliverOutbox({ now: options.clock?.() ?? new Date(), limit });
  });
  return report;
}
