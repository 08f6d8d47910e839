/**
 * POST /api/quotes/:id/accept: the purchasing approver releases a quote revision and the shop gets
 * exactly one Stripe invoice for it, with the PO number and budget code on it (architecture §7).
 *
 * Claim first (one winner per revision, in the database), then the step machine: Stripe accept →
 * custom fields → finalize → send. The reply names the invoice; a repeat of the same accept returns
 * the same invoice; if Stripe faults mid-way the release stands and the reply says the invoice is
 * being finished (202): a retry or the reconciler completes the same invoice.
 */
import { AppError } from '../../domain/errors.js';
import { acceptSchema } from '../../domain/release-schema.js';
import { parseOrThrow } from '../../domain/request-schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { loadRequest } from '../requests/load-request.js';
import { authorisePurchasing, poDocumentRequiredFor, poRequiredFor } from './authorise.js';
import { claimRelease } from './claim-release.js';
import { deliverOutbox } from '../mail/outbox.js';
import { releaseResult, type ReleaseResult } from './result.js';
import { DEFAULT_LEASE_MS, driveRelease } from './drive-release.js';

export interface AcceptQuoteOptions {
  quoteId: string;
  token: string | undefined;
  body: unknown;
  meta: RequestMeta;
  now?: Date;
  /** How long a repeat waits for the first accept's invoice before answering 202. */
  waitMs?: number;
}

export interface AcceptQuoteReply {
  httpStatus: 200 | 201 | 202;
  result: ReleaseResult;
}

const PROCESSING =
  'Your release is recorded. Stripe is slow to answer, so the invoice is still being finished; it will be emailed to you shortly, and sending the same release again is safe.';

export async function acceptQuote(options: AcceptQuoteOptions): Promise<AcceptQuoteReply> {
  const now = options.now ?? new Date();
  const { link, revision } = await authorisePurchasing({ quoteId: options.quoteId, token: options.token, now });
  const input = parseOrThrow(
    acceptSchema({ poRequired: poRequiredFor(revision), poDocumentRequired: poDocumentRequiredFor(revision) }),
    options.body,
  );
  const claim = await claimRelease({ link, revision, input, meta: options.meta, now, leaseMs: DEFAULT_LEASE_MS });
  if ('waiting' in claim) return waitingReply(revision.requestId, revision.id, claim);

  const outcome = await driveRelease({
    revisionId: revision.id,
    leaseId: claim.repeated ? undefined : claim.leaseId,
    ...(options.waitMs !== undefined ? { waitMs: options.waitMs } : {}),
  });
  if (outcome.kind === 'failed') {
    const failure = outcome.progress.failure;
    throw new AppError(failure?.code ?? 'CONFLICT', failure?.message);
  }
  const loaded = await loadRequest({ id: revision.requestId });
  if (!loaded) throw new AppError('NOT_FOUND');
  if (outcome.kind === 'done') await deliverOutbox({ ids: outcome.mailIds });
  const done = outcome.kind === 'done';
  const result = releaseResult({
    loaded,
    revisionId: revision.id,
    progress: outcome.progress,
    status: done ? 'invoiced' : 'processing',
    repeated: claim.repeated,
    message: done
      ? `Released. Invoice ${outcome.progress.invoiceNumber ?? ''} was sent to ${outcome.progress.email}.`.replace(
          '  ',
          ' ',
        )
      : PROCESSING,
  });
  return { httpStatus: !done ? 202 : claim.repeated ? 200 : 201, result };
}

/** This approver's release is recorded; another approver must release before anything is invoiced. */
async function waitingReply(
  requestId: string,
  revisionId: string,
  claim: { repeated: boolean; missing: string[]; mailIds: string[] },
): Promise<AcceptQuoteReply> {
  if (claim.mailIds.length > 0) await deliverOutbox({ ids: claim.mailIds });
  const loaded = await loadRequest({ id: requestId });
  if (!loaded) throw new AppError('NOT_FOUND');
  const who = claim.missing.join(' and ') || 'the other approver';
  const result = releaseResult({
    loaded,
    revisionId,
    status: 'awaiting_approval',
    repeated: claim.repeated,
    message: `Your release is recorded. Because of its total this quote also needs ${who} to release it; we emailed them their link. Nothing is ordered or invoiced until then.`,
  });
  return { httpStatus: claim.repeated ? 200 : 201, result };
}
