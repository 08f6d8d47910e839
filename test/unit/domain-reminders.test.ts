/**
 * Which reminders are due (architecture §13): every technical and commercial state against the time
 * elapsed, as `Record` tables so a new state does not compile until its reminders are decided; the
 * settings' schema; and a property over random logs and clocks: a step already recorded as sent is
 * never due again, and nobody is reminded who does not owe the next move or who stopped reminders.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseReminderSettings, REMINDER_SETTINGS } from '../../src/domain/reminder-settings-schema.js';
import { addBusinessDays, dueReminders, type ReminderLogEntry } from '../../src/domain/workflow/reminders.js';
import { nextActor } from '../../src/domain/workflow/next-actor.js';
import type { Revision, RevisionStatus, WorkflowState } from '../../src/domain/workflow/state.js';
import { initialWorkflowState } from '../../src/domain/workflow/transitions.js';
import {
  COMMERCIAL_STATES,
  TECHNICAL_STATES,
  type CommercialState,
  type TechnicalState,
} from '../../src/domain/workflow/vocabulary.js';

const DAY = 24 * 60 * 60 * 1000;
// A Monday, so business days and calendar days line up for the first four days.
const SUBMITTED = '2026-03-02T09:00:00.000Z';
const T0 = Date.parse(SUBMITTED);
const settings = parseReminderSettings({
  quoteExpiryDaysBefore: [3, 1],
  technicalWaitDays: [3, 7],
  shopReplyBusinessDays: [1, 3],
});
const roles = {
  technicalEmail: 'tess@acme.example',
  purchasingEmail: 'paul@acme.example',
  sameContactForBothRoles: false,
};

function revision(status: RevisionStatus): Revision {
  return {
    id: 'r1',
    scope: 'opening_lot',
    quantity: 50,
    status,
    approvals: [],
    invoiceStatus: 'none',
    acceptedOutsidePortal: false,
  };
}

/** The revision status each commercial state implies for the current revision. */
const REVISION_FOR: Record<CommercialState, RevisionStatus | undefined> = {
  estimate: undefined,
  quoted: 'open',
  on_hold: 'on_hold',
  declined: 'declined',
  expired: 'expired',
  released: 'accepted',
  invoiced: 'accepted',
  paid: 'accepted',
};

function stateOf(technical: TechnicalState, commercial: CommercialState): WorkflowState {
  const status = REVISION_FOR[commercial];
  return {
    ...initialWorkflowState({ mode: 'production', roles, plannedTotal: 50 }),
    technical,
    commercial,
    revisions: status ? [revision(status)] : [],
  };
}

const submitted: ReminderLogEntry = { type: 'request_submitted', at: SUBMITTED, payload: {} };
const expiryAfter = (days: number) => ({ r1: new Date(T0 + days * DAY).toISOString() });

function due(options: {
  technical?: TechnicalState;
  commercial?: CommercialState;
  days: number;
  events?: ReminderLogEntry[];
  expiresInDays?: number;
}) {
  return dueReminders({
    state: stateOf(options.technical ?? 'direction_confirmed', options.commercial ?? 'paid'),
    events: [submitted, ...(options.events ?? [])],
    expiries: expiryAfter(options.expiresInDays ?? 30),
    now: new Date(T0 + options.days * DAY),
    settings,
  }).map((r) => `${r.cause}:${r.step}`);
}

describe('dueReminders over every technical state and the time the technical contact waited', () => {
  const ELAPSED = [0, 2.9, 3, 6.9, 7, 20] as const;
  const REMINDED: Record<TechnicalState, (string | null)[]> = {
    awaiting_review: [null, null, '3d', '3d', '7d', '7d'],
    sample_in_progress: [null, null, '3d', '3d', '7d', '7d'],
    direction_confirmed: [null, null, null, null, null, null],
    sample_required: [null, null, null, null, null, null],
    changes_requested: [null, null, null, null, null, null],
    first_article_accepted: [null, null, null, null, null, null],
    first_article_rejected: [null, null, null, null, null, null],
  };
  for (const technical of TECHNICAL_STATES) {
    it(`${technical}`, () => {
      const found = ELAPSED.map((days) => due({ technical, days }).find((r) => r.startsWith('technical_wait')) ?? null);
      expect(found).toEqual(REMINDED[technical].map((step) => (step ? `technical_wait:${step}` : null)));
    });
  }

  it('counts from the shipped sample, and names the first article rather than the review', () => {
    const shipped: ReminderLogEntry = { type: 'sample_shipped', at: new Date(T0 + 5 * DAY).toISOString(), payload: {} };
    expect(due({ technical: 'sample_in_progress', days: 7, events: [shipped] })).not.toContain('technical_wait:3d');
    const [reminder] = dueReminders({
      state: stateOf('sample_in_progress', 'paid'),
      events: [submitted, shipped],
      expiries: {},
      now: new Date(T0 + 8 * DAY),
      settings,
    });
    expect(reminder).toMatchObject({ cause: 'technical_wait', step: '3d', recipientRole: 'technical' });
    expect(reminder?.words).toMatch(/first article/);
  });
});

