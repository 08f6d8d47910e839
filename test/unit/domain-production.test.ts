/**
 * The production track's gates and quantities: production starts only while "ready for production"
 * holds for a released lot, a shipment never exceeds what is released and not yet shipped, and a
 * delivery needs its shipment. Also who acts next while lots are made and shipped.
 */
import { describe, expect, it } from 'vitest';
import { nextActor } from '../../src/domain/workflow/next-actor.js';
import { productionSummary, shippedQuantity } from '../../src/domain/workflow/production.js';
import type { WorkflowState } from '../../src/domain/workflow/state.js';
import { applyEvent, initialWorkflowState, replayEvents } from '../../src/domain/workflow/transitions.js';
import { trackOf } from '../../src/domain/workflow/views.js';
import type { Actor, EventOf, FileAdded, ReplayedEvent, WorkflowEvent } from '../../src/domain/workflow/vocabulary.js';

const roles = { technicalEmail: 't@acme.example', purchasingEmail: 'p@acme.example', sameContactForBothRoles: false };
const shop: Actor = { role: 'shop', email: 'shop@localhost' };
const technical: Actor = { role: 'technical', name: 'Tina', email: 't@acme.example' };
const purchasing: Actor = { role: 'purchasing', name: 'Paul', email: 'p@acme.example' };
const sha = (c: string) => c.repeat(64);

const confirm = (): WorkflowEvent => ({
  type: 'technical_review',
  actor: technical,
  decision: 'direction_confirmed',
  covers: [{ fileId: 'f1', name: 'bracket.stl', sha256: sha('a') }],
});
const sampleFirst = (): WorkflowEvent => ({ type: 'technical_review', actor: technical, decision: 'sample_required' });
const issue = (
  revisionId: string,
  quantity: number,
  scope: 'opening_lot' | 'sample' = 'opening_lot',
): WorkflowEvent => ({
  type: 'quote_issued',
  actor: shop,
  revisionId,
  scope,
  quantity,
  totalMinor: quantity * 1000,
  currency: 'eur',
});
const accept = (revisionId: string): WorkflowEvent => ({ type: 'purchasing_accepted', actor: purchasing, revisionId });
const start = (revisionId = 'q1'): EventOf<'production_started'> => ({
  type: 'production_started',
  actor: shop,
  revisionId,
});
const ship = (
  shipmentId: string,
  quantity: number,
  trackingReference = shipmentId,
  revisionId = 'q1',
): WorkflowEvent => ({
  type: 'lot_shipped',
  actor: shop,
  revisionId,
  shipmentId,
  carrier: 'DHL',
  trackingReference,
  quantity,
  at: '2026-03-03T10:00:00.000Z',
});
const deliver = (shipmentId: string, deliveredOn = '2026-03-05', revisionId = 'q1'): WorkflowEvent => ({
  type: 'lot_delivered',
  actor: shop,
  revisionId,
  shipmentId,
  deliveredOn,
});
const newGeometry: FileAdded = {
  type: 'file_added',
  actor: { role: 'technical', email: 't@acme.example' },
  fileId: 'f2',
  name: 'bracket.stl',
  kind: 'cad',
  sha256: sha('b'),
};

function run(events: ReplayedEvent[]): WorkflowState {
  const { state, refused } = replayEvents(
    initialWorkflowState({ mode: 'production', roles, plannedTotal: 500 }),
    events,
  );
  expect(refused).toEqual([]);
  return state;
}

const released = [confirm(), issue('q1', 100), accept('q1')];

