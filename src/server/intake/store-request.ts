/**
 * Stores a new request in one database call (architecture §10, "Intake in one call"): the rows are
 * built here, and `store_request` (a PL/pgSQL function, drizzle/0008_store_request.sql) charges the
 * rate limit, looks up the draft, takes the reference and writes the request, its files, contacts,
 * signed links, events and outbox rows, all or nothing. Every row is the one the single-row helpers
 * (`issueLink`, `recordEvent`, `enqueueMails`) would write.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { PgTable } from 'drizzle-orm/pg-core';
import { getTableColumns, sql } from '../db/orm.js';
import { z } from 'zod';
import { AppError } from '../../domain/errors.js';
import { formatReference } from '../../domain/reference.js';
import type { ReorderFile, SignOffCarry } from '../../domain/reorder.js';
import { approverContact, intakeSecondApprover, type QuoteRequest } from '../../domain/request-schema.js';
import { thresholdMinorOf } from '../../domain/second-approver-schema.js';
import { site } from '../../domain/site.js';
import { roleHoldersOf } from '../../domain/workflow/roles.js';
import { applyEvent, initialWorkflowState } from '../../domain/workflow/transitions.js';
import type { EventOf } from '../../domain/workflow/vocabulary.js';
import { getDb } from '../db/index.js';
import { eventRow, type RecordEventOptions } from '../db/event-log.js';
import { contacts, events, files, linkTokens, mailOutbox } from '../db/schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { prepareLink } from '../links/index.js';
import { outboxRows, type ClaimedMail } from '../mail/outbox.js';
import type { FileRow } from '../requests/files.js';
import type { RequestDetails } from '../requests/load-request.js';
import { workflowEventRecord } from '../requests/events.js';
import { rowsOf, type RateLimitCharge } from '../rate-limit.js';
import { isUuid } from '../requests/load-request.js';
import { intakeMails } from './intake-mails.js';

export const FILE_IDS_MESSAGE = 'A file is missing or belongs to another request; remove it and upload it again.';

export interface Stored {
  id: string;
  reference: string;
  links: { reviewUrl: string; submitterStatusUrl: string; approverStatusUrl: string };
  /** The request's mails, written claimed: `deliverClaimed({ rows: mails, now })` after the call. */
  mails: ClaimedMail[];
}

/** A request the draft already made: the intake answers with it and stores nothing. */
export interface ExistingDraft {
  id: string;
  reference: string;
  technicalEmail: string;
}

/** What storing found: the new request, or the one the draft made before. */
export type StoreOutcome = { stored: Stored } | { existing: ExistingDraft };

/**
 * What a reorder adds to storing a request (architecture §11, "Reorders"): the earlier request's
 * file rows to reuse (new rows, same stored bytes), the uploads it attaches as read before the
 * call, and the sign-off decision over the new request's files.
 */
export interface ReorderPlan {
  earlier: { id: string; reference: string };
  reuse: readonly FileRow[];
  uploads: readonly ReorderFile[];
  carry: (files: readonly ReorderFile[]) => SignOffCarry;
}

export interface StoreRequestOptions {
  input: QuoteRequest;
  meta: RequestMeta;
  now: Date;
  /** The rate limit to charge in the same call (the intake); a reorder has charged its own. */
  charge?: RateLimitCharge | undefined;
  reorder?: ReorderPlan | undefined;
}

const existingSchema = z.object({ id: z.string(), reference: z.string(), technicalEmail: z.string() });

/** `store_request`'s answer (drizzle/0008_store_request.sql). */
const answerSchema = z.object({
  charged: z.number().nullable().optional(),
  existing: existingSchema.optional(),
  refused: z.literal('fileIds').optional(),
  stored: z.object({ reference: z.string(), sequence: z.number() }).optional(),
});

