import { describe, expect, it } from 'vitest';
import { nextActor } from '../../src/domain/workflow/next-actor.js';
import { canActInRole, roleHoldersOf } from '../../src/domain/workflow/roles.js';
import type { WorkflowState } from '../../src/domain/workflow/state.js';
import { COMMERCIAL_TRANSITIONS } from '../../src/domain/workflow/tables.js';
import {
  applyEvent,
  initialStateForRequest,
  initialWorkflowState,
  replayEvents,
} from '../../src/domain/workflow/transitions.js';
import { lotSummary, readyForProduction, trackOf } from '../../src/domain/workflow/views.js';
import {
  COMMERCIAL_STATES,
  TECHNICAL_STATES,
  type Actor,
  type TechnicalState,
  type WorkflowEvent,
} from '../../src/domain/workflow/vocabulary.js';
import { AppError, ERROR_STATUS, isAppErrorCode } from '../../src/domain/errors.js';
import { createRequestSchema } from '../../src/domain/request-schema.js';

const roles = {
  technicalEmail: 'tess@acme.example',
  purchasingEmail: 'paul@acme.example',
  sameContactForBothRoles: false,
};
const technical: Actor = { role: 'technical', name: 'Tess', email: 'tess@acme.example' };
const purchasing: Actor = { role: 'purchasing', name: 'Paul', email: 'paul@acme.example' };
const shop: Actor = { role: 'shop', email: 'shop@localhost' };
const stripe: Actor = { role: 'stripe' };
const system: Actor = { role: 'system' };

function start(overrides: Partial<WorkflowState> = {}): WorkflowState {
  return { ...initialWorkflowState({ mode: 'production', roles, plannedTotal: 500 }), ...overrides };
}

/** Applies events that must all succeed; a refusal fails the test with its message. */
function run(events: WorkflowEvent[], from: WorkflowState = start()): WorkflowState {
  const { state, refused } = replayEvents(from, events);
  expect(refused).toEqual([]);
  return state;
}

const issue = (
  revisionId: string,
  scope: 'sample' | 'opening_lot' | 'full_batch' | 'additional_lot' = 'opening_lot',
  quantity = 50,
): WorkflowEvent => ({
  type: 'quote_issued',
  actor: shop,
  revisionId,
  scope,
  quantity,
});
const accept = (revisionId: string, poNumber = '4411', actor: Actor = purchasing): WorkflowEvent => ({
  type: 'purchasing_accepted',
  actor,
  revisionId,
  poNumber,
});
const review = (decision: 'direction_confirmed' | 'sample_required' | 'changes_requested'): WorkflowEvent => ({
  type: 'technical_review',
  actor: technical,
  decision,
});
const invoice = (
  type:
    | 'invoice_created'
    | 'invoice_finalized'
    | 'invoice_sent'
    | 'invoice_paid'
    | 'invoice_voided'
    | 'invoice_payment_failed',
  revisionId: string,
  invoiceId = `in_${revisionId}`,
): WorkflowEvent => ({ type, actor: stripe, revisionId, invoiceId });

