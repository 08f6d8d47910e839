import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMoney,
  lineTotal,
  minorDigits,
  parseMajor,
  scaleMinor,
  sumMinor,
  toMajorString,
} from '../../src/domain/money.js';

describe('money in minor units', () => {
  it.each([
    ['eur', 2],
    ['EUR', 2],
    ['jpy', 0],
    ['kwd', 3],
  ])('%s has %i minor digits', (currency, digits) => {
    expect(minorDigits(currency)).toBe(digits);
  });

  it('formats for people in their locale', () => {
    // ICU puts no-break spaces between amount and symbol; compare them as plain spaces.
    const plain = (text: string) => text.replace(/\s/g, ' ');
    expect({
      en: plain(formatMoney(123450, 'eur')),
      de: plain(formatMoney(123450, 'eur', 'de-DE')),
      usNegative: plain(formatMoney(-5, 'usd', 'en-US')),
      yen: plain(formatMoney(1234, 'jpy', 'en-US')),
      dinar: plain(formatMoney(1234, 'kwd', 'en-US')),
    }).toMatchInlineSnapshot(`
      {
        "de": "1.234,50 €",
        "dinar": "KWD 1.234",
        "en": "€1,234.50",
        "usNegative": "-$0.05",
        "yen": "¥1,234",
      }
    `);
  });

  it('refuses fractions of a minor unit rather than rounding them away', () => {
    expect(() => formatMoney(10.5, 'eur')).toThrow(RangeError);
    expect(() => sumMinor([1, 0.1])).toThrow(RangeError);
    expect(() => sumMinor([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
    expect(() => lineTotal(100, 1.5)).toThrow(RangeError);
  });

  it('sums exactly where floating-point euros drift', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(sumMinor([10, 20])).toBe(30);
    expect(sumMinor([])).toBe(0);
    expect(lineTotal(1999, 3)).toBe(5997);
  });

  it('scales with half-away-from-zero rounding', () => {
    expect(scaleMinor(10050, 0.9)).toBe(9045);
    expect(scaleMinor(1, 0.5)).toBe(1);
    expect(scaleMinor(-1, 0.5)).toBe(-1);
    expect(scaleMinor(333, 1 / 3)).toBe(111);
    expect(scaleMinor(0, 123)).toBe(0);
  });

  it.each([
    ['12', 1200],
    ['12.3', 1230],
    ['12.30', 1230],
    ['12,30', 1230],
    ['1,234.50', 123450],
    ['1 234.50', 123450],
    [' 7 ', 700],
    ['-0.5', -50],
    ['12.345', undefined],
    ['abc', undefined],
    ['', undefined],
    ['1.2.3', undefined],
  ])('parseMajor(%j, eur) → %s', (text, expected) => {
    expect(parseMajor(text, 'eur')).toBe(expected);
  });

  it('parses whole yen and refuses decimals for it', () => {
    expect(parseMajor('1500', 'jpy')).toBe(1500);
    expect(parseMajor('15.5', 'jpy')).toBeUndefined();
  });

  it('toMajorString and parseMajor round-trip every amount', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom('eur', 'jpy', 'kwd'), (minor, currency) => {
        expect(parseMajor(toMajorString(minor, currency), currency)).toBe(minor);
      }),
    );
  });

  it('sums are associative and exact for any list of safe amounts', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1e9, max: 1e9 }), { maxLength: 50 }), (amounts) => {
        const half = Math.floor(amounts.length / 2);
        expect(sumMinor(amounts)).toBe(sumMinor([sumMinor(amounts.slice(0, half)), sumMinor(amounts.slice(half))]));
      }),
    );
  });
});
