import { describe, expect, it } from 'vitest';
import { handoffNote } from '../../src/domain/handoff.js';
import type { WorkflowState } from '../../src/domain/workflow/state.js';
import { initialWorkflowState, replayEvents } from '../../src/domain/workflow/transitions.js';
import type { Actor, QuoteScope, WorkflowEvent } from '../../src/domain/workflow/vocabulary.js';

const technical: Actor = { role: 'technical', email: 'tess@acme.example' };
const purchasing: Actor = { role: 'purchasing', email: 'paul@acme.example' };
const shop: Actor = { role: 'shop' };
const stripe: Actor = { role: 'stripe' };

const ev = {
  confirm: { type: 'technical_review', actor: technical, decision: 'direction_confirmed' },
  sampleFirst: { type: 'technical_review', actor: technical, decision: 'sample_required' },
  changes: { type: 'technical_review', actor: technical, decision: 'changes_requested' },
  shipped: { type: 'sample_shipped', actor: shop },
  faAccepted: { type: 'first_article', actor: technical, decision: 'accepted' },
  faRejected: { type: 'first_article', actor: technical, decision: 'rejected' },
  estimate: { type: 'estimate_sent', actor: shop },
  issue: (id: string, scope: QuoteScope = 'opening_lot', quantity = 50): WorkflowEvent => ({
    type: 'quote_issued',
    actor: shop,
    revisionId: id,
    scope,
    quantity,
  }),
  accept: (id: string, poNumber: string | null = '4411'): WorkflowEvent => ({
    type: 'purchasing_accepted',
    actor: purchasing,
    revisionId: id,
    poNumber: poNumber ?? undefined,
  }),
  hold: (id: string): WorkflowEvent => ({
    type: 'purchasing_hold',
    actor: purchasing,
    revisionId: id,
    reason: 'Budget',
  }),
  decline: (id: string): WorkflowEvent => ({
    type: 'purchasing_declined',
    actor: purchasing,
    revisionId: id,
    reason: 'x',
  }),
  expire: (id: string): WorkflowEvent => ({ type: 'quote_expired', actor: stripe, revisionId: id }),
  outside: (id: string): WorkflowEvent => ({ type: 'accepted_outside_portal', actor: stripe, revisionId: id }),
  paid: (id: string): WorkflowEvent => ({ type: 'invoice_paid', actor: stripe, revisionId: id, invoiceId: `in_${id}` }),
} satisfies Record<string, WorkflowEvent | ((...args: never[]) => WorkflowEvent)>;

function stateAfter(events: WorkflowEvent[], mode: WorkflowState['mode'] = 'production'): WorkflowState {
  const roles = {
    technicalEmail: 'tess@acme.example',
    purchasingEmail: 'paul@acme.example',
    sameContactForBothRoles: false,
  };
  const { state, refused } = replayEvents(initialWorkflowState({ mode, roles }), events);
  expect(refused).toEqual([]);
  return state;
}

