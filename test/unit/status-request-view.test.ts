/**
 * The request view the status page reads: the rough estimate is exactly the customer's fields of the
 * newest `estimate_sent` payload (anything else in it is dropped), and the history never shows a staff
 * member's address: shop events are "the shop", links sent name the contacts by role.
 */
import { describe, expect, it } from 'vitest';
import type { EventRow } from '../../src/server/db/event-log.js';
import type { LoadedRequest } from '../../src/server/requests/load-request.js';
import { latestEstimate, pickEstimate, requestView } from '../../src/server/requests/request-view.js';
import { initialWorkflowState } from '../../src/domain/workflow/transitions.js';

const ESTIMATE = {
  quantity: 200,
  material: 'PA12',
  currency: 'eur',
  lowMinor: 42_000,
  highMinor: 61_000,
  leadDaysMin: 8,
  leadDaysMax: 12,
  assumptions: ['Printed in black', 'No post-processing'],
  note: 'A firm quote follows after technical review.',
};

let nextId = 1;
function row(type: string, role: string, payload: Record<string, unknown>, extra: Partial<EventRow> = {}): EventRow {
  return {
    id: nextId++,
    requestId: 'r1',
    type,
    role,
    actorName: null,
    actorEmail: null,
    quoteRevisionId: null,
    payload,
    ip: null,
    userAgent: null,
    createdAt: new Date('2026-03-02T10:00:00Z'),
    ...extra,
  };
}

function loaded(events: EventRow[]): LoadedRequest {
  const contact = { requestId: 'r1', phone: null, company: 'Acme', createdAt: new Date(0) };
  return {
    request: {
      id: 'r1',
      reference: 'PF-2026-0001',
      clientDraftId: 'd1',
      mode: 'rough_estimate',
      details: {},
      sameContactForBothRoles: false,
      createdAt: new Date('2026-03-01T09:00:00Z'),
      updatedAt: new Date(0),
    },
    details: {
      part: { name: 'Clip' } as LoadedRequest['details']['part'],
      quantities: { total: 200, provisional: false },
      neededBy: '2030-01-01',
    },
    technical: {
      ...contact,
      id: 'c1',
      role: 'technical',
      name: 'Tess Tech',
      email: 'tess@acme.example',
      jobTitle: null,
      poStatus: null,
      poNumber: null,
    },
    purchasing: {
      ...contact,
      id: 'c2',
      role: 'purchasing',
      name: 'Paul Purchase',
      email: 'paul@acme.example',
      jobTitle: 'Buyer',
      poStatus: 'none',
      poNumber: null,
    },
    files: [],
    events,
    state: initialWorkflowState({
      mode: 'rough_estimate',
      roles: {
        technicalEmail: 'tess@acme.example',
        purchasingEmail: 'paul@acme.example',
        sameContactForBothRoles: false,
      },
      plannedTotal: 200,
    }),
  };
}

describe('the estimate a link holder reads', () => {
  it('picks exactly the customer fields and drops everything else in the payload', () => {
    const picked = pickEstimate({ ...ESTIMATE, sendId: 'abc', costMinor: 12_345, marginPercent: 40 });
    expect(picked).toEqual(ESTIMATE);
    expect(Object.keys(picked ?? {}).sort()).toEqual(Object.keys(ESTIMATE).sort());
  });

  it('an estimate without a note has no note, and a payload missing a field gives no estimate', () => {
    const { note: _note, ...withoutNote } = ESTIMATE;
    expect(pickEstimate(withoutNote)).toEqual(withoutNote);
    expect(pickEstimate({ ...ESTIMATE, lowMinor: undefined })).toBeUndefined();
    expect(pickEstimate({ ...ESTIMATE, assumptions: 'one line' })).toBeUndefined();
    expect(pickEstimate(null)).toBeUndefined();
  });

  it('the newest estimate_sent wins, with when it was sent', () => {
    const events = [
      row('estimate_sent', 'shop', { ...ESTIMATE, lowMinor: 1 }),
      row('estimate_sent', 'shop', { ...ESTIMATE, secret: 'x' }, { createdAt: new Date('2026-03-05T08:00:00Z') }),
    ];
    expect(latestEstimate(events)).toEqual({ ...ESTIMATE, sentAt: '2026-03-05T08:00:00.000Z' });
    expect(latestEstimate([])).toBeUndefined();
  });

  it('is in the request view, and nothing else of the payload is', () => {
    const view = requestView({
      loaded: loaded([row('estimate_sent', 'shop', { ...ESTIMATE, sendId: 's1', internalCostMinor: 9 })]),
      viewerRole: 'status',
    });
    expect(view.latestEstimate).toEqual({ ...ESTIMATE, sentAt: '2026-03-02T10:00:00.000Z' });
    expect(JSON.stringify(view)).not.toContain('internalCostMinor');
    expect(JSON.stringify(view)).not.toContain('s1');
  });
});

describe('the history the customer reads', () => {
  const staff = { actorName: 'anna@print-farm.example', actorEmail: 'anna@print-farm.example' };
  const events = [
    row(
      'request_submitted',
      'requester',
      { reference: 'PF-2026-0001', mode: 'rough_estimate' },
      {
        actorName: 'Tess Tech',
      },
    ),
    row('estimate_sent', 'shop', ESTIMATE, staff),
    row('links_sent', 'shop', { recipients: ['Tess Tech <tess@acme.example>'], resent: 'technical' }, staff),
    row('links_sent', 'system', { recipients: ['the technical contact', 'the purchasing approver'] }),
    row('mail_failed', 'system', { recipient: 'paul@acme.example' }),
  ];

  it('names staff as the shop and contacts by role, never by address', () => {
    for (const viewerRole of ['status', 'technical', 'purchasing'] as const) {
      const view = requestView({ loaded: loaded(events), viewerRole });
      expect(JSON.stringify(view.events)).not.toContain('@');
      expect(view.events.map((e) => e.summary)).toEqual([
        'Request PF-2026-0001 submitted for a rough estimate.',
        'The shop sent a rough estimate.',
        'Links sent by email to the technical contact.',
        'Links sent by email to the technical contact and the purchasing approver.',
        'An email to the purchasing approver could not be sent; the shop can resend the links.',
      ]);
      expect(view.events[1]).toMatchObject({ role: 'shop' });
      expect(view.events[1]).not.toHaveProperty('actorName');
      expect(view.events[0]).toMatchObject({ actorName: 'Tess Tech' });
    }
  });
});
