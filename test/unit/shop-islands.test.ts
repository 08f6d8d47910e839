import { describe, expect, it } from 'vitest';
import type { ShopRequestView } from '../../src/domain/contracts/inbox.js';
import type { QuoteRevisionView } from '../../src/domain/contracts/quote-view.js';
import { formatDate, formatDateTime } from '../../src/islands/lib/format.js';
import {
  GROUP_ORDER,
  GROUP_TITLE,
  SHIP_WITHOUT_RELEASE,
  conversionWords,
  countWords,
  dateTime,
  day,
  inboxQuery,
  lotWords,
  partFacts,
  sampleRelease,
  signInTokenFromHash,
  waitWords,
} from '../../src/islands/shop/shop-lib.js';

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

describe('dashboard figures in words', () => {
  it.each([
    [null, '–'],
    [0, '0 hours'],
    [1, '1 hour'],
    [47, '47 hours'],
    [48, '2 days'],
    [71, '2 days'],
    [400, '16 days'],
  ])('words a wait of %s hours as %s', (hours, words) => {
    expect(waitWords(hours)).toBe(words);
  });

  it('counts and shares in words', () => {
    expect([countWords(1, 'request'), countWords(0, 'request'), countWords(3, 'revision')]).toEqual([
      '1 request',
      '0 requests',
      '3 revisions',
    ]);
    expect([conversionWords(null), conversionWords(0), conversionWords(1 / 3), conversionWords(1)]).toEqual([
      'No estimates yet',
      '0 %',
      '33 %',
      '100 %',
    ]);
  });
});

describe('dates for people', () => {
  const berlin = { locale: 'en-GB', timeZone: 'Europe/Berlin' };

  it("shows a moment in the reader's zone, not as UTC ISO text", () => {
    expect(dateTime('2026-03-03T13:05:00.000Z', berlin)).toBe('3 Mar 2026, 14:05');
    expect(dateTime('2026-03-03T13:05:00.000Z', { locale: 'en-US', timeZone: 'America/New_York' })).toBe(
      'Mar 3, 2026, 8:05 AM',
    );
    expect(dateTime('2026-03-03T13:05:00.000Z', berlin)).not.toMatch(/UTC|T13/);
  });

  it("shows a day; a timestamp falls on its day in the reader's zone", () => {
    expect(day('2026-03-31T23:30:00.000Z', berlin)).toBe('1 Apr 2026');
    expect(day('2026-03-31T23:30:00.000Z', { locale: 'en-GB', timeZone: 'UTC' })).toBe('31 Mar 2026');
  });

  it('keeps a date-only value (a needed-by date) on its day wherever the reader is', () => {
    for (const timeZone of ['Pacific/Honolulu', 'Europe/Berlin', 'Pacific/Kiritimati']) {
      expect(formatDate('2027-03-31', { locale: 'en-GB', timeZone })).toBe('31 Mar 2027');
    }
  });

  it('leaves a value it cannot read as it is, rather than "Invalid Date"', () => {
    expect(formatDate('soon')).toBe('soon');
    expect(formatDateTime('')).toBe('');
  });
});

describe('lot figures in words', () => {
  it('counts released lots against the planned total, with one separator between figures', () => {
    const words = lotWords({ planned: 50, released: 0, openQuoted: 50, remaining: 50, lots: [] }, false);
    expect(words).toBe('Planned 50 · Quoted and open 50 · Released 0 of 50 · 50 remaining');
    expect(words).not.toMatch(/\d·|·\s*·|n\/a/);
  });

  it('marks a provisional total and says plainly when there is none', () => {
    expect(lotWords({ planned: 500, released: 50, openQuoted: 0, remaining: 450, lots: [] }, true)).toBe(
      'Planned 500 (provisional) · Quoted and open 0 · Released 50 of 500 · 450 remaining',
    );
    expect(lotWords({ released: 0, openQuoted: 0, lots: [] }, false)).toBe(
      'Planned total not given · Quoted and open 0 · Released 0',
    );
  });
});

describe('part facts', () => {
  const part = {
    name: 'Pump housing bracket',
    problem: 'The clip cracks near the heater.',
    kind: 'replacement' as const,
    size: { lengthMm: 120, widthMm: 40, heightMm: 30 },
    material: 'PETG',
    environment: { heat: true, load: true, motion: false, outdoorUv: false, chemicals: true, notes: 'Coolant splash.' },
    finish: 'Matte',
  };

  it('shows every fact the customer gave: replacement or new, environment and its notes, finish', () => {
    expect(partFacts(part)).toEqual([
      { label: 'Problem', value: 'The clip cracks near the heater.' },
      { label: 'Replacement or new', value: 'Replaces an existing part' },
      { label: 'Size', value: '120 × 40 × 30 mm' },
      { label: 'Material', value: 'PETG' },
      { label: 'Environment', value: 'Exposed to heat, load and oils, solvents or chemicals' },
      { label: 'Environment notes', value: 'Coolant splash.' },
      { label: 'Finish', value: 'Matte' },
    ]);
  });

  it('says what was not given instead of leaving a fact out', () => {
    const facts = partFacts({
      ...part,
      kind: 'new',
      material: 'help_me_choose',
      environment: { heat: false, load: false, motion: false, outdoorUv: false, chemicals: false },
      finish: undefined,
    });
    expect(Object.fromEntries(facts.map((f) => [f.label, f.value]))).toMatchObject({
      'Replacement or new': 'A new part',
      Material: 'Help me choose',
      Environment: 'None of heat, load, motion, outdoor use or chemicals',
      Finish: 'Not specified',
    });
    expect(facts.some((f) => f.label === 'Environment notes')).toBe(false);
  });
});

describe('sample release', () => {
  const quote = (scope: QuoteRevisionView['scope'], status: string, revision = 1) =>
    ({ scope, status, revision }) as QuoteRevisionView;
  const view = (over: Partial<Pick<ShopRequestView, 'lots' | 'quotes' | 'mode' | 'technical'>> = {}) => ({
    mode: 'sample' as const,
    technical: { state: 'awaiting_review' as const, label: '' },
    lots: { released: 0, openQuoted: 0, lots: [] },
    quotes: [],
    ...over,
  });

  it('is released only when purchasing released a sample-scope quote', () => {
    expect(
      sampleRelease(
        view({ lots: { released: 0, openQuoted: 0, lots: [{ revisionId: 'r', scope: 'sample', quantity: 2 }] } }),
      ),
    ).toEqual({ released: true });
    expect(sampleRelease(view()).released).toBe(false);
  });

  it('says what is missing: no sample quote at all, or one still waiting for purchasing', () => {
    expect(sampleRelease(view()).missing).toMatch(/^A sample quote released by purchasing: none yet/);
    expect(sampleRelease(view({ quotes: [quote('sample', 'open', 2)] })).missing).toBe(
      'A purchasing release of the sample quote (revision 2) before the sample ships.',
    );
  });

  it('stays quiet on a production request with no sample in play, but still asks before shipping one', () => {
    const production = sampleRelease(
      view({ mode: 'production', technical: { state: 'direction_confirmed', label: '' } }),
    );
    expect(production).toEqual({ released: false });
    expect(SHIP_WITHOUT_RELEASE).toMatch(/^No purchasing release for a sample yet: .*Ship anyway\?$/);
    expect(
      sampleRelease(view({ mode: 'production', technical: { state: 'sample_required', label: '' } })).missing,
    ).toBeDefined();
  });
});
