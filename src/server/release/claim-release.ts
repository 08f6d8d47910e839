/**
 * Step one of a release, in one transaction under the request's row lock: refuse anything but a
 * purchasing accept of the current revision of an open, unexpired quote; append `purchasing_accepted`
 * (who, role, PO, budget code, IP, user agent); insert the claim; mark the link used. Exactly one
 * accept per revision gets here; a repeat with the same input finds its claim and continues it, a
 * different input gets 409 ALREADY_DECIDED. Stripe is called only after this commits.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import { acceptFingerprintSource, type AcceptInput } from '../../domain/release-schema.js';
import { applyEvent } from '../../domain/workflow/transitions.js';
import type { WorkflowEvent } from '../../domain/workflow/vocabulary.js';
import { getDb } from '../db/index.js';
import type { RequestMeta } from '../http/request-meta.js';
import { markLinkUsed, type LinkRow } from '../links/index.js';
import { recordEvent } from '../requests/events.js';
import { insertClaim, progressOf, readClaim, type ClaimRow } from './claims.js';
import { lockRequest, saveProjection, type RevisionRow } from './converge-invoice.js';

export interface ClaimReleaseOptions {
  link: LinkRow;
  revision: RevisionRow;
  input: AcceptInput;
  meta: RequestMeta;
  now: Date;
  leaseMs: number;
}

/** `leaseId` when this call won the claim; `repeated` when the same accept was already claimed. */
export type ClaimOutcome = { repeated: false; leaseId: string } | { repeated: true };

export function acceptFingerprint(input: AcceptInput): string {
  return createHash('sha256').update(acceptFingerprintSource(input)).digest('hex');
}

export async function claimRelease(options: ClaimReleaseOptions): Promise<ClaimOutcome> {
  const { link, revision, input, now } = options;
  const fingerprint = acceptFingerprint(input);
  // Repeats (double clicks, retries, fifty tabs) are answered from the claim without the row lock.
  const earlier = await readClaim(revision.id);
  if (earlier) return repeatOrRefuse(earlier, fingerprint);
  return getDb().transaction(async (tx) => {
    const loaded = await lockRequest(tx, revision.requestId);
    if (!loaded) throw new AppError('NOT_FOUND');
    const existing = await readClaim(revision.id, tx);
    if (existing) return repeatOrRefuse(existing, fingerprint);
    const event: WorkflowEvent = {
      type: 'purchasing_accepted',
      actor: { role: 'purchasing', name: input.name, email: link.recipientEmail },
      revisionId: revision.id,
      poNumber: input.poNumber || undefined,
      budgetCode: input.budgetCode || undefined,
    };
    const result = applyEvent(loaded.state, event);
    if (!result.ok) throw new AppError(result.code, result.message);
    if (revision.expiresAt <= now) {
      throw new AppError(
        'QUOTE_NOT_OPEN',
        `This quote expired on ${revision.expiresAt.toISOString().slice(0, 10)}, so it can no longer be released. Ask the shop for a current quote.`,
      );
    }
    if (!revision.stripeQuoteId)
      throw new AppError('QUOTE_NOT_OPEN', 'This quote was never issued. Ask the shop for a current quote.');

    await recordEvent({
      tx,
      requestId: loaded.request.id,
      type: 'purchasing_accepted',
      role: 'purchasing',
      actorName: input.name,
      actorEmail: link.recipientEmail,
      quoteRevisionId: revision.id,
      payload: {
        revisionId: revision.id,
        ...(input.poNumber ? { poNumber: input.poNumber } : {}),
        ...(input.budgetCode ? { budgetCode: input.budgetCode } : {}),
        jobTitle: input.jobTitle,
        authorised: true,
      },
      meta: options.meta,
    });
    await saveProjection(tx, loaded, result.state, revision.id);
    const leaseId = await insertClaim({
      tx,
      fingerprint,
      now,
      leaseMs: options.leaseMs,
      progress: {
        revisionId: revision.id,
        requestId: loaded.request.id,
        stripeQuoteId: revision.stripeQuoteId,
        poNumber: input.poNumber,
        budgetCode: input.budgetCode,
        name: input.name,
        jobTitle: input.jobTitle,
        email: link.recipientEmail,
        step: 'claimed',
      },
    });
    await markLinkUsed(link.id, { tx, now });
    return { repeated: false, leaseId };
  });
}

function repeatOrRefuse(claim: ClaimRow, fingerprint: string): ClaimOutcome {
  if (claim.fingerprint === fingerprint) return { repeated: true };
  const first = progressOf(claim);
  throw new AppError(
    'ALREADY_DECIDED',
    `This quote was already released by ${first.name}${first.poNumber ? ` under PO ${first.poNumber}` : ''}. A release cannot be changed here; contact the shop if something is wrong.`,
  );
}
