/**
 * The exactly-once claim of a purchasing release (`action_claims`, key `accept:<revisionId>`): one row
 * per revision, inserted in the same transaction as the `purchasing_accepted` event, so exactly one
 * accept wins whatever the concurrency. The row also carries the step machine's progress and a lease:
 * only the lease holder calls Stripe, and every progress write checks it still holds the lease
 * (fencing), so a slow worker whose lease expired cannot write over the one that took over.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, like } from '../db/orm.js';
import type { AppErrorCode } from '../../domain/errors.js';
import { parseStoredJson } from '../../domain/stored-json.js';
import { getDb, type Db, type Tx } from '../db/index.js';
import { actionClaims } from '../db/schema.js';
import { releaseProgressSchema } from './claim-progress-schema.js';

export type ClaimRow = typeof actionClaims.$inferSelect;

/** Where the accept → invoice chain stands; each value names the last step that completed. */
export const RELEASE_STEPS = ['claimed', 'accepted', 'fields_set', 'finalized', 'sent'] as const;
export type ReleaseStep = (typeof RELEASE_STEPS)[number];

export interface ReleaseProgress {
  revisionId: string;
  requestId: string;
  stripeQuoteId: string;
  poNumber: string;
  budgetCode: string;
  name: string;
  jobTitle: string;
  email: string;
  /** Approvers whose releases waited for this final one (approval by amount, architecture §11). */
  approvals?: { name: string; email: string; at?: string | undefined }[] | undefined;
  step: ReleaseStep;
  invoiceId?: string | undefined;
  invoiceNumber?: string | undefined;
  hostedInvoiceUrl?: string | undefined;
  /** Stripe faults met so far (each also an event); for the shop and the bench. */
  faults: number;
  lease?: { id: string; until: string } | undefined;
  /** Set when Stripe refused the accept for good (the quote was closed there at the same moment). */
  failure?: { code: AppErrorCode; message: string } | undefined;
}

export const acceptClaimKey = (revisionId: string) => `accept:${revisionId}`;

export function progressOf(row: ClaimRow): ReleaseProgress {
  // Written only by this module from a ReleaseProgress.
  return parseStoredJson(releaseProgressSchema, row.result, 'action_claims.result', row.key);
}

export async function readClaim(revisionId: string, tx?: Tx | Db): Promise<ClaimRow | undefined> {
  const [row] = await (tx ?? getDb())
    .select()
    .from(actionClaims)
    .where(eq(actionClaims.key, acceptClaimKey(revisionId)));
  return row;
}

export interface InsertClaimOptions {
  tx: Tx;
  progress: Omit<ReleaseProgress, 'lease' | 'faults'>;
  fingerprint: string;
  now: Date;
  leaseMs: number;
}

/** Inserts the claim with the caller holding the lease; returns the lease id. */
export async function insertClaim({ tx, progress, fingerprint, now, leaseMs }: InsertClaimOptions): Promise<string> {
  const lease = { id: randomUUID(), until: new Date(now.getTime() + leaseMs).toISOString() };
  await tx.insert(actionClaims).values({
    key: acceptClaimKey(progress.revisionId),
    requestId: progress.requestId,
    status: 'pending',
    fingerprint,
    result: { ...progress, faults: 0, lease } satisfies ReleaseProgress,
    createdAt: now,
    updatedAt: now,
  });
  return lease.id;
}

export type LeaseOutcome =
  | { kind: 'acquired'; leaseId: string; progress: ReleaseProgress }
  | { kind: 'done' | 'failed' | 'busy'; progress: ReleaseProgress }
  | { kind: 'missing' };

export interface AcquireLeaseOptions {
  revisionId: string;
  now: Date;
  leaseMs: number;
  /** A lease the caller already holds (from insertClaim): keep it instead of waiting for it. */
  leaseId?: string | undefined;
}

export async function acquireLease({ revisionId, now, leaseMs, leaseId }: AcquireLeaseOptions): Promise<LeaseOutcome> {
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(actionClaims)
      .where(eq(actionClaims.key, acceptClaimKey(revisionId)))
      .for('update');
    if (!row) return { kind: 'missing' };
    const progress = progressOf(row);
    if (row.status === 'done') return { kind: 'done', progress };
    if (row.status === 'failed') return { kind: 'failed', progress };
    const held = progress.lease;
    if (held && held.id !== leaseId && new Date(held.until) > now) return { kind: 'busy', progress };
    const lease = { id: leaseId && held?.id === leaseId ? leaseId : randomUUID(), until: '' };
    lease.until = new Date(now.getTime() + leaseMs).toISOString();
    const next = { ...progress, lease };
    await tx.update(actionClaims).set({ result: next, updatedAt: now }).where(eq(actionClaims.key, row.key));
    return { kind: 'acquired', leaseId: lease.id, progress: next };
  });
}

export interface UnderLeaseOptions<T> {
  revisionId: string;
  leaseId: string;
  now: Date;
  leaseMs: number;
  /** Runs in the claim's transaction; returns the progress to store (and the claim's status). */
  change: (
    tx: Tx,
    progress: ReleaseProgress,
  ) => Promise<{ progress: ReleaseProgress; status?: 'pending' | 'done' | 'failed'; value?: T }>;
}

/** Lease lost: another worker took over after this one's lease ran out. */
export class LeaseLostError extends Error {
  constructor(revisionId: string) {
    super(`release ${revisionId}: lease lost to another worker`);
    this.name = 'LeaseLostError';
  }
}

/** One progress write, fenced by the lease and renewing it; events recorded in `change` commit with it. */
export async function underLease<T>(options: UnderLeaseOptions<T>): Promise<{ progress: ReleaseProgress; value?: T }> {
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(actionClaims)
      .where(eq(actionClaims.key, acceptClaimKey(options.revisionId)))
      .for('update');
    if (!row || row.status !== 'pending' || progressOf(row).lease?.id !== options.leaseId) {
      throw new LeaseLostError(options.revisionId);
    }
    const result = await options.change(tx, progressOf(row));
    const status = result.status ?? 'pending';
    const lease =
      status === 'pending'
        ? { id: options.leaseId, until: new Date(options.now.getTime() + options.leaseMs).toISOString() }
        : undefined;
    const progress = { ...result.progress, lease };
    await tx
      .update(actionClaims)
      .set({ result: progress, status, updatedAt: options.now })
      .where(eq(actionClaims.key, row.key));
    return { progress, ...(result.value !== undefined ? { value: result.value } : {}) };
  });
}

/** Gives the lease back (after a Stripe fault) so the next retry or the reconciler can continue at once. */
export async function releaseLease(revisionId: string, leaseId: string, now: Date): Promise<void> {
  await getDb().transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(actionClaims)
      .where(eq(actionClaims.key, acceptClaimKey(revisionId)))
      .for('update');
    if (!row || progressOf(row).lease?.id !== leaseId) return;
    await tx
      .update(actionClaims)
      .set({ result: { ...progressOf(row), lease: undefined }, updatedAt: now })
      .where(eq(actionClaims.key, row.key));
  });
}

/** Claims still pending: what the reconciler drives to the end. */
export async function pendingClaims(): Promise<ClaimRow[]> {
  return getDb()
    .select()
    .from(actionClaims)
    .where(and(eq(actionClaims.status, 'pending'), like(actionClaims.key, acceptClaimKey('%'))));
}
