/** Who hears about a purchasing decision or a payment: both contacts (once when one person holds both roles) and the shop. */
import { formatMoney } from '../../domain/money.js';
import type { WorkflowState } from '../../domain/workflow/state.js';
import { readyForProduction } from '../../domain/workflow/views.js';
import { getConfig } from '../config.js';
import type { Tx } from '../db/index.js';
import type { StoredAttachment } from '../mail/index.js';
import { enqueueMails, type QueuedMail } from '../mail/outbox.js';
import { newStorageKey } from '../storage/index.js';
import { releaseMail, type ReleaseMailKind, type ReleaseMailRecipient } from '../mail/templates/release-decision.js';
import { requestHandoffNote } from '../requests/handoff.js';
import { loadRequest, type LoadedRequest } from '../requests/load-request.js';
import type { ReleaseProgress } from './claims.js';
import { certificateInputFor } from './certificate-input.js';
import { poDocumentOf } from './po-document-check.js';
import { recordEvent } from '../db/event-log.js';
import { findRevision, type RevisionRow } from '../quotes/revisions.js';
import { SCOPE_LABEL } from '../../domain/labels.js';
import { certificateFileName } from './store-certificate.js';

export interface SendReleaseMailsOptions {
  loaded: LoadedRequest;
  state: WorkflowState;
  revision: RevisionRow;
  decidedBy: { name: string; jobTitle?: string | undefined; email?: string | undefined };
  releasedBefore?: readonly string[] | undefined;
  kind: ReleaseMailKind;
  /** The release certificate for the shop's and the approvers' "released" mails (architecture §12). */
  certificate?: StoredAttachment | undefined;
}

export function releaseRecipients(loaded: LoadedRequest): ReleaseMailRecipient[] {
  const { technical, purchasing } = loaded;
  const same = technical.email.toLowerCase() === purchasing.email.toLowerCase();
  // The second approver, once named, hears about every purchasing decision too (architecture §11).
  const second = loaded.state.approvalRule?.secondApprover;
  return [
    ...(second ? [{ to: second.email, name: second.name, audience: 'purchasing' as const }] : []),
    ...(same
      ? [{ to: purchasing.email, name: purchasing.name, audience: 'both_roles' as const }]
      : [
          { to: purchasing.email, name: purchasing.name, audience: 'purchasing' as const },
          { to: technical.email, name: technical.name, audience: 'technical' as const },
        ]),
    { to: getConfig().shopNotifyEmail, name: 'the shop', audience: 'shop' as const },
  ];
}

/**
 * The mails of a purchasing decision or a payment, for the outbox in the transaction that records it
 * (architecture §10): a committed decision always tells everyone, a failed delivery is retried.
 */
export function releaseMails(options: SendReleaseMailsOptions): QueuedMail[] {
  const { loaded, state, revision } = options;
  const facts = {
    reference: loaded.request.reference,
    partName: loaded.details.part.name,
    lot: `the ${SCOPE_LABEL[revision.scope]} of ${revision.quantity} pcs`,
    total: formatMoney(revision.amountTotalMinor, revision.currency),
    decidedBy: options.decidedBy,
    releasedBefore: options.releasedBefore,
    kind: options.kind,
    handoffNote: requestHandoffNote(state),
    readyForProduction: readyForProduction(state),
  };
  // The shop's copy of a release carries the buyer's PO document, read from storage at delivery.
  const po = options.kind.type === 'released' ? poDocumentOf(loaded.events, revision.id) : undefined;
  const poAttachment = po ? [{ filename: po.name, contentType: 'application/pdf', storageKey: po.id }] : [];
  // The certificate rides on the shop's and each approver's copy, not on the technical contact's.
  const certificate = options.certificate ? [options.certificate] : [];
  return releaseRecipients(loaded).map((recipient) => {
    const message = releaseMail(facts, recipient);
    const attachments = [
      ...(recipient.audience === 'shop' ? poAttachment : []),
      ...(recipient.audience === 'technical' ? [] : certificate),
    ];
    return {
      recipient: recipient.audience === 'shop' ? 'the shop' : recipient.to,
      message: attachments.length > 0 ? { ...message, attachments } : message,
    };
  });
}

/**
 * The "released" mails, written by whichever worker completes the invoice (accept, retry or
 * reconciler) in the transaction that marks the release done, so they go out exactly once.
 */
export async function enqueueReleaseAnnouncement(tx: Tx, progress: ReleaseProgress): Promise<string[]> {
  const loaded = await loadRequest({ id: progress.requestId, tx });
  const revision = await findRevision(progress.revisionId, tx);
  if (!loaded || !revision) return [];
  // The certificate's facts as they stand at the release, stored with it (architecture §12), and the
  // key its PDF is stored under after the commit (`storeReleaseCertificate`); the mails wait for it.
  const certificate = certificateInputFor({ loaded, revision, issuedAt: new Date() });
  const storageKey = newStorageKey('pdf');
  if (certificate) {
    await recordEvent({
      tx,
      requestId: loaded.request.id,
      type: 'release_certificate_issued',
      role: 'system',
      quoteRevisionId: revision.id,
      payload: { input: certificate, storageKey },
    });
  }
  const mails = releaseMails({
    loaded,
    state: loaded.state,
    revision,
    decidedBy: { name: progress.name, jobTitle: progress.jobTitle, email: progress.email },
    releasedBefore: progress.approvals?.map((approval) => approval.name),
    kind: {
      type: 'released',
      poNumber: progress.poNumber,
      budgetCode: progress.budgetCode,
      invoiceNumber: progress.invoiceNumber ?? null,
      invoiceUrl: progress.hostedInvoiceUrl ?? null,
    },
    certificate: certificate && {
      filename: certificateFileName(certificate.request.reference, revision.revision),
      contentType: 'application/pdf',
      storageKey,
      required: true,
    },
  });
  return enqueueMails({ tx, requestId: loaded.request.id, mails });
}
