/** The release page's words: its heading, the prefilled release, the PO hint and the later lots. */
import { describe, expect, it } from 'vitest';
import { acceptDefaults, laterLotsWords, poHint, releaseHeading } from '../../src/islands/release/logic.js';

describe('release page logic', () => {
  it('the heading says what happened once it did', () => {
    const base = { partName: 'Bracket', release: null };
    expect(releaseHeading({ ...base, status: 'open' })).toBe('Release the order: Bracket');
    expect(releaseHeading({ ...base, status: 'on_hold' })).toBe('Release the order: Bracket');
    expect(releaseHeading({ ...base, status: 'accepted', release: { by: 'Paul', at: '2026-01-01T00:00:00Z' } })).toBe(
      'Order released: Bracket',
    );
    expect(releaseHeading({ ...base, status: 'declined' })).toBe('Quote declined: Bracket');
    expect(releaseHeading({ ...base, status: 'superseded' })).toBe('Quote for Bracket');
  });

  it('the release starts from the approver and PO given at intake', () => {
    expect(acceptDefaults({ name: 'Paul Purchase', jobTitle: 'Buyer', poStatus: 'issued', poNumber: 'PO-77' })).toEqual(
      { poNumber: 'PO-77', budgetCode: '', name: 'Paul Purchase', jobTitle: 'Buyer', authorised: false },
    );
    expect(acceptDefaults({ name: 'Tina', poStatus: 'none' })).toMatchObject({ poNumber: '', jobTitle: '' });
    expect(poHint({ poStatus: 'issued', poNumber: 'PO-77' })).toContain('From your request');
    expect(poHint({ poStatus: 'in_progress' })).toContain('in progress');
  });

  it('later lots: 400 of a planned 500 when this lot is 100', () => {
    const words = laterLotsWords({
      planned: 500,
      released: 0,
      openQuoted: 100,
      remaining: 500,
      laterLots: 400,
      lots: [],
    });
    expect(words).toContain('400 pcs remain for later lots');
    expect(laterLotsWords({ released: 0, openQuoted: 100, lots: [] })).toBeNull();
  });
});
