import { describe, expect, it } from 'vitest';
import { COMMERCIAL_STATES, TECHNICAL_STATES } from '../../src/domain/workflow/vocabulary.js';
import {
  commercialLane,
  productionLane,
  technicalLane,
  type Lane,
  type TimelineOptions,
} from '../../src/islands/status/timeline.js';

const picture = (lane: Lane) => lane.steps.map((s) => `${s.label}: ${s.status}`);

function options(over: Partial<TimelineOptions> = {}): TimelineOptions {
  return {
    mode: 'production',
    technical: { state: 'awaiting_review', label: 'Awaiting technical review' },
    commercial: { state: 'estimate', label: 'No quote yet' },
    ...over,
  };
}

describe('technical lane', () => {
  it('a new production request waits on review', () => {
    expect(picture(technicalLane(options()))).toEqual([
      'Request received: done',
      'Technical review: current',
      'Technical go-ahead: todo',
    ]);
  });

  it('a new sample request shows the sample steps still to come', () => {
    expect(picture(technicalLane(options({ mode: 'sample' })))).toEqual([
      'Request received: done',
      'Technical review: current',
      'Sample made and shipped: todo',
      'First article check: todo',
      'Technical go-ahead: todo',
    ]);
  });

  it.each([
    ['direction_confirmed', ['Request received: done', 'Technical review: done', 'Technical go-ahead: done']],
    ['changes_requested', ['Request received: done', 'Technical review: stopped', 'Technical go-ahead: todo']],
    [
      'sample_in_progress',
      [
        'Request received: done',
        'Technical review: done',
        'Sample made and shipped: done',
        'First article check: current',
        'Technical go-ahead: todo',
      ],
    ],
    [
      'first_article_rejected',
      [
        'Request received: done',
        'Technical review: done',
        'Sample made and shipped: done',
        'First article check: stopped',
        'Technical go-ahead: todo',
      ],
    ],
    [
      'first_article_accepted',
      [
        'Request received: done',
        'Technical review: done',
        'Sample made and shipped: done',
        'First article check: done',
        'Technical go-ahead: done',
      ],
    ],
  ] as const)('%s', (state, expected) => {
    expect(picture(technicalLane(options({ technical: { state, label: state } })))).toEqual(expected);
  });

  it('every state has exactly one current or stopped step, or is finished', () => {
    for (const state of TECHNICAL_STATES) {
      for (const mode of ['rough_estimate', 'sample', 'production'] as const) {
        const steps = technicalLane(options({ mode, technical: { state, label: state } })).steps;
        const active = steps.filter((s) => s.status === 'current' || s.status === 'stopped');
        const finished = steps.at(-1)?.status === 'done';
        expect(active.length + (finished ? 1 : 0), `${mode}/${state}`).toBeGreaterThanOrEqual(1);
        expect(active.length, `${mode}/${state}`).toBeLessThanOrEqual(1);
      }
    }
  });
});

describe('commercial lane', () => {
  it.each([
    ['estimate', ['current', 'todo', 'todo', 'todo']],
    ['quoted', ['done', 'current', 'todo', 'todo']],
    ['on_hold', ['done', 'current', 'todo', 'todo']],
    ['declined', ['done', 'stopped', 'todo', 'todo']],
    ['expired', ['done', 'stopped', 'todo', 'todo']],
    ['released', ['done', 'done', 'current', 'todo']],
    ['invoiced', ['done', 'done', 'done', 'current']],
    ['paid', ['done', 'done', 'done', 'done']],
  ] as const)('%s', (state, expected) => {
    const lane = commercialLane(options({ commercial: { state, label: state } }));
    expect(lane.steps.map((s) => s.status)).toEqual(expected);
    expect(lane.summary).toBe(state);
  });

  it('says why the release step stopped', () => {
    const lane = commercialLane(options({ commercial: { state: 'declined', label: 'Declined' } }));
    expect(lane.steps[1]?.detail).toBe('Declined by purchasing');
  });

  it('covers every commercial state', () => {
    for (const state of COMMERCIAL_STATES) {
      expect(commercialLane(options({ commercial: { state, label: state } })).steps).toHaveLength(4);
    }
  });
});

