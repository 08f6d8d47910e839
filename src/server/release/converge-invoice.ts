/**
 * Converging local state with what Stripe says, shared by the step machine, the webhook handlers and
 * the reconciler. Each takes a fact ("this revision's invoice has reached `paid`") and commits, as
 * facts through the one decision path (architecture §11), only the workflow events still missing to
 * reach it. So the same fact twice, or facts out of order, change nothing the second time:
 * `invoice.paid` before `invoice.finalized` records created → finalized → paid, and the late
 * `invoice.finalized` is then a no-op.
 */
import { eq } from '../db/orm.js';
import type { InvoiceStatus, Revision, WorkflowState } from '../../domain/workflow/state.js';
import type { InvoiceEventType } from '../../domain/workflow/vocabulary.js';
import { getDb, type Tx } from '../db/index.js';
import { quoteRevisions } from '../db/schema.js';
import { deliverOutbox, type QueuedMail } from '../mail/outbox.js';
import { commitDecision, type CommittedDecision } from '../requests/commit-decision.js';
import type { LoadedRequest } from '../requests/load-request.js';
import { findRevision, type RevisionRow } from '../quotes/revisions.js';

const CHAIN: Record<InvoiceStatus, readonly InvoiceEventType[]> = {
  none: [],
  draft: ['invoice_created'],
  open: ['invoice_created', 'invoice_finalized'],
  sent: ['invoice_created', 'invoice_finalized', 'invoice_sent'],
  payment_failed: ['invoice_created', 'invoice_finalized', 'invoice_payment_failed'],
  paid: ['invoice_created', 'invoice_finalized', 'invoice_paid'],
  void: ['invoice_created', 'invoice_finalized', 'invoice_voided'],
};

export interface InvoiceFacts {
  id: string;
  number?: string | null | undefined;
  url?: string | null | undefined;
}

export interface SyncRevisionRowOptions {
  tx: Tx;
  state: WorkflowState;
  revisionId: string;
  invoice?: InvoiceFacts | undefined;
  now?: Date | undefined;
}

/** Writes the revision's status and invoice progress from the state onto its row (the shop's views read it). */
export async function syncRevisionRow({ tx, state, revisionId, invoice, now }: SyncRevisionRowOptions): Promise<void> {
  const revision: Revision | undefined = state.revisions.find((r) => r.id === revisionId);
  if (!revision) return;
  await tx
    .update(quoteRevisions)
    .set({
      status: revision.status,
      ...(revision.invoiceStatus !== 'none' ? { invoiceStatus: revision.invoiceStatus } : {}),
      ...(invoice ? { stripeInvoiceId: invoice.id } : {}),
      ...(invoice?.number ? { invoiceNumber: invoice.number } : {}),
      ...(invoice?.url ? { invoiceUrl: invoice.url } : {}),
      updatedAt: now ?? new Date(),
    })
    .where(eq(quoteRevisions.id, revisionId));
}

export interface ConvergeInvoiceOptions {
  revisionId: string;
  invoice: { id: string; number?: string | null | undefined; hostedInvoiceUrl?: string | null | undefined };
  reached: InvoiceStatus;
  role: 'stripe' | 'system';
  /** Run inside this transaction (the step machine writes its progress in the same one). */
  tx?: Tx;
}

export interface ConvergedInvoice {
  recorded: InvoiceEventType[];
  loaded: LoadedRequest | undefined;
  state: WorkflowState | undefined;
}

export async function convergeInvoice(options: ConvergeInvoiceOptions): Promise<ConvergedInvoice> {
  const run = async (tx: Tx): Promise<ConvergedInvoice> => {
    const revisionRow = await findRevision(options.revisionId, tx);
    if (!revisionRow) return { recorded: [], loaded: undefined, state: undefined };
    let loaded: LoadedRequest | undefined;
    const recorded: InvoiceEventType[] = [];
    for (const type of CHAIN[options.reached]) {
      const outcome = await commitDecision({
        tx,
        kind: 'fact',
        requestId: revisionRow.requestId,
        decide: () => ({
          event: { type, actor: { role: options.role }, revisionId: options.revisionId, invoiceId: options.invoice.id },
        }),
      });
      loaded = outcome.after;
      if (!outcome.repeated) recorded.push(type);
    }
    const state = loaded?.state;
    const revision = state?.revisions.find((r) => r.id === options.revisionId);
    // An invoice our release did not create (accepted outside the portal) stays off this revision.
    if (state && revision?.invoiceId === options.invoice.id) {
      const { id, number, hostedInvoiceUrl: url } = options.invoice;
      await syncRevisionRow({ tx, state, revisionId: options.revisionId, invoice: { id, number, url } });
    }
    return { recorded, loaded, state };
  };
  return options.tx ? run(options.tx) : getDb().transaction(run);
}

export interface ConvergeQuoteClosedOptions {
  revisionId: string;
  kind: 'quote_canceled' | 'quote_expired';
  role: 'stripe' | 'system';
  /** The mails the close causes, queued with it; none when it was already closed (architecture §14). */
  mails?: ((committed: CommittedDecision, revision: RevisionRow) => QueuedMail[]) | undefined;
  /** False when the caller delivers the outbox itself afterwards (the scheduled run, on its clock). */
  deliver?: boolean | undefined;
}

/** Stripe closed the quote (canceled, or expired): the revision closes locally unless already decided. */
export async function convergeQuoteClosed(options: ConvergeQuoteClosedOptions): Promise<boolean> {
  const revisionRow = await findRevision(options.revisionId);
  if (!revisionRow) return false;
  const outcome = await commitDecision({
    kind: 'fact',
    requestId: revisionRow.requestId,
    decide: () => ({ event: { type: options.kind, actor: { role: options.role }, revisionId: options.revisionId } }),
    alsoInTx: (tx, { state }) => syncRevisionRow({ tx, state, revisionId: options.revisionId }),
    mails: (_tx, committed) => options.mails?.(committed, revisionRow) ?? [],
  });
  if (!outcome.repeated && options.deliver !== false) await deliverOutbox({ ids: outcome.mailIds });
  return !outcome.repeated;
}
