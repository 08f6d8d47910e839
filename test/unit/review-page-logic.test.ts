import { describe, expect, it } from 'vitest';
import { TECHNICAL_STATES } from '../../src/domain/workflow/vocabulary.js';
import {
  authorityText,
  fileOrigin,
  decisionHistory,
  hasDecided,
  inputId,
  orderedErrors,
  REVIEW_FIELD_ORDER,
  stepFor,
} from '../../src/islands/review/logic.js';

const contacts = {
  technical: { name: 'Tina Technik', company: 'Acme' },
  purchasing: { name: 'Paul Purchase', jobTitle: 'Buyer', company: 'Acme', poStatus: 'none' as const },
};

describe('review page logic', () => {
  it('shows the first-article step exactly once a sample has shipped', () => {
    const steps = Object.fromEntries(TECHNICAL_STATES.map((state) => [state, stepFor(state)]));
    expect(steps).toEqual({
      awaiting_review: 'review',
      direction_confirmed: 'review',
      sample_required: 'review',
      changes_requested: 'review',
      sample_in_progress: 'first_article',
      first_article_accepted: 'first_article',
      first_article_rejected: 'first_article',
    });
    expect(stepFor('something_new')).toBe('review');
  });

  it('knows when a new decision replaces one', () => {
    expect(hasDecided('awaiting_review', 'review')).toBe(false);
    expect(hasDecided('sample_required', 'review')).toBe(true);
    expect(hasDecided('sample_in_progress', 'first_article')).toBe(false);
    expect(hasDecided('first_article_rejected', 'first_article')).toBe(true);
  });

  it('names the purchasing approver as the one who releases the order', () => {
    const text = authorityText({ contacts, sameContactForBothRoles: false });
    expect(text.limit).toMatch(/technical feedback, not an order release/);
    expect(text.releaser).toBe(
      'The order is released only by Paul Purchase, Buyer, Acme (purchasing approver), by accepting a quote through their own link.',
    );
  });

  it('for one person in both roles, says the release is a separate, explicit step', () => {
    expect(authorityText({ contacts, sameContactForBothRoles: true }).releaser).toMatch(
      /separate, explicit step on the quote.*nothing on this page releases it/,
    );
  });

  it('lists technical events newest first and marks superseded decisions', () => {
    const event = (id: number, type: string) => ({
      id,
      type,
      role: 'technical',
      at: '2026-01-01T00:00:00Z',
      summary: type,
    });
    const history = decisionHistory([
      event(1, 'request_submitted'),
      event(2, 'technical_review'),
      event(3, 'links_sent'),
      event(4, 'technical_review'),
      event(5, 'sample_shipped'),
      event(6, 'first_article'),
      event(7, 'sample_shipped'),
      event(8, 'first_article'),
    ]);
    expect(history.map((e) => [e.id, e.superseded, e.current])).toEqual([
      [8, false, true],
      [7, false, false],
      [6, true, false],
      [5, false, false],
      [4, false, false],
      [2, true, false],
    ]);
  });

  it('orders errors as the page shows the fields, unknown paths last', () => {
    expect(
      orderedErrors(
        { _form: 'x', notes: 'n', 'checklist.rightVersion': 'r', decision: 'd', 'fileIds.0': 'f' },
        REVIEW_FIELD_ORDER,
      ).map((e) => e.path),
    ).toEqual(['checklist.rightVersion', 'decision', 'notes', 'fileIds.0', '_form']);
  });

  it('links an error to the input it belongs to', () => {
    expect(inputId('review', 'checklist.sampleNeeded')).toBe('review-checklist-sampleNeeded');
    expect(inputId('review', 'fileIds.0')).toBe('review-fileIds');
  });
});

describe('fileOrigin', () => {
  it.each([
    ['anonymous', 'sent with the request'],
    ['technical', 'from the technical contact'],
    ['purchasing', 'from the purchasing approver'],
    ['shop', 'from the shop'],
  ])('%s → %s', (role, words) => {
    expect(fileOrigin(role)).toBe(words);
  });
});
