/**
 * The database schema (PostgreSQL dialect; the same tables on PGlite and on a PostgreSQL server).
 * Migrations under drizzle/ are generated from this file with `npm run db:generate` and committed.
 *
 * Track states are not stored: every reader rebuilds them from the event log (architecture §11), and
 * "ready for production" is derived from both (architecture §1, invariant 3).
 */
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  sql,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from './orm.js';

const createdAt = () => timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow();

export const requests = pgTable(
  'requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull().unique(),
    /** Client-generated id of the form draft: submitting the same draft twice creates one request. */
    clientDraftId: uuid('client_draft_id').notNull().unique(),
    mode: text('mode').notNull(),
    /** The validated request as the customer submitted it (part, quantities, needed-by, contacts). */
    details: jsonb('details').notNull(),
    sameContactForBothRoles: boolean('same_contact_for_both_roles').notNull().default(false),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [index('requests_created_at_idx').on(table.createdAt)],
);

export const contacts = pgTable(
  'contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id),
    role: text('role', { enum: ['technical', 'purchasing'] }).notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    phone: text('phone'),
    company: text('company').notNull(),
    jobTitle: text('job_title'),
    poStatus: text('po_status'),
    poNumber: text('po_number'),
    createdAt: createdAt(),
  },
  (table) => [
    uniqueIndex('contacts_request_role_idx').on(table.requestId, table.role),
    index('contacts_email_idx').on(table.email),
  ],
);

export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null until the file is attached to a submitted request. */
    requestId: uuid('request_id').references(() => requests.id),
    /**
     * Where the bytes are stored. A reorder's file rows share the earlier request's key (same bytes,
     * same SHA-256), so a key is not unique; a blob is deleted only when no row names it any more.
     */
    storageKey: text('storage_key').notNull(),
    name: text('name').notNull(),
    size: integer('size').notNull(),
    contentType: text('content_type').notNull(),
    kind: text('kind', { enum: ['image', 'cad'] }).notNull(),
    width: integer('width'),
    height: integer('height'),
    /** SHA-256 (hex) of the stored bytes: what a technical sign-off names as the geometry it covered. */
    sha256: text('sha256'),
    /** The measured geometry of a 3D file (domain/geometry/report.ts), null for images and unreadable models. */
    geometry: jsonb('geometry'),
    uploadedByRole: text('uploaded_by_role').notNull().default('anonymous'),
    createdAt: createdAt(),
  },
  (table) => [index('files_request_idx').on(table.requestId), index('files_storage_key_idx').on(table.storageKey)],
);

/**
 * A direct-to-storage upload in progress (architecture §15): the browser sends the parts straight to
 * the bucket; this row remembers what was declared and who may attach the result. Deleted when the
 * verified file row is written, when the upload is aborted, or by the sweep once abandoned.
 */
export const multipartUploads = pgTable(
  'multipart_uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The key the completed object gets (a `files.storage_key`). */
    storageKey: text('storage_key').notNull(),
    /** The storage's own upload id (S3's UploadId, or the local runtime's). */
    storageUploadId: text('storage_upload_id').notNull(),
    name: text('name').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    partSize: integer('part_size').notNull(),
    partCount: integer('part_count').notNull(),
    /** The request a link upload joins at once; null for an anonymous upload. */
    requestId: uuid('request_id').references(() => requests.id),
    uploadedByRole: text('uploaded_by_role').notNull().default('anonymous'),
    /** The client address whose daily byte budget holds the declared size (anonymous uploads). */
    clientIp: text('client_ip'),
    /**
     * The file the upload became, set by its completion and kept until the sweep: a completion repeated
     * because its answer was lost (a dropped connection) answers with this file again.
     */
    fileId: uuid('file_id').references(() => files.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
  },
  (table) => [index('multipart_uploads_created_idx').on(table.createdAt)],
);

