/**
 * Stores a new request inside the caller's transaction in as few statements as the data allows
 * (architecture §10, "Intake in few statements"): one for the reference and the request row, an
 * optional one attaching uploaded files (and, for a reorder, reusing the earlier files), and one
 * that writes contacts, signed links, events and outbox rows together. Every row is the one the
 * single-row helpers (`issueLink`, `recordEvent`, `enqueueMails`) would write.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql, type SQL } from '../db/orm.js';
import { AppError } from '../../domain/errors.js';
import { formatReference } from '../../domain/reference.js';
import type { ReorderFile, SignOffCarry } from '../../domain/reorder.js';
import { approverContact, intakeSecondApprover, type QuoteRequest } from '../../domain/request-schema.js';
import { thresholdMinorOf } from '../../domain/second-approver-schema.js';
import { site } from '../../domain/site.js';
import { roleHoldersOf } from '../../domain/workflow/roles.js';
import { applyEvent, initialWorkflowState } from '../../domain/workflow/transitions.js';
import type { EventOf } from '../../domain/workflow/vocabulary.js';
import type { Tx } from '../db/index.js';
import { eventRow, type RecordEventOptions } from '../db/event-log.js';
import { contacts, events, files, linkTokens, mailOutbox } from '../db/schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { prepareLink } from '../links/index.js';
import { outboxRows, type ClaimedMail } from '../mail/outbox.js';
import type { FileRow } from '../requests/files.js';
import type { RequestDetails } from '../requests/load-request.js';
import { workflowEventRecord } from '../requests/events.js';
import { intakeMails } from './intake-mails.js';

/** Thrown inside the transaction when a concurrent submit of the same draft stored it first. */
export class DuplicateDraft extends Error {}

export const FILE_IDS_MESSAGE = 'A file is missing or belongs to another request; remove it and upload it again.';

export interface Stored {
  id: string;
  reference: string;
  links: { reviewUrl: string; submitterStatusUrl: string; approverStatusUrl: string };
  /** The request's mails, written claimed: `deliverClaimed({ rows: mails, now })` after the commit. */
  mails: ClaimedMail[];
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

export interface StoreRequestOptions {
  tx: Tx;
  input: QuoteRequest;
  meta: RequestMeta;
  now: Date;
  reorder?: ReorderPlan | undefined;
}

export async function storeRequest({ tx, input, meta, now, reorder }: StoreRequestOptions): Promise<Stored> {
  const rule = approvalRuleAtIntake(input);
  const { id, reference } = await insertRequest(tx, input, now);

  if (input.fileIds.length > 0) {
    // Only anonymous uploads not yet attached anywhere: a file cannot move between requests.
    const attached = await tx
      .update(files)
      .set({ requestId: id })
      .where(and(inArray(files.id, input.fileIds), isNull(files.requestId), eq(files.uploadedByRole, 'anonymous')))
      .returning({ id: files.id });
    if (attached.length !== input.fileIds.length) {
      throw new AppError('VALIDATION', undefined, { fields: { fileIds: FILE_IDS_MESSAGE } });
    }
  }
  const reordered = reorder ? await reuseFiles(tx, id, reorder) : undefined;

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
        reference,
        mode: input.mode,
        fileCount: input.fileIds.length + (reorder?.reuse.length ?? 0),
        ...(reordered ? { reorderOf: reordered.reorderOf } : {}),
      },
      meta,
    },
  ];
  if (reordered?.carry.carried) logged.push(workflowEventRecord({ requestId: id, event: reordered.carry.event, meta }));
  if (rule) logged.push(workflowEventRecord({ requestId: id, event: rule, meta }));

  const person = (contact: typeof technical) => ({
    requestId: id,
    name: contact.name,
    email: contact.email.toLowerCase(),
    phone: contact.phone || null,
    company: contact.company,
    jobTitle: contact.jobTitle || null,
  });
  // Written already claimed, with ids of our own, so the caller delivers them from memory after the commit.
  const mails = outboxRows({
    requestId: id,
    mails: intakeMails({ requestId: id, reference, input, links }),
    claimedAt: now,
  }).map((row) => ({ ...row, id: randomUUID() }));
  await withRows(
    tx,
    [
      tx.insert(contacts).values([
        { ...person(technical), role: 'technical' },
        { ...person(approver), role: 'purchasing', poStatus: approver.poStatus, poNumber: approver.poNumber || null },
      ]),
      tx.insert(linkTokens).values([review.row, submitterStatus.row, ...(approverStatus ? [approverStatus.row] : [])]),
      // One multi-row insert: the rows take their ids (the log's order) in the order listed.
      tx.insert(events).values(logged.map(eventRow)),
    ],
    tx.insert(mailOutbox).values(mails).returning({ id: mailOutbox.id }),
  );
  const claimed = mails.map((row) => ({
    id: row.id,
    requestId: id,
    recipient: row.recipient,
    announce: row.announce ?? false,
    message: row.message,
    attempts: row.attempts ?? 0,
  }));
  return { id, reference, links, mails: claimed };
}

/**
 * The reference and the request row in one statement. The counter is one atomic upsert: concurrent
 * submits each get their own number, and a rolled-back submit (a duplicate draft) gives it back.
 */
async function insertRequest(tx: Tx, input: QuoteRequest, now: Date): Promise<{ id: string; reference: string }> {
  const year = now.getUTCFullYear();
  const id = randomUUID();
  const details: RequestDetails = { part: input.part, quantities: input.quantities, neededBy: input.neededBy };
  const result = await tx.execute(sql`
    with counter as (
      insert into reference_counters (year, last) values (${year}, 1)
      on conflict (year) do update set last = reference_counters.last + 1
      returning last
    )
    insert into requests (id, reference, client_draft_id, mode, details, same_contact_for_both_roles)
    select ${id}::uuid,
      'PF-' || ${year}::int || '-' || case when last < 10000 then lpad(last::text, 4, '0') else last::text end,
      ${input.clientDraftId}::uuid, ${input.mode}, ${JSON.stringify(details)}::jsonb, ${input.sameContactForBothRoles}
    from counter
    on conflict (client_draft_id) do nothing
    returning reference, (select last from counter) as sequence`);
  const [row] = rowsOf<{ reference: string; sequence: number | string }>(result);
  if (!row) throw new DuplicateDraft();
  // The SQL above spells the domain's format; a drift would hand out references nobody can parse.
  const reference = formatReference({ year, sequence: Number(row.sequence) });
  if (row.reference !== reference) throw new Error(`reference ${row.reference} does not match ${reference}`);
  return { id, reference };
}

/** A query builder, embedded as SQL (a builder itself would be wrapped in parentheses as a subquery). */
type Insert = { getSQL(): SQL };

/** Runs the inserts and the final one as one statement (data-modifying CTEs). */
async function withRows(tx: Tx, inserts: readonly Insert[], last: Insert): Promise<void> {
  const ctes = sql.join(
    inserts.map((insert, index) => sql`${sql.raw(`w${index}`)} as (${insert.getSQL()})`),
    sql`, `,
  );
  await tx.execute(sql`with ${ctes}, last as (${last.getSQL()}) select count(*) from last`);
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

/** node-postgres and PGlite both answer raw SQL with `{ rows }`. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return (result as { rows?: T[] }).rows ?? [];
}
