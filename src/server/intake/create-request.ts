/**
 * POST /api/requests: validates with the form's own schema, then stores the request, its contacts,
 * its files, its first event and its mails (the outbox) in ONE transaction with a race-safe reference
 * (PF-2026-0042), and delivers the mails after the commit. Submitting the same draft again returns
 * the same request (200) with a fresh status link and sends nothing new, only what is still owed:
 * a double click or a network retry makes one request. A mail failure never loses the request: the
 * outbox retries it and the shop sees it (architecture §10).
 */
import { and, eq, sql } from '../db/orm.js';
import type { CreateRequestResult } from '../../domain/contracts/intake.js';
import { AppError } from '../../domain/errors.js';
import { createRequestSchema, parseOrThrow, serverToday, type QuoteRequest } from '../../domain/request-schema.js';
import { getDb } from '../db/index.js';
import { contacts, requests } from '../db/schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { issueLink } from '../links/index.js';
import { enforceRateLimit, rateLimitCharge, rowsOf } from '../rate-limit.js';
import { isUuid } from '../requests/load-request.js';
import { deliverClaimed, deliverOutbox } from '../mail/outbox.js';
import { DuplicateDraft, FILE_IDS_MESSAGE, storeRequest, type Stored } from './store-request.js';

export interface CreateRequestOptions {
  body: unknown;
  meta: RequestMeta;
  now?: Date;
}

export type { CreateRequestResult };

export async function createRequest({
  body,
  meta,
  now = new Date(),
}: CreateRequestOptions): Promise<CreateRequestResult> {
  const limit = { endpoint: 'requests', ip: meta.ip, now };
  let input: QuoteRequest;
  try {
    input = parseOrThrow(createRequestSchema({ today: serverToday(now) }), body);
  } catch (error) {
    // A refused body still counts against the client's window, and a client past it hears 429 first.
    await enforceRateLimit(limit);
    throw error;
  }

  const existing = await chargeAndFindDraft(limit, input.clientDraftId);
  if (existing) {
    await deliverOutbox({ requestId: existing.id, now });
    return { created: false, ...existing, statusUrl: await statusLinkFor(existing.id, existing.technicalEmail) };
  }

  if (!input.fileIds.every(isUuid))
    throw new AppError('VALIDATION', undefined, { fields: { fileIds: FILE_IDS_MESSAGE } });

  let stored: Stored;
  try {
    stored = await getDb().transaction((tx) => storeRequest({ tx, input, meta, now }));
  } catch (error) {
    if (!(error instanceof DuplicateDraft)) throw error;
    // Lost the race against a concurrent submit of the same draft: that one is the request.
    const winner = await findByDraft(input.clientDraftId);
    if (!winner) throw new Error('duplicate draft vanished', { cause: error });
    return { created: false, ...winner, statusUrl: await statusLinkFor(winner.id, winner.technicalEmail) };
  }

  await deliverClaimed({ rows: stored.mails, now });
  return { created: true, id: stored.id, reference: stored.reference, statusUrl: stored.links.submitterStatusUrl };
}

type DraftRow = { id: string; reference: string; technicalEmail: string };

/**
 * The rate limit's charge and the draft lookup in one statement (the limit is charged whatever the
 * lookup finds, as two statements would): 429 when past the limit, else the stored request, if any.
 */
async function chargeAndFindDraft(
  limit: Parameters<typeof rateLimitCharge>[0],
  clientDraftId: string,
): Promise<DraftRow | undefined> {
  const charge = rateLimitCharge(limit);
  const result = await getDb().execute(sql`
    with bucket as (${charge.upsert})
    select bucket.count, r.id, r.reference, c.email as technical_email
    from bucket
    left join ${requests} r on r.client_draft_id = ${clientDraftId}::uuid
    left join ${contacts} c on c.request_id = r.id and c.role = 'technical'`);
  const [row] = rowsOf<{ count: number; id: string | null; reference: string | null; technical_email: string | null }>(
    result,
  );
  charge.check(row?.count);
  if (!row?.id || !row.reference || !row.technical_email) return undefined;
  return { id: row.id, reference: row.reference, technicalEmail: row.technical_email };
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
