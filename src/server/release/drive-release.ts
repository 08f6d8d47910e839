/**
 * The step machine from a claimed release to a sent invoice (architecture §7):
 *
 *   claimed → Stripe accept (draft invoice) → custom fields (PO number, budget code) → finalize → send
 *
 * Only the claim's lease holder calls Stripe. Each call carries an idempotency key from our ids (the
 * adapter's defaults), and after each call the step and its event commit together under the lease.
 * When an outcome is unknown (timeout, dropped connection, 5xx) the object is read back from Stripe
 * before anything is retried, so a retry after a crash or a fault continues the same invoice: the
 * quote can only be accepted once, and its invoice id is read from the accepted quote, never created
 * a second way.
 */
import { EventEmitter } from 'node:events';
import {
  finalizeInvoice,
  retrieveInvoice,
  retrieveQuote,
  sendInvoice,
  setInvoiceCustomFields,
  StripeAdapterError,
  acceptStripeQuote as stripeAccept,
  type StripeInvoice,
} from '../stripe/index.js';
import { errorCode } from '../error-code.js';
import { logError } from '../log.js';
import { recordEvent } from '../db/event-log.js';
import { enqueueReleaseAnnouncement } from './release-mails.js';
import { storeReleaseCertificate } from './store-certificate.js';
import {
  acquireLease,
  LeaseLostError,
  progressOf,
  readClaim,
  releaseLease,
  underLease,
  type ReleaseProgress,
  type ReleaseStep,
} from './claims.js';
import { convergeInvoice, type ConvergedInvoice } from './converge-invoice.js';

/** Longer than a function's 15 s limit, so a live worker never loses its lease mid-call. */
export const DEFAULT_LEASE_MS = 20_000;

export interface DriveReleaseOptions {
  revisionId: string;
  /** The lease the caller already holds (the winning accept took it with the claim). */
  leaseId?: string | undefined;
  /** How long to wait for another worker's lease before answering "still in progress". */
  waitMs?: number;
  leaseMs?: number;
  clock?: () => Date;
  /** Test hook: runs after each committed step; throwing here stands in for the process dying. */
  afterStep?: (step: ReleaseStep) => void | Promise<void>;
}

export type DriveOutcome =
  /** `mailIds`: the "released" mails this worker wrote when it completed the release, to deliver now. */
  | { kind: 'done'; progress: ReleaseProgress; completedNow: boolean; mailIds: string[] }
  | { kind: 'pending'; progress: ReleaseProgress | undefined }
  | { kind: 'failed'; progress: ReleaseProgress };

// Waiters in this instance wake as soon as the worker here settles; others poll the claim row.
const settled = new EventEmitter().setMaxListeners(0);

function settledOrTimeout(revisionId: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      settled.off(revisionId, done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    settled.on(revisionId, done);
  });
}

/** Stripe closed the quote before our accept reached it: there is nothing to invoice. */
class AcceptRefused extends Error {}

export async function driveRelease(options: DriveReleaseOptions): Promise<DriveOutcome> {
  const clock = options.clock ?? (() => new Date());
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const deadline = Date.now() + (options.waitMs ?? 10_000);
  let leaseId = options.leaseId;
  for (let round = 0; ; round += 1) {
    // Waiters look with a plain read and only lock the claim once the lease looks free, so fifty
    // concurrent repeats do not queue on the row lock the worker needs for its progress writes.
    const seen = leaseId ? undefined : await readClaim(options.revisionId);
    const held = seen ? progressOf(seen).lease : undefined;
    if (seen?.status === 'pending' && held && new Date(held.until) > clock()) {
      const left = deadline - Date.now();
      if (left <= 0) return { kind: 'pending', progress: progressOf(seen) };
      await settledOrTimeout(options.revisionId, Math.min(50 * 2 ** Math.min(round, 3), 400, left));
      continue;
    }
    const lease = await acquireLease({ revisionId: options.revisionId, now: clock(), leaseMs, leaseId });
    if (lease.kind === 'missing') return { kind: 'pending', progress: undefined };
    if (lease.kind === 'done') return { kind: 'done', progress: lease.progress, completedNow: false, mailIds: [] };
    if (lease.kind === 'failed') return { kind: 'failed', progress: lease.progress };
    if (lease.kind !== 'acquired') {
      if (Date.now() >= deadline) return { kind: 'pending', progress: lease.progress };
      await settledOrTimeout(options.revisionId, 100);
      continue;
    }
    leaseId = lease.leaseId;
    try {
      return await runSteps({ ...options, leaseId, leaseMs, clock, progress: lease.progress });
    } finally {
      settled.emit(options.revisionId);
    }
  }
}