describe('production started: only while ready for production', () => {
  it.each<[string, ReplayedEvent[], string, RegExp]>([
    [
      'a quote still open with purchasing',
      [confirm(), issue('q1', 100)],
      'INVALID_TRANSITION',
      /This quote is open; production starts only on a lot purchasing has released/,
    ],
    [
      'released, but technical review still pending',
      [issue('q1', 100), accept('q1')],
      'INVALID_TRANSITION',
      /has not given the go-ahead \(awaiting technical review\)/,
    ],
    [
      'released, but a sample is required first',
      [sampleFirst(), issue('q1', 100), accept('q1')],
      'INVALID_TRANSITION',
      /has not given the go-ahead \(sample required\)/,
    ],
    [
      'released, but the sign-off reopened by a new file',
      [...released, newGeometry],
      'INVALID_TRANSITION',
      /New 3D geometry arrived after the technical sign-off/,
    ],
    [
      'a released sample, not a production lot',
      [confirm(), issue('q1', 2, 'sample'), accept('q1')],
      'INVALID_TRANSITION',
      /for a sample, not a production lot/,
    ],
    ['a lot that is not part of the request', released, 'NOT_FOUND', /not part of this request/],
    ['production already started', [...released, start()], 'ALREADY_DECIDED', /already recorded as started/],
  ])('refused: %s', (_name, events, code, message) => {
    const result = applyEvent(run(events), start(code === 'NOT_FOUND' ? 'q9' : 'q1'));
    expect(result).toMatchObject({ ok: false, code });
    expect(!result.ok && result.message).toMatch(message);
  });

  it('accepted on a released lot with the go-ahead, leaving both tracks as they were', () => {
    const before = run(released);
    const after = run([...released, { ...start(), note: 'Printer 3', at: '2026-03-02T09:00:00.000Z' }]);
    expect(after.technical).toBe(before.technical);
    expect(after.commercial).toBe(before.commercial);
    expect(after.revisions).toEqual(before.revisions);
    expect(after.production).toEqual([
      { revisionId: 'q1', startedAt: '2026-03-02T09:00:00.000Z', note: 'Printer 3', shipments: [] },
    ]);
  });

  it('is accepted after a first article was accepted too', () => {
    const events: ReplayedEvent[] = [
      sampleFirst(),
      { type: 'sample_shipped', actor: shop },
      { type: 'first_article', actor: technical, decision: 'accepted', covers: [] },
      issue('q1', 100),
      accept('q1'),
      start(),
    ];
    expect(run(events).production).toHaveLength(1);
  });

  it('is refused for a role other than the shop', () => {
    expect(applyEvent(run(released), { ...start(), actor: purchasing })).toMatchObject({
      ok: false,
      code: 'WRONG_ROLE',
    });
  });

  it('belongs to the production lane', () => {
    expect(trackOf(start())).toBe('production');
    expect(trackOf(ship('s1', 1))).toBe('production');
    expect(trackOf(deliver('s1'))).toBe('production');
  });
});

describe('lot shipped: never more than released minus shipped', () => {
  const started = [...released, start()];

  it.each<[string, ReplayedEvent[], WorkflowEvent, string, string]>([
    [
      'before production started',
      released,
      ship('s1', 10),
      'INVALID_TRANSITION',
      'Record production of this lot as started before recording a shipment of it.',
    ],
    [
      'more than released',
      started,
      ship('s1', 101),
      'INVALID_TRANSITION',
      'Only 100 of this lot remain to ship (0 already shipped); enter 100 or fewer.',
    ],
    [
      'more than what remains',
      [...started, ship('s1', 60)],
      ship('s2', 41),
      'INVALID_TRANSITION',
      'Only 40 of this lot remain to ship (60 already shipped); enter 40 or fewer.',
    ],
    [
      'when all has shipped',
      [...started, ship('s1', 100)],
      ship('s2', 1),
      'INVALID_TRANSITION',
      'Every piece of this lot has already shipped (100); nothing remains to ship.',
    ],
    [
      'zero pieces',
      started,
      ship('s1', 0),
      'INVALID_TRANSITION',
      'A shipment carries a whole number of pieces, at least 1.',
    ],
    [
      'half a piece',
      started,
      ship('s1', 1.5),
      'INVALID_TRANSITION',
      'A shipment carries a whole number of pieces, at least 1.',
    ],
    [
      'the same tracking reference again',
      [...started, ship('s1', 10, 'JD01')],
      ship('s2', 10, ' jd01 '),
      'CONFLICT',
      'This carrier and tracking reference are already recorded for another shipment; check the reference.',
    ],
    [
      'the same shipment id again',
      [...started, ship('s1', 10)],
      ship('s1', 10, 'other'),
      'CONFLICT',
      'This shipment is already recorded; reload the page to see it.',
    ],
  ])('refused: %s', (_name, events, event, code, message) => {
    expect(applyEvent(run(events), event)).toEqual({ ok: false, code, message });
  });

  it('two partial shipments add up; the summary counts released, shipped, delivered and remaining', () => {
    const state = run([...started, ship('s1', 60), ship('s2', 30), deliver('s1')]);
    expect(shippedQuantity(state, 'q1')).toBe(90);
    expect(shippedQuantity(state, 'q9')).toBe(0);
    expect(productionSummary(state)).toEqual([
      expect.objectContaining({
        revisionId: 'q1',
        scope: 'opening_lot',
        released: 100,
        shipped: 90,
        delivered: 60,
        remaining: 10,
        started: true,
        unshippedValueMinor: 10_000,
        currency: 'eur',
      }),
    ]);
    expect(productionSummary(state)[0]?.shipments.map((s) => [s.shipmentId, s.quantity, s.deliveredOn])).toEqual([
      ['s1', 60, '2026-03-05'],
      ['s2', 30, undefined],
    ]);
  });

  it('a later lot is counted on its own, and a lot not started yet shows its whole value unshipped', () => {
    const state = run([...started, ship('s1', 100), issue('q2', 50), accept('q2')]);
    expect(
      productionSummary(state).map((lot) => [lot.revisionId, lot.shipped, lot.remaining, lot.unshippedValueMinor]),
    ).toEqual([
      ['q1', 100, 0, 0],
      ['q2', 0, 50, 50_000],
    ]);
    expect(applyEvent(state, ship('s2', 1, 'x', 'q2'))).toMatchObject({ ok: false, code: 'INVALID_TRANSITION' });
    expect(
      run([...started, ship('s1', 100), issue('q2', 50), accept('q2'), start('q2'), ship('s2', 50, 'y', 'q2')])
        .production,
    ).toHaveLength(2);
  });

  it('a sign-off reopened after production started does not stop shipping what was made', () => {
    expect(run([...started, newGeometry, ship('s1', 10)]).production[0]?.shipments).toHaveLength(1);
  });
});

