/**
 * The shop dashboard over HTTP: requests seeded the way customers and staff make them (intake, a
 * rough estimate, a firm quote, a technical review, a purchasing release), then the inbox endpoint's
 * figures, and the filters narrowing the figures and the list alike.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inbox } from '../../src/domain/contracts/inbox.js';
import { accept, expectInvoiced, issueQuoteWithLink, staffOf } from '../support/release.js';
import { createRequestWithLinks, postWithToken, review } from '../support/review.js';
import { startTestServer, type TestServer } from '../support/server.js';
import type { ShopClient } from '../support/shop.js';

let server: TestServer;
let staff: ShopClient;
const QUOTE_TOTAL = 50 * 1240; // quoteForm: 50 × 12.40 EUR

beforeAll(async () => {
  server = await startTestServer();
  staff = await staffOf(server);
});
afterAll(async () => {
  await server?.close();
});

async function confirmDirection(id: string, token: string) {
  const reply = await postWithToken(server.url, `/api/requests/${id}/technical-review`, review(), token);
  expect(reply.status).toBe(201);
}

describe('shop dashboard', () => {
  it('answers the figures of the seeded requests with the inbox, and filters both alike', async () => {
    const started = Date.now();
    // Waits on the shop: a production request nobody has quoted.
    const untouched = await createRequestWithLinks(server);
    // Waits on the technical contact: a rough estimate sent, no review yet.
    const estimated = await createRequestWithLinks(server, { mode: 'rough_estimate' });
    const sent = await staff.call('POST', `/api/shop/requests/${estimated.id}/estimate`, {
      sendId: randomUUID(),
      quantity: 500,
      low: '2400',
      high: '3900',
      leadDaysMin: 6,
      leadDaysMax: 10,
      material: 'PETG',
      assumptions: [],
    });
    expect(sent.status).toBe(201);
    // Waits on purchasing: reviewed, quoted, not released.
    const quoted = await issueQuoteWithLink(server);
    await confirmDirection(quoted.id, quoted.reviewToken);
    // Waits on the shop for production only: reviewed, quoted and released (and invoiced).
    const released = await issueQuoteWithLink(server);
    await confirmDirection(released.id, released.reviewToken);
    const accepted = await accept(server, released.revisionId, released.releaseToken);
    expect(accepted.status).toBe(201);
    expectInvoiced(accepted.body);

    const all = await staff.call<Inbox>('GET', '/api/shop/requests');
    expect(all.status).toBe(200);
    const { dashboard } = all.body;
    expect(all.body.total).toBe(4);
    expect(dashboard.openQuotes).toEqual({
      amounts: [{ currency: 'eur', minor: QUOTE_TOTAL }],
      revisions: 1,
      withoutTotal: 0,
    });
    // Nothing is shipped yet, so the released revision counts whole.
    expect(dashboard.releasedNotShipped).toEqual({
      amounts: [{ currency: 'eur', minor: QUOTE_TOTAL }],
      revisions: 1,
      withoutTotal: 0,
    });
    // 20 of its 50 pieces ship: 30 of 50 of its total remain released and not shipped.
    const lot = `/api/shop/requests/${released.id}`;
    expect((await staff.call('POST', `${lot}/production`, { revisionId: released.revisionId })).status).toBe(201);
    const shipment = { revisionId: released.revisionId, carrier: 'DHL', trackingReference: 'JD0001', quantity: 20 };
    expect((await staff.call('POST', `${lot}/shipments`, shipment)).status).toBe(201);
    const shippedPart = await staff.call<Inbox>('GET', '/api/shop/requests');
    expect(shippedPart.body.dashboard.releasedNotShipped).toEqual({
      amounts: [{ currency: 'eur', minor: (QUOTE_TOTAL * 30) / 50 }],
      revisions: 1,
      withoutTotal: 0,
    });
    expect(
      Object.fromEntries(Object.entries(dashboard.waiting).map(([actor, figure]) => [actor, figure.count])),
    ).toEqual({ technical: 1, purchasing: 1, shop: 2 });
    // Everything happened in this test: every wait is under an hour, and the oldest shop wait is the
    // untouched request's, waiting since it was submitted.
    const elapsedHours = Math.floor((Date.now() - started) / 3_600_000);
    expect(dashboard.waiting.shop).toMatchObject({ oldestHours: elapsedHours, oldestId: untouched.id });
    expect(dashboard.waiting.shop.buckets).toEqual([2, 0, 0, 0, 0]);
    expect(dashboard.overdue).toMatchObject({ requests: 0, neededBy: 0, replyPromise: 0 });
    // The estimate and both quotes went out in the window; one of the three was released.
    expect(dashboard.conversion).toMatchObject({ windowDays: 90, offered: 3, released: 1, share: 1 / 3 });

    const items = Object.values(all.body.groups).flat();
    const untouchedItem = items.find((item) => item.id === untouched.id);
    expect(untouchedItem).toMatchObject({ nextActor: 'shop', overdue: [] });
    expect(untouchedItem?.waitingSince).toBe(untouchedItem?.createdAt);
    expect(untouchedItem?.neededBy).toMatch(/^\d{4}-03-31$/);

    // Waiting on purchasing: only the open quote, in the list and in the figures.
    const purchasing = await staff.call<Inbox>('GET', '/api/shop/requests?waiting=purchasing');
    expect(purchasing.body.total).toBe(1);
    expect(purchasing.body.groups.purchasing.map((item) => item.id)).toEqual([quoted.id]);
    expect(purchasing.body.dashboard.releasedNotShipped.amounts).toEqual([]);
    expect(purchasing.body.dashboard.conversion).toMatchObject({ offered: 1, released: 0, share: 0 });

    const overdue = await staff.call<Inbox>('GET', '/api/shop/requests?overdue=yes&mode=production');
    expect(overdue.body.total).toBe(0);
    expect(overdue.body.dashboard.waiting.shop.count).toBe(0);

    for (const [query, field] of [
      ['waiting=bob', 'waiting'],
      ['overdue=no', 'overdue'],
    ] as const) {
      const bad = await staff.call('GET', `/api/shop/requests?${query}`);
      expect(bad.status).toBe(422);
      expect(Object.keys(bad.body.error.fields ?? {})).toEqual([field]);
    }
  }, 60_000);
});