describe('technical track: every state × every technical move', () => {
  const moves: [string, WorkflowEvent][] = [
    ['review → direction_confirmed', review('direction_confirmed')],
    ['review → sample_required', review('sample_required')],
    ['review → changes_requested', review('changes_requested')],
    ['sample shipped', { type: 'sample_shipped', actor: shop, trackingReference: 'DHL 123' }],
    ['first article accepted', { type: 'first_article', actor: technical, decision: 'accepted' }],
    ['first article rejected', { type: 'first_article', actor: technical, decision: 'rejected' }],
  ];
  // Expected result per state, in the order of `moves`; a later decision always supersedes an earlier one.
  const expected: Record<TechnicalState, string[]> = {
    awaiting_review: [
      'direction_confirmed',
      'sample_required',
      'changes_requested',
      'sample_in_progress',
      'INVALID_TRANSITION',
      'INVALID_TRANSITION',
    ],
    direction_confirmed: [
      'direction_confirmed',
      'sample_required',
      'changes_requested',
      'sample_in_progress',
      'INVALID_TRANSITION',
      'INVALID_TRANSITION',
    ],
    sample_required: [
      'direction_confirmed',
      'sample_required',
      'changes_requested',
      'sample_in_progress',
      'INVALID_TRANSITION',
      'INVALID_TRANSITION',
    ],
    changes_requested: [
      'direction_confirmed',
      'sample_required',
      'changes_requested',
      'INVALID_TRANSITION',
      'INVALID_TRANSITION',
      'INVALID_TRANSITION',
    ],
    sample_in_progress: [
      'direction_confirmed',
      'sample_required',
      'changes_requested',
      'sample_in_progress',
      'first_article_accepted',
      'first_article_rejected',
    ],
    first_article_accepted: [
      'direction_confirmed',
      'sample_required',
      'changes_requested',
      'INVALID_TRANSITION',
      'first_article_accepted',
      'first_article_rejected',
    ],
    first_article_rejected: [
      'direction_confirmed',
      'sample_required',
      'changes_requested',
      'sample_in_progress',
      'first_article_accepted',
      'first_article_rejected',
    ],
  };
  const cases = TECHNICAL_STATES.flatMap((from) =>
    moves.map(([name, event], i) => [from, name, event, expected[from][i]] as const),
  );

  it.each(cases)('%s + %s → %s', (from, _name, event, outcome) => {
    const result = applyEvent(start({ technical: from }), event);
    if (result.ok) expect(result.state.technical).toBe(outcome);
    else expect(result.code).toBe(outcome);
  });

  it('counts shipped samples', () => {
    const state = run([
      review('sample_required'),
      { type: 'sample_shipped', actor: shop },
      { type: 'sample_shipped', actor: shop },
    ]);
    expect(state.samplesShipped).toBe(2);
  });
});

