import { describe, expect, it } from 'vitest';
import type { DashboardRequest, DashboardRevision } from '../../src/domain/contracts/dashboard.js';
import { dashboardFigures, overdueReasons, SHOP_REPLY_PROMISE_HOURS } from '../../src/domain/dashboard.js';
import { initialWorkflowState } from '../../src/domain/workflow/transitions.js';
import type { Actor, ReplayedEvent } from '../../src/domain/workflow/vocabulary.js';
import { requestTimeline } from '../../src/domain/workflow/waiting.js';

const NOW = new Date('2026-06-30T12:00:00.000Z');
const HOUR = 3_600_000;
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * HOUR).toISOString();
const daysAgo = (days: number) => hoursAgo(days * 24);

const revision = (
  status: DashboardRevision['status'],
  quantity: number,
  totalMinor?: number,
  currency?: string,
  shippedQuantity = 0,
): DashboardRevision => ({ status, quantity, totalMinor, currency, shippedQuantity });

function request(id: string, fields: Partial<DashboardRequest>): DashboardRequest {
  return {
    id,
    nextActor: 'shop',
    waitingSince: NOW.toISOString(),
    shopReplyOwed: true,
    neededBy: '2026-12-31',
    revisions: [],
    ...fields,
  };
}

// Hand-computed figures below refer to these by letter.
const SEED: DashboardRequest[] = [
  request('A', {
    nextActor: 'purchasing',
    waitingSince: hoursAgo(10),
    firstOfferAt: hoursAgo(10),
    revisions: [revision('open', 50, 62_000, 'eur')],
  }),
  request('B', {
    nextActor: 'purchasing',
    waitingSince: hoursAgo(100),
    neededBy: '2026-06-29',
    firstOfferAt: daysAgo(90), // exactly the window's start: inside
    revisions: [revision('superseded', 50, 70_000, 'eur'), revision('on_hold', 50, 65_000, 'eur')],
  }),
  request('C', { nextActor: 'shop', waitingSince: hoursAgo(49), neededBy: '2026-06-29' }),
  request('D', {
    nextActor: 'shop',
    shopReplyOwed: false, // only producing a released lot
    waitingSince: hoursAgo(400),
    neededBy: '2026-01-01',
    firstOfferAt: new Date(NOW.getTime() - 90 * 24 * HOUR - 1).toISOString(), // 1 ms before the window
    revisions: [revision('accepted', 100, 150_000, 'eur')],
  }),
  request('E', {
    nextActor: 'technical',
    waitingSince: hoursAgo(30),
    neededBy: '2026-05-01',
    firstOfferAt: daysAgo(20),
    revisions: [revision('accepted', 4, 10_000, 'usd'), revision('open', 100, 200_000, 'usd')],
  }),
  request('F', {
    nextActor: 'none',
    waitingSince: hoursAgo(1000),
    neededBy: '2025-01-01',
    firstOfferAt: daysAgo(5),
    revisions: [revision('accepted', 3, 1_000, 'gbp', 1), revision('accepted', 5, 999, 'gbp', 5)],
  }),
  request('G', {
    nextActor: 'shop',
    waitingSince: hoursAgo(SHOP_REPLY_PROMISE_HOURS), // exactly at the promise: not past it
    neededBy: '2026-06-30', // today: not past
    firstOfferAt: NOW.toISOString(),
    revisions: [revision('open', 1)],
  }),
  request('H', {
    nextActor: 'purchasing',
    waitingSince: hoursAgo(-1), // a clock a little ahead is no age
    firstOfferAt: hoursAgo(1),
    revisions: [revision('open', 10, 1_000, 'eur')],
  }),
  request('I', { nextActor: 'technical', waitingSince: hoursAgo(20.5) }),
];

