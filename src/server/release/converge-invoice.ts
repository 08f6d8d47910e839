/**
 * Converging local state with what Stripe says, shared by the step machine, the webhook handlers and
 * the reconciler. Each takes a fact ("this revision's invoice has reached `paid`") and appends only
 * the workflow events still missing to reach it, under the request's row lock, through the domain's
 * `applyEvent`. So the same fact twice, or facts out of order, change nothing the second time:
 * `invoice.paid` before `invoice.finalized` records created → finalized → paid, and the late
 * `invoice.finalized` is then a no-op.
 */
import { eq } from 'drizzle-orm';
import type { InvoiceStatus, Revision, WorkflowState } from '../../domain/workflow/state.js';
import { applyEvent } from '../../domain/workflow/transitions.js';
import type { InvoiceEventType, WorkflowEvent } from '../../domain/workflow/vocabulary.js';
import { getDb, type Tx } from '../db/index.js';
import { quoteRevisions, requests } from '../db/schema.js';
import { recordEvent } from '../requests/events.js';
import { loadRequest, type LoadedRequest } from '../requests/load-request.js';

export type RevisionRow = typeof quoteRevisions.$inferSelect;

const CHAIN: Record<InvoiceStatus, readonly InvoiceEventType[]> = {
  none: [],
  draft: ['invoice_created'],
  open: ['invoice_created', 'invoice_finalized'],
  sent: ['invoice_created', 'invoice_finalized', 'invoice_sent'],
  payment_failed: ['invoice_created', 'invoice_finalized', 'invoice_payment_failed'],
  paid: ['invoice_created', 'invoice_finalized', 'invoice_paid'],
  void: ['invoice_created', 'invoice_finalized', 'invoice_voided'],
};

export async function findRevisionRow(id: string, tx?: Tx): Promise<RevisionRow | undefined> {
  const [row] = await (tx ?? getDb()).select().from(quoteRevisions).where(eq(quoteRevisions.id, id));
  return row;
}

export async function findRevisionByStripeQuote(stripeQuoteId: string, tx?: Tx): Promise<RevisionRow | undefined> {
  const [row] = await (tx ?? getDb())
    .select()
    .from(quoteRevisions)
    .where(eq(quoteRevisions.stripeQuoteId, stripeQuoteId));
  return row;
}

/** Locks the request row and loads it: every commercial write goes through here. */
export async function lockRequest(tx: Tx, requestId: string): Promise<LoadedRequest | undefined> {
  const [locked] = await tx.select({ id: requests.id }).from(requests).where(eq(requests.id, requestId)).for('update');
  if (!locked) return undefined;
  return loadRequest({ id: requestId, tx });
}

export interface AppendCommercialOptions {
  tx: Tx;
  loaded: LoadedRequest;
  state: WorkflowState;
  event: WorkflowEvent;
  payload?: Record<string, unknown>;
}

/**
 * Appends one event when the domain accepts it and it changes something; returns the next state, or
 * undefined when it was refused or a no-op (nothing is written then).
 */
export async function appendIfChanges(options: AppendCommercialOptions): Promise<WorkflowState | undefined> {
  const { tx, loaded, state, event } = options;
  const result = applyEvent(state, event);
  if (!result.ok || sameCommercial(state, result.state)) return undefined;
  const { type, actor, ...fields } = event;
  await recordEvent({
    tx,
    requestId: loaded.request.id,
    type,
    role: actor.role,
    actorName: actor.name,
    actorEmail: actor.email,
    quoteRevisionId: 'revisionId' in fields ? fields.revisionId : undefined,
    payload: { ...fields, ...options.payload },
  });
  return result.state;
}

function sameCommercial(a: WorkflowState, b: WorkflowState): boolean {
  if (a.commercial !== b.commercial || a.revisions.length !== b.revisions.length) return false;
  return a.revisions.every((revision, index) => {
    const other = b.revisions[index];
    return (
      other !== undefined &&
      revision.status === other.status &&
      revision.invoiceStatus === other.invoiceStatus &&
      revision.invoiceId === other.invoiceId &&
      revision.acceptedOutsidePortal === other.acceptedOutsidePortal
    );
  });
}

/** Writes the projections the inbox filters on: the commercial column and the revision's row. */
export async function saveProjection(
  tx: Tx,
  loaded: LoadedRequest,
  state: WorkflowState,
  revisionId: string,
  invoice?: { id: string; number?: string | null | undefined; url?: string | null | undefined },
): Promise<void> {
  const now = new Date();
  await tx
    .update(requests)
    .set({ commercialState: state.commercial, updatedAt: now })
    .where(eq(requests.id, loaded.request.id));
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
      updatedAt: now,
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
    const revisionRow = await findRevisionRow(options.revisionId, tx);
    if (!revisionRow) return { recorded: [], loaded: undefined, state: undefined };
    const loaded = await lockRequest(tx, revisionRow.requestId);
    if (!loaded) return { recorded: [], loaded: undefined, state: undefined };
    let state = loaded.state;
    const recorded: InvoiceEventType[] = [];
    for (const type of CHAIN[options.reached]) {
      const next = await appendIfChanges({
        tx,
        loaded,
        state,
        event: { type, actor: { role: options.role }, revisionId: options.revisionId, invoiceId: options.invoice.id },
      });
      if (!next) continue;
      state = next;
      recorded.push(type);
    }
    const revision = state.revisions.find((r) => r.id === options.revisionId);
    // An invoice our release did not create (accepted outside the portal) stays off this revision.
    if (revision?.invoiceId === options.invoice.id) {
      await saveProjection(tx, loaded, state, options.revisionId, {
        id: options.invoice.id,
        number: options.invoice.number,
        url: options.invoice.hostedInvoiceUrl,
      });
    }
    return { recorded, loaded, state };
  };
  return options.tx ? run(options.tx) : getDb().transaction(run);
}

export interface ConvergeQuoteClosedOptions {
  revisionId: string;
  kind: 'quote_canceled' | 'quote_expired';
  role: 'stripe' | 'system';
}

/** Stripe closed the quote (canceled, or expired): the revision closes locally unless already decided. */
export async function convergeQuoteClosed(options: ConvergeQuoteClosedOptions): Promise<boolean> {
  return getDb().transaction(async (tx) => {
    const revisionRow = await findRevisionRow(options.revisionId, tx);
    if (!revisionRow) return false;
    const loaded = await lockRequest(tx, revisionRow.requestId);
    if (!loaded) return false;
    const next = await appendIfChanges({
      tx,
      loaded,
      state: loaded.state,
      event: { type: options.kind, actor: { role: options.role }, revisionId: options.revisionId },
    });
    if (!next) return false;
    await saveProjection(tx, loaded, next, options.revisionId);
    return true;
  });
}
