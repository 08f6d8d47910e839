/**
 * Read-only looks at the tables, for assertions the public surface does not show (a claim's progress,
 * an outbox row's attempts, the event log in order). Tests arrange state over HTTP and assert on what
 * the portal answered first; the probe only reads what the portal stored, straight from the schema,
 * so it does not depend on how the server code is organised. It reads the database of the server
 * running in this process (getDb() follows the configuration the test server set).
 */
import { and, asc, desc, eq, ne } from '../../src/server/db/orm.js';
import { getDb } from '../../src/server/db/index.js';
import * as schema from '../../src/server/db/schema.js';

export type EventRow = typeof schema.events.$inferSelect;
export type RevisionRow = typeof schema.quoteRevisions.$inferSelect;
export type OutboxRow = typeof schema.mailOutbox.$inferSelect;
export type ClaimRow = typeof schema.actionClaims.$inferSelect;
export type RequestRow = typeof schema.requests.$inferSelect;
export type RateLimitRow = typeof schema.rateLimitBuckets.$inferSelect;

/** What a release claim's `result` holds (written by the release step machine). */
export interface ClaimProgress {
  revisionId: string;
  requestId: string;
  stripeQuoteId: string;
  poNumber: string;
  budgetCode: string;
  name: string;
  jobTitle: string;
  email: string;
  /** The approvers whose releases waited for this final one (approval by amount). */
  approvals?: { name: string; email: string; at?: string }[];
  step: 'claimed' | 'accepted' | 'fields_set' | 'finalized' | 'sent';
  invoiceId?: string;
  invoiceNumber?: string;
  hostedInvoiceUrl?: string;
  faults: number;
  lease?: { id: string; until: string };
  failure?: { code: string; message: string };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const probe = {
  /** The request's events, oldest first. */
  async events(requestId: string): Promise<EventRow[]> {
    return getDb()
      .select()
      .from(schema.events)
      .where(eq(schema.events.requestId, requestId))
      .orderBy(asc(schema.events.id));
  },

  /** The types of the request's events, oldest first. */
  async eventTypes(requestId: string): Promise<string[]> {
    return (await probe.events(requestId)).map((event) => event.type);
  },

  async request(id: string): Promise<RequestRow | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = await getDb().select().from(schema.requests).where(eq(schema.requests.id, id));
    return row;
  },

  /** One quote revision row, or undefined. */
  async revision(id: string): Promise<RevisionRow | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = await getDb().select().from(schema.quoteRevisions).where(eq(schema.quoteRevisions.id, id));
    return row;
  },

  /** The request's issued revisions (drafts left out), newest first. */
  async revisions(requestId: string): Promise<RevisionRow[]> {
    return getDb()
      .select()
      .from(schema.quoteRevisions)
      .where(and(eq(schema.quoteRevisions.requestId, requestId), ne(schema.quoteRevisions.status, 'draft')))
      .orderBy(desc(schema.quoteRevisions.revision));
  },

  /** The request's outbox rows, in the order they were written. */
  async outbox(requestId: string): Promise<OutboxRow[]> {
    return getDb()
      .select()
      .from(schema.mailOutbox)
      .where(eq(schema.mailOutbox.requestId, requestId))
      .orderBy(asc(schema.mailOutbox.createdAt), asc(schema.mailOutbox.id));
  },

  /** The purchasing release claim of a revision, or undefined when nobody released it. */
  async claim(revisionId: string): Promise<ClaimRow | undefined> {
    const [row] = await getDb()
      .select()
      .from(schema.actionClaims)
      .where(eq(schema.actionClaims.key, `accept:${revisionId}`));
    return row;
  },

  /** Every claim of a request (releases and other exactly-once actions). */
  async claims(requestId: string): Promise<ClaimRow[]> {
    return getDb().select().from(schema.actionClaims).where(eq(schema.actionClaims.requestId, requestId));
  },

  /** A rate limit's or a daily byte budget's counter, by its key. */
  async rateLimitBucket(key: string): Promise<RateLimitRow | undefined> {
    const [row] = await getDb().select().from(schema.rateLimitBuckets).where(eq(schema.rateLimitBuckets.key, key));
    return row;
  },

  /** Where the release of a revision stands, or undefined when it has no claim. */
  async progress(revisionId: string): Promise<ClaimProgress | undefined> {
    const row = await probe.claim(revisionId);
    return row ? progressOf(row) : undefined;
  },
};

/** A claim row's release progress. */
export function progressOf(row: ClaimRow): ClaimProgress {
  return row.result as ClaimProgress;
}