describe('dashboard figures', () => {
  const figures = dashboardFigures({ requests: SEED, now: NOW });

  it('sums open and on-hold revisions per currency, never across currencies', () => {
    // A 620 + B 650 (on hold; the superseded revision is not open) + H 10 in euros; E 2000 in dollars.
    expect(figures.openQuotes).toEqual({
      amounts: [
        { currency: 'eur', minor: 128_000 },
        { currency: 'usd', minor: 200_000 },
      ],
      revisions: 5,
      withoutTotal: 1, // G's revision has no recorded total
    });
  });

  it('counts released revisions for the part not yet shipped', () => {
    // D 1500 €; E's released sample 100 $; F 2 of 3 left of 10 £ = 6.666… → 6.67 £; F's second is all shipped.
    expect(figures.releasedNotShipped).toEqual({
      amounts: [
        { currency: 'eur', minor: 150_000 },
        { currency: 'gbp', minor: 667 },
        { currency: 'usd', minor: 10_000 },
      ],
      revisions: 3,
      withoutTotal: 0,
    });
  });

  it('ages the requests per party that acts next: count, median, oldest, buckets', () => {
    expect(figures.ageBuckets.map((b) => b.belowHours)).toEqual([24, 72, 168, 336, null]);
    // E 30 h, I 20.5 h: median 25.25 h → 25 whole hours.
    expect(figures.waiting.technical).toEqual({
      count: 2,
      medianHours: 25,
      oldestHours: 30,
      oldestId: 'E',
      buckets: [1, 1, 0, 0, 0],
    });
    // H 0 h, A 10 h, B 100 h.
    expect(figures.waiting.purchasing).toEqual({
      count: 3,
      medianHours: 10,
      oldestHours: 100,
      oldestId: 'B',
      buckets: [2, 0, 1, 0, 0],
    });
    // G 48 h, C 49 h, D 400 h; F waits on nobody and is not counted.
    expect(figures.waiting.shop).toEqual({
      count: 3,
      medianHours: 49,
      oldestHours: 400,
      oldestId: 'D',
      buckets: [0, 2, 0, 0, 1],
    });
  });

  it('counts overdue requests once, by needed-by date and by the reply promise', () => {
    // Needed-by passed: B, C, D, E (F waits on nobody). Reply promise passed: C only (D owes no reply,
    // G is exactly at the promise).
    expect(figures.overdue).toEqual({
      requests: 4,
      neededBy: 4,
      replyPromise: 1,
      replyPromiseHours: SHOP_REPLY_PROMISE_HOURS,
    });
    const byId = Object.fromEntries(SEED.map((r) => [r.id, overdueReasons(r, NOW)]));
    expect(byId).toEqual({
      A: [],
      B: ['needed_by'],
      C: ['needed_by', 'reply_promise'],
      D: ['needed_by'],
      E: ['needed_by'],
      F: [],
      G: [],
      H: [],
      I: [],
    });
  });

  it('converts over the last 90 days, both edges included', () => {
    // Offered in the window: A, B (at its start), E, F, G (now), H; D is 1 ms too early. Released: E, F.
    expect(figures.conversion).toEqual({
      windowDays: 90,
      from: daysAgo(90),
      offered: 6,
      released: 2,
      share: 2 / 6,
    });
  });

  it('answers empty figures for no requests', () => {
    const empty = dashboardFigures({ requests: [], now: NOW });
    expect(empty.openQuotes).toEqual({ amounts: [], revisions: 0, withoutTotal: 0 });
    expect(empty.waiting.shop).toEqual({
      count: 0,
      medianHours: null,
      oldestHours: null,
      oldestId: undefined,
      buckets: [0, 0, 0, 0, 0],
    });
    expect(empty.conversion.share).toBeNull();
    expect(empty.asOf).toBe(NOW.toISOString());
  });
});

describe('request timeline', () => {
  const roles = {
    technicalEmail: 'tess@acme.example',
    purchasingEmail: 'paul@acme.example',
    sameContactForBothRoles: false,
  };
  const shop: Actor = { role: 'shop', email: 'shop@localhost' };
  const technical: Actor = { role: 'technical', email: 'tess@acme.example' };
  const purchasing: Actor = { role: 'purchasing', email: 'paul@acme.example' };
  const stripe: Actor = { role: 'stripe' };
  const initial = initialWorkflowState({ mode: 'production', roles, plannedTotal: 500 });
  const submittedAt = hoursAgo(100);

  function timeline(events: ReplayedEvent[]) {
    return requestTimeline({ initial, events, submittedAt });
  }

  const issued: ReplayedEvent = {
    type: 'quote_issued',
    actor: shop,
    revisionId: 'q1',
    scope: 'opening_lot',
    quantity: 50,
    at: hoursAgo(80),
  };
  const reviewed: ReplayedEvent = {
    type: 'technical_review',
    actor: technical,
    decision: 'direction_confirmed',
    at: hoursAgo(60),
  };
  const accepted: ReplayedEvent = {
    type: 'purchasing_accepted',
    actor: purchasing,
    revisionId: 'q1',
    poNumber: 'PO-1',
    at: hoursAgo(40),
  };

  it('waits on the shop from the submission until it quotes', () => {
    expect(timeline([])).toMatchObject({
      next: { actor: 'shop' },
      waitingSince: submittedAt,
      shopReplyOwed: true,
      firstOfferAt: undefined,
    });
  });

  it('dates the wait from the event that handed the request on; refused events change nothing', () => {
    const refused: ReplayedEvent = { ...accepted, revisionId: 'unknown', at: hoursAgo(70) };
    expect(timeline([issued, refused])).toMatchObject({
      next: { actor: 'technical' },
      waitingSince: hoursAgo(80),
      firstOfferAt: hoursAgo(80),
    });
    expect(timeline([issued, refused, reviewed])).toMatchObject({
      next: { actor: 'purchasing' },
      waitingSince: hoursAgo(60),
    });
  });

  it('owes no reply once only production is left to the shop', () => {
    const invoice = (type: 'invoice_created' | 'invoice_finalized' | 'invoice_sent', hours: number): ReplayedEvent => ({
      type,
      actor: stripe,
      revisionId: 'q1',
      invoiceId: 'in_1',
      at: hoursAgo(hours),
    });
    const released = timeline([issued, reviewed, accepted]);
    expect(released).toMatchObject({ next: { actor: 'shop' }, waitingSince: hoursAgo(40), shopReplyOwed: true });
    const invoiced = timeline([
      issued,
      reviewed,
      accepted,
      invoice('invoice_created', 39),
      invoice('invoice_finalized', 38),
      invoice('invoice_sent', 37),
    ]);
    expect(invoiced.state.commercial).toBe('invoiced');
    expect(invoiced).toMatchObject({ next: { actor: 'shop' }, shopReplyOwed: false });
  });
});
