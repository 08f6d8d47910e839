/**
 * The review page's one focused action: the review form opens prefilled from what the request and
 * the current decision already say, and the receipt after deciding says what happens next.
 */
import { describe, expect, it } from 'vitest';
import { approverName, nextAfterDecision, prefilledReview } from '../../src/islands/review/logic.js';
import type { RequestView } from '../../src/domain/contracts/request-view.js';

type Known = Pick<RequestView, 'mode' | 'part' | 'technical'>;

function view(over: { mode?: RequestView['mode']; state?: string; environment?: Record<string, boolean> } = {}): Known {
  return {
    mode: over.mode ?? 'production',
    part: {
      name: 'Bracket',
      problem: 'Cracks.',
      kind: 'replacement',
      size: { lengthMm: 1, widthMm: 1, heightMm: 1 },
      material: 'PETG',
      environment: {
        heat: false,
        load: false,
        motion: false,
        outdoorUv: false,
        chemicals: false,
        ...over.environment,
      },
    },
    technical: { state: (over.state ?? 'awaiting_review') as RequestView['technical']['state'], label: '' },
  };
}

describe('prefilledReview', () => {
  it('leaves a production request with no named conditions empty', () => {
    const { values, from } = prefilledReview(view());
    expect(values.decision).toBeNull();
    expect(values.checklist).toEqual({
      conceptSolvesProblem: null,
      rightVersion: null,
      materialFitsEnvironment: null,
      sampleNeeded: null,
      remainingUnknowns: [],
    });
    expect(from).toEqual([]);
  });

  it('a sample request starts at "sample first" with a sample needed; named conditions become unknowns', () => {
    const { values, from } = prefilledReview(
      view({ mode: 'sample', environment: { heat: true, motion: true, outdoorUv: true } }),
    );
    expect(values.decision).toBe('sample_required');
    expect(values.checklist.sampleNeeded).toBe('yes');
    expect(values.checklist.remainingUnknowns).toEqual(['heat', 'motion']);
    // The judgement questions are never answered for the person.
    expect(values.checklist.conceptSolvesProblem).toBeNull();
    expect(from).toEqual(['the request asks for a sample', 'the conditions the request names']);
  });

  it('a decision being replaced starts from the one that applies now', () => {
    const { values, from } = prefilledReview(view({ mode: 'sample', state: 'changes_requested' }));
    expect(values.decision).toBe('changes_requested');
    expect(from[0]).toBe('your current decision');
  });
});

describe('the receipt', () => {
  it('says what happens next for every technical state, naming who releases the order', () => {
    expect(nextAfterDecision('direction_confirmed', 'Paul Purchase')).toMatchInlineSnapshot(
      `"The shop prepares the quote. Nothing is produced until Paul Purchase accepts it through the purchasing link."`,
    );
    expect(nextAfterDecision('sample_required', 'Paul Purchase')).toMatch(/makes a sample/);
    expect(nextAfterDecision('changes_requested', 'Paul Purchase')).toMatch(/reads your notes/);
    expect(nextAfterDecision('first_article_accepted', 'Paul Purchase')).toMatch(/Paul Purchase releases the order/);
    expect(nextAfterDecision('first_article_rejected', 'Paul Purchase')).toMatch(/fix or a new sample/);
  });

  it('names the approver, or the person themself when they hold both roles', () => {
    const contacts = {
      technical: { name: 'Tina', company: 'Acme' },
      purchasing: { name: 'Paul Purchase', company: 'Acme', poStatus: 'none' as const },
    };
    expect(approverName({ contacts, sameContactForBothRoles: false })).toBe('Paul Purchase');
    expect(approverName({ contacts, sameContactForBothRoles: true })).toBe('you, as purchasing approver,');
  });
});