describe('lot delivered: needs its shipment', () => {
  const shipped = [...released, start(), ship('s1', 60)];

  it.each<[string, ReplayedEvent[], WorkflowEvent, string, string]>([
    [
      'an unknown shipment',
      shipped,
      deliver('s9'),
      'NOT_FOUND',
      'That shipment is not recorded on this request; reload the page and pick one of its shipments.',
    ],
    [
      'a shipment of another lot',
      shipped,
      deliver('s1', '2026-03-05', 'q9'),
      'NOT_FOUND',
      'That lot is not part of this request; reload the page and pick one of its released lots.',
    ],
    [
      'before it left',
      shipped,
      deliver('s1', '2026-03-01'),
      'INVALID_TRANSITION',
      'The delivery date is before the shipment left on 2026-03-03; check the date.',
    ],
    [
      'a date that is no day',
      shipped,
      deliver('s1', 'soon'),
      'INVALID_TRANSITION',
      'Enter the delivery date as a calendar day.',
    ],
    [
      'twice',
      [...shipped, deliver('s1')],
      deliver('s1', '2026-03-06'),
      'ALREADY_DECIDED',
      'This shipment is already recorded as delivered on 2026-03-05.',
    ],
  ])('refused: %s', (_name, events, event, code, message) => {
    expect(applyEvent(run(events), event)).toEqual({ ok: false, code, message });
  });
});

describe('who acts next while lots are made and shipped', () => {
  it.each<[string, ReplayedEvent[], string | undefined]>([
    ['released and ready', released, 'The shop to start production of the opening lot of 100: ready for production.'],
    ['started', [...released, start()], 'The shop to make and ship the opening lot of 100.'],
    [
      'partly shipped',
      [...released, start(), ship('s1', 60)],
      'The shop to ship the remaining 40 of the opening lot of 100.',
    ],
    [
      'all shipped',
      [...released, start(), ship('s1', 60), ship('s2', 40)],
      'The shop to record the delivery of 2 shipments of the opening lot of 100.',
    ],
    [
      'one delivered',
      [...released, start(), ship('s1', 60), ship('s2', 40), deliver('s1')],
      'The shop to record the delivery of a shipment of the opening lot of 100.',
    ],
    ['all delivered', [...released, start(), ship('s1', 60), ship('s2', 40), deliver('s1'), deliver('s2')], undefined],
    ['released, review pending', [issue('q1', 100), accept('q1')], undefined],
  ])('%s', (_name, events, first) => {
    const next = nextActor(run(events));
    const production = next.waitingOn.shop.filter((line) => /production|ship|deliver/.test(line));
    expect(production[0]).toBe(first);
    if (first) expect(next.actor).toBe('shop');
  });
});