export async function storeRequest({ input, meta, now, charge, reorder }: StoreRequestOptions): Promise<StoreOutcome> {
  const rule = approvalRuleAtIntake(input);
  const id = randomUUID();
  const year = now.getUTCFullYear();
  // Mails and events are written before the reference exists: this mark stands in for it, and the
  // function writes the reference in its place. Random, so no text the customer typed can hold it.
  const mark = `PF-REFERENCE-${randomBytes(12).toString('hex')}`;

  const reused = reorder?.reuse.map((row) => ({ ...row, id: randomUUID() })) ?? [];
  const carried = reorder ? reorderCarry(reorder, reused) : undefined;

  const technical = input.technicalContact;
  const approver = approverContact(input);
  const link = (purpose: 'technical' | 'status', recipientEmail: string) =>
    prepareLink({ purpose, recipientEmail, requestId: id, params: { id }, now });
  const review = link('technical', technical.email);
  const submitterStatus = link('status', technical.email);
  const approverStatus = input.sameContactForBothRoles ? undefined : link('status', approver.email);
  const links = {
    reviewUrl: review.link.url,
    submitterStatusUrl: submitterStatus.link.url,
    approverStatusUrl: (approverStatus ?? submitterStatus).link.url,
  };

  // In the order the log shows them: the submission, a carried sign-off, the approval rule.
  const logged: RecordEventOptions[] = [
    {
      requestId: id,
      type: 'request_submitted',
      role: 'requester',
      payload: {
        reference: mark,
        mode: input.mode,
        fileCount: input.fileIds.length + reused.length,
        ...(carried ? { reorderOf: carried.reorderOf } : {}),
      },
      meta,
    },
  ];
  if (carried?.carry.carried) logged.push(workflowEventRecord({ requestId: id, event: carried.carry.event, meta }));
  if (rule) logged.push(workflowEventRecord({ requestId: id, event: rule, meta }));

  const person = (contact: typeof technical) => ({
    requestId: id,
    name: contact.name,
    email: contact.email.toLowerCase(),
    phone: contact.phone || null,
    company: contact.company,
    jobTitle: contact.jobTitle || null,
  });
  // Written already claimed, with ids of our own, so the caller delivers them from memory afterwards.
  const mails = outboxRows({
    requestId: id,
    mails: intakeMails({ requestId: id, reference: mark, input, links }),
    claimedAt: now,
  }).map((row) => ({ ...row, id: randomUUID() }));

  const details: RequestDetails = { part: input.part, quantities: input.quantities, neededBy: input.neededBy };
  // A malformed id is refused like a missing file, but only after the draft lookup: a replay stays a replay.
  const filesValid = input.fileIds.every(isUuid);
  const payload = {
    ...(charge ? { bucket: charge.bucket } : {}),
    request: {
      id,
      clientDraftId: input.clientDraftId,
      mode: input.mode,
      details,
      sameContactForBothRoles: input.sameContactForBothRoles,
      year,
    },
    filesInvalid: !filesValid,
    attachFileIds: filesValid ? input.fileIds : [],
    referenceMark: mark,
    files: reused.map((row) => byColumn(files, { ...row, requestId: id })),
    contacts: [
      byColumn(contacts, { ...person(technical), role: 'technical' }),
      byColumn(contacts, {
        ...person(approver),
        role: 'purchasing',
        poStatus: approver.poStatus,
        poNumber: approver.poNumber || null,
      }),
    ],
    links: [review.row, submitterStatus.row, ...(approverStatus ? [approverStatus.row] : [])].map((row) =>
      byColumn(linkTokens, row),
    ),
    events: logged.map((options) => byColumn(events, eventRow(options))),
    mails: mails.map((row) => byColumn(mailOutbox, row)),
  };
  const result = await getDb().execute(sql`select store_request(${JSON.stringify(payload)}::jsonb) as answer`);
  const answer = answerSchema.parse(rowsOf<{ answer: unknown }>(result)[0]?.answer);
  // Past the limit nothing else was done: 429 (the charge stands).
  charge?.check(answer.charged);
  if (answer.existing) return { existing: answer.existing };
  if (answer.refused) throw new AppError('VALIDATION', undefined, { fields: { fileIds: FILE_IDS_MESSAGE } });
  if (!answer.stored) throw new Error('store_request answered neither stored, existing nor refused');
  // The SQL spells the domain's format; a drift would hand out references nobody can parse.
  const reference = formatReference({ year, sequence: answer.stored.sequence });
  if (answer.stored.reference !== reference) {
    throw new Error(`reference ${answer.stored.reference} does not match ${reference}`);
  }
  const claimed = mails.map((row) => ({
    id: row.id,
    requestId: id,
    recipient: row.recipient,
    announce: row.announce ?? false,
    message: withReference(row.message, mark, reference),
    attempts: row.attempts ?? 0,
  }));
  return { stored: { id, reference, links, mails: claimed } };
}

/** The request a draft made, if any: `store_request_draft`, the lookup `store_request` answers a replay with. */
export async function findByDraft(clientDraftId: string): Promise<ExistingDraft | undefined> {
  const result = await getDb().execute(sql`select store_request_draft(${clientDraftId}::uuid) as existing`);
  const existing = rowsOf<{ existing: unknown }>(result)[0]?.existing;
  return existing === null || existing === undefined ? undefined : existingSchema.parse(existing);
}

/** A row as `jsonb_populate_recordset` reads it: keyed by column name (dates become ISO text). */
function byColumn<T extends PgTable>(table: T, row: T['$inferInsert']): Record<string, unknown> {
  const columns = getTableColumns(table) as Record<string, { name: string } | undefined>;
  return Object.fromEntries(
    Object.entries(row as Record<string, unknown>).map(([key, value]) => {
      const column = columns[key];
      if (!column) throw new Error(`${key} is not a column of the table`);
      return [column.name, value];
    }),
  );
}

/** The mark replaced by the reference, as the function did in the stored copy. */
function withReference(message: unknown, mark: string, reference: string): unknown {
  return message === null || message === undefined
    ? message
    : (JSON.parse(JSON.stringify(message).replaceAll(mark, reference)) as unknown);
}

/**
 * A reorder's sign-off decision over the new request's files: the uploads it attaches and the rows
 * reusing the earlier request's stored bytes (same key, same SHA-256, same measured geometry).
 */
function reorderCarry(reorder: ReorderPlan, reused: readonly (FileRow & { id: string })[]) {
  const carry = reorder.carry([
    ...reorder.uploads,
    ...reused.map((row) => ({ fileId: row.id, name: row.name, kind: row.kind, sha256: row.sha256 })),
  ]);
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