describe('commercial track', () => {
  it('table covers every commercial state (a new state must be added there to compile)', () => {
    expect(Object.keys(COMMERCIAL_TRANSITIONS).sort()).toEqual([...COMMERCIAL_STATES].sort());
  });

  const scenarios: [string, WorkflowEvent[], string][] = [
    ['estimate sent keeps estimate', [{ type: 'estimate_sent', actor: shop }], 'estimate'],
    ['issue → quoted', [issue('q1')], 'quoted'],
    ['issue → accept → released', [issue('q1'), accept('q1')], 'released'],
    ['→ invoice created stays released', [issue('q1'), accept('q1'), invoice('invoice_created', 'q1')], 'released'],
    [
      '→ finalized → invoiced',
      [issue('q1'), accept('q1'), invoice('invoice_created', 'q1'), invoice('invoice_finalized', 'q1')],
      'invoiced',
    ],
    ['→ paid', [issue('q1'), accept('q1'), invoice('invoice_finalized', 'q1'), invoice('invoice_paid', 'q1')], 'paid'],
    [
      'paid then late "sent" stays paid',
      [issue('q1'), accept('q1'), invoice('invoice_paid', 'q1'), invoice('invoice_sent', 'q1')],
      'paid',
    ],
    [
      'voided invoice returns to released',
      [issue('q1'), accept('q1'), invoice('invoice_sent', 'q1'), invoice('invoice_voided', 'q1')],
      'released',
    ],
    [
      'payment failure stays invoiced',
      [issue('q1'), accept('q1'), invoice('invoice_sent', 'q1'), invoice('invoice_payment_failed', 'q1')],
      'invoiced',
    ],
    [
      'hold',
      [issue('q1'), { type: 'purchasing_hold', actor: purchasing, revisionId: 'q1', reason: 'Budget' }],
      'on_hold',
    ],
    [
      'hold then accept',
      [issue('q1'), { type: 'purchasing_hold', actor: purchasing, revisionId: 'q1', reason: 'Budget' }, accept('q1')],
      'released',
    ],
    [
      'decline',
      [issue('q1'), { type: 'purchasing_declined', actor: purchasing, revisionId: 'q1', reason: 'Too dear' }],
      'declined',
    ],
    [
      'decline then revise',
      [
        issue('q1'),
        { type: 'purchasing_declined', actor: purchasing, revisionId: 'q1', reason: 'x' },
        {
          type: 'quote_revised',
          actor: shop,
          revisionId: 'q2',
          previousRevisionId: 'q1',
          scope: 'opening_lot',
          quantity: 40,
        },
      ],
      'quoted',
    ],
    [
      'cancel returns to estimate (no open quote)',
      [issue('q1'), { type: 'quote_canceled', actor: shop, revisionId: 'q1' }],
      'estimate',
    ],
    ['expire', [issue('q1'), { type: 'quote_expired', actor: system, revisionId: 'q1' }], 'expired'],
    [
      'new quote after expiry',
      [issue('q1'), { type: 'quote_expired', actor: system, revisionId: 'q1' }, issue('q2')],
      'quoted',
    ],
    [
      'Stripe cancelling the superseded revision is a no-op',
      [
        issue('q1'),
        {
          type: 'quote_revised',
          actor: shop,
          revisionId: 'q2',
          previousRevisionId: 'q1',
          scope: 'opening_lot',
          quantity: 60,
        },
        { type: 'quote_canceled', actor: stripe, revisionId: 'q1' },
      ],
      'quoted',
    ],
    [
      'accepted outside the portal is not a release',
      [issue('q1'), { type: 'accepted_outside_portal', actor: stripe, revisionId: 'q1' }],
      'quoted',
    ],
    [
      'next lot after release follows the new revision',
      [issue('q1'), accept('q1'), issue('q2', 'additional_lot', 100)],
      'quoted',
    ],
    [
      'earlier lot paid while next lot quoted leaves commercial quoted',
      [issue('q1'), accept('q1'), issue('q2', 'additional_lot', 100), invoice('invoice_paid', 'q1')],
      'quoted',
    ],
    // Refusals: the last event is refused with this code.
    [
      'accept a superseded revision',
      [
        issue('q1'),
        {
          type: 'quote_revised',
          actor: shop,
          revisionId: 'q2',
          previousRevisionId: 'q1',
          scope: 'opening_lot',
          quantity: 60,
        },
        accept('q1'),
      ],
      'QUOTE_SUPERSEDED',
    ],
    [
      'accept a canceled quote',
      [issue('q1'), { type: 'quote_canceled', actor: shop, revisionId: 'q1' }, accept('q1')],
      'QUOTE_NOT_OPEN',
    ],
    [
      'accept an expired quote',
      [issue('q1'), { type: 'quote_expired', actor: stripe, revisionId: 'q1' }, accept('q1')],
      'QUOTE_NOT_OPEN',
    ],
    ['accept twice', [issue('q1'), accept('q1'), accept('q1')], 'ALREADY_DECIDED'],
    [
      'decline after release',
      [issue('q1'), accept('q1'), { type: 'purchasing_declined', actor: purchasing, revisionId: 'q1', reason: 'x' }],
      'ALREADY_DECIDED',
    ],
    [
      'accept after decline',
      [issue('q1'), { type: 'purchasing_declined', actor: purchasing, revisionId: 'q1', reason: 'x' }, accept('q1')],
      'ALREADY_DECIDED',
    ],
    ['accept an unknown revision', [issue('q1'), accept('nope')], 'NOT_FOUND'],
    ['accept by the shop', [issue('q1'), accept('q1', '1', shop)], 'WRONG_ROLE'],
    ['accept by Stripe (webhook replay)', [issue('q1'), accept('q1', '1', stripe)], 'WRONG_ROLE'],
    [
      'accept by the technical contact posing as purchasing',
      [issue('q1'), accept('q1', '1', { role: 'purchasing', email: 'tess@acme.example' })],
      'WRONG_ROLE',
    ],
    [
      'accept by a stranger',
      [issue('q1'), accept('q1', '1', { role: 'purchasing', email: 'eve@evil.example' })],
      'WRONG_ROLE',
    ],
    ['accept without naming the person', [issue('q1'), accept('q1', '1', { role: 'purchasing' })], 'WRONG_ROLE'],
    ['second quote while one is open', [issue('q1'), issue('q2')], 'INVALID_TRANSITION'],
    [
      'reuse a revision id',
      [issue('q1'), { type: 'quote_canceled', actor: shop, revisionId: 'q1' }, issue('q1')],
      'CONFLICT',
    ],
    [
      'revise a superseded revision',
      [
        issue('q1'),
        {
          type: 'quote_revised',
          actor: shop,
          revisionId: 'q2',
          previousRevisionId: 'q1',
          scope: 'opening_lot',
          quantity: 60,
        },
        {
          type: 'quote_revised',
          actor: shop,
          revisionId: 'q3',
          previousRevisionId: 'q1',
          scope: 'opening_lot',
          quantity: 70,
        },
      ],
      'QUOTE_SUPERSEDED',
    ],
    [
      'revise an expired quote',
      [
        issue('q1'),
        { type: 'quote_expired', actor: stripe, revisionId: 'q1' },
        {
          type: 'quote_revised',
          actor: shop,
          revisionId: 'q2',
          previousRevisionId: 'q1',
          scope: 'opening_lot',
          quantity: 60,
        },
      ],
      'QUOTE_NOT_OPEN',
    ],
    [
      'cancel a released quote',
      [issue('q1'), accept('q1'), { type: 'quote_canceled', actor: shop, revisionId: 'q1' }],
      'ALREADY_DECIDED',
    ],
    ['invoice for a quote nobody released', [issue('q1'), invoice('invoice_paid', 'q1')], 'INVALID_TRANSITION'],
    [
      'a second invoice for one revision',
      [issue('q1'), accept('q1'), invoice('invoice_created', 'q1', 'in_a'), invoice('invoice_created', 'q1', 'in_b')],
      'CONFLICT',
    ],
    [
      'void a paid invoice',
      [issue('q1'), accept('q1'), invoice('invoice_paid', 'q1'), invoice('invoice_voided', 'q1')],
      'INVALID_TRANSITION',
    ],
    [
      'invoice event from the shop',
      [issue('q1'), accept('q1'), { type: 'invoice_paid', actor: shop, revisionId: 'q1', invoiceId: 'in_x' }],
      'WRONG_ROLE',
    ],
    [
      'rough estimate while a quote is open',
      [issue('q1'), { type: 'estimate_sent', actor: shop }],
      'INVALID_TRANSITION',
    ],
    [
      'zero quantity quote',
      [{ type: 'quote_issued', actor: shop, revisionId: 'q1', scope: 'opening_lot', quantity: 0 }],
      'INVALID_TRANSITION',
    ],
  ];

  it.each(scenarios)('%s → %s', (_name, events, outcome) => {
    const before = replayEvents(start(), events.slice(0, -1));
    expect(before.refused).toEqual([]);
    const last = events.at(-1);
    if (!last) throw new Error('empty scenario');
    const result = applyEvent(before.state, last);
    if (result.ok) expect(result.state.commercial).toBe(outcome);
    else {
      expect(result.code).toBe(outcome);
      expect(result.message.length).toBeGreaterThan(10);
    }
  });

  it('every refusal the transitions give is a state conflict (409), a wrong role (403) or an unknown revision (404), as architecture §5 says', () => {
    // From what applyEvent answers, not from the table above: each refusal as an HTTP status.
    const refusals = scenarios.flatMap(([, events]) => {
      const before = replayEvents(start(), events.slice(0, -1));
      const result = applyEvent(before.state, events.at(-1)!);
      return result.ok ? [] : [result.code];
    });
    expect(refusals.length).toBeGreaterThanOrEqual(10);
    for (const code of refusals) {
      expect(isAppErrorCode(code), code).toBe(true);
      const status = new AppError(code).status;
      expect(status, code).toBe(code === 'WRONG_ROLE' ? 403 : code === 'NOT_FOUND' ? 404 : 409);
      expect(ERROR_STATUS[code]).toBe(status);
    }
  });

  it('refusal messages tell the person what to do', () => {
    const superseded = applyEvent(
      run([
        issue('q1'),
        {
          type: 'quote_revised',
          actor: shop,
          revisionId: 'q2',
          previousRevisionId: 'q1',
          scope: 'opening_lot',
          quantity: 60,
        },
      ]),
      accept('q1'),
    );
    expect(superseded).toMatchInlineSnapshot(`
      {
        "code": "QUOTE_SUPERSEDED",
        "message": "This quote revision was replaced by a newer one. Open the latest quote email from the shop to review it.",
        "ok": false,
      }
    `);
    const canceled = applyEvent(
      run([issue('q1'), { type: 'quote_canceled', actor: shop, revisionId: 'q1' }]),
      accept('q1'),
    );
    expect(canceled).toMatchInlineSnapshot(`
      {
        "code": "QUOTE_NOT_OPEN",
        "message": "This quote was canceled by the shop, so it can no longer be decided. Ask the shop for a current quote.",
        "ok": false,
      }
    `);
    const technicalAsPurchasing = applyEvent(
      run([issue('q1')]),
      accept('q1', '1', { role: 'purchasing', email: 'tess@acme.example' }),
    );
    expect(technicalAsPurchasing).toMatchInlineSnapshot(`
      {
        "code": "WRONG_ROLE",
        "message": "Only the purchasing approver named on this request can release, hold or decline a quote.",
        "ok": false,
      }
    `);
  });

  it('records the release facts and flags an outside acceptance without releasing', () => {
    const state = run([issue('q1'), { type: 'accepted_outside_portal', actor: stripe, revisionId: 'q1' }]);
    expect(state.revisions[0]).toMatchObject({ status: 'open', acceptedOutsidePortal: true });
    expect(nextActor(state).waitingOn.shop).toContain(
      'The shop to check a quote accepted in Stripe outside the portal; it is not a purchasing release.',
    );
    const released = run([accept('q1', 'PO-9')], state);
    expect(released.revisions[0]).toMatchObject({ status: 'accepted', poNumber: 'PO-9', acceptedBy: purchasing });
  });
});

