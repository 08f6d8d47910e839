/**
 * A second approver named at intake (docs/architecture.md §11): the request schema's optional
 * "orders above an amount need a second approver" part, with the release page's own field rules, a
 * second approver who must be another person, and the domain accepting the rule from the requester
 * on the new request only.
 */
import { describe, expect, it } from 'vitest';
import {
  createRequestSchema,
  fieldErrors,
  intakeSecondApprover,
  SECOND_IS_FIRST,
  SECOND_IS_TECHNICAL,
} from '../../src/domain/request-schema.js';
import { roleHoldersOf } from '../../src/domain/workflow/roles.js';
import { applyEvent, initialWorkflowState, replayEvents } from '../../src/domain/workflow/transitions.js';
import type { Actor, WorkflowEvent } from '../../src/domain/workflow/vocabulary.js';
import { approvalStanding } from '../../src/domain/workflow/approvals.js';

const schema = createRequestSchema({ today: '2026-11-25' });
const DANA = { name: 'Dana Director', email: 'Dana.Director@acme.example', jobTitle: 'Head of operations' };

function request(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    clientDraftId: '3b241101-e2bb-4255-8caf-4136c566a962',
    mode: 'production',
    part: {
      name: 'Pump housing bracket',
      problem: 'The original clip cracks after a week near the heater.',
      kind: 'replacement',
      size: { lengthMm: 120, widthMm: 40, heightMm: 25 },
      material: 'PETG',
      environment: { heat: false, load: false, motion: false, outdoorUv: false, chemicals: false, notes: '' },
      finish: '',
    },
    quantities: { total: 500, provisional: false },
    neededBy: '2026-12-15',
    fileIds: [],
    technicalContact: { name: 'Tess Tech', email: 'tess@acme.example', company: 'Acme Pumps GmbH' },
    sameContactForBothRoles: false,
    purchasingApprover: {
      name: 'Paul Purchase',
      email: 'paul@acme.example',
      company: 'Acme Pumps GmbH',
      poStatus: 'none',
    },
    ...overrides,
  };
}

function errorsOf(input: unknown): Record<string, string> {
  const result = schema.safeParse(input);
  return result.success ? {} : fieldErrors(result.error);
}

describe('the second approver on the request form', () => {
  it('is optional: a request without the box, or with it unticked, names none and keeps no stray fields', () => {
    expect(intakeSecondApprover(schema.parse(request()))).toBeUndefined();
    const unticked = schema.parse(request({ needsSecondApprover: false, secondApprover: { ...DANA, threshold: '' } }));
    expect(intakeSecondApprover(unticked)).toBeUndefined();
    expect(unticked).not.toHaveProperty('secondApprover');
  });

  it('when ticked, is the release page schema: name, address and amount required, job title optional', () => {
    const parsed = schema.parse(
      request({ needsSecondApprover: true, secondApprover: { ...DANA, jobTitle: '', threshold: ' 5000.50 ' } }),
    );
    expect(intakeSecondApprover(parsed)).toEqual({ ...DANA, jobTitle: '', threshold: '5000.50' });
    expect(
      errorsOf(
        request({
          needsSecondApprover: true,
          secondApprover: { name: '', email: 'dana@acme', jobTitle: '', threshold: 'lots' },
        }),
      ),
    ).toMatchInlineSnapshot(`
      {
        "secondApprover.email": "Enter the full address, e.g. dana@acme.com.",
        "secondApprover.name": "Enter the second approver's name.",
        "secondApprover.threshold": "Enter the amount above which both of you must release as an amount, e.g. 12.50.",
      }
    `);
  });

  it.each([
    ['the purchasing approver', {}, 'PAUL@acme.example', SECOND_IS_FIRST],
    ['the technical contact', {}, ' tess@acme.example ', SECOND_IS_TECHNICAL],
    [
      'the technical contact who declared both roles',
      { sameContactForBothRoles: true, purchasingApprover: { poStatus: 'none' } },
      'tess@acme.example',
      SECOND_IS_FIRST,
    ],
  ])('is refused beside the field when it is %s', (_name, overrides, email, message) => {
    const errors = errorsOf(
      request({ ...overrides, needsSecondApprover: true, secondApprover: { ...DANA, email, threshold: '500' } }),
    );
    expect(errors).toEqual({ 'secondApprover.email': message });
  });
});

describe('the approval rule from the requester', () => {
  const parsed = schema.parse(request());
  const roles = roleHoldersOf(parsed);
  const fresh = initialWorkflowState({ mode: 'production', roles });
  const tess: Actor = { role: 'requester', name: 'Tess Tech', email: 'tess@acme.example' };
  const rule = (actor: Actor): WorkflowEvent => ({
    type: 'approval_rule_set',
    actor,
    secondApprover: { name: DANA.name, email: 'dana.director@acme.example' },
    thresholdMinor: 50_000,
    currency: 'eur',
  });
  const issue = (revisionId: string, totalMinor: number): WorkflowEvent => ({
    type: 'quote_issued',
    actor: { role: 'shop', email: 'shop@localhost' },
    revisionId,
    scope: 'opening_lot',
    quantity: 50,
    totalMinor,
    currency: 'eur',
  });

  it('is accepted on the new request and asks for both releases above the amount only', () => {
    const { state, refused } = replayEvents(fresh, [rule(tess), issue('r1', 62_000)]);
    expect(refused).toEqual([]);
    expect(state.roles.secondApproverEmail).toBe('dana.director@acme.example');
    expect(approvalStanding(state, state.revisions[0]!).missing.map((m) => m.slot)).toEqual(['first', 'second']);
    const below = replayEvents(fresh, [rule(tess), issue('r1', 50_000)]).state;
    expect(approvalStanding(below, below.revisions[0]!).missing.map((m) => m.slot)).toEqual(['first']);
  });

  it('is refused from anyone but the person who submitted, and once the request has a quote or a rule', () => {
    const refusal = (state: typeof fresh, event: WorkflowEvent) => {
      const result = applyEvent(state, event);
      return result.ok ? 'accepted' : result.code;
    };
    expect(refusal(fresh, rule({ ...tess, email: 'paul@acme.example' }))).toBe('WRONG_ROLE');
    const quoted = replayEvents(fresh, [issue('r1', 62_000)]).state;
    expect(refusal(quoted, rule(tess))).toBe('WRONG_ROLE');
    const named = replayEvents(fresh, [rule(tess)]).state;
    expect(refusal(named, rule(tess))).toBe('WRONG_ROLE');
    // The purchasing approver changes it afterwards, as on the release page.
    expect(refusal(quoted, rule({ role: 'purchasing', name: 'Paul', email: 'paul@acme.example' }))).toBe('accepted');
  });
});