describe('handoff note', () => {
  // Every combination that matters: each technical state against no quote, an open quote, a release.
  const table: [string, WorkflowEvent[], WorkflowState['mode']?][] = [
    ['new production request', []],
    ['new rough-estimate request', [], 'rough_estimate'],
    ['rough estimate sent', [ev.estimate], 'rough_estimate'],
    ['direction confirmed, no quote yet', [ev.confirm]],
    ['direction confirmed, quote open', [ev.confirm, ev.issue('q1')]],
    ['review pending, quote open', [ev.issue('q1')]],
    ['sample required, quote open', [ev.sampleFirst, ev.issue('q1', 'sample', 2)]],
    ['changes requested, quote on hold', [ev.changes, ev.issue('q1'), ev.hold('q1')]],
    ['quote declined', [ev.confirm, ev.issue('q1'), ev.decline('q1')]],
    ['quote expired', [ev.confirm, ev.issue('q1'), ev.expire('q1')]],
    ['released and confirmed: ready', [ev.issue('q1'), ev.accept('q1'), ev.confirm]],
    ['PO before technical review', [ev.issue('q1'), ev.accept('q1')]],
    ['released, sample asked for', [ev.issue('q1'), ev.accept('q1'), ev.sampleFirst]],
    ['released, sample shipped', [ev.sampleFirst, ev.shipped, ev.issue('q1'), ev.accept('q1')]],
    ['released, first article rejected', [ev.sampleFirst, ev.shipped, ev.faRejected, ev.issue('q1'), ev.accept('q1')]],
    [
      'released, first article accepted: ready',
      [ev.sampleFirst, ev.shipped, ev.faAccepted, ev.issue('q1', 'full_batch', 500), ev.accept('q1', '7781')],
    ],
    ['released, changes requested later', [ev.confirm, ev.issue('q1'), ev.accept('q1'), ev.changes]],
    ['released without a PO number: ready', [ev.confirm, ev.issue('q1'), ev.accept('q1', null)]],
    ['PO number typed with its prefix', [ev.issue('q1'), ev.accept('q1', 'PO-77')]],
    ['only the sample released, review pending', [ev.issue('q1', 'sample', 2), ev.accept('q1')]],
    [
      'only the sample released, sample shipped',
      [ev.sampleFirst, ev.issue('q1', 'sample', 2), ev.accept('q1'), ev.shipped],
    ],
    ['paid and ready', [ev.confirm, ev.issue('q1'), ev.accept('q1'), ev.paid('q1')]],
    [
      'next lot quoted after a ready release',
      [ev.confirm, ev.issue('q1'), ev.accept('q1'), ev.issue('q2', 'additional_lot', 100)],
    ],
    [
      'next lot on hold after a ready release',
      [ev.confirm, ev.issue('q1'), ev.accept('q1'), ev.issue('q2', 'additional_lot', 100), ev.hold('q2')],
    ],
    ['accepted in Stripe outside the portal', [ev.confirm, ev.issue('q1'), ev.outside('q1')]],
  ];

  it('reads as plain sentences for every combination', () => {
    const notes = Object.fromEntries(
      table.map(([name, events, mode]) => [name, handoffNote(stateAfter(events, mode))]),
    );
    expect(notes).toMatchInlineSnapshot(`
      {
        "PO before technical review": "Purchasing released the opening lot of 50 under PO 4411; production waits for technical review.",
        "PO number typed with its prefix": "Purchasing released the opening lot of 50 under PO-77; production waits for technical review.",
        "accepted in Stripe outside the portal": "Technical review confirmed the direction; commercial release is still pending with purchasing. A quote was accepted in Stripe outside the portal; that is not a purchasing release.",
        "changes requested, quote on hold": "Technical review asked for changes; purchasing put the quote on hold.",
        "direction confirmed, no quote yet": "Technical review confirmed the direction; no quote has been issued yet.",
        "direction confirmed, quote open": "Technical review confirmed the direction; commercial release is still pending with purchasing.",
        "new production request": "Technical review is still pending with the technical contact; no quote has been issued yet.",
        "new rough-estimate request": "Technical review is still pending with the technical contact; the rough estimate is being prepared.",
        "next lot on hold after a ready release": "Purchasing released the opening lot of 50 under PO 4411; technical review confirmed the direction; ready for production. The additional lot of 100 is quoted and on hold with purchasing.",
        "next lot quoted after a ready release": "Purchasing released the opening lot of 50 under PO 4411; technical review confirmed the direction; ready for production. The additional lot of 100 is quoted and pending with purchasing.",
        "only the sample released, review pending": "Purchasing released the sample of 2 under PO 4411; technical review is still pending with the technical contact.",
        "only the sample released, sample shipped": "Purchasing released the sample of 2 under PO 4411; the sample has shipped and awaits the technical contact’s verdict.",
        "paid and ready": "Purchasing released the opening lot of 50 under PO 4411; technical review confirmed the direction; ready for production.",
        "quote declined": "Technical review confirmed the direction; purchasing declined the quote.",
        "quote expired": "Technical review confirmed the direction; the quote expired without a release.",
        "released and confirmed: ready": "Purchasing released the opening lot of 50 under PO 4411; technical review confirmed the direction; ready for production.",
        "released without a PO number: ready": "Purchasing released the opening lot of 50 without a PO number; technical review confirmed the direction; ready for production.",
        "released, changes requested later": "Purchasing released the opening lot of 50 under PO 4411; production waits for the changes technical review asked for.",
        "released, first article accepted: ready": "Purchasing released the full batch of 500 under PO 7781; the first article was accepted; ready for production.",
        "released, first article rejected": "Purchasing released the opening lot of 50 under PO 4411; production waits for a sample the technical contact accepts.",
        "released, sample asked for": "Purchasing released the opening lot of 50 under PO 4411; production waits for the sample the technical contact asked for.",
        "released, sample shipped": "Purchasing released the opening lot of 50 under PO 4411; production waits for the technical contact’s verdict on the sample.",
        "review pending, quote open": "Technical review is still pending with the technical contact; commercial release is still pending with purchasing.",
        "rough estimate sent": "Technical review is still pending with the technical contact; a rough estimate was sent, which is not an order.",
        "sample required, quote open": "Technical review asked for a sample first; commercial release is still pending with purchasing.",
      }
    `);
  });

  it('says "ready for production" only when both tracks allow it', () => {
    for (const [name, events, mode] of table) {
      const note = handoffNote(stateAfter(events, mode));
      expect(note.includes('ready for production'), name).toBe(name.includes('ready'));
    }
  });

  it('never claims a release that did not happen', () => {
    for (const [name, events, mode] of table) {
      const released = events.some((e) => e.type === 'purchasing_accepted');
      expect(handoffNote(stateAfter(events, mode)).includes('Purchasing released'), name).toBe(released);
    }
  });

  it('follows the released lot through production, shipping and delivery', () => {
    const ready = [ev.issue('q1'), ev.accept('q1'), ev.confirm];
    const started: WorkflowEvent = { type: 'production_started', actor: shop, revisionId: 'q1' };
    const ship = (shipmentId: string, quantity: number): WorkflowEvent => ({
      type: 'lot_shipped',
      actor: shop,
      revisionId: 'q1',
      shipmentId,
      carrier: 'DHL',
      trackingReference: `JD-${shipmentId}`,
      quantity,
    });
    const deliver = (shipmentId: string): WorkflowEvent => ({
      type: 'lot_delivered',
      actor: shop,
      revisionId: 'q1',
      shipmentId,
      deliveredOn: '2027-03-04',
    });
    const lead =
      'Purchasing released the opening lot of 50 pcs under PO 4411; technical review confirmed the direction;';
    const note = (events: WorkflowEvent[]) => handoffNote(stateAfter([...ready, ...events]), { unit: 'pcs' });
    expect(note([started])).toBe(`${lead} in production.`);
    expect(note([started, ship('s1', 20)])).toBe(`${lead} 20 of 50 pcs shipped.`);
    expect(note([started, ship('s1', 20), deliver('s1')])).toBe(`${lead} 20 of 50 pcs shipped, 20 pcs delivered.`);
    expect(note([started, ship('s1', 20), deliver('s1'), ship('s2', 30)])).toBe(
      `${lead} all 50 pcs shipped, 20 pcs delivered.`,
    );
    expect(note([started, ship('s1', 20), deliver('s1'), ship('s2', 30), deliver('s2')])).toBe(
      `${lead} delivered in full.`,
    );
  });

  it('adds a unit when given', () => {
    expect(handoffNote(stateAfter([ev.issue('q1'), ev.accept('q1'), ev.confirm]), { unit: 'pcs' })).toBe(
      'Purchasing released the opening lot of 50 pcs under PO 4411; technical review confirmed the direction; ready for production.',
    );
  });
});