describe('commercial lane of a rough estimate', () => {
  const rough = (over: Partial<TimelineOptions> = {}) => commercialLane(options({ mode: 'rough_estimate', ...over }));

  it('has no release, invoice or payment step: a rough estimate is a price range, never an order', () => {
    for (const estimateSent of [false, true]) {
      const labels = rough({ estimateSent }).steps.map((s) => s.label);
      expect(labels).toEqual(['Rough estimate from the shop']);
      expect(labels.join(' ')).not.toMatch(/Invoice|Payment|release/i);
    }
  });

  it('waits on the shop until the estimate is sent, then is done and says so', () => {
    expect(picture(rough())).toEqual(['Rough estimate from the shop: current']);
    const sent = rough({ estimateSent: true });
    expect(picture(sent)).toEqual(['Rough estimate from the shop: done']);
    expect(sent.summary).toBe('Rough estimate sent');
    expect(sent.summary).not.toBe('No quote yet');
  });

  it('once the shop issues a firm quote after all, the full lane returns', () => {
    const lane = rough({ estimateSent: true, commercial: { state: 'quoted', label: 'Quote open' } });
    expect(lane.steps.map((s) => s.label)).toEqual([
      'Estimate or quote from the shop',
      'Purchasing release',
      'Invoice',
      'Payment',
    ]);
  });

  it('a production request with an estimate sent says a firm quote follows', () => {
    const lane = commercialLane(options({ estimateSent: true }));
    expect(lane.summary).toBe('Rough estimate sent; no firm quote yet');
    expect(lane.steps[0]).toMatchObject({
      status: 'current',
      detail: 'A rough estimate was sent; the firm quote follows',
    });
  });
});

describe('production lane', () => {
  const lot = (shipped: number, delivered: number, started = true) => ({ released: 50, shipped, delivered, started });
  const steps = (lane: Lane) => lane.steps.map((s) => `${s.label}: ${s.status}${s.detail ? ` (${s.detail})` : ''}`);

  it.each<[string, boolean, ReturnType<typeof lot>[], string, string[]]>([
    [
      'released, no go-ahead',
      false,
      [lot(0, 0, false)],
      'Released; production waits for the technical go-ahead',
      ['Production: todo (Waits for the technical go-ahead)', 'Shipping: todo', 'Delivery: todo'],
    ],
    [
      'ready',
      true,
      [lot(0, 0, false)],
      'Ready for production',
      ['Production: current (Ready for production; the shop starts next)', 'Shipping: todo', 'Delivery: todo'],
    ],
    [
      'in production',
      true,
      [lot(0, 0)],
      'In production',
      ['Production: current (Started by the shop)', 'Shipping: todo', 'Delivery: todo'],
    ],
    [
      'partly shipped',
      true,
      [lot(30, 0)],
      '30 of 50 pcs shipped, 0 delivered',
      ['Production: done (Started by the shop)', 'Shipping: current (30 of 50 pcs shipped)', 'Delivery: todo'],
    ],
    [
      'all shipped, part delivered',
      true,
      [lot(50, 30)],
      '50 of 50 pcs shipped, 30 delivered',
      [
        'Production: done (Started by the shop)',
        'Shipping: done (All 50 pcs shipped)',
        'Delivery: current (30 of 50 pcs delivered)',
      ],
    ],
    [
      'all delivered',
      true,
      [lot(50, 50)],
      'Delivered',
      [
        'Production: done (Started by the shop)',
        'Shipping: done (All 50 pcs shipped)',
        'Delivery: done (All 50 pcs delivered)',
      ],
    ],
    [
      'a second lot released after the first was delivered',
      true,
      [lot(50, 50), lot(0, 0, false)],
      '50 of 100 pcs shipped, 50 delivered',
      [
        'Production: done (Started by the shop)',
        'Shipping: current (50 of 100 pcs shipped)',
        'Delivery: current (50 of 100 pcs delivered)',
      ],
    ],
  ])('%s', (_name, readyForProduction, lots, summary, picture) => {
    const lane = productionLane({ readyForProduction, lots });
    expect(lane.title).toBe('Production and delivery');
    expect(lane.summary).toBe(summary);
    expect(steps(lane)).toEqual(picture);
  });
});
