/**
 * POST /api/requests: validates with the form's own schema, then stores the request, its contacts,
 * its files, its first event and its mails (the outbox) in ONE transaction with a race-safe reference
 * (PF-2026-0042), and delivers the mails after the commit. Submitting the same draft again returns
 * the same request (200) with a fresh status link and sends nothing new, only what is still owed:
 * a double click or a network retry makes one request. A mail failure never loses the request: the
 * outbox retries it and the shop sees it (architecture §10).
 */
import { and, eq, inArray, isNull, sql } from '../db/orm.js';
import type { CreateRequestResult } from '../../domain/contracts/intake.js';
import { AppError } from '../../domain/errors.js';
import { formatReference } from '../../domain/reference.js';
import {
  approverContact,
  createRequestSchema,
  intakeSecondApprover,
  parseOrThrow,
  serverToday,
  type QuoteRequest,
} from '../../domain/request-schema.js';
import { getDb, type Tx } from '../db/index.js';
import { contacts, files, referenceCounters, requests } from '../db/schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { issueLink } from '../links/index.js';
import { enforceRateLimit } from '../rate-limit.js';
import { isUuid, type RequestDetails } from '../requests/load-request.js';
import { recordEvent } from '../db/event-log.js';
import type { ReorderFile, SignOffCarry } from '../../domain/reorder.js';
import { recordWorkflowEvent } from '../requests/events.js';
import type { FileRow } from '../requests/files.js';
import { thresholdMinorOf } from '../../domain/second-approver-schema.js';
import { site } from '../../domain/site.js';
import { roleHoldersOf } from '../../domain/workflow/roles.js';
import { applyEvent, initialWorkflowState } from '../../domain/workflow/transitions.js';
import type { EventOf } from '../../domain/workflow/vocabulary.js';
import { deliverOutbox, enqueueMails } from '../mail/outbox.js';
import { intakeMails } from './intake-mails.js';

export interface CreateRequestOptions {
  body: unknown;
  meta: RequestMeta;
  now?: Date;
}

export type { CreateRequestResult };

/** Thrown inside the transaction when a concurrent submit of the same draft stored it first. */
export class DuplicateDraft extends Error {}

export const FILE_IDS_MESSAGE = 'A file is missing or belongs to another request; remove it and upload it again.';

export async function createRequest({
  body,
  meta,
  now = new Date(),
}: CreateRequestOptions): Promise<CreateRequestResult> {
  await enforceRateLimit({ endpoint: 'requests', ip: meta.ip, now });
  const input = parseOrThrow(createRequestSchema({ today: serverToday(now) }), body);

  const existing = await findByDraft(input.clientDraftId);
  if (existing) {
    await deliverOutbox({ requestId: existing.id, now });
    return { created: false, ...existing, statusUrl: await statusLinkFor(existing.id, existing.technicalEmail) };
  }

  if (!input.fileIds.every(isUuid))
    throw new AppError('VALIDATION', undefined, { fields: { fileIds: FILE_IDS_MESSAGE } });

  let stored: Stored;
  try {
    stored = await getDb().transaction((tx) => storeRequest(tx, input, meta, now));
  } catch (error) {
    if (!(error instanceof DuplicateDraft)) throw error;
    // Lost the race against a concurrent submit of the same draft: that one is the request.
    const winner = await findByDraft(input.clientDraftId);
    if (!winner) throw new Error('duplicate draft vanished', { cause: error });
    return { created: false, ...winner, statusUrl: await statusLinkFor(winner.id, winner.technicalEmail) };
  }

  await deliverOutbox({ ids: stored.mailIds, now });
  return { created: true, id: stored.id, reference: stored.reference, statusUrl: stored.links.submitterStatusUrl };
}

export interface Stored {
  id: string;
  reference: string;
  links: { reviewUrl: string; submitterStatusUrl: string; approverStatusUrl: string };
  mailIds: string[];
}

/**
 * What a reorder adds to storing a request (architecture §11, "Reorders"): the earlier request's
 * file rows to reuse (new rows, same stored bytes), and the sign-off decision over the new rows.
 */
export interface ReorderPlan {
  earlier: { id: string; reference: string };
  reuse: readonly FileRow[];
  carry: (files: readonly ReorderFile[]) => SignOffCarry;
}