interface RunOptions extends DriveReleaseOptions {
  leaseId: string;
  leaseMs: number;
  clock: () => Date;
  progress: ReleaseProgress;
}

async function runSteps(options: RunOptions): Promise<DriveOutcome> {
  let progress = options.progress;
  try {
    while (progress.step !== 'sent') {
      progress = await runStep(options, progress);
      await options.afterStep?.(progress.step);
    }
    const finished = await underLease({
      revisionId: options.revisionId,
      leaseId: options.leaseId,
      now: options.clock(),
      leaseMs: options.leaseMs,
      change: async (tx, current) => ({
        progress: current,
        status: 'done',
        value: await enqueueReleaseAnnouncement(tx, current),
      }),
    });
    // After the commit, before the caller delivers the mails that wait for it (architecture §12).
    await storeReleaseCertificate({ quoteRevisionId: options.revisionId });
    return { kind: 'done', progress: finished.progress, completedNow: true, mailIds: finished.value ?? [] };
  } catch (error) {
    if (error instanceof AcceptRefused) return fail(options, progress, error.message);
    if (error instanceof StripeAdapterError) {
      await noteFault(options, progress, error);
      await releaseLease(options.revisionId, options.leaseId, options.clock());
      return { kind: 'pending', progress };
    }
    if (error instanceof LeaseLostError) return { kind: 'pending', progress };
    // Anything else (a bug, the database gone, a crash): keep the lease; it runs out and a retry or
    // the reconciler continues from the last committed step.
    throw error;
  }
}

async function runStep(options: RunOptions, progress: ReleaseProgress): Promise<ReleaseProgress> {
  const commit = (
    step: ReleaseStep,
    changes: Partial<ReleaseProgress>,
    write: (tx: Parameters<Parameters<typeof underLease>[0]['change']>[0]) => Promise<unknown>,
  ) =>
    underLease({
      revisionId: options.revisionId,
      leaseId: options.leaseId,
      now: options.clock(),
      leaseMs: options.leaseMs,
      change: async (tx, current) => {
        await write(tx);
        return { progress: { ...current, ...changes, step } };
      },
    }).then((result) => result.progress);

  switch (progress.step) {
    case 'claimed': {
      const invoiceId = await acceptInStripe(progress);
      return commit('accepted', { invoiceId }, (tx) =>
        convergeInvoice({
          tx,
          revisionId: progress.revisionId,
          invoice: { id: invoiceId },
          reached: 'draft',
          role: 'system',
        }),
      );
    }
    case 'accepted': {
      const invoiceId = required(progress.invoiceId);
      const fields = customFields(progress);
      await withReadBack(
        () =>
          setInvoiceCustomFields({
            invoiceId,
            fields,
            metadata: { revision_id: progress.revisionId, request_id: progress.requestId },
          }),
        async () => {
          const invoice = await retrieveInvoice({ invoiceId });
          // Past draft the fields can no longer change; our order of steps set them before finalize.
          return invoice.status !== 'draft' || sameFields(invoice, fields) ? invoice : undefined;
        },
      );
      return commit('fields_set', {}, (tx) =>
        recordEvent({
          tx,
          requestId: progress.requestId,
          type: 'invoice_fields_set',
          role: 'system',
          quoteRevisionId: progress.revisionId,
          payload: { invoiceId, fields },
        }),
      );
    }
    case 'fields_set': {
      const invoiceId = required(progress.invoiceId);
      const invoice = await withReadBack(
        () => finalizeInvoice({ invoiceId }),
        async () => {
          const found = await retrieveInvoice({ invoiceId });
          return found.status === 'draft' ? undefined : found;
        },
      );
      return commit(
        'finalized',
        { invoiceNumber: invoice.number ?? undefined, hostedInvoiceUrl: invoice.hostedInvoiceUrl ?? undefined },
        (tx) =>
          converge(
            tx,
            progress,
            invoice,
            invoice.status === 'paid' || invoice.status === 'void' ? invoice.status : 'open',
          ),
      );
    }
    case 'finalized': {
      const invoiceId = required(progress.invoiceId);
      // Sending again is harmless (one more email), so an unknown outcome is retried with the same key.
      const invoice = await withReadBack(
        () => sendInvoice({ invoiceId }),
        async () => {
          const found = await retrieveInvoice({ invoiceId });
          return found.status === 'paid' || found.status === 'void' ? found : undefined;
        },
      );
      return commit('sent', {}, (tx) =>
        converge(
          tx,
          progress,
          invoice,
          invoice.status === 'paid' || invoice.status === 'void' ? invoice.status : 'sent',
        ),
      );
    }
    case 'sent':
      return progress;
  }
}

