import { describe, expect, it } from 'vitest';
import { GROUP_ORDER, GROUP_TITLE, inboxQuery, signInTokenFromHash } from '../../src/islands/shop/shop-lib.js';

describe('shop page helpers', () => {
  it.each([
    ['#token=abcdefghijklmnop_-1234', 'abcdefghijklmnop_-1234'],
    ['token=abcdefghijklmnop', 'abcdefghijklmnop'],
    ['#token=short', null],
    ['#token=has%20space-and-more-chars', null],
    ['', null],
    ['#other=abcdefghijklmnopqrst', null],
  ])('sign-in token from %j', (hash, token) => {
    expect(signInTokenFromHash(hash)).toBe(token);
  });

  it('builds the inbox query from the filled-in filters only', () => {
    expect(inboxQuery({ q: '', mode: '', technical: '', commercial: '' })).toBe('');
    expect(inboxQuery({ q: ' PF-2026-0042 ', mode: 'production', technical: '', commercial: 'quoted' })).toBe(
      '?q=PF-2026-0042&mode=production&commercial=quoted',
    );
    expect(inboxQuery({ q: 'a&b=c' })).toBe('?q=a%26b%3Dc');
  });

  it('lists the shop first, since it can act at once', () => {
    expect(GROUP_ORDER[0]).toBe('shop');
    expect(GROUP_ORDER.map((group) => GROUP_TITLE[group])).toEqual([
      'Waiting on the shop',
      'Waiting on the technical contact',
      'Waiting on the purchasing approver',
      'Nothing pending',
    ]);
  });
});
