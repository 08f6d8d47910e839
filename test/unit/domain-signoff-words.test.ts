/**
 * The sign-off's words (architecture §1, invariant 7): what the current sign-off covers, why the
 * review is open again, and who acts next; built from replayed events as the server replays them.
 */
import { describe, expect, it } from 'vitest';
import { nextActor } from '../../src/domain/workflow/next-actor.js';
import { initialWorkflowState, replayEvents } from '../../src/domain/workflow/transitions.js';
import { readyForProduction, signOffView } from '../../src/domain/workflow/views.js';
import { reopenedSentence, shortHash, signOffSentence } from '../../src/domain/workflow/words.js';
import type { Actor, CoveredFile, ReplayedEvent } from '../../src/domain/workflow/vocabulary.js';

const roles = {
  technicalEmail: 'tess@acme.example',
  purchasingEmail: 'paul@acme.example',
  sameContactForBothRoles: false,
};
const technical: Actor = { role: 'technical', name: 'Tess', email: 'tess@acme.example' };
const purchasing: Actor = { role: 'purchasing', email: 'paul@acme.example' };
const bracket: CoveredFile = { fileId: 'f1', name: 'bracket.stl', sha256: '1a2b3c4d'.repeat(8) };
const lid: CoveredFile = { fileId: 'f2', name: 'lid.stl', sha256: 'ab'.repeat(32) };

const approve = (at: string, covers: CoveredFile[] | 'not named' = [bracket]): ReplayedEvent => ({
  type: 'technical_review',
  actor: technical,
  decision: 'direction_confirmed',
  at,
  ...(covers === 'not named' ? {} : { covers }),
});
const added = (file: CoveredFile, at: string, over: Partial<Extract<ReplayedEvent, { type: 'file_added' }>> = {}) =>
  ({ type: 'file_added', actor: { role: 'technical' }, ...file, kind: 'cad', at, ...over }) as ReplayedEvent;
const released: ReplayedEvent[] = [
  { type: 'quote_issued', actor: { role: 'shop' }, revisionId: 'q1', scope: 'opening_lot', quantity: 50 },
  { type: 'purchasing_accepted', actor: purchasing, revisionId: 'q1', poNumber: '4411' },
];

function replay(events: ReplayedEvent[]) {
  const { state, refused } = replayEvents(initialWorkflowState({ mode: 'production', roles }), events);
  expect(refused).toEqual([]);
  return state;
}

describe('the sign-off names its files', () => {
  it('says who signed off when, and lists the covered files with short hashes', () => {
    const state = replay([approve('2026-03-03T09:00:00Z', [bracket, lid])]);
    expect(signOffView(state)).toEqual({
      status: 'current',
      decision: 'direction_confirmed',
      at: '2026-03-03T09:00:00Z',
      sentence: 'The technical contact approved on 3 March, for these 2 3D files:',
      covers: [
        { ...bracket, shortHash: '1a2b3c4d' },
        { ...lid, shortHash: 'abababab' },
      ],
    });
    expect(shortHash(lid.sha256)).toBe('abababab');
  });

  it('words a first article, a single file, no file and a sign-off from before files were named', () => {
    const firstArticle = {
      decision: 'first_article_accepted' as const,
      covers: [bracket],
      namedFiles: true,
      at: '2026-04-09T10:00:00Z',
    };
    expect(signOffSentence(firstArticle)).toBe(
      'The technical contact accepted the first article on 9 April, for this 3D file:',
    );
    expect(signOffSentence({ ...firstArticle, decision: 'direction_confirmed', covers: [] })).toBe(
      'The technical contact approved on 9 April; the request had no 3D file then.',
    );
    expect(signOffSentence({ ...firstArticle, decision: 'direction_confirmed', namedFiles: false })).toBe(
      'The technical contact approved on 9 April, before sign-offs named their files; it covers the 3D files the request had then.',
    );
    // A decision being made has no date yet.
    expect(signOffSentence({ ...firstArticle, at: undefined })).toBe(
      'The technical contact accepted the first article, for this 3D file:',
    );
  });

  it('an older sign-off without a list covers the 3D files the log knew then', () => {
    const state = replay([added(bracket, '2026-03-01T09:00:00Z'), approve('2026-03-03T09:00:00Z', 'not named')]);
    expect(state.signOff).toMatchObject({ namedFiles: false, covers: [bracket] });
    expect(
      replay([
        ...[added(bracket, '2026-03-01T09:00:00Z'), approve('2026-03-03T09:00:00Z', 'not named')],
        added({ ...bracket, fileId: 'f9' }, '2026-03-05T09:00:00Z'),
      ]).technical,
    ).toBe('direction_confirmed');
  });
});

