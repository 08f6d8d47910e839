/**
 * Whether an earlier order's technical sign-off carries over to a reorder (architecture §11,
 * "Reorders"), and the words the pages show for it.
 */
import { describe, expect, it } from 'vitest';
import { carrySignOff, type ReorderFile } from '../../src/domain/reorder.js';
import type { RoleHolders, WorkflowState } from '../../src/domain/workflow/state.js';
import { applyEvent, initialWorkflowState } from '../../src/domain/workflow/transitions.js';
import { signOffView } from '../../src/domain/workflow/views.js';
import type { ReplayedEvent } from '../../src/domain/workflow/vocabulary.js';

const roles: RoleHolders = {
  technicalEmail: 'tess@acme.example',
  purchasingEmail: 'paul@acme.example',
  sameContactForBothRoles: false,
};
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const initial = () => initialWorkflowState({ mode: 'production', roles });

function replay(events: ReplayedEvent[]): WorkflowState {
  return events.reduce((state, event) => {
    const result = applyEvent(state, event);
    if (!result.ok) throw new Error(result.message);
    return result.state;
  }, initial());
}

const approved = (covers = [{ fileId: 'old-1', name: 'bracket.stl', sha256: A }]): ReplayedEvent => ({
  type: 'technical_review',
  actor: { role: 'technical', email: 'tess@acme.example', name: 'Tess Engineer' },
  decision: 'direction_confirmed',
  covers,
  at: '2026-03-03T09:00:00.000Z',
});
const earlier = (events: ReplayedEvent[], material = 'PETG') => ({
  id: 'earlier-id',
  reference: 'PF-2026-0007',
  material,
  state: replay(events),
});
const file = (sha256: string | null, name = 'bracket.stl', kind: ReorderFile['kind'] = 'cad'): ReorderFile => ({
  fileId: `new-${name}-${sha256?.slice(0, 1) ?? 'x'}`,
  name,
  kind,
  sha256,
});

describe('carrySignOff', () => {
  it('carries the sign-off over when the 3D files and material match, naming the new file ids', () => {
    const carry = carrySignOff({
      earlier: earlier([approved()]),
      material: ' petg ',
      files: [file(A), file(null, 'photo.png', 'image')],
      initial: initial(),
    });
    expect(carry).toEqual({
      carried: true,
      event: {
        type: 'sign_off_inherited',
        actor: { role: 'system' },
        fromRequestId: 'earlier-id',
        fromReference: 'PF-2026-0007',
        decidedBy: 'Tess Engineer',
        decidedAt: '2026-03-03T09:00:00.000Z',
        decision: 'direction_confirmed',
        covers: [{ fileId: 'new-bracket.stl-a', name: 'bracket.stl', sha256: A }],
      },
    });
    if (!carry.carried) return;
    const state = replay([{ ...carry.event, at: '2026-04-01T00:00:00.000Z' }]);
    expect(state.technical).toBe('direction_confirmed');
    expect(state.commercial).toBe('estimate');
    expect(signOffView(state)).toMatchObject({
      status: 'current',
      sentence: 'Approved on the earlier order PF-2026-0007 by Tess Engineer on 3 March; same files.',
    });
  });

  it.each([
    {
      case: 'one changed file',
      events: [approved()],
      material: 'PETG',
      files: [file(B)],
      reason:
        'bracket.stl is not among the 3D files approved on the earlier order PF-2026-0007, so the technical contact reviews this order.',
    },
    {
      case: 'other material',
      events: [approved()],
      material: 'PA12',
      files: [file(A)],
      reason: 'The material differs from the earlier order PF-2026-0007, so the technical contact reviews this order.',
    },
    {
      case: 'earlier not signed off',
      events: [],
      material: 'PETG',
      files: [file(A)],
      reason: 'The earlier order PF-2026-0007 has no technical approval, so the technical contact reviews this order.',
    },
    {
      case: 'earlier reopened by new geometry',
      events: [
        approved(),
        {
          type: 'file_added',
          actor: { role: 'technical' },
          fileId: 'old-2',
          name: 'bracket.stl',
          kind: 'cad',
          sha256: B,
        } as const,
      ],
      material: 'PETG',
      files: [file(A)],
      reason:
        'The approval of the earlier order PF-2026-0007 is open again because a 3D file changed after it, so the technical contact reviews this order.',
    },
    {
      case: 'no 3D file',
      events: [approved()],
      material: 'PETG',
      files: [file(null, 'photo.png', 'image')],
      reason: 'This order has no 3D file to carry an approval, so the technical contact reviews this order.',
    },
    {
      case: 'a file without a hash',
      events: [approved()],
      material: 'PETG',
      files: [file(A), file(null, 'lid.stl')],
      reason:
        'lid.stl is not among the 3D files approved on the earlier order PF-2026-0007, so the technical contact reviews this order.',
    },
  ])('does not carry it over: $case', ({ events, material, files, reason }) => {
    expect(carrySignOff({ earlier: earlier(events), material, files, initial: initial() })).toEqual({
      carried: false,
      reason,
    });
  });

  it('a reorder of a reorder names the original decision', () => {
    const first = carrySignOff({
      earlier: earlier([approved()]),
      material: 'PETG',
      files: [file(A)],
      initial: initial(),
    });
    if (!first.carried) throw new Error('expected the sign-off to carry over');
    const second = carrySignOff({
      earlier: { id: 'reorder-id', reference: 'PF-2026-0020', material: 'PETG', state: replay([first.event]) },
      material: 'PETG',
      files: [file(A)],
      initial: initial(),
    });
    expect(second).toMatchObject({
      carried: true,
      event: { fromRequestId: 'earlier-id', fromReference: 'PF-2026-0007', decidedBy: 'Tess Engineer' },
    });
  });

  it('new geometry reopens an inherited sign-off, saying where it came from; a review replaces it', () => {
    const carry = carrySignOff({
      earlier: earlier([approved()]),
      material: 'PETG',
      files: [file(A)],
      initial: initial(),
    });
    if (!carry.carried) throw new Error('expected the sign-off to carry over');
    const inherited = { ...carry.event, at: '2026-04-01T00:00:00.000Z' };
    const reopened = replay([
      inherited,
      {
        type: 'file_added',
        actor: { role: 'technical' },
        fileId: 'n2',
        name: 'bracket.stl',
        kind: 'cad',
        sha256: B,
        at: '2026-04-02T00:00:00.000Z',
      },
    ]);
    expect(reopened.technical).toBe('awaiting_review');
    expect(signOffView(reopened)).toMatchObject({
      status: 'reopened',
      sentence:
        'A new version of bracket.stl arrived after the approval carried over from the earlier order PF-2026-0007 on 1 April; the review is open again.',
    });
    const reviewed = replay([
      inherited,
      {
        type: 'technical_review',
        actor: { role: 'technical', email: 'tess@acme.example' },
        decision: 'changes_requested',
      },
    ]);
    expect(reviewed.technical).toBe('changes_requested');
    expect(reviewed.signOff).toBeUndefined();
  });
});
