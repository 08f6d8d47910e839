/**
 * Invariant 7 of the architecture, "production only on geometry the technical contact approved",
 * over random sequences of technical decisions, purchasing releases and files arriving through links
 * with random hashes (identical re-uploads, new versions, images, rows from before uploads recorded
 * hashes), with sign-offs that name the files as the server does, name a stale list (a file arrived
 * while the decision was being made) or name none (stored before sign-offs named their files).
 *
 * The oracle is kept by the test itself: which 3D files the event log knows and what the latest
 * accepted sign-off covered, so the properties do not read the domain's own bookkeeping.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoleHolders, WorkflowState } from '../../src/domain/workflow/state.js';
import { applyEvent, initialWorkflowState } from '../../src/domain/workflow/transitions.js';
import { readyForProduction, technicalGoAhead } from '../../src/domain/workflow/views.js';
import type { CoveredFile, ReplayedEvent } from '../../src/domain/workflow/vocabulary.js';

const TECH = 'tess@acme.example';
const BUYER = 'paul@acme.example';
const roles: RoleHolders = { technicalEmail: TECH, purchasingEmail: BUYER, sameContactForBothRoles: false };

const hash = (seed: string) => seed.repeat(64).slice(0, 64);
// Few hashes, so identical re-uploads and files that match a covered one are frequent.
const HASHES = ['a', 'b', 'c', 'd'].map(hash);
// The file sent with the request: the server names it in every sign-off, the log knows it no other way.
const INTAKE: CoveredFile = { fileId: 'intake', name: 'bracket.stl', sha256: HASHES[0]! };

/** How a sign-off names its files: as the server does, one upload short (a race), or not at all (legacy). */
type CoversMode = 'server' | 'stale' | 'legacy';

type Step =
  | { kind: 'review'; decision: 'direction_confirmed' | 'sample_required' | 'changes_requested'; covers: CoversMode }
  | { kind: 'first_article'; decision: 'accepted' | 'rejected'; covers: CoversMode }
  | { kind: 'sample_shipped' }
  | { kind: 'file'; role: 'technical' | 'purchasing'; name: string; fileKind: 'cad' | 'image'; sha256?: string }
  | { kind: 'quote'; scope: 'sample' | 'opening_lot' }
  | { kind: 'release' };

const coversArb = fc.constantFrom<CoversMode>('server', 'server', 'server', 'server', 'stale', 'legacy');

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('review' as const),
      decision: fc.constantFrom(
        'direction_confirmed' as const,
        'sample_required' as const,
        'changes_requested' as const,
      ),
      covers: coversArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('first_article' as const),
      decision: fc.constantFrom('accepted' as const, 'rejected' as const),
      covers: coversArb,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('sample_shipped' as const) }) },
  {
    weight: 4,
    arbitrary: fc.record(
      {
        kind: fc.constant('file' as const),
        role: fc.constantFrom('technical' as const, 'purchasing' as const),
        name: fc.constantFrom('bracket.stl', 'lid.stl', 'photo.png'),
        fileKind: fc.constantFrom('cad' as const, 'cad' as const, 'image' as const),
        sha256: fc.constantFrom(...HASHES, ...HASHES, undefined),
      },
      { requiredKeys: ['kind', 'role', 'name', 'fileKind'] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('quote' as const),
      scope: fc.constantFrom('sample' as const, 'opening_lot' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('release' as const) }) },
);

const stepsArb = fc.array(stepArb, { maxLength: 30, size: 'max' });

type Walked = {
  before: WorkflowState;
  step: Step;
  event: ReplayedEvent;
  after: WorkflowState | undefined;
  /** The oracle after the step: 3D files the log knows, and the latest accepted sign-off's covered hashes. */
  known: CoveredFile[];
  covered: Set<string> | undefined;
};

/** A reorder's first event: the earlier order's sign-off over the intake file's bytes (architecture §11, "Reorders"). */
const INHERITED: ReplayedEvent = {
  type: 'sign_off_inherited',
  actor: { role: 'system' },
  fromRequestId: 'earlier',
  fromReference: 'PF-2026-0001',
  decision: 'direction_confirmed',
  decidedAt: '2026-02-03T10:00:00.000Z',
  decidedBy: 'Tess Engineer',
  covers: [INTAKE],
  at: '2026-03-01T00:00:00.000Z',
};

