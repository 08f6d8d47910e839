/**
 * `lotSummary`: what the release page says is left for later lots. An opening lot of 100 quoted out
 * of a planned 500 leaves 400 for later lots, not 500; once released, still 400.
 */
import { describe, expect, it } from 'vitest';
import type { WorkflowState } from '../../src/domain/workflow/state.js';
import { initialWorkflowState, replayEvents } from '../../src/domain/workflow/transitions.js';
import { lotSummary } from '../../src/domain/workflow/views.js';
import type { Actor, WorkflowEvent } from '../../src/domain/workflow/vocabulary.js';

const roles = { technicalEmail: 't@acme.example', purchasingEmail: 'p@acme.example', sameContactForBothRoles: false };
const shop: Actor = { role: 'shop', email: 'shop@localhost' };
const purchasing: Actor = { role: 'purchasing', name: 'Paul', email: 'p@acme.example' };

function run(events: WorkflowEvent[], planned: number | null = 500): WorkflowState {
  const plannedTotal = planned ?? undefined;
  const { state, refused } = replayEvents(initialWorkflowState({ mode: 'production', roles, plannedTotal }), events);
  expect(refused).toEqual([]);
  return state;
}

const issue = (
  revisionId: string,
  quantity: number,
  scope: 'opening_lot' | 'additional_lot' | 'sample' = 'opening_lot',
) => ({ type: 'quote_issued', actor: shop, revisionId, scope, quantity }) satisfies WorkflowEvent;
const accept = (revisionId: string) =>
  ({ type: 'purchasing_accepted', actor: purchasing, revisionId, poNumber: 'PO-1' }) satisfies WorkflowEvent;
const hold = (revisionId: string) =>
  ({ type: 'purchasing_hold', actor: purchasing, revisionId, reason: 'Waiting for budget' }) satisfies WorkflowEvent;

describe('lotSummary: what remains for later lots', () => {
  it('an open opening lot of 100 out of 500 leaves 400 for later lots', () => {
    expect(lotSummary(run([issue('q1', 100)]))).toMatchObject({
      planned: 500,
      released: 0,
      openQuoted: 100,
      remaining: 500,
      laterLots: 400,
    });
  });

  it('a lot on hold still counts as the lot being decided', () => {
    expect(lotSummary(run([issue('q1', 100), hold('q1')]))).toMatchObject({ openQuoted: 100, laterLots: 400 });
  });

  it('after the release the same 400 remain, now because 100 are released', () => {
    expect(lotSummary(run([issue('q1', 100), accept('q1')]))).toMatchObject({
      released: 100,
      openQuoted: 0,
      remaining: 400,
      laterLots: 400,
    });
  });

  it('an additional lot counts what was released before it and itself', () => {
    const state = run([issue('q1', 100), accept('q1'), issue('q2', 150, 'additional_lot')]);
    expect(lotSummary(state)).toMatchObject({ released: 100, openQuoted: 150, laterLots: 250 });
  });

  it('a sample is not a production lot, and nothing is negative', () => {
    expect(lotSummary(run([issue('q1', 2, 'sample')]))).toMatchObject({ openQuoted: 0, laterLots: 500 });
    expect(lotSummary(run([issue('q1', 600)]))).toMatchObject({ laterLots: 0 });
  });

  it('without a planned total there is nothing to count down', () => {
    expect(lotSummary(run([issue('q1', 100)], null))).toMatchObject({ remaining: undefined, laterLots: undefined });
  });
});