export const quoteRevisions = pgTable(
  'quote_revisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id),
    revision: integer('revision').notNull(),
    scope: text('scope', { enum: ['sample', 'opening_lot', 'full_batch', 'additional_lot'] }).notNull(),
    quantity: integer('quantity').notNull(),
    status: text('status').notNull(),
    currency: text('currency').notNull(),
    amountTotalMinor: integer('amount_total_minor').notNull(),
    lines: jsonb('lines').notNull(),
    terms: jsonb('terms').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    stripeQuoteId: text('stripe_quote_id').unique(),
    stripeCustomerId: text('stripe_customer_id'),
    stripeProductId: text('stripe_product_id'),
    stripeInvoiceId: text('stripe_invoice_id'),
    invoiceNumber: text('invoice_number'),
    invoiceUrl: text('invoice_url'),
    invoiceStatus: text('invoice_status'),
    /** Set when the quote was accepted in Stripe without a purchasing release in the portal. */
    acceptedOutsidePortal: boolean('accepted_outside_portal').notNull().default(false),
    supersededBy: uuid('superseded_by'),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('quote_revisions_request_revision_idx').on(table.requestId, table.revision)],
);

export const linkTokens = pgTable(
  'link_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** SHA-256 of the token, hex. The token itself is never stored. */
    tokenHash: text('token_hash').notNull().unique(),
    purpose: text('purpose', {
      enum: ['technical', 'purchasing', 'status', 'shop_sign_in', 'reminders_off'],
    }).notNull(),
    requestId: uuid('request_id').references(() => requests.id),
    quoteRevisionId: uuid('quote_revision_id').references(() => quoteRevisions.id),
    recipientEmail: text('recipient_email').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true, mode: 'date' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (table) => [index('link_tokens_request_idx').on(table.requestId, table.purpose)],
);

/** Append-only: a trigger in the migrations refuses UPDATE and DELETE (architecture §1, invariant 5). */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => requests.id),
    type: text('type').notNull(),
    role: text('role').notNull(),
    actorName: text('actor_name'),
    actorEmail: text('actor_email'),
    quoteRevisionId: uuid('quote_revision_id'),
    payload: jsonb('payload')
      .notNull()
      .default(sql`'{}'::jsonb`),
    ip: text('ip'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (table) => [index('events_request_idx').on(table.requestId, table.id)],
);

/** Exactly-once claims for side effects (e.g. "accept revision X"): one row per key, one winner. */
export const actionClaims = pgTable('action_claims', {
  key: text('key').primaryKey(),
  requestId: uuid('request_id'),
  status: text('status', { enum: ['pending', 'done', 'failed'] }).notNull(),
  fingerprint: text('fingerprint'),
  result: jsonb('result'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const processedWebhookEvents = pgTable('processed_webhook_events', {
  eventId: text('event_id').primaryKey(),
  type: text('type').notNull(),
  receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

/** Fixed-window counters per client and endpoint, shared by every function instance. */
export const rateLimitBuckets = pgTable('rate_limit_buckets', {
  key: text('key').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
  count: integer('count').notNull(),
});

export const shopSessions = pgTable('shop_sessions', {
  /** SHA-256 of the session cookie value, hex. */
  tokenHash: text('token_hash').primaryKey(),
  email: text('email').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
  createdAt: createdAt(),
});

/** One row per year: the last human reference number handed out (PF-2026-0042). */
export const referenceCounters = pgTable('reference_counters', {
  year: integer('year').primaryKey(),
  last: integer('last').notNull(),
});

/**
 * Every mail the portal sends, written in the transaction of the event that causes it and delivered
 * after the commit by `deliverOutbox` (architecture §10). `message` holds signed links, so it is
 * cleared once the mail is delivered; the row stays as the record of delivery.
 */
export const mailOutbox = pgTable(
  'mail_outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The request the mail is about; null for staff sign-in mails. */
    requestId: uuid('request_id').references(() => requests.id),
    /** Who it is for in the event log's words ("the technical contact"). */
    recipient: text('recipient').notNull(),
    /** Its delivery is recorded as `links_sent` (the mail carries a customer's signed link). */
    announce: boolean('announce').notNull().default(false),
    /** { to, subject, text, html, replyTo? }; null once delivered. */
    message: jsonb('message'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** A deliverer holds the row until then; a crashed one's rows are free again afterwards. */
    lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
    /** The last failure as a code (e.g. ECONNREFUSED, EAUTH, timeout), never the message text. */
    lastError: text('last_error'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
    /** Given up after the last attempt; the shop sees `mail_failed` well before that. */
    failedAt: timestamp('failed_at', { withTimezone: true, mode: 'date' }),
    createdAt: createdAt(),
  },
  (table) => [
    index('mail_outbox_due_idx')
      .on(table.nextAttemptAt)
      .where(sql`${table.deliveredAt} is null and ${table.failedAt} is null`),
  ],
);
