/**
 * The schema of a workflow event as the event log stores it (architecture §1, invariant 5): the type
 * and actor in columns, the event's other fields in `events.payload`. Replaying a request parses each
 * row with `storedEventSchema` instead of trusting the payload, so a row that does not fit its event
 * type stops the replay with an error naming the row. One member per event type of `WorkflowEvent`;
 * `test/unit/stored-json.test.ts` checks that the output is exactly that union.
 */
import { z } from 'zod/mini';
import {
  ACTOR_ROLES,
  FILE_KINDS,
  FIRST_ARTICLE_DECISIONS,
  INVOICE_EVENT_TYPES,
  QUOTE_SCOPES,
  REVIEW_DECISIONS,
  SIGN_OFF_DECISIONS,
  type FileAdded,
  type WorkflowEvent,
} from './vocabulary.js';

const optionalText = z.optional(z.string());

/** Who did it, rebuilt from the `role` and `actor_*` columns. */
export const actorSchema = z.object({ role: z.enum(ACTOR_ROLES), name: optionalText, email: optionalText });

/** `at` is the row's `created_at`, set by the reader; no writer stores it in the payload. */
const base = { actor: actorSchema, at: optionalText };

const sha256Schema = z.string().check(z.regex(/^[0-9a-f]{64}$/));

/**
 * The 3D files a sign-off covered (invariant 7). Optional: a sign-off stored before decisions named
 * their files covers the 3D files the log knew of then (`transitions.ts`).
 */
const covers = z.optional(z.array(z.object({ fileId: z.string(), name: z.string(), sha256: sha256Schema })));
const revisionRef = { ...base, revisionId: z.string() };
const quoteTerms = {
  ...revisionRef,
  scope: z.enum(QUOTE_SCOPES),
  quantity: z.number(),
  totalMinor: z.optional(z.number()),
  currency: optionalText,
};

/**
 * A stored workflow event: `{ ...payload, type, actor }` of one `events` row. Fields a writer adds
 * beside the event (job title, mail facts, Stripe ids) are dropped; the replay reads only the event.
 */
export const storedEventSchema = z.discriminatedUnion('type', [
  z.object({
    ...base,
    type: z.literal('technical_review'),
    decision: z.enum(REVIEW_DECISIONS),
    notes: optionalText,
    covers,
  }),
  z.object({ ...base, type: z.literal('sample_shipped'), trackingReference: optionalText }),
  z.object({
    ...base,
    type: z.literal('first_article'),
    decision: z.enum(FIRST_ARTICLE_DECISIONS),
    notes: optionalText,
    covers,
  }),
  z.object({
    ...base,
    type: z.literal('sign_off_inherited'),
    fromRequestId: z.string(),
    fromReference: z.string(),
    decision: z.enum(SIGN_OFF_DECISIONS),
    decidedAt: z.string(),
    decidedBy: z.string(),
    covers: z.array(z.object({ fileId: z.string(), name: z.string(), sha256: sha256Schema })),
  }),
  z.object({ ...base, type: z.literal('estimate_sent') }),
  z.object({ ...quoteTerms, type: z.literal('quote_issued') }),
  z.object({ ...quoteTerms, type: z.literal('quote_revised'), previousRevisionId: z.string() }),
  z.object({ ...revisionRef, type: z.literal('quote_canceled') }),
  z.object({ ...revisionRef, type: z.literal('quote_expired') }),
  z.object({
    ...revisionRef,
    type: z.literal('purchasing_accepted'),
    poNumber: optionalText,
    budgetCode: optionalText,
  }),
  z.object({
    ...revisionRef,
    type: z.literal('purchasing_approved'),
    poNumber: optionalText,
    budgetCode: optionalText,
  }),
  z.object({
    ...base,
    type: z.literal('approval_rule_set'),
    secondApprover: z.object({ name: z.string(), email: z.string(), jobTitle: optionalText }),
    thresholdMinor: z.number(),
    currency: z.string(),
  }),
  z.object({ ...revisionRef, type: z.literal('purchasing_hold'), reason: z.string() }),
  z.object({ ...revisionRef, type: z.literal('purchasing_declined'), reason: z.string() }),
  z.object({ ...revisionRef, type: z.enum(INVOICE_EVENT_TYPES), invoiceId: z.string() }),
  z.object({ ...revisionRef, type: z.literal('accepted_outside_portal') }),
  z.object({ ...revisionRef, type: z.literal('production_started'), note: optionalText }),
  z.object({
    ...revisionRef,
    type: z.literal('lot_shipped'),
    shipmentId: z.string(),
    carrier: z.string(),
    trackingReference: z.string(),
    quantity: z.number(),
    trackingUrl: optionalText,
  }),
  z.object({ ...revisionRef, type: z.literal('lot_delivered'), shipmentId: z.string(), deliveredOn: z.string() }),
]) satisfies z.ZodMiniType<WorkflowEvent>;

/**
 * A stored `file_added` row as replay folds it: `{ ...payload, type, actor, at }`. `kind` and `sha256`
 * are optional because rows written before uploads recorded them have neither.
 */
export const storedFileAddedSchema = z.object({
  ...base,
  type: z.literal('file_added'),
  fileId: z.string(),
  name: z.string(),
  kind: z.optional(z.enum(FILE_KINDS)),
  sha256: z.optional(sha256Schema),
}) satisfies z.ZodMiniType<FileAdded>;

/** Any row's `events.payload`: an object of fields (bookkeeping events have free-form ones). */
export const storedPayloadSchema = z.record(z.string(), z.unknown());
