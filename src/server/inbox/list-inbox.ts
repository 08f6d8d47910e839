/**
 * GET /api/shop/requests: the shop inbox, grouped by who must act next (shop first: it can act at once),
 * filtered by mode, track state, who it waits on and whether it is overdue, searched by reference,
 * company or email; with the dashboard's figures over the same requests (architecture §13).
 *
 * Track states are rebuilt from each request's events (architecture §11), so a decision recorded by
 * any use case shows at once. One query per table for the whole page keeps it
 * at three round trips however many requests are listed.
 */
import { and, desc, eq, exists, ilike, inArray, or, type SQL } from '../db/orm.js';
import { z } from 'zod/mini';
import type { DashboardRequest } from '../../domain/contracts/dashboard.js';
import type { Inbox, InboxItem } from '../../domain/contracts/inbox.js';
import { dashboardFigures } from '../../domain/dashboard.js';
import { requestDetailsSchema } from '../../domain/request-details-schema.js';
import { MODES, parseOrThrow } from '../../domain/request-schema.js';
import { parseStoredJson } from '../../domain/stored-json.js';
import { singleLineText } from '../../domain/text.js';
import { COMMERCIAL_STATES, TECHNICAL_STATES } from '../../domain/workflow/vocabulary.js';
import { getDb } from '../db/index.js';
import { contacts, events, requests } from '../db/schema.js';
import { inboxEntry } from './inbox-entry.js';
import type { EventRow } from '../db/event-log.js';

export type { Inbox, InboxItem };

const NEXT_ACTORS = ['shop', 'technical', 'purchasing', 'none'] as const;

const optionalFilter = <T extends readonly [string, ...string[]]>(values: T, what: string) =>
  z.optional(z.union([z.literal(''), z.enum(values)], { error: `Choose a ${what} from the list.` }));

// A repeated parameter (?q=a&q=b) arrives as an array: say so rather than search for one of them.
export const inboxQuerySchema = z.object(
  {
    mode: optionalFilter(MODES, 'mode'),
    technical: optionalFilter(TECHNICAL_STATES, 'technical state'),
    commercial: optionalFilter(COMMERCIAL_STATES, 'commercial state'),
    waiting: optionalFilter(NEXT_ACTORS, 'party the request waits on'),
    overdue: z.optional(
      z.union([z.literal(''), z.literal('yes')], { error: 'Overdue only is either set (yes) or left out.' }),
    ),
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

  const now = new Date();
  const groups: Inbox['groups'] = { shop: [], technical: [], purchasing: [], none: [] };
  const counted: DashboardRequest[] = [];
  for (const request of rows) {
    const technicalContact = contactRows.find((c) => c.requestId === request.id && c.role === 'technical');
    const purchasing = contactRows.find((c) => c.requestId === request.id && c.role === 'purchasing');
    if (!technicalContact || !purchasing) continue;
    const details = parseStoredJson(requestDetailsSchema, request.details, 'requests.details', request.id);
    const { item, facts, state } = inboxEntry({
      request,
      details,
      technicalContact,
      purchasing,
      events: eventsByRequest.get(request.id) ?? [],
      now,
    });
    if (filters.technical && state.technical !== filters.technical) continue;
    if (filters.commercial && state.commercial !== filters.commercial) continue;
    if (filters.waiting && item.nextActor !== filters.waiting) continue;
    if (filters.overdue === 'yes' && item.overdue.length === 0) continue;
    groups[item.nextActor].push(item);
    counted.push(facts);
  }
  return {
    groups,
    total: Object.values(groups).reduce((sum, list) => sum + list.length, 0),
    dashboard: dashboardFigures({ requests: counted, now }),
  };
}
