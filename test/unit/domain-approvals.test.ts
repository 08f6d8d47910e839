/**
 * Approval by amount in the workflow (docs/architecture.md §11), through `applyEvent`: the rule the
 * first approver sets, which releases it requires, and that only the last required release is the
 * `purchasing_accepted` that moves the commercial track.
 */
import { describe, expect, it } from 'vitest';
import { approvalStanding, completesApproval } from '../../src/domain/workflow/approvals.js';
import type { WorkflowState } from '../../src/domain/workflow/state.js';
import { applyEvent, initialWorkflowState, replayEvents } from '../../src/domain/workflow/transitions.js';
import type { Actor, WorkflowEvent } from '../../src/domain/workflow/vocabulary.js';

const roles = {
  technicalEmail: 'tess@acme.example',
  purchasingEmail: 'paul@acme.example',
  sameContactForBothRoles: false,
};
const paul: Actor = { role: 'purchasing', name: 'Paul', email: 'paul@acme.example' };
const dana: Actor = { role: 'purchasing', name: 'Dana', email: 'Dana@Acme.example' };
const tess: Actor = { role: 'technical', name: 'Tess', email: 'tess@acme.example' };
const shop: Actor = { role: 'shop', email: 'shop@localhost' };

function run(events: WorkflowEvent[]): WorkflowState {
  const { state, refused } = replayEvents(initialWorkflowState({ mode: 'production', roles }), events);
  expect(refused).toEqual([]);
  return state;
}

function refusal(state: WorkflowState, event: WorkflowEvent) {
  const result = applyEvent(state, event);
  if (result.ok) throw new Error(`${event.type} was accepted`);
  return { code: result.code, message: result.message };
}

const issue = (revisionId: string, totalMinor?: number, currency = 'eur'): WorkflowEvent => ({
  type: 'quote_issued',
  actor: shop,
  revisionId,
  scope: 'opening_lot',
  quantity: 50,
  ...(totalMinor === undefined ? {} : { totalMinor, currency }),
});
const rule = (thresholdMinor: number, actor: Actor = paul, email = 'dana@acme.example'): WorkflowEvent => ({
  type: 'approval_rule_set',
  actor,
  secondApprover: { name: 'Dana', email },
  thresholdMinor,
  currency: 'eur',
});
const approved = (actor: Actor, revisionId = 'r1'): WorkflowEvent => ({
  type: 'purchasing_approved',
  actor,
  revisionId,
  poNumber: '4411',
});
const accepted = (actor: Actor, revisionId = 'r1'): WorkflowEvent => ({
  type: 'purchasing_accepted',
  actor,
  revisionId,
  poNumber: '4411',
});
const revisionOf = (state: WorkflowState, id = 'r1') => {
  const revision = state.revisions.find((r) => r.id === id);
  if (!revision) throw new Error(`no revision ${id}`);
  return revision;
};

describe('the approval rule', () => {
  it('is set by the purchasing approver the request names, and makes the second approver a purchasing role holder', () => {
    const state = run([issue('r1', 62_000), rule(50_000)]);
    expect(state.approvalRule).toMatchObject({ thresholdMinor: 50_000, currency: 'eur' });
    expect(state.roles.secondApproverEmail).toBe('dana@acme.example');
    expect(state.commercial).toBe('quoted');
  });

  it('is refused from the technical contact, from the second approver, and for a second approver who already holds a role', () => {
    const quoted = run([issue('r1', 62_000)]);
    expect(refusal(quoted, rule(50_000, tess)).code).toBe('WRONG_ROLE');
    const named = run([issue('r1', 62_000), rule(50_000)]);
    expect(refusal(named, rule(10_000, dana)).code).toBe('WRONG_ROLE');
    expect(refusal(quoted, rule(50_000, paul, 'PAUL@acme.example')).message).toContain('another person');
    expect(refusal(quoted, rule(50_000, paul, 'tess@acme.example')).message).toContain('another person');
  });

  it('is refused with a negative or fractional threshold', () => {
    const quoted = run([issue('r1', 62_000)]);
    expect(refusal(quoted, rule(-1)).code).toBe('INVALID_TRANSITION');
    expect(refusal(quoted, rule(1.5)).code).toBe('INVALID_TRANSITION');
  });

  it('cannot change while a release of the open revision waits for the other approver', () => {
    const waiting = run([issue('r1', 62_000), rule(50_000), approved(paul)]);
    expect(refusal(waiting, rule(100_000)).code).toBe('ALREADY_DECIDED');
  });
});

