import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatReference, normalizeReference, parseReference } from '../../src/domain/reference.js';

describe('human request references', () => {
  it.each([
    [2026, 42, 'PF-2026-0042'],
    [2026, 1, 'PF-2026-0001'],
    [2026, 9999, 'PF-2026-9999'],
    [2027, 12345, 'PF-2027-12345'],
  ])('(%i, %i) → %s', (year, sequence, text) => {
    expect(formatReference({ year, sequence })).toBe(text);
  });

  it.each([
    [2026, 0],
    [2026, -1],
    [2026, 1.5],
    [26, 1],
  ])('refuses (%i, %s)', (year, sequence) => {
    expect(() => formatReference({ year, sequence })).toThrow(RangeError);
  });

  it.each([
    ['PF-2026-0042', { year: 2026, sequence: 42 }],
    ['pf-2026-42', { year: 2026, sequence: 42 }],
    ['  PF 2026 0042 ', { year: 2026, sequence: 42 }],
    ['PF2026-7', { year: 2026, sequence: 7 }],
    ['PF-2026-0000', undefined],
    ['PF20260042', undefined],
    ['XX-2026-0042', undefined],
    ['PF-2026-', undefined],
    ['', undefined],
  ])('parses %j', (text, parts) => {
    expect(parseReference(text)).toEqual(parts);
  });

  it('normalizes what people type to the canonical spelling', () => {
    expect(normalizeReference('pf 2026 42')).toBe('PF-2026-0042');
    expect(normalizeReference('hello')).toBeUndefined();
  });

  it('parse(format(x)) is x for every year and sequence', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: 999_999_999 }), (year, sequence) => {
        expect(parseReference(formatReference({ year, sequence }))).toEqual({ year, sequence });
      }),
    );
  });
});