/** `inherited`: the request is a reorder that starts at the earlier order's sign-off. */
function walk(steps: Step[], start: 'fresh' | 'inherited' = 'fresh'): Walked[] {
  let state = initialWorkflowState({ mode: 'production', roles, plannedTotal: 100 });
  // What the server's files table holds for the request: the intake file, then every 3D file with a hash.
  let stored: CoveredFile[] = [INTAKE];
  let known: CoveredFile[] = [];
  let covered: Set<string> | undefined;
  if (start === 'inherited') {
    const inherited = applyEvent(state, INHERITED);
    if (!inherited.ok) throw new Error(inherited.message);
    state = inherited.state;
    known = [INTAKE];
    covered = new Set([INTAKE.sha256]);
  }
  let revision = 0;
  const walked: Walked[] = [];
  steps.forEach((step, index) => {
    const before = state;
    const event = toEvent(step, index);
    const result = applyEvent(state, event);
    const after = result.ok ? result.state : undefined;
    if (after) {
      if (event.type === 'file_added' && event.kind === 'cad' && event.sha256) {
        const file = { fileId: event.fileId, name: event.name, sha256: event.sha256 };
        stored = [...stored, file];
        known = [...known, file];
      }
      if (event.type === 'quote_issued') revision += 1;
      const signsOff =
        (event.type === 'technical_review' && event.decision === 'direction_confirmed') ||
        (event.type === 'first_article' && event.decision === 'accepted');
      if (signsOff) {
        const named = event.covers;
        covered = new Set((named ?? known).map((file) => file.sha256));
        for (const file of named ?? []) if (!known.some((k) => k.fileId === file.fileId)) known = [...known, file];
      }
      state = after;
    }
    walked.push({ before, step, event, after, known, covered });
  });
  return walked;

  function toEvent(step: Step, index: number): ReplayedEvent {
    const technical = { role: 'technical' as const, email: TECH };
    const covers = (mode: CoversMode, signsOff: boolean) => {
      if (!signsOff || mode === 'legacy') return {};
      // A stale list misses the newest link upload: it arrived while the decision was being made.
      const files = mode === 'stale' && stored.length > 1 ? stored.slice(0, -1) : stored;
      return { covers: files.map((file) => ({ ...file })) };
    };
    const at = new Date(Date.UTC(2026, 2, 1 + index)).toISOString();
    switch (step.kind) {
      case 'review':
        return {
          type: 'technical_review',
          actor: technical,
          decision: step.decision,
          at,
          ...covers(step.covers, step.decision === 'direction_confirmed'),
        };
      case 'first_article':
        return {
          type: 'first_article',
          actor: technical,
          decision: step.decision,
          at,
          ...covers(step.covers, step.decision === 'accepted'),
        };
      case 'sample_shipped':
        return { type: 'sample_shipped', actor: { role: 'shop' } };
      case 'file':
        return {
          type: 'file_added',
          actor: { role: step.role },
          fileId: `f${index}`,
          name: step.fileKind === 'image' ? 'photo.png' : step.name,
          kind: step.fileKind,
          sha256: step.sha256,
          at,
        };
      case 'quote':
        return {
          type: 'quote_issued',
          actor: { role: 'shop' },
          revisionId: `r${revision + 1}`,
          scope: step.scope,
          quantity: 10,
        };
      case 'release':
        return { type: 'purchasing_accepted', actor: { role: 'purchasing', email: BUYER }, revisionId: `r${revision}` };
    }
  }
}

const RUNS = { numRuns: 1500 };

describe('invariant 7: production only on geometry the technical contact approved', () => {
  it('ready for production implies every 3D file the log knows is covered by the latest sign-off', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        for (const { after, known, covered } of walk(steps)) {
          if (!after || !readyForProduction(after)) continue;
          expect(covered).toBeDefined();
          for (const file of known) expect(covered?.has(file.sha256)).toBe(true);
          // The domain's own record of the sign-off agrees with the oracle.
          expect(new Set(after.signOff?.covers.map((file) => file.sha256))).toEqual(covered);
        }
      }),
      RUNS,
    );
  });

  it('a 3D file with uncovered bytes reopens the review; identical bytes, images and hashless rows do not', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        for (const { before, event, after } of walk(steps)) {
          if (event.type !== 'file_added' || !after) continue;
          // A file never touches the commercial track (invariant 3).
          expect(after.commercial).toBe(before.commercial);
          expect(after.revisions).toEqual(before.revisions);
          const signOff = before.signOff;
          if (!signOff) {
            expect(after.technical).toBe(before.technical);
            continue;
          }
          const newGeometry =
            event.kind === 'cad' &&
            event.sha256 !== undefined &&
            !signOff.covers.some((file) => file.sha256 === event.sha256);
          if (newGeometry) {
            expect(after.technical).toBe('awaiting_review');
            expect(after.signOff).toBeUndefined();
            expect(after.reopened?.signOff).toEqual(signOff);
            expect(after.reopened?.arrivals.map((a) => a.fileId)).toEqual([event.fileId]);
          } else {
            expect(after).toEqual({ ...before, cadFiles: after.cadFiles });
          }
        }
      }),
      RUNS,
    );
  });

  it('a sign-off is present exactly while the technical track is at a go-ahead', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        for (const { after } of walk(steps)) {
          if (!after) continue;
          expect(after.signOff !== undefined).toBe(technicalGoAhead(after.technical));
          if (after.reopened) expect(after.technical).toBe('awaiting_review');
        }
      }),
      RUNS,
    );
  });
});

