/**
 * The shop's view of the technical contact's decisions, picked from stored event rows: the checklist
 * answers and unknowns in the review page's words, notes, the files referred to, superseded ones
 * marked, and a row that does not match what the writer stores refused with its row named.
 */
import { describe, expect, it } from 'vitest';
import { StoredJsonError } from '../../src/domain/stored-json.js';
import { technicalDecisions } from '../../src/server/inbox/technical-decisions.js';

type Row = Parameters<typeof technicalDecisions>[0]['events'][number];

let nextId = 1;
function row(type: string, payload: unknown, at = '2026-03-03T10:00:00.000Z'): Row {
  return {
    id: nextId++,
    type,
    payload,
    createdAt: new Date(at),
    actorName: 'Tina Technik',
    actorEmail: 'tina@acme.example',
  };
}

const FILE = { id: '7f0c2a8e-1b2c-4d3e-8f9a-0b1c2d3e4f5a', name: 'markup.png', size: 2048 };

const reviewPayload = (over: Record<string, unknown> = {}) => ({
  decision: 'sample_required',
  notes: 'Not sure PETG survives the pipe.',
  checklist: {
    conceptSolvesProblem: 'yes',
    rightVersion: 'unsure',
    materialFitsEnvironment: 'unsure',
    sampleNeeded: 'yes',
    remainingUnknowns: ['fit', 'heat'],
  },
  fileIds: [FILE.id],
  ...over,
});

describe('technicalDecisions', () => {
  it('words the checklist, unknowns, notes and files of a review as the review page asked them', () => {
    const [decision] = technicalDecisions({ events: [row('technical_review', reviewPayload())], files: [FILE] });
    expect(decision).toMatchObject({
      type: 'technical_review',
      kindLabel: 'Technical review',
      decision: 'sample_required',
      decisionLabel: 'Sample first',
      at: '2026-03-03T10:00:00.000Z',
      by: { name: 'Tina Technik', email: 'tina@acme.example' },
      answers: [
        { question: 'Does the part concept solve the actual problem?', answer: 'Yes', attention: false },
        {
          question: 'Do the screenshots or dimensions point at the right version?',
          answer: 'Not sure',
          attention: true,
        },
        { question: 'Does the material fit the environment?', answer: 'Not sure', attention: true },
        { question: 'Is a sample needed before quantity production?', answer: 'Yes', attention: false },
      ],
      openUnknowns: ['Fit', 'Heat'],
      checked: [],
      notes: 'Not sure PETG survives the pipe.',
      files: [FILE],
      superseded: false,
    });
  });

  it('lists newest first and marks an earlier decision of the same kind superseded, not a different kind', () => {
    const events = [
      row('request_submitted', { reference: 'PF-1' }),
      row('technical_review', reviewPayload(), '2026-03-03T10:00:00.000Z'),
      row('technical_review', reviewPayload({ decision: 'sample_required', notes: '' }), '2026-03-04T10:00:00.000Z'),
      row('sample_shipped', { trackingReference: 'TRK1' }),
      row('first_article', { decision: 'rejected', notes: 'Clip too tight.', checked: ['fit'], fileIds: [] }),
    ];
    const decisions = technicalDecisions({ events, files: [FILE] });
    expect(decisions.map((d) => [d.type, d.superseded])).toEqual([
      ['first_article', false],
      ['technical_review', false],
      ['technical_review', true],
    ]);
    expect(decisions[0]).toMatchObject({
      decisionLabel: 'First article rejected',
      checked: ['Fit'],
      answers: [],
      notes: 'Clip too tight.',
    });
    // An empty note is no note.
    expect(decisions[1]).not.toHaveProperty('notes');
  });

  it('marks a "no" for attention, except that no sample is needed', () => {
    const checklist = {
      conceptSolvesProblem: 'no',
      rightVersion: 'yes',
      materialFitsEnvironment: 'yes',
      sampleNeeded: 'no',
      remainingUnknowns: [],
    };
    const [decision] = technicalDecisions({
      events: [row('technical_review', reviewPayload({ decision: 'changes_requested', checklist }))],
      files: [],
    });
    expect(decision?.answers.map((a) => [a.answer, a.attention])).toEqual([
      ['No', true],
      ['Yes', false],
      ['Yes', false],
      ['No', false],
    ]);
    expect(decision?.openUnknowns).toEqual([]);
  });

  it('names only files that belong to the request', () => {
    const [decision] = technicalDecisions({
      events: [row('technical_review', reviewPayload({ fileIds: [FILE.id, '00000000-0000-4000-8000-000000000000'] }))],
      files: [FILE],
    });
    expect(decision?.files).toEqual([FILE]);
  });

  it('refuses a stored review that does not match what the review function writes, naming the row', () => {
    const broken = row('technical_review', reviewPayload({ checklist: { conceptSolvesProblem: 'maybe' } }));
    expect(() => technicalDecisions({ events: [broken], files: [] })).toThrow(StoredJsonError);
    expect(() => technicalDecisions({ events: [broken], files: [] })).toThrow(`row ${broken.id}`);
  });
});