describe('new geometry reopens the review, in words', () => {
  it('a new version of a covered file', () => {
    const state = replay([
      approve('2026-03-03T09:00:00Z'),
      ...released,
      added({ fileId: 'f3', name: 'bracket.stl', sha256: 'ff'.repeat(32) }, '2026-03-05T09:00:00Z'),
    ]);
    expect(state.technical).toBe('awaiting_review');
    expect(readyForProduction(state)).toBe(false);
    expect(signOffView(state)).toMatchObject({
      status: 'reopened',
      sentence:
        'A new version of bracket.stl arrived after the technical contact approved on 3 March; the review is open again.',
      covers: [{ name: 'bracket.stl', shortHash: '1a2b3c4d' }],
      arrived: [{ name: 'bracket.stl', shortHash: 'ffffffff' }],
    });
    // The shop still owes the invoice, so it stays first; the technical contact owes the new review.
    expect(nextActor(state)).toMatchObject({
      waitingOn: {
        technical: ['A new technical review by the technical contact: new 3D geometry arrived after the sign-off.'],
      },
    });
  });

  it('a new file, several files, one name twice, and a sign-off from another year', () => {
    const signOff = {
      decision: 'first_article_accepted' as const,
      covers: [bracket],
      namedFiles: true,
      at: '2025-12-30T09:00:00Z',
    };
    const arrival = (file: CoveredFile, newVersion: boolean) => ({ ...file, newVersion, at: '2026-01-04T09:00:00Z' });
    expect(reopenedSentence({ signOff, arrivals: [arrival(lid, false)] })).toBe(
      'A new 3D file named lid.stl arrived after the technical contact accepted the first article on 30 December 2025; the review is open again.',
    );
    const newBracket = { fileId: 'f5', name: 'bracket.stl', sha256: 'ee'.repeat(32) };
    expect(
      reopenedSentence({
        signOff: { ...signOff, at: '2026-01-02T09:00:00Z' },
        arrivals: [
          arrival(newBracket, true),
          arrival(lid, false),
          arrival({ ...newBracket, fileId: 'f6', sha256: 'dd'.repeat(32) }, true),
        ],
      }),
    ).toBe(
      'A new version of bracket.stl and a new 3D file named lid.stl arrived after the technical contact accepted the first article on 2 January; the review is open again.',
    );
  });

  it('identical bytes, an image or a row without a hash keep the sign-off', () => {
    const kept = replay([
      approve('2026-03-03T09:00:00Z'),
      ...released,
      added({ ...bracket, fileId: 'f7' }, '2026-03-05T09:00:00Z'),
      added({ fileId: 'f8', name: 'photo.png', sha256: 'cc'.repeat(32) }, '2026-03-05T09:00:00Z', { kind: 'image' }),
      added({ fileId: 'f9', name: 'old.stl', sha256: 'cc'.repeat(32) }, '2026-03-05T09:00:00Z', { sha256: undefined }),
    ]);
    expect(kept.technical).toBe('direction_confirmed');
    expect(readyForProduction(kept)).toBe(true);
    expect(signOffView(kept).status).toBe('current');
  });

  it('a new review after the reopening covers the new version and production may start again', () => {
    const changed = { fileId: 'f3', name: 'bracket.stl', sha256: 'ff'.repeat(32) };
    const state = replay([
      approve('2026-03-03T09:00:00Z'),
      ...released,
      added(changed, '2026-03-05T09:00:00Z'),
      approve('2026-03-06T09:00:00Z', [bracket, changed]),
    ]);
    expect(readyForProduction(state)).toBe(true);
    expect(state.reopened).toBeUndefined();
    expect(signOffView(state)).toMatchObject({
      status: 'current',
      covers: [{ shortHash: '1a2b3c4d' }, { shortHash: 'ffffffff' }],
    });
  });

  it('a sign-off that misses a file the log already holds reopens at once', () => {
    const state = replay([added(lid, '2026-03-03T08:59:59Z'), approve('2026-03-03T09:00:00Z', [bracket])]);
    expect(state.technical).toBe('awaiting_review');
    expect(signOffView(state)).toMatchObject({
      status: 'reopened',
      sentence:
        'A new 3D file named lid.stl arrived after the technical contact approved on 3 March; the review is open again.',
    });
  });

  it('no sign-off to show before any go-ahead, and after a later decision ends it', () => {
    expect(signOffView(replay([])).status).toBe('none');
    const ended = replay([
      approve('2026-03-03T09:00:00Z'),
      { type: 'technical_review', actor: technical, decision: 'changes_requested', at: '2026-03-04T09:00:00Z' },
    ]);
    expect(signOffView(ended).status).toBe('none');
  });
});
