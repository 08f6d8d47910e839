/** The status page's words for who added a file, the estimate range and lead time, and the quote. */
import { describe, expect, it } from 'vitest';
import { estimateRange, fileAddedBy, leadTimeWords, quoteStatusWords } from '../../src/islands/status/words.js';

describe('who added a file', () => {
  it.each([
    ['anonymous', 'the requester'],
    ['requester', 'the requester'],
    ['technical', 'the technical contact'],
    ['purchasing', 'the purchasing approver'],
    ['shop', 'the shop'],
    ['something-new', 'the shop'],
  ])('%s → %s', (role, words) => {
    expect(fileAddedBy(role)).toBe(words);
    expect(fileAddedBy(role)).not.toContain('anonymous');
  });
});

describe('estimate and quote words', () => {
  it('a range, or one price when low and high agree', () => {
    expect(estimateRange({ lowMinor: 42_000, highMinor: 61_000, currency: 'eur' })).toMatch(/420\.00.*–.*610\.00/);
    expect(estimateRange({ lowMinor: 42_000, highMinor: 42_000, currency: 'eur' })).not.toContain('–');
  });

  it('lead times in working days', () => {
    expect(leadTimeWords(8, 12)).toBe('8–12 working days');
    expect(leadTimeWords(10, 10)).toBe('10 working days');
    expect(leadTimeWords(1, 1)).toBe('1 working day');
  });

  it('what the quote state means', () => {
    expect(quoteStatusWords({ status: 'open', invoice: null })).toContain('purchasing approver');
    expect(quoteStatusWords({ status: 'accepted', invoice: null })).toContain('the invoice follows');
    expect(quoteStatusWords({ status: 'accepted', invoice: { number: 'X-1', url: 'https://x' } })).toContain(
      'invoiced',
    );
  });
});