describe('tracks are independent (invariant 3)', () => {
  it('technical events never touch commercial state, and the other way round', () => {
    const quoted = run([issue('q1')]);
    const reviewed = run([review('direction_confirmed')], quoted);
    expect(reviewed.commercial).toBe('quoted');
    expect(reviewed.revisions).toBe(quoted.revisions);
    const released = run([accept('q1')], reviewed);
    expect(released.technical).toBe('direction_confirmed');
  });

  it('classifies every event into exactly one track', () => {
    expect(trackOf({ type: 'technical_review' })).toBe('technical');
    expect(trackOf({ type: 'sample_shipped' })).toBe('technical');
    expect(trackOf({ type: 'first_article' })).toBe('technical');
    expect(trackOf({ type: 'purchasing_accepted' })).toBe('commercial');
    expect(trackOf({ type: 'invoice_paid' })).toBe('commercial');
  });
});

describe('ready for production (derived)', () => {
  it.each([
    ['released opening lot + direction confirmed', [issue('q1'), accept('q1'), review('direction_confirmed')], true],
    [
      'released full batch + first article accepted',
      [
        review('sample_required'),
        { type: 'sample_shipped', actor: shop },
        { type: 'first_article', actor: technical, decision: 'accepted' },
        issue('q1', 'full_batch', 500),
        accept('q1'),
      ],
      true,
    ],
    ['PO before technical review', [issue('q1'), accept('q1')], false],
    ['direction confirmed, quote still open', [issue('q1'), review('direction_confirmed')], false],
    ['only a sample released', [issue('q1', 'sample', 2), accept('q1'), review('direction_confirmed')], false],
    [
      'later review asks for changes',
      [issue('q1'), accept('q1'), review('direction_confirmed'), review('changes_requested')],
      false,
    ],
    [
      'sample shipped after confirmation waits for its verdict',
      [issue('q1'), accept('q1'), review('direction_confirmed'), { type: 'sample_shipped', actor: shop }],
      false,
    ],
    [
      'earlier lot released stays ready while the next lot is quoted',
      [issue('q1'), accept('q1'), review('direction_confirmed'), issue('q2', 'additional_lot', 100)],
      true,
    ],
  ] as const)('%s → %s', (_name, events, ready) => {
    expect(readyForProduction(run([...events]))).toBe(ready);
  });
});

