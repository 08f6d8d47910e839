/** Who hears about a purchasing decision or a payment: both contacts (once when one person holds both roles) and the shop. */
import { formatMoney } from '../../domain/money.js';
import { readyForProduction, SCOPE_WORDS, type WorkflowState } from '../../domain/workflow.js';
import { getConfig } from '../config.js';
import type { MailMessage } from '../mail/index.js';
import { releaseMail, type ReleaseMailKind, type ReleaseMailRecipient } from '../mail/templates/release-decision.js';
import { requestHandoffNote } from '../requests/handoff.js';
import { loadRequest, type LoadedRequest } from '../requests/load-request.js';
import { deliverMails } from '../requests/record-technical-event.js';
import type { ReleaseProgress } from './claims.js';
import { findRevisionRow, type RevisionRow } from './converge.js';

export interface SendReleaseMailsOptions {
  loaded: LoadedRequest;
  state: WorkflowState;
  revision: RevisionRow;
  decidedBy: { name: string; jobTitle?: string | undefined };
  kind: ReleaseMailKind;
}

export function releaseRecipients(loaded: LoadedRequest): ReleaseMailRecipient[] {
  const { technical, purchasing } = loaded;
  const same = technical.email.toLowerCase() === purchasing.email.toLowerCase();
  return [
    ...(same
      ? [{ to: purchasing.email, name: purchasing.name, audience: 'both_roles' as const }]
      : [
          { to: purchasing.email, name: purchasing.name, audience: 'purchasing' as const },
          { to: technical.email, name: technical.name, audience: 'technical' as const },
        ]),
    { to: getConfig().shopNotifyEmail, name: 'shop team', audience: 'shop' as const },
  ];
}

/** Sends after the commit; a failed mail is recorded for the shop, never thrown at the approver. */
export async function sendReleaseMails(options: SendReleaseMailsOptions): Promise<string[]> {
  const { loaded, state, revision } = options;
  const facts = {
    reference: loaded.request.reference,
    partName: loaded.details.part.name,
    lot: `the ${SCOPE_WORDS[revision.scope]} of ${revision.quantity} pcs`,
    total: formatMoney(revision.amountTotalMinor, revision.currency),
    decidedBy: options.decidedBy,
    kind: options.kind,
    handoffNote: requestHandoffNote(state),
    readyForProduction: readyForProduction(state),
  };
  const mails: [string, MailMessage][] = releaseRecipients(loaded).map((recipient) => [
    recipient.audience === 'shop' ? 'the shop' : recipient.to,
    releaseMail(facts, recipient),
  ]);
  return deliverMails({ requestId: loaded.request.id, reference: loaded.request.reference, mails });
}

/** The "released" mails, sent once by whichever worker completed the invoice (accept, retry or reconciler). */
export async function announceRelease(progress: ReleaseProgress): Promise<void> {
  const loaded = await loadRequest({ id: progress.requestId });
  const revision = await findRevisionRow(progress.revisionId);
  if (!loaded || !revision) return;
  await sendReleaseMails({
    loaded,
    state: loaded.state,
    revision,
    decidedBy: { name: progress.name, jobTitle: progress.jobTitle },
    kind: {
      type: 'released',
      poNumber: progress.poNumber,
      budgetCode: progress.budgetCode,
      invoiceNumber: progress.invoiceNumber ?? null,
      invoiceUrl: progress.hostedInvoiceUrl ?? null,
    },
  });
}