describe('dueReminders over every commercial state and the time left before the quote expires', () => {
  // Days after submission with a quote expiring on day 10; shop replies owed count business days.
  const ELAPSED = [0, 1, 6.9, 7, 8.9, 9, 9.9, 10] as const;
  const REMINDED: Record<CommercialState, (string | null)[]> = {
    estimate: [
      null,
      'shop_reply:1bd',
      'shop_reply:3bd',
      'shop_reply:3bd',
      'shop_reply:3bd',
      'shop_reply:3bd',
      'shop_reply:3bd',
      'shop_reply:3bd',
    ],
    quoted: [null, null, null, 'quote_expiry:3d', 'quote_expiry:3d', 'quote_expiry:1d', 'quote_expiry:1d', null],
    on_hold: [null, null, null, 'quote_expiry:3d', 'quote_expiry:3d', 'quote_expiry:1d', 'quote_expiry:1d', null],
    declined: [
      null,
      'shop_reply:1bd',
      'shop_reply:3bd',
      'shop_reply:3bd',
      'shop_reply:3bd',
      'shop_reply:3bd',
      'shop_reply:3bd',
      'shop_reply:3bd',
    ],
    expired: [
      null,
      'shop_reply:1bd',
      'shop_reply:3bd',
      'shop_reply:3bd',
      'shop_reply:3bd',
      'shop_reply:3bd',
      'shop_reply:3bd',
      'shop_reply:3bd',
    ],
    released: [null, null, null, null, null, null, null, null],
    invoiced: [null, null, null, null, null, null, null, null],
    paid: [null, null, null, null, null, null, null, null],
  };
  for (const commercial of COMMERCIAL_STATES) {
    it(`${commercial}`, () => {
      const found = ELAPSED.map((days) => due({ commercial, days, expiresInDays: 10 })[0] ?? null);
      expect(found).toEqual(REMINDED[commercial]);
    });
  }

  it('skips a step already recorded as sent and sends the next one when its time comes', () => {
    const sent: ReminderLogEntry = { type: 'reminder_sent', at: SUBMITTED, payload: { key: 'quote_expiry:r1:3d' } };
    expect(due({ commercial: 'quoted', days: 8, expiresInDays: 10, events: [sent] })).toEqual([]);
    expect(due({ commercial: 'quoted', days: 9.5, expiresInDays: 10, events: [sent] })).toEqual(['quote_expiry:1d']);
  });

  it('names the deadline and the revision of a quote about to expire', () => {
    const [reminder] = dueReminders({
      state: stateOf('direction_confirmed', 'quoted'),
      events: [submitted],
      expiries: expiryAfter(10),
      now: new Date(T0 + 9.5 * DAY),
      settings,
    });
    expect(reminder).toEqual({
      key: 'quote_expiry:r1:1d',
      cause: 'quote_expiry',
      step: '1d',
      recipientRole: 'purchasing',
      revisionId: 'r1',
      dueSince: new Date(T0 + 9 * DAY).toISOString(),
      deadline: new Date(T0 + 10 * DAY).toISOString(),
      words: 'Release, hold or decline the open quote before it expires.',
    });
  });

  it('reminds purchasing on the date a hold named, once per date', () => {
    const hold = (followUpOn: string): ReminderLogEntry => ({
      type: 'purchasing_hold',
      at: SUBMITTED,
      revisionId: 'r1',
      payload: { followUpOn },
    });
    const onHold = (days: number, events: ReminderLogEntry[]) =>
      due({ commercial: 'on_hold', days, expiresInDays: 30, events });
    expect(onHold(3.5, [hold('2026-03-06')])).toEqual([]);
    expect(onHold(4, [hold('2026-03-06')])).toEqual(['hold_follow_up:2026-03-06']);
    const sent: ReminderLogEntry = {
      type: 'reminder_sent',
      at: SUBMITTED,
      payload: { key: 'hold_follow_up:r1:2026-03-06' },
    };
    expect(onHold(5, [hold('2026-03-06'), sent])).toEqual([]);
    expect(due({ commercial: 'quoted', days: 5, events: [hold('2026-03-06')] })).toEqual([]);
  });

  it('stops a contact’s reminders on request, never the shop’s', () => {
    const stop = (role: string): ReminderLogEntry => ({ type: 'reminders_stopped', at: SUBMITTED, payload: { role } });
    expect(due({ commercial: 'quoted', days: 9.5, expiresInDays: 10, events: [stop('purchasing')] })).toEqual([]);
    expect(due({ technical: 'awaiting_review', days: 4, events: [stop('technical')] })).toEqual([]);
    expect(due({ commercial: 'estimate', days: 1, events: [stop('technical'), stop('purchasing')] })).toEqual([
      'shop_reply:1bd',
    ]);
  });
});