describe('the generators reach the interesting states', () => {
  // Guards the properties above against passing vacuously.
  it('random sequences produce readiness, reopenings, kept sign-offs, races and legacy sign-offs', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(stepsArb, (steps) => {
        let reopenedOnce = false;
        for (const { before, step, event, after } of walk(steps)) {
          if (!after) continue;
          if (readyForProduction(after)) seen.add(reopenedOnce ? 'ready again after a reopening' : 'ready');
          if (after.reopened && !before.reopened) {
            reopenedOnce = true;
            seen.add(event.type === 'file_added' ? 'reopened by a file' : 'reopened at once (race)');
          }
          if (event.type === 'file_added' && before.signOff && after.signOff) {
            seen.add(event.kind === 'cad' && event.sha256 ? 'identical bytes kept the sign-off' : 'other file kept it');
          }
          if (after.signOff && !after.signOff.namedFiles) seen.add('legacy sign-off');
          if (after.reopened && after.reopened.arrivals.length > 1) seen.add('several arrivals');
          if (after.reopened?.arrivals.some((a) => a.newVersion)) seen.add('new version');
          if (after.reopened?.arrivals.some((a) => !a.newVersion)) seen.add('new file');
          if (step.kind === 'release' && readyForProduction(after)) seen.add('release on a current sign-off');
        }
      }),
      { numRuns: 1500, seed: 42 },
    );
    expect([...seen].sort()).toEqual(
      [
        'ready',
        'ready again after a reopening',
        'reopened by a file',
        'reopened at once (race)',
        'identical bytes kept the sign-off',
        'other file kept it',
        'legacy sign-off',
        'several arrivals',
        'new version',
        'new file',
        'release on a current sign-off',
      ].sort(),
    );
  });
});

describe("a reorder's inherited sign-off", () => {
  it('invariant 7 holds from an inherited start: ready for production only on covered geometry', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        for (const { after, known, covered } of walk(steps, 'inherited')) {
          if (!after || !readyForProduction(after)) continue;
          for (const file of known) expect(covered?.has(file.sha256)).toBe(true);
          expect(new Set(after.signOff?.covers.map((file) => file.sha256))).toEqual(covered);
          expect(after.signOff !== undefined).toBe(technicalGoAhead(after.technical));
        }
      }),
      RUNS,
    );
  });

  it('invariant 3: inheriting a sign-off never moves the commercial track', () => {
    // Commercial steps only, so the inherited event is still the request's first technical fact.
    const commercialArb = fc.array(
      fc.oneof(
        fc.record({
          kind: fc.constant('quote' as const),
          scope: fc.constantFrom('sample' as const, 'opening_lot' as const),
        }),
        fc.record({ kind: fc.constant('release' as const) }),
      ),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(commercialArb, (steps) => {
        for (const { after } of walk(steps)) {
          if (!after) continue;
          const result = applyEvent(after, INHERITED);
          expect(result.ok).toBe(true);
          if (!result.ok) continue;
          const { technical, signOff, cadFiles, ...commercial } = result.state;
          const { technical: _t, signOff: _s, cadFiles: _c, ...commercialBefore } = after;
          expect(commercial).toEqual(commercialBefore);
          expect(technical).toBe('direction_confirmed');
          expect(signOff?.inherited?.fromReference).toBe('PF-2026-0001');
          expect(cadFiles).toEqual([INTAKE]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('is taken only as the first technical fact', () => {
    fc.assert(
      fc.property(stepsArb, (steps) => {
        for (const { after } of walk(steps, 'inherited')) {
          if (!after) continue;
          const result = applyEvent(after, INHERITED);
          if (after.technical !== 'awaiting_review' || after.reopened || after.cadFiles.length > 0) {
            expect(result.ok).toBe(false);
          }
        }
      }),
      RUNS,
    );
  });

  it('the generators reach a reopened, a replaced and a released inherited sign-off', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(stepsArb, (steps) => {
        for (const { before, event, after } of walk(steps, 'inherited')) {
          if (!after) continue;
          if (before.signOff?.inherited && after.reopened?.signOff.inherited) seen.add('reopened by new geometry');
          if (before.signOff?.inherited && event.type === 'technical_review') seen.add('replaced by a review');
          if (after.signOff?.inherited && readyForProduction(after)) seen.add('ready on the inherited sign-off');
        }
      }),
      { numRuns: 500, seed: 42 },
    );
    expect([...seen].sort()).toEqual(
      ['ready on the inherited sign-off', 'reopened by new geometry', 'replaced by a review'].sort(),
    );
  });
});
