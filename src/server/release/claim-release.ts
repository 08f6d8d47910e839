/**
 * Step one of a release, committed through the one decision path (architecture §11): refuse anything
 * but a purchasing accept of the current revision of an open, unexpired quote; append
 * `purchasing_accepted` (who, role, PO, budget code, IP, user agent); insert the claim the step
 * machine works under; mark the link used. Exactly one accept per revision gets here; the same
 * accept again is a repeat that continues the first one's claim, a different one gets 409
 * ALREADY_DECIDED. Stripe is called only after this commits.
 *
 * Above the approval rule's threshold the revision needs both purchasing approvers: a release that
 * leaves another approver missing is recorded as `purchasing_approved` (no claim, no Stripe call)
 * and the missing approver is mailed a fresh link; the release that completes the set is the
 * `purchasing_accepted` above. Both go through the request's row lock, so two approvers releasing at
 * the same moment apply one after the other and exactly one of them claims.
 */
import { createHash } from 'node:crypto';
import { AppError } from '../../domain/errors.js';
import { acceptFingerprintSource, type AcceptInput } from '../../domain/release-schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { markLinkUsed, type LinkRow } from '../links/index.js';
import { commitDecision } from '../requests/commit-decision.js';
import type { RevisionRow } from '../quotes/revisions.js';
import { completesApproval, sameAddress } from '../../domain/workflow/approvals.js';
import type { WorkflowState } from '../../domain/workflow/state.js';
import { insertClaim, progressOf, readClaim, type ClaimRow, type ReleaseProgress } from './claims.js';
import { missingNames, waitingMails } from '../quotes/approver-links.js';
import { releasedPoDocument } from './po-document-check.js';
import { syncRevisionRow } from './converge-invoice.js';

export interface ClaimReleaseOptions {
  link: LinkRow;
  revision: RevisionRow;
  input: AcceptInput;
  meta: RequestMeta;
  now: Date;
  leaseMs: number;
}

/**
 * `leaseId` when this call won the claim; `repeated` when the same accept was already claimed;
 * `waiting` when this release was recorded and another approver must still release.
 */
export type ClaimOutcome =
  | { repeated: false; leaseId: string }
  | { repeated: true }
  | { repeated: boolean; waiting: true; missing: string[]; mailIds: string[] };

export function acceptFingerprint(input: AcceptInput): string {
  return createHash('sha256').update(acceptFingerprintSource(input)).digest('hex');
}

export async function claimRelease(options: ClaimReleaseOptions): Promise<ClaimOutcome> {
  const { link, revision, input, now } = options;
  const fingerprint = acceptFingerprint(input);
  // Repeats (double clicks, retries, fifty tabs) are answered from the claim without the row lock.
  const earlier = await readClaim(revision.id);
  if (earlier) return repeatOrRefuse(earlier, fingerprint, link.recipientEmail);

  let waiting = false;
  const outcome = await commitDecision({
    requestId: revision.requestId,
    meta: options.meta,
    now,
    decide: (loaded) => {
      const current = loaded.state.revisions.find((r) => r.id === revision.id);
      // An approver whose release waited sends it again while the other approver's completes it
      // (the claim was not there yet when this request read it above): the same answer as there.
      const ownWaiting =
        current?.status === 'accepted' && current.approvals.some((a) => sameAddress(a.actor.email, link.recipientEmail))
          ? loaded.events.findLast(
              (row) =>
                row.type === 'purchasing_approved' &&
                row.quoteRevisionId === revision.id &&
                sameAddress(row.actorEmail ?? undefined, link.recipientEmail),
            )
          : undefined;
      if (ownWaiting) return { repeatOf: ownWaiting };
      waiting = current !== undefined && !completesApproval(loaded.state, current, link.recipientEmail);
      const earlierPo = current?.approvals.find((approval) => approval.poNumber)?.poNumber;
      if (!waiting && earlierPo && input.poNumber && input.poNumber !== earlierPo) {
        throw new AppError('VALIDATION', undefined, {
          fields: {
            poNumber: `The other approver released this quote under PO ${earlierPo}; release under the same PO number.`,
          },
        });
      }
      const poNumber = (input.poNumber || earlierPo) ?? '';
      const poDocument = input.poDocumentId
        ? releasedPoDocument({ loaded, revision, poDocumentId: input.poDocumentId, poNumber })
        : undefined;
      return {
        event: {
          type: waiting ? 'purchasing_approved' : 'purchasing_accepted',
          actor: { role: 'purchasing', name: input.name, email: link.recipientEmail },
          revisionId: revision.id,
          poNumber: (input.poNumber || earlierPo) ?? undefined,
          budgetCode: (input.budgetCode || current?.approvals.find((a) => a.budgetCode)?.budgetCode) ?? undefined,
        },
        details: { jobTitle: input.jobTitle, authorised: true, ...(poDocument ? { poDocument } : {}) },
      };
    },
    refusalMessage: (code, message, state) => {
      const first = state.revisions.find((r) => r.id === revision.id);
      if (code !== 'ALREADY_DECIDED' || first?.status !== 'accepted') return message;
      return alreadyReleasedMessage(first.acceptedBy?.name ?? 'purchasing', first.poNumber);
    },
    alsoInTx: async (tx, { state }) => {
      if (waiting) {
        await markLinkUsed(link.id, { tx, now });
        return undefined;
      }
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
          approvals: earlierApprovals(state, revision.id),
          step: 'claimed',
        },
      });
      await markLinkUsed(link.id, { tx, now });
      return leaseId;
    },
    mails: (tx, committed) => (waiting ? waitingMails({ tx, committed, revision, now }) : []),
  });
  if (outcome.repeated) {
    // The same release again: while it waits for the other approver, answer as waiting.
    const current = outcome.state.revisions.find((r) => r.id === revision.id);
    if (current && current.status !== 'accepted') {
      return { repeated: true, waiting: true, missing: missingNames(outcome.after, current), mailIds: [] };
    }
    // The same accept committed by a concurrent request while this one waited for the lock.
    return { repeated: true };
  }
  if (waiting) {
    const current = outcome.state.revisions.find((r) => r.id === revision.id);
    return {
      repeated: false,
      waiting: true,
      missing: current ? missingNames(outcome.after, current) : [],
      mailIds: outcome.mailIds,
    };
  }
  return { repeated: false, leaseId: outcome.extra as string };
}

/** The approvers recorded before the final release, for the receipt, the mails and the certificate. */
function earlierApprovals(state: WorkflowState, revisionId: string): ReleaseProgress['approvals'] {
  const current = state.revisions.find((r) => r.id === revisionId);
  return current?.approvals.map((approval) => ({
    name: approval.actor.name ?? '',
    email: approval.actor.email ?? '',
    ...(approval.at ? { at: approval.at } : {}),
  }));
}

function repeatOrRefuse(claim: ClaimRow, fingerprint: string, email: string): ClaimOutcome {
  if (claim.fingerprint === fingerprint) return { repeated: true };
  // An approver whose earlier release waited for the other one, sending it again after the release.
  if (progressOf(claim).approvals?.some((approval) => approval.email.toLowerCase() === email.toLowerCase())) {
    return { repeated: true };
  }
  const first = progressOf(claim);
  throw new AppError('ALREADY_DECIDED', alreadyReleasedMessage(first.name, first.poNumber));
}

function alreadyReleasedMessage(name: string, poNumber: string | undefined): string {
  return `This quote was already released by ${name}${poNumber ? ` under PO ${poNumber}` : ''}. A release cannot be changed here; contact the shop if something is wrong.`;
}
