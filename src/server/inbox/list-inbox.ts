/**
 * GET /api/shop/requests: the shop inbox, grouped by who must act next (shop first: it can act at once),
 * filtered by mode and track state, searched by reference, company or email.
 *
 * Track states are rebuilt from each request's events (architecture §11), so a decision recorded by
 * any use case shows at once. One query per table for the whole page keeps it
 * at three round trips however many requests are listed.
 */
import { and, desc, eq, exists, ilike, inArray, or, type SQL } from 'drizzle-orm';
import { z } from 'zod/mini';
import type { Inbox, InboxItem } from '../../domain/contracts/inbox.js';
import { COMMERCIAL_LABEL, MODE_LABEL, TECHNICAL_LABEL } from '../../domain/labels.js';
import { requestDetailsSchema } from '../../domain/request-details-schema.js';
import { MODES, parseOrThrow } from '../../domain/request-schema.js';
import { parseStoredJson } from '../../domain/stored-json.js';
import { singleLineText } from '../../domain/text.js';
import { nextActor } from '../../domain/workflow/next-actor.js';
import { currentRevision, readyForProduction } from '../../domain/workflow/views.js';
import { COMMERCIAL_STATES, TECHNICAL_STATES } from '../../domain/workflow/vocabulary.js';
import { getDb } from '../db/index.js';
import { contacts, events, requests } from '../db/schema.js';
import { projectState } from '../requests/load-request.js';
import type { EventRow } from '../db/event-log.js';

export type { Inbox, InboxItem };

const optionalFilter = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.optional(z.union([z.literal(''), z.enum(values)], { error: `Choose a ${what} from the list.` }));

// A repeated parameter (?q=a&q=b) arrives as an array: say so rather than search for one of them.
export const inboxQuerySchema = z.object(
  {
    mode: optionalFilter(MODES, 'mode'),
    technical: optionalFilter(TECHNICAL_STATES, 'technical state'),
    commercial: optionalFilter(COMMERCIAL_STATES, 'commercial state'),
    q: z.optional(
      singleLineText({
        label: 'the search',
        max: 200,
        tooLong: 'Shorten the search to 200 characters.',
        notText: 'Search for one thing at a time.',
      }),
    ),
  },
  { error: 'The inbox filters could not be read; reload the page.' },
);

/** The newest requests the inbox considers; older ones are found by searching for them. */
export const INBOX_LIMIT = 500;

export interface ListInboxOptions {
  query: unknown;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

export async function listInbox({ query }: ListInboxOptions): Promise<Inbox> {
  const filters = parseOrThrow(inboxQuerySchema, query);
  const db = getDb();
  const conditions: SQL[] = [];
  if (filters.mode) conditions.push(eq(requests.mode, filters.mode));
  if (filters.q) {
    const pattern = `%${escapeLike(filters.q)}%`;
    const contactMatch = db
      .select({ id: contacts.id })
      .from(contacts)
      .where(
        and(eq(contacts.requestId, requests.id), or(ilike(contacts.company, pattern), ilike(contacts.email, pattern))),
      );
    const match = or(ilike(requests.reference, pattern), exists(contactMatch));
    if (match) conditions.push(match);
  }
  const rows = await db
    .select()
    .from(requests)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(requests.createdAt))
    .limit(INBOX_LIMIT);
  const ids = rows.map((row) => row.id);
  const [contactRows, eventRows] = ids.length
    ? await Promise.all([
        db.select().from(contacts).where(inArray(contacts.requestId, ids)),
        db.select().from(events).where(inArray(events.requestId, ids)).orderBy(events.id),
      ])
    : [[], []];
  const eventsByRequest = new Map<string, EventRow[]>();
  for (const row of eventRows) eventsByRequest.set(row.requestId, [...(eventsByRequest.get(row.requestId) ?? []), row]);

  const groups: Inbox['groups'] = { shop: [], technical: [], purchasing: [], none: [] };
  for (const request of rows) {
    const technicalContact = contactRows.find((c) => c.requestId === request.id && c.role === 'technical');
    const purchasing = contactRows.find((c) => c.requestId === request.id && c.role === 'purchasing');
    if (!technicalContact || !purchasing) continue;
    const details = parseStoredJson(requestDetailsSchema, request.details, 'requests.details', request.id);
    const requestEvents = eventsByRequest.get(request.id) ?? [];
    const state = projectState({
      request,
      details,
      roles: {
        technicalEmail: technicalContact.email,
        purchasingEmail: purchasing.email,
        sameContactForBothRoles: request.sameContactForBothRoles,
      },
      events: requestEvents,
    });
    if (filters.technical && state.technical !== filters.technical) continue;
    if (filters.commercial && state.commercial !== filters.commercial) continue;
    const next = nextActor(state);
    const current = currentRevision(state);
    groups[next.actor].push({
      id: request.id,
      reference: request.reference,
      partName: details.part.name,
      mode: request.mode,
      modeLabel: MODE_LABEL[state.mode],
      createdAt: request.createdAt.toISOString(),
      company: technicalContact.company,
      technicalContact: { name: technicalContact.name, email: technicalContact.email },
      purchasingApprover: { name: purchasing.name, email: purchasing.email },
      technical: { state: state.technical, label: TECHNICAL_LABEL[state.technical] },
      commercial: { state: state.commercial, label: COMMERCIAL_LABEL[state.commercial] },
      nextActor: next.actor,
      missing: next.missing,
      readyForProduction: readyForProduction(state),
      acceptedOutsidePortal: state.revisions.some((r) => r.acceptedOutsidePortal && r.status !== 'accepted'),
      mailFailed: requestEvents.some((e) => e.type === 'mail_failed'),
      ...(current
        ? {
            currentQuote: {
              revisionId: current.id,
              scope: current.scope,
              quantity: current.quantity,
              status: current.status,
            },
          }
        : {}),
    });
  }
  return { groups, total: Object.values(groups).reduce((sum, list) => sum + list.length, 0) };
}