describe('business days and the settings', () => {
  it('skips Saturday and Sunday', () => {
    const friday = Date.parse('2026-03-06T17:00:00Z');
    expect(new Date(addBusinessDays(friday, 1)).toISOString()).toBe('2026-03-09T17:00:00.000Z');
    expect(new Date(addBusinessDays(Date.parse('2026-03-07T10:00:00Z'), 1)).toISOString()).toBe(
      '2026-03-09T10:00:00.000Z',
    );
  });

  it('reads the committed settings and names a bad field', () => {
    expect(REMINDER_SETTINGS.quoteExpiryDaysBefore.length).toBeGreaterThan(0);
    expect(REMINDER_SETTINGS.replyPromise).toMatch(/business day/);
    expect(() => parseReminderSettings({ technicalWaitDays: [3, 3] })).toThrow(/technicalWaitDays: .*listed twice/);
    expect(() => parseReminderSettings({ quoteExpiryDaysBefore: [1.5] })).toThrow(/quoteExpiryDaysBefore/);
    expect(() => parseReminderSettings({ perRunLimit: 0 })).toThrow(/perRunLimit/);
  });
});

describe('dueReminders properties', () => {
  const entryArb: fc.Arbitrary<ReminderLogEntry> = fc.oneof(
    fc.record({
      type: fc.constantFrom(
        'request_submitted',
        'sample_shipped',
        'technical_review',
        'purchasing_declined',
        'quote_expired',
      ),
      at: fc.integer({ min: 0, max: 20 }).map((d) => new Date(T0 + d * DAY).toISOString()),
      payload: fc.constant({}),
    }),
    fc.record({
      type: fc.constant('purchasing_hold'),
      at: fc.constant(SUBMITTED),
      revisionId: fc.constant('r1'),
      payload: fc.integer({ min: 2, max: 25 }).map((d) => ({ followUpOn: `2026-03-${String(d).padStart(2, '0')}` })),
    }),
    fc.record({
      type: fc.constant('reminders_stopped'),
      at: fc.constant(SUBMITTED),
      payload: fc.constantFrom('technical', 'purchasing').map((role) => ({ role })),
    }),
  );

  it('never repeats a step recorded as sent, and reminds only whoever owes the next move and has not opted out', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TECHNICAL_STATES),
        fc.constantFrom(...COMMERCIAL_STATES),
        fc.array(entryArb, { maxLength: 6 }),
        fc.integer({ min: 0, max: 40 * 24 }),
        fc.integer({ min: 1, max: 30 }),
        (technical, commercial, log, hours, expiresInDays) => {
          const state = stateOf(technical, commercial);
          const options = {
            state,
            events: [submitted, ...log],
            expiries: expiryAfter(expiresInDays),
            now: new Date(T0 + hours * 60 * 60 * 1000),
            settings,
          };
          const first = dueReminders(options);
          const owes = nextActor(state).waitingOn;
          const stopped = log.filter((e) => e.type === 'reminders_stopped').map((e) => e.payload.role);
          for (const reminder of first) {
            expect(owes[reminder.recipientRole].length).toBeGreaterThan(0);
            expect(stopped).not.toContain(reminder.recipientRole);
            expect(Date.parse(reminder.dueSince)).toBeLessThanOrEqual(options.now.getTime());
          }
          // Once recorded, none of them is due again at this or any later moment.
          const sent = first.map((r): ReminderLogEntry => ({
            type: 'reminder_sent',
            at: SUBMITTED,
            payload: { key: r.key },
          }));
          for (const later of [0, 1, 5]) {
            const again = dueReminders({
              ...options,
              events: [...options.events, ...sent],
              now: new Date(options.now.getTime() + later * DAY),
            });
            for (const reminder of again) expect(first.map((r) => r.key)).not.toContain(reminder.key);
          }
        },
      ),
    );
  });
});