describe('same person in both roles (invariant 4)', () => {
  const declared = {
    technicalEmail: 'sam@acme.example',
    purchasingEmail: 'sam@acme.example',
    sameContactForBothRoles: true,
  };
  const undeclared = { ...declared, sameContactForBothRoles: false };
  const separate = {
    technicalEmail: 'tess@acme.example',
    purchasingEmail: 'paul@acme.example',
    sameContactForBothRoles: false,
  };

  it.each([
    [declared, 'sam@acme.example', 'technical', true],
    [declared, 'SAM@acme.example ', 'purchasing', true],
    [undeclared, 'sam@acme.example', 'technical', false],
    [undeclared, 'sam@acme.example', 'purchasing', false],
    [separate, 'tess@acme.example', 'technical', true],
    [separate, 'tess@acme.example', 'purchasing', false],
    [separate, 'paul@acme.example', 'purchasing', true],
    [separate, 'paul@acme.example', 'technical', false],
    [separate, 'eve@evil.example', 'purchasing', false],
  ] as const)('%j: %s as %s → %s', (holders, email, role, allowed) => {
    expect(canActInRole({ roles: holders, person: { email }, role })).toBe(allowed);
  });

  it('a declared single contact can decide both, each in its own role', () => {
    const sam = (role: 'technical' | 'purchasing'): Actor => ({ role, email: 'sam@acme.example' });
    const state = run(
      [
        { type: 'technical_review', actor: sam('technical'), decision: 'direction_confirmed' },
        issue('q1'),
        accept('q1', '7', sam('purchasing')),
      ],
      start({ roles: declared }),
    );
    expect(state.revisions[0]?.acceptedBy?.role).toBe('purchasing');
    expect(readyForProduction(state)).toBe(true);
  });

  it('roleHoldersOf takes the technical contact as approver only with the declaration', () => {
    expect(
      roleHoldersOf({
        technicalContact: { email: 'sam@acme.example' },
        sameContactForBothRoles: true,
      }),
    ).toEqual(declared);
    expect(
      roleHoldersOf({
        technicalContact: { email: 'tess@acme.example' },
        sameContactForBothRoles: false,
        purchasingApprover: { email: 'paul@acme.example' },
      }),
    ).toEqual(separate);
  });
});

