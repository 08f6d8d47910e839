/**
 * Invariants 1, 3 and 4 of the architecture, checked over random event sequences: any mix of
 * people (including the technical contact posing as purchasing and strangers), any event type,
 * revisions that exist or not, in any order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canActInRole } from '../../src/domain/workflow/roles.js';
import type { RoleHolders, WorkflowState } from '../../src/domain/workflow/state.js';
import { applyEvent, initialWorkflowState } from '../../src/domain/workflow/transitions.js';
import { readyForProduction, technicalGoAhead, trackOf } from '../../src/domain/workflow/views.js';
import {
  ACTOR_ROLES,
  FIRST_ARTICLE_DECISIONS,
  INVOICE_EVENT_TYPES,
  PRODUCTION_SCOPES,
  QUOTE_SCOPES,
  REVIEW_DECISIONS,
  type Actor,
  type WorkflowEvent,
} from '../../src/domain/workflow/vocabulary.js';

const TECH = 'tess@acme.example';
const BUYER = 'paul@acme.example';
const STRANGER = 'eve@evil.example';

const rolesArb: fc.Arbitrary<RoleHolders> = fc.boolean().map((same) => ({
  technicalEmail: TECH,
  purchasingEmail: same ? TECH : BUYER,
  sameContactForBothRoles: same,
}));

const actorArb: fc.Arbitrary<Actor> = fc.record({
  role: fc.constantFrom(...ACTOR_ROLES),
  email: fc.option(fc.constantFrom(TECH, BUYER, STRANGER, ' TESS@acme.example'), { nil: undefined }),
});

// A few ids so that events often hit the same revision, plus one that is never issued.
const revisionArb = fc.constantFrom('r1', 'r2', 'r3', 'ghost');
const invoiceIdArb = fc.constantFrom('in_a', 'in_b');

const eventArb: fc.Arbitrary<WorkflowEvent> = fc.oneof(
  fc.record({
    type: fc.constant('technical_review' as const),
    actor: actorArb,
    decision: fc.constantFrom(...REVIEW_DECISIONS),
  }),
  fc.record({ type: fc.constant('sample_shipped' as const), actor: actorArb }),
  fc.record({
    type: fc.constant('first_article' as const),
    actor: actorArb,
    decision: fc.constantFrom(...FIRST_ARTICLE_DECISIONS),
  }),
  fc.record({ type: fc.constant('estimate_sent' as const), actor: actorArb }),
  fc.record({
    type: fc.constant('quote_issued' as const),
    actor: actorArb,
    revisionId: revisionArb,
    scope: fc.constantFrom(...QUOTE_SCOPES),
    quantity: fc.integer({ min: 0, max: 1000 }),
  }),
  fc.record({
    type: fc.constant('quote_revised' as const),
    actor: actorArb,
    revisionId: revisionArb,
    previousRevisionId: revisionArb,
    scope: fc.constantFrom(...QUOTE_SCOPES),
    quantity: fc.integer({ min: 1, max: 1000 }),
  }),
  fc.record({
    type: fc.constantFrom('quote_canceled' as const, 'quote_expired' as const),
    actor: actorArb,
    revisionId: revisionArb,
  }),
  fc.record({
    type: fc.constant('purchasing_accepted' as const),
    actor: actorArb,
    revisionId: revisionArb,
    poNumber: fc.option(fc.constantFrom('4411', 'PO-7'), { nil: undefined }),
  }),
  fc.record({
    type: fc.constantFrom('purchasing_hold' as const, 'purchasing_declined' as const),
    actor: actorArb,
    revisionId: revisionArb,
    reason: fc.constant('Budget'),
  }),
  fc.record({
    type: fc.constantFrom(...INVOICE_EVENT_TYPES),
    actor: actorArb,
    revisionId: revisionArb,
    invoiceId: invoiceIdArb,
  }),
  fc.record({ type: fc.constant('accepted_outside_portal' as const), actor: actorArb, revisionId: revisionArb }),
);

// Mostly-valid sequences: bias towards the real people in their real roles so deep states are reached.
const honestEventArb: fc.Arbitrary<WorkflowEvent> = eventArb.map((event) => {
  const roles = rolesForType(event.type);
  const role = roles.includes(event.actor.role) ? event.actor.role : roles[0]!;
  const email = role === 'technical' ? TECH : role === 'purchasing' ? BUYER : undefined;
  return { ...event, actor: { role, email } };
});

function rolesForType(type: WorkflowEvent['type']): Actor['role'][] {
  if (type === 'technical_review' || type === 'first_article') return ['technical'];
  if (type.startsWith('purchasing_')) return ['purchasing'];
  if (type.startsWith('invoice_') || type === 'accepted_outside_portal' || type === 'quote_expired')
    return ['stripe', 'system'];
  return ['shop'];
}

const scenarioArb = fc.record({
  roles: rolesArb,
  mode: fc.constantFrom('rough_estimate' as const, 'sample' as const, 'production' as const),
  events: fc.array(fc.oneof({ weight: 3, arbitrary: honestEventArb }, { weight: 2, arbitrary: eventArb }), {
    maxLength: 40,
    // fast-check keeps arrays short by default; long sequences are where lots, revisions and invoices meet.
    size: 'max',
  }),
});

type Step = { before: WorkflowState; event: WorkflowEvent; after: WorkflowState | undefined };

function walk({
  roles,
  mode,
  events,
}: {
  roles: RoleHolders;
  mode: WorkflowState['mode'];
  events: WorkflowEvent[];
}): Step[] {
  let state = initialWorkflowState({ mode, roles, plannedTotal: 500 });
  const steps: Step[] = [];
  for (const event of events) {
    const result = applyEvent(state, event);
    steps.push({ before: state, event, after: result.ok ? result.state : undefined });
    if (result.ok) state = result.state;
  }
  return steps;
}

const acceptedIds = (state: WorkflowState) => state.revisions.filter((r) => r.status === 'accepted').map((r) => r.id);
const commercialPart = ({ commercial, revisions, estimateSent }: WorkflowState) => ({
  commercial,
  revisions,
  estimateSent,
});
const technicalPart = ({ technical, samplesShipped }: WorkflowState) => ({ technical, samplesShipped });
const RELEASED_OR_LATER = ['released', 'invoiced', 'paid'];

const RUNS = { numRuns: 1500 };

describe('invariant 1: only purchasing acceptance of the current open revision releases', () => {
  it('every new release is a purchasing_accepted, by the approver, on the newest open revision', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        for (const { before, event, after } of walk(scenario)) {
          if (!after) continue;
          const newlyReleased = acceptedIds(after).filter((id) => !acceptedIds(before).includes(id));
          const enteredRelease =
            RELEASED_OR_LATER.includes(after.commercial) && !RELEASED_OR_LATER.includes(before.commercial);
          if (newlyReleased.length === 0 && !enteredRelease) continue;
          expect(event.type).toBe('purchasing_accepted');
          if (event.type !== 'purchasing_accepted') return;
          expect(event.actor.role).toBe('purchasing');
          expect(
            canActInRole({ roles: scenario.roles, person: { email: event.actor.email ?? '' }, role: 'purchasing' }),
          ).toBe(true);
          const target = before.revisions.at(-1);
          expect(target?.id).toBe(event.revisionId);
          expect(['open', 'on_hold']).toContain(target?.status);
          expect(newlyReleased).toEqual([event.revisionId]);
        }
      }),
      RUNS,
    );
  });

  it('a release is never taken back, and a released-or-later commercial state always belongs to a released revision', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        for (const { before, after } of walk(scenario)) {
          if (!after) continue;
          for (const id of acceptedIds(before)) expect(acceptedIds(after)).toContain(id);
          if (RELEASED_OR_LATER.includes(after.commercial)) expect(after.revisions.at(-1)?.status).toBe('accepted');
          // At most one revision is ever open.
          expect(
            after.revisions.filter((r) => r.status === 'open' || r.status === 'on_hold').length,
          ).toBeLessThanOrEqual(1);
        }
      }),
      RUNS,
    );
  });

  it('an accepted revision keeps the one invoice it got (at most one invoice per revision)', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        for (const { before, after } of walk(scenario)) {
          if (!after) continue;
          for (const revision of before.revisions) {
            if (revision.invoiceId === undefined) continue;
            expect(after.revisions.find((r) => r.id === revision.id)?.invoiceId).toBe(revision.invoiceId);
          }
        }
      }),
      RUNS,
    );
  });
});

describe('invariant 3: the tracks are independent; readiness is derived from both', () => {
  it('technical events leave the commercial track untouched and commercial events the technical track', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        for (const { before, event, after } of walk(scenario)) {
          if (!after) continue;
          if (trackOf(event) === 'technical') expect(commercialPart(after)).toEqual(commercialPart(before));
          else expect(technicalPart(after)).toEqual(technicalPart(before));
        }
      }),
      RUNS,
    );
  });

  it('ready for production exactly when a production scope is released and the technical track allows it', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        for (const { after } of walk(scenario)) {
          if (!after) continue;
          const released = after.revisions.some((r) => r.status === 'accepted' && PRODUCTION_SCOPES.includes(r.scope));
          expect(readyForProduction(after)).toBe(released && technicalGoAhead(after.technical));
        }
      }),
      RUNS,
    );
  });
});

describe('invariant 4: one person in both roles only when declared; every decision records its role', () => {
  it('technical and purchasing decisions are accepted only from the holder of that role', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        for (const { event, after } of walk(scenario)) {
          const role = event.actor.role;
          if (role !== 'technical' && role !== 'purchasing') continue;
          const allowed =
            event.actor.email !== undefined &&
            canActInRole({ roles: scenario.roles, person: { email: event.actor.email }, role });
          if (!allowed) expect(after).toBeUndefined();
        }
      }),
      RUNS,
    );
  });

  it('without the declaration, the technical contact can never release, and the approver never decides technically', () => {
    fc.assert(
      fc.property(scenarioArb, fc.constantFrom('r1', 'r2'), (scenario, revisionId) => {
        const undeclared = {
          ...scenario,
          roles: { technicalEmail: TECH, purchasingEmail: BUYER, sameContactForBothRoles: false },
        };
        const steps = walk(undeclared);
        const state =
          steps.findLast((s) => s.after)?.after ??
          initialWorkflowState({ mode: 'production', roles: undeclared.roles });
        const techAsBuyer = applyEvent(state, {
          type: 'purchasing_accepted',
          actor: { role: 'purchasing', email: TECH },
          revisionId,
        });
        const buyerAsTech = applyEvent(state, {
          type: 'technical_review',
          actor: { role: 'technical', email: BUYER },
          decision: 'direction_confirmed',
        });
        expect(techAsBuyer).toMatchObject({ ok: false, code: 'WRONG_ROLE' });
        expect(buyerAsTech).toMatchObject({ ok: false, code: 'WRONG_ROLE' });
        for (const { event, after } of steps) {
          if (after && event.type === 'purchasing_accepted') expect(event.actor.email).toBe(BUYER);
        }
      }),
      RUNS,
    );
  });

  it('every accepted release records the purchasing role and the person', () => {
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        const final = walk(scenario).findLast((s) => s.after)?.after;
        for (const revision of final?.revisions ?? []) {
          if (revision.status !== 'accepted') continue;
          expect(revision.acceptedBy?.role).toBe('purchasing');
          expect(revision.acceptedBy?.email).toBeDefined();
        }
      }),
      RUNS,
    );
  });
});

describe('the generators reach the interesting states', () => {
  // Guards the properties above against passing vacuously.
  it('random sequences produce releases, invoices, readiness and refusals', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(scenarioArb, (scenario) => {
        for (const { after } of walk(scenario)) {
          if (!after) {
            seen.add('refused');
            continue;
          }
          seen.add(after.commercial);
          if (readyForProduction(after)) seen.add('ready');
        }
      }),
      { numRuns: 1500, seed: 42 },
    );
    expect([...seen].sort()).toEqual(
      [
        'declined',
        'estimate',
        'expired',
        'invoiced',
        'on_hold',
        'paid',
        'quoted',
        'ready',
        'refused',
        'released',
      ].sort(),
    );
  });
});