describe('releases above the threshold', () => {
  it('need both approvers, in either order, and only the second release moves the track', () => {
    for (const [firstActor, lastActor] of [
      [paul, dana],
      [dana, paul],
    ] as const) {
      const waiting = run([issue('r1', 62_000), rule(50_000), approved(firstActor)]);
      expect(waiting.commercial).toBe('quoted');
      expect(revisionOf(waiting).status).toBe('open');
      expect(approvalStanding(waiting, revisionOf(waiting)).missing.map((m) => m.slot)).toEqual([
        firstActor === paul ? 'second' : 'first',
      ]);
      const released = run([issue('r1', 62_000), rule(50_000), approved(firstActor), accepted(lastActor)]);
      expect(released.commercial).toBe('released');
      expect(revisionOf(released).acceptedBy).toEqual(lastActor);
      expect(approvalStanding(released, revisionOf(released)).missing).toEqual([]);
    }
  });

  it('refuse a final release while the other approver is missing, and a waiting release that is the last one', () => {
    const named = run([issue('r1', 62_000), rule(50_000)]);
    expect(refusal(named, accepted(paul)).message).toContain('other approver');
    const waiting = run([issue('r1', 62_000), rule(50_000), approved(paul)]);
    expect(refusal(waiting, approved(dana)).code).toBe('INVALID_TRANSITION');
    expect(completesApproval(waiting, revisionOf(waiting), 'dana@acme.example')).toBe(true);
  });

  it('refuse the same approver twice', () => {
    const waiting = run([issue('r1', 62_000), rule(50_000), approved(dana)]);
    expect(refusal(waiting, accepted(dana)).code).toBe('ALREADY_DECIDED');
    expect(refusal(waiting, approved(dana)).code).toBe('ALREADY_DECIDED');
  });

  it('need both when the total cannot be compared: another currency, or a revision issued without its total', () => {
    for (const event of [issue('r1', 100, 'usd'), issue('r1')]) {
      const state = run([event, rule(50_000)]);
      expect(approvalStanding(state, revisionOf(state)).secondRequired).toBe(true);
    }
  });

  it('start afresh on a revision: the earlier revision’s waiting release does not carry over', () => {
    const revised = run([
      issue('r1', 62_000),
      rule(50_000),
      approved(paul),
      {
        type: 'quote_revised',
        actor: shop,
        revisionId: 'r2',
        previousRevisionId: 'r1',
        scope: 'opening_lot',
        quantity: 50,
        totalMinor: 65_000,
        currency: 'eur',
      },
    ]);
    expect(revisionOf(revised, 'r2').approvals).toEqual([]);
    expect(refusal(revised, accepted(dana, 'r2')).code).toBe('INVALID_TRANSITION');
  });

  it('let either approver hold or decline', () => {
    const held = run([
      issue('r1', 62_000),
      rule(50_000),
      { type: 'purchasing_hold', actor: dana, revisionId: 'r1', reason: 'budget' },
    ]);
    expect(held.commercial).toBe('on_hold');
    // The hold keeps the track at on_hold while one release waits, and both can still release.
    const released = run([
      issue('r1', 62_000),
      rule(50_000),
      { type: 'purchasing_hold', actor: dana, revisionId: 'r1', reason: 'budget' },
      approved(dana),
      accepted(paul),
    ]);
    expect(released.commercial).toBe('released');
  });
});

describe('releases at or below the threshold', () => {
  it('need the first approver only; the second approver is refused', () => {
    const named = run([issue('r1', 50_000), rule(50_000)]);
    expect(approvalStanding(named, revisionOf(named)).secondRequired).toBe(false);
    expect(refusal(named, approved(paul)).code).toBe('INVALID_TRANSITION');
    expect(refusal(named, accepted(dana)).message).toContain('below the amount');
    expect(run([issue('r1', 50_000), rule(50_000), accepted(paul)]).commercial).toBe('released');
  });

  it('with no rule, a waiting release is refused and the approver releases alone', () => {
    const quoted = run([issue('r1', 62_000)]);
    expect(refusal(quoted, approved(paul)).code).toBe('INVALID_TRANSITION');
    expect(refusal(quoted, accepted(dana)).code).toBe('WRONG_ROLE');
  });
});