describe('initial state of a submitted request', () => {
  it('starts both tracks and takes mode, role holders and planned total from the request', () => {
    const request = createRequestSchema({ today: '2026-01-01' }).parse({
      clientDraftId: '3b241101-e2bb-4255-8caf-4136c566a962',
      mode: 'sample',
      part: {
        name: 'Clip',
        problem: 'Cracks',
        kind: 'new',
        size: { lengthMm: 10, widthMm: 10, heightMm: 10 },
        material: 'help_me_choose',
        environment: { heat: false, load: false, motion: false, outdoorUv: false, chemicals: false },
      },
      quantities: { sample: 2, total: 300, provisional: true },
      neededBy: '2026-02-01',
      fileIds: [],
      technicalContact: { name: 'Sam', email: 'sam@acme.example', company: 'Acme' },
      sameContactForBothRoles: true,
      purchasingApprover: { poStatus: 'none' },
    });
    expect(initialStateForRequest(request)).toEqual({
      mode: 'sample',
      roles: { technicalEmail: 'sam@acme.example', purchasingEmail: 'sam@acme.example', sameContactForBothRoles: true },
      plannedTotal: 300,
      technical: 'awaiting_review',
      commercial: 'estimate',
      revisions: [],
      estimateSent: false,
      samplesShipped: 0,
      cadFiles: [],
      production: [],
    });
  });
});