export async function storeRequest(
  tx: Tx,
  input: QuoteRequest,
  meta: RequestMeta,
  now: Date,
  reorder?: ReorderPlan,
): Promise<Stored> {
  const year = now.getUTCFullYear();
  // One atomic upsert: concurrent submits each get their own number; a rolled-back submit gives its number back.
  const [counter] = await tx
    .insert(referenceCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: referenceCounters.year, set: { last: sql`${referenceCounters.last} + 1` } })
    .returning({ last: referenceCounters.last });
  if (!counter) throw new Error('reference counter returned no row');
  const reference = formatReference({ year, sequence: counter.last });

  const details: RequestDetails = { part: input.part, quantities: input.quantities, neededBy: input.neededBy };
  const [request] = await tx
    .insert(requests)
    .values({
      reference,
      clientDraftId: input.clientDraftId,
      mode: input.mode,
      details,
      sameContactForBothRoles: input.sameContactForBothRoles,
    })
    .onConflictDoNothing({ target: requests.clientDraftId })
    .returning({ id: requests.id });
  if (!request) throw new DuplicateDraft();

  const technical = input.technicalContact;
  const approver = approverContact(input);
  const person = (contact: typeof technical) => ({
    requestId: request.id,
    name: contact.name,
    email: contact.email.toLowerCase(),
    phone: contact.phone || null,
    company: contact.company,
    jobTitle: contact.jobTitle || null,
  });
  await tx.insert(contacts).values([
    { ...person(technical), role: 'technical' },
    { ...person(approver), role: 'purchasing', poStatus: approver.poStatus, poNumber: approver.poNumber || null },
  ]);

  if (input.fileIds.length > 0) {
    // Only anonymous uploads not yet attached anywhere: a file cannot move between requests.
    const attached = await tx
      .update(files)
      .set({ requestId: request.id })
      .where(and(inArray(files.id, input.fileIds), isNull(files.requestId), eq(files.uploadedByRole, 'anonymous')))
      .returning({ id: files.id });
    if (attached.length !== input.fileIds.length) {
      throw new AppError('VALIDATION', undefined, { fields: { fileIds: FILE_IDS_MESSAGE } });
    }
  }

  const reordered = reorder ? await reuseFiles(tx, request.id, reorder) : undefined;
  await recordEvent({
    tx,
    requestId: request.id,
    type: 'request_submitted',
    role: 'requester',
    payload: {
      reference,
      mode: input.mode,
      fileCount: input.fileIds.length + (reorder?.reuse.length ?? 0),
      ...(reordered ? { reorderOf: reordered.reorderOf } : {}),
    },
    meta,
  });
  if (reordered?.carry.carried) {
    await recordWorkflowEvent({ tx, requestId: request.id, event: reordered.carry.event, meta });
  }

  const rule = approvalRuleAtIntake(input);
  if (rule) await recordWorkflowEvent({ tx, requestId: request.id, event: rule, meta });

  const params = { id: request.id };
  const review = await issueLink({
    tx,
    purpose: 'technical',
    recipientEmail: technical.email,
    requestId: request.id,
    params,
    now,
  });
  const submitterStatus = await issueLink({
    tx,
    purpose: 'status',
    recipientEmail: technical.email,
    requestId: request.id,
    params,
    now,
  });
  const approverStatus = input.sameContactForBothRoles
    ? submitterStatus
    : await issueLink({ tx, purpose: 'status', recipientEmail: approver.email, requestId: request.id, params, now });
  const links = {
    reviewUrl: review.url,
    submitterStatusUrl: submitterStatus.url,
    approverStatusUrl: approverStatus.url,
  };
  const mailIds = await enqueueMails({
    tx,
    requestId: request.id,
    mails: intakeMails({ requestId: request.id, reference, input, links }),
  });
  return { id: request.id, reference, links, mailIds };
}

/**
 * A reorder's files: new rows naming the earlier rows' stored bytes (same key, same SHA-256, same
 * measured geometry), then the sign-off decision over all of the new request's files.
 */
async function reuseFiles(tx: Tx, requestId: string, reorder: ReorderPlan) {
  if (reorder.reuse.length > 0) {
    await tx.insert(files).values(
      reorder.reuse.map((row) => ({
        requestId,
        storageKey: row.storageKey,
        name: row.name,
        size: row.size,
        contentType: row.contentType,
        kind: row.kind,
        width: row.width,
        height: row.height,
        sha256: row.sha256,
        geometry: row.geometry,
        uploadedByRole: row.uploadedByRole,
      })),
    );
  }
  const rows = await tx
    .select({ fileId: files.id, name: files.name, kind: files.kind, sha256: files.sha256 })
    .from(files)
    .where(eq(files.requestId, requestId));
  const carry = reorder.carry(rows);
  const reorderOf = {
    requestId: reorder.earlier.id,
    reference: reorder.earlier.reference,
    signOffCarried: carry.carried,
    ...(carry.carried ? {} : { reviewReason: carry.reason }),
  };
  return { carry, reorderOf };
}

/**
 * The approval rule the requester named with the request (architecture §11), as the event the
 * release page's rule is: recorded in the request's transaction, with the requester as its actor.
 * The domain must accept it on the new request, or nothing is stored: a rule that replay skipped
 * would leave an order above the amount needing one release only.
 */
function approvalRuleAtIntake(input: QuoteRequest): EventOf<'approval_rule_set'> | undefined {
  const second = intakeSecondApprover(input);
  if (!second) return undefined;
  const event: EventOf<'approval_rule_set'> = {
    type: 'approval_rule_set',
    actor: { role: 'requester', name: input.technicalContact.name, email: input.technicalContact.email.toLowerCase() },
    secondApprover: {
      name: second.name,
      email: second.email.toLowerCase(),
      ...(second.jobTitle ? { jobTitle: second.jobTitle } : {}),
    },
    thresholdMinor: thresholdMinorOf(second),
    currency: site.currency,
  };
  const accepted = applyEvent(initialWorkflowState({ mode: input.mode, roles: roleHoldersOf(input) }), event);
  if (!accepted.ok) {
    throw new AppError('VALIDATION', undefined, { fields: { 'secondApprover.email': accepted.message } });
  }
  return event;
}

export async function findByDraft(clientDraftId: string) {
  const [row] = await getDb()
    .select({ id: requests.id, reference: requests.reference, technicalEmail: contacts.email })
    .from(requests)
    .innerJoin(contacts, and(eq(contacts.requestId, requests.id), eq(contacts.role, 'technical')))
    .where(eq(requests.clientDraftId, clientDraftId));
  return row;
}

export async function statusLinkFor(requestId: string, recipientEmail: string): Promise<string> {
  const link = await issueLink({ purpose: 'status', recipientEmail, requestId, params: { id: requestId } });
  return link.url;
}
