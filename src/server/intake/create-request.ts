/**
 * POST /api/requests: validates with the form's own schema, then stores the request, its contacts,
 * its files, its first event and its mails (the outbox) in ONE database call with a race-safe
 * reference (PF-2026-0042), and answers once that call has committed: the mails go out after the
 * reply (`deliverAfterReply`), so a slow mail server never holds the customer's submit. Submitting the
 * same draft again returns the same request (200) with a fresh status link and sends nothing new, only
 * what is still owed: a double click or a network retry makes one request. A mail failure never loses
 * the request: the outbox retries it and the shop sees it (architecture §10).
 */
import type { CreateRequestResult } from '../../domain/contracts/intake.js';
import { createRequestSchema, parseOrThrow, serverToday, type QuoteRequest } from '../../domain/request-schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { issueLink } from '../links/index.js';
import { enforceRateLimit, rateLimitCharge } from '../rate-limit.js';
import { deliverAfterReply, deliverClaimed, deliverOutbox } from '../mail/outbox.js';
import { storeRequest } from './store-request.js';

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

  const outcome = await storeRequest({ input, meta, now, charge: rateLimitCharge(limit) });
  if ('existing' in outcome) {
    const { existing } = outcome;
    deliverAfterReply(deliverOutbox({ requestId: existing.id, now }), `request ${existing.id}`);
    return { created: false, ...existing, statusUrl: await statusLinkFor(existing.id, existing.technicalEmail) };
  }
  const { stored } = outcome;
  deliverAfterReply(deliverClaimed({ rows: stored.mails, now }), `request ${stored.id}`);
  return { created: true, id: stored.id, reference: stored.reference, statusUrl: stored.links.submitterStatusUrl };
}

export async function statusLinkFor(requestId: string, recipientEmail: string): Promise<string> {
  const link = await issueLink({ purpose: 'status', recipientEmail, requestId, params: { id: requestId } });
  return link.url;
}