describe('next actor and lots', () => {
  it.each([
    ['new production request', [], 'shop'],
    ['quote issued, review pending', [issue('q1')], 'technical'],
    ['reviewed, quote open', [issue('q1'), review('direction_confirmed')], 'purchasing'],
    ['sample required', [review('sample_required'), issue('q1', 'sample', 2)], 'shop'],
    [
      'sample shipped',
      [review('sample_required'), { type: 'sample_shipped', actor: shop }, issue('q1', 'sample', 2)],
      'technical',
    ],
    [
      'declined',
      [
        review('direction_confirmed'),
        issue('q1'),
        { type: 'purchasing_declined', actor: purchasing, revisionId: 'q1', reason: 'x' },
      ],
      'shop',
    ],
    ['ready for production', [review('direction_confirmed'), issue('q1'), accept('q1')], 'shop'],
    ['released before review', [issue('q1'), accept('q1'), invoice('invoice_sent', 'q1')], 'technical'],
  ] as const)('%s → %s', (_name, events, actor) => {
    expect(nextActor(run([...events])).actor).toBe(actor);
  });

  it('a sent rough estimate leaves nothing pending for an estimate request', () => {
    const state = run(
      [{ type: 'estimate_sent', actor: shop }, review('direction_confirmed')],
      start({ mode: 'rough_estimate' }),
    );
    expect(nextActor(state)).toEqual({
      actor: 'none',
      missing: [],
      waitingOn: { shop: [], technical: [], purchasing: [] },
    });
  });

  it('lists what is missing in plain words', () => {
    expect(nextActor(run([issue('q1')])).missing).toMatchInlineSnapshot(`
      [
        "Technical review of the part direction by the technical contact.",
        "Purchasing release of the open quote by the purchasing approver.",
      ]
    `);
    expect(nextActor(run([issue('q1'), accept('q1'), invoice('invoice_sent', 'q1')])).missing).toMatchInlineSnapshot(`
      [
        "Technical review of the part direction by the technical contact.",
        "Payment of the invoice.",
      ]
    `);
  });

  it('counts quoted, released and remaining quantities lot by lot', () => {
    const state = run([
      issue('q1', 'opening_lot', 50),
      accept('q1', '4411'),
      issue('q2', 'additional_lot', 100),
      {
        type: 'quote_revised',
        actor: shop,
        revisionId: 'q3',
        previousRevisionId: 'q2',
        scope: 'additional_lot',
        quantity: 120,
      },
    ]);
    expect(lotSummary(state)).toEqual({
      planned: 500,
      released: 50,
      openQuoted: 120,
      remaining: 450,
      laterLots: 330,
      lots: [{ revisionId: 'q1', scope: 'opening_lot', quantity: 50, poNumber: '4411' }],
    });
    const more = run([accept('q3', '4412', purchasing)], state);
    expect(lotSummary(more)).toMatchObject({ released: 170, openQuoted: 0, remaining: 330 });
  });

  it('does not count a released sample toward production quantities', () => {
    const state = run([issue('q1', 'sample', 2), accept('q1')]);
    expect(lotSummary(state)).toMatchObject({ released: 0, remaining: 500, lots: [{ scope: 'sample', quantity: 2 }] });
  });
});
