/**
 * Step one of a release, committed through the one decision path (architecture §11): refuse anything
 * but a purchasing accept of the current revision of an open, unexpired quote; append
 * `purchasing_accepted` (who, role, PO, budget code, IP, user agent); insert the claim the step
 * machine works under; mark the link used. Exactly one accept per revision gets here; the same
 * accept again is a repeat that continues the first one's claim, a different one gets 409
 * ALREADY_DECIDED. Stripe is called only after this commits.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import { acceptFingerprintSource, type AcceptInput } from '../../domain/release-schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { markLinkUsed, type LinkRow } from '../links/index.js';
import { commitDecision } from '../requests/commit-decision.js';
import type { RevisionRow } from '../quotes/revisions.js';
import { insertClaim, progressOf, readClaim, type ClaimRow } from './claims.js';
import { syncRevisionRow } from './converge-invoice.js';

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

  const outcome = await commitDecision({
    requestId: revision.requestId,
    meta: options.meta,
    now,
    decide: () => ({
      event: {
        type: 'purchasing_accepted',
        actor: { role: 'purchasing', name: input.name, email: link.recipientEmail },
        revisionId: revision.id,
        poNumber: input.poNumber || undefined,
        budgetCode: input.budgetCode || undefined,
      },
      details: { jobTitle: input.jobTitle, authorised: true },
    }),
    refusalMessage: (code, message, state) => {
      const first = state.revisions.find((r) => r.id === revision.id);
      if (code !== 'ALREADY_DECIDED' || first?.status !== 'accepted') return message;
      return alreadyReleasedMessage(first.acceptedBy?.name ?? 'purchasing', first.poNumber);
    },
    alsoInTx: async (tx, { state }) => {
      if (revision.expiresAt <= now) {
        throw new AppError(
          'QUOTE_NOT_OPEN',
          `This quote expired on ${revision.expiresAt.toISOString().slice(0, 10)}, so it can no longer be released. Ask the shop for a current quote.`,
        );
      }
      if (!revision.stripeQuoteId) {
        throw new AppError('QUOTE_NOT_OPEN', 'This quote was never issued. Ask the shop for a current quote.');
      }
      await syncRevisionRow({ tx, state, revisionId: revision.id, now });
      const leaseId = await insertClaim({
        tx,
        fingerprint,
        now,
        leaseMs: options.leaseMs,
        progress: {
          revisionId: revision.id,
          requestId: revision.requestId,
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
      return leaseId;
    },
  });
  // The same accept committed by a concurrent request while this one waited for the lock.
  if (outcome.repeated) return { repeated: true };
  return { repeated: false, leaseId: outcome.extra };
}

function repeatOrRefuse(claim: ClaimRow, fingerprint: string): ClaimOutcome {
  if (claim.fingerprint === fingerprint) return { repeated: true };
  const first = progressOf(claim);
  throw new AppError('ALREADY_DECIDED', alreadyReleasedMessage(first.name, first.poNumber));
}

function alreadyReleasedMessage(name: string, poNumber: string | undefined): string {
  return `This quote was already released by ${name}${poNumber ? ` under PO ${poNumber}` : ''}. A release cannot be changed here; contact the shop if something is wrong.`;
}
