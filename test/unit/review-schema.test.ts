import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../src/domain/request-schema.js';
import {
  ANSWERS,
  firstArticleSchema,
  sampleShippedSchema,
  technicalReviewSchema,
  UNKNOWNS,
} from '../../src/domain/review-schema.js';
import type { WorkflowState } from '../../src/domain/workflow/state.js';
import { applyEvent, initialWorkflowState } from '../../src/domain/workflow/transitions.js';
import { COMMERCIAL_STATES, REVIEW_DECISIONS, TECHNICAL_STATES } from '../../src/domain/workflow/vocabulary.js';

const FILE_ID = '0b7d5c1e-2f4a-4b6c-8d9e-0a1b2c3d4e5f';

function review(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    decision: 'direction_confirmed',
    checklist: {
      conceptSolvesProblem: 'yes',
      rightVersion: 'yes',
      materialFitsEnvironment: 'unsure',
      sampleNeeded: 'no',
      remainingUnknowns: ['finish'],
    },
    notes: '  Looks right.  ',
    fileIds: [FILE_ID],
    ...overrides,
  };
}

function errorsOf(schema: { safeParse: (v: unknown) => { success: boolean; error?: unknown } }, value: unknown) {
  const result = schema.safeParse(value);
  if (result.success) return {};
  return fieldErrors(result.error as { issues: { path: PropertyKey[]; message: string }[] });
}

describe('technicalReviewSchema', () => {
  it('accepts a complete review, trims notes and keeps the checklist', () => {
    const parsed = technicalReviewSchema.parse(review());
    expect(parsed).toEqual({
      decision: 'direction_confirmed',
      checklist: {
        conceptSolvesProblem: 'yes',
        rightVersion: 'yes',
        materialFitsEnvironment: 'unsure',
        sampleNeeded: 'no',
        remainingUnknowns: ['finish'],
      },
      notes: 'Looks right.',
      fileIds: [FILE_ID],
    });
  });

  it('defaults missing file ids and unknowns to empty lists', () => {
    const parsed = technicalReviewSchema.parse(
      review({
        fileIds: undefined,
        checklist: {
          conceptSolvesProblem: 'yes',
          rightVersion: 'yes',
          materialFitsEnvironment: 'yes',
          sampleNeeded: 'no',
        },
      }),
    );
    expect(parsed.fileIds).toEqual([]);
    expect(parsed.checklist.remainingUnknowns).toEqual([]);
  });

  it.each([
    ['no decision', { decision: null }, 'decision', /Choose a decision/],
    ['an unknown decision', { decision: 'release' }, 'decision', /Choose a decision/],
    ['no checklist', { checklist: undefined }, 'checklist', /Answer the fit checklist/],
    [
      'an unanswered question',
      {
        checklist: {
          conceptSolvesProblem: null,
          rightVersion: 'yes',
          materialFitsEnvironment: 'yes',
          sampleNeeded: 'no',
        },
      },
      'checklist.conceptSolvesProblem',
      /does the part concept solve the actual problem/,
    ],
    [
      'an unknown outside the list',
      {
        checklist: {
          conceptSolvesProblem: 'yes',
          rightVersion: 'yes',
          materialFitsEnvironment: 'yes',
          sampleNeeded: 'no',
          remainingUnknowns: ['price'],
        },
      },
      'checklist.remainingUnknowns.0',
      /from the list/,
    ],
    ['changes without notes', { decision: 'changes_requested', notes: '   ' }, 'notes', /what needs to change/],
    [
      'a confirmation although the concept does not solve the problem',
      {
        checklist: {
          conceptSolvesProblem: 'no',
          rightVersion: 'yes',
          materialFitsEnvironment: 'yes',
          sampleNeeded: 'no',
        },
      },
      'decision',
      /concept does not solve the problem.*Changes needed/,
    ],
    [
      'a confirmation although the files show the wrong version',
      {
        checklist: {
          conceptSolvesProblem: 'yes',
          rightVersion: 'no',
          materialFitsEnvironment: 'yes',
          sampleNeeded: 'no',
        },
      },
      'decision',
      /wrong version/,
    ],
    [
      'a confirmation although a sample is needed',
      {
        checklist: {
          conceptSolvesProblem: 'yes',
          rightVersion: 'yes',
          materialFitsEnvironment: 'yes',
          sampleNeeded: 'yes',
        },
      },
      'decision',
      /Sample first/,
    ],
    [
      'sample first while answering that no sample is needed',
      { decision: 'sample_required' },
      'checklist.sampleNeeded',
      /answer yes here/,
    ],
    ['notes over 4000 characters', { notes: 'x'.repeat(4001) }, 'notes', /4000 characters/],
    ['a file id that is not an upload id', { fileIds: ['../../etc/passwd'] }, 'fileIds.0', /upload it again/],
    ['the same file twice', { fileIds: [FILE_ID, FILE_ID] }, 'fileIds', /only once/],
    [
      'eleven files',
      { fileIds: Array.from({ length: 11 }, (_, i) => `${FILE_ID.slice(0, -2)}${String(i).padStart(2, '0')}`) },
      'fileIds',
      /at most 10/,
    ],
  ])('refuses %s with a message on %s', (_name, overrides, path, message) => {
    const errors = errorsOf(technicalReviewSchema, review(overrides));
    expect(errors[path]).toMatch(message);
  });

  it('refuses a body that is not an object with a form-level message', () => {
    expect(errorsOf(technicalReviewSchema, 'direction_confirmed')._form).toMatch(/fill in the checklist/);
  });

  it('never accepts a "direction confirmed" whose checklist says no to the concept or version, or needs a sample', () => {
    const answer = fc.constantFrom(...ANSWERS);
    fc.assert(
      fc.property(
        fc.record({
          decision: fc.constantFrom(...REVIEW_DECISIONS),
          conceptSolvesProblem: answer,
          rightVersion: answer,
          materialFitsEnvironment: answer,
          sampleNeeded: fc.constantFrom('yes', 'no'),
          remainingUnknowns: fc.uniqueArray(fc.constantFrom(...UNKNOWNS)),
          notes: fc.string({ maxLength: 40 }),
        }),
        ({ decision, notes, ...checklist }) => {
          const result = technicalReviewSchema.safeParse({ decision, notes, checklist, fileIds: [] });
          if (!result.success || result.data.decision !== 'direction_confirmed') return;
          expect(result.data.checklist.conceptSolvesProblem).not.toBe('no');
          expect(result.data.checklist.rightVersion).not.toBe('no');
          expect(result.data.checklist.sampleNeeded).toBe('no');
        },
      ),
    );
  });
});