function converge(
  tx: Parameters<Parameters<typeof underLease>[0]['change']>[0],
  progress: ReleaseProgress,
  invoice: StripeInvoice,
  reached: 'open' | 'sent' | 'paid' | 'void',
): Promise<ConvergedInvoice> {
  return convergeInvoice({
    tx,
    revisionId: progress.revisionId,
    invoice: { id: invoice.id, number: invoice.number, hostedInvoiceUrl: invoice.hostedInvoiceUrl },
    reached,
    role: 'system',
  });
}

/** Accepts the quote in Stripe, or finds that an earlier attempt already did; returns its invoice id. */
async function acceptInStripe(progress: ReleaseProgress): Promise<string> {
  const readBack = async () => {
    const quote = await retrieveQuote({ quoteId: progress.stripeQuoteId });
    if (quote.status === 'accepted' && quote.invoiceId) return quote.invoiceId;
    if (quote.status === 'canceled') {
      throw new AcceptRefused(
        'Stripe no longer holds this quote open: it was canceled or replaced at the same moment as the release. No invoice was created; the shop will issue a current quote.',
      );
    }
    return undefined;
  };
  return withReadBack(async () => {
    const quote = await stripeAccept({ quoteId: progress.stripeQuoteId, revisionId: progress.revisionId });
    if (!quote.invoiceId) throw new Error(`Stripe accepted ${quote.id} without an invoice`);
    return quote.invoiceId;
  }, readBack);
}

/**
 * Runs a Stripe call; when its outcome is unknown or refused by state, reads the object back first
 * and only retries (once, with the same idempotency key) when the read-back shows nothing happened.
 */
async function withReadBack<T>(call: () => Promise<T>, readBack: () => Promise<T | undefined>): Promise<T> {
  let last: unknown;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof StripeAdapterError)) throw error;
      last = error;
      if (error.kind === 'auth' || error.kind === 'idempotency' || error.kind === 'invalid_request') {
        const found = await readBack();
        if (found !== undefined) return found;
        throw error;
      }
      const found = await readBack();
      if (found !== undefined) return found;
    }
  }
  throw last;
}

function customFields(progress: ReleaseProgress): { name: string; value: string }[] {
  return [
    ...(progress.poNumber ? [{ name: 'PO number', value: progress.poNumber }] : []),
    ...(progress.budgetCode ? [{ name: 'Budget code', value: progress.budgetCode }] : []),
  ];
}

function sameFields(invoice: StripeInvoice, fields: { name: string; value: string }[]): boolean {
  return JSON.stringify(invoice.customFields) === JSON.stringify(fields);
}

function required(invoiceId: string | undefined): string {
  if (!invoiceId) throw new Error('release step needs the invoice id from the accept step');
  return invoiceId;
}

async function noteFault(options: RunOptions, progress: ReleaseProgress, error: StripeAdapterError): Promise<void> {
  try {
    await recordUnderLease(
      options,
      progress,
      'release_step_failed',
      { kind: error.kind, operation: error.operation },
      (current) => ({ progress: { ...current, faults: current.faults + 1 } }),
    );
  } catch (noteError) {
    logError(`release ${progress.revisionId}: could not record a Stripe fault: ${errorCode(noteError)}`);
  }
}

async function fail(options: RunOptions, progress: ReleaseProgress, message: string): Promise<DriveOutcome> {
  const failed = await recordUnderLease(options, progress, 'release_failed', { message }, (current) => ({
    progress: { ...current, failure: { code: 'QUOTE_NOT_OPEN', message } },
    status: 'failed',
  }));
  return { kind: 'failed', progress: failed.progress };
}

/** Records a system event about the release, with the step it stopped at, together with the next progress. */
function recordUnderLease(
  options: RunOptions,
  progress: ReleaseProgress,
  type: 'release_step_failed' | 'release_failed',
  facts: Record<string, unknown>,
  next: (current: ReleaseProgress) => { progress: ReleaseProgress; status?: 'failed' },
): Promise<{ progress: ReleaseProgress }> {
  return underLease({
    revisionId: options.revisionId,
    leaseId: options.leaseId,
    now: options.clock(),
    leaseMs: options.leaseMs,
    change: async (tx, current) => {
      await recordEvent({
        tx,
        requestId: progress.requestId,
        type,
        role: 'system',
        quoteRevisionId: progress.revisionId,
        payload: { step: current.step, ...facts },
      });
      return next(current);
    },
  });
}