describe('firstArticleSchema', () => {
  it('accepts an acceptance without notes and what was checked', () => {
    expect(firstArticleSchema.parse({ decision: 'accepted', checked: ['fit', 'heat'] })).toEqual({
      decision: 'accepted',
      checked: ['fit', 'heat'],
      fileIds: [],
    });
  });

  it.each([
    ['no decision', {}, 'decision', /accept or reject/],
    ['a rejection without notes', { decision: 'rejected', notes: '' }, 'notes', /what is wrong/],
    ['an unknown check', { decision: 'accepted', checked: ['colour'] }, 'checked.0', /from the list/],
  ])('refuses %s', (_name, body, path, message) => {
    expect(errorsOf(firstArticleSchema, body)[path]).toMatch(message);
  });
});

describe('sampleShippedSchema', () => {
  it('takes optional tracking, carrier and note, trimmed', () => {
    expect(sampleShippedSchema.parse({ trackingReference: ' 123 ', carrier: 'DHL' })).toEqual({
      trackingReference: '123',
      carrier: 'DHL',
    });
    expect(sampleShippedSchema.parse({})).toEqual({});
  });

  it('refuses an overlong tracking reference', () => {
    expect(errorsOf(sampleShippedSchema, { trackingReference: 'x'.repeat(121) }).trackingReference).toMatch(/120/);
  });
});

describe('a parsed technical decision never moves the commercial track (invariant 3)', () => {
  it('holds for any parsed review or first-article decision in any state', () => {
    const roles = {
      technicalEmail: 'tina@acme.example',
      purchasingEmail: 'paul@acme.example',
      sameContactForBothRoles: false,
    };
    fc.assert(
      fc.property(
        fc.constantFrom(...TECHNICAL_STATES),
        fc.constantFrom(...COMMERCIAL_STATES),
        fc.oneof(
          fc.record({ kind: fc.constant('review' as const), decision: fc.constantFrom(...REVIEW_DECISIONS) }),
          fc.record({ kind: fc.constant('first_article' as const), decision: fc.constantFrom('accepted', 'rejected') }),
        ),
        (technical, commercial, input) => {
          const state: WorkflowState = {
            ...initialWorkflowState({ mode: 'production', roles }),
            technical,
            commercial,
          };
          const actor = { role: 'technical' as const, name: 'Tina', email: 'tina@acme.example' };
          const result =
            input.kind === 'review'
              ? applyEvent(state, { type: 'technical_review', actor, decision: input.decision })
              : applyEvent(state, {
                  type: 'first_article',
                  actor,
                  decision: input.decision,
                });
          if (!result.ok) return;
          expect(result.state.commercial).toBe(commercial);
          expect(result.state.revisions).toBe(state.revisions);
        },
      ),
    );
  });
});
