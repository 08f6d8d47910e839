/**
 * Money as integer minor units (cents), the way Stripe counts it, so sums never drift the way
 * floating-point euros do. Conversions to and from human text live here and nowhere else.
 */

/** An amount in the currency's smallest unit (e.g. cents); always a safe integer. */
export type Minor = number;

// Stripe's own lists: these currencies have no minor unit, or three digits of it.
// https://docs.stripe.com/currencies#zero-decimal and #three-decimal
const ZERO_DECIMAL = new Set([
  'bif',
  'clp',
  'djf',
  'gnf',
  'jpy',
  'kmf',
  'krw',
  'mga',
  'pyg',
  'rwf',
  'ugx',
  'vnd',
  'vuv',
  'xaf',
  'xof',
  'xpf',
]);
const THREE_DECIMAL = new Set(['bhd', 'jod', 'kwd', 'omr', 'tnd']);

/** How many digits the minor unit has for a currency (2 for EUR, 0 for JPY), as Stripe counts them. */
export function minorDigits(currency: string): number {
  const code = currency.toLowerCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

/** Throws unless the value is a safe integer: the guard every money entry point runs. */
export function assertMinor(value: number, label = 'amount'): Minor {
  if (!Number.isSafeInteger(value))
    throw new RangeError(`${label} must be a whole number of minor units, got ${value}`);
  return value;
}

/** Adds amounts, refusing fractions and results beyond the safe integer range instead of rounding silently. */
export function sumMinor(amounts: readonly number[]): Minor {
  let total = 0;
  for (const amount of amounts) total = assertMinor(total + assertMinor(amount), 'sum');
  return total;
}

/** Unit price × quantity (a line total), checked. */
export function lineTotal(unitMinor: number, quantity: number): Minor {
  assertMinor(unitMinor, 'unit price');
  if (!Number.isSafeInteger(quantity) || quantity < 0)
    throw new RangeError(`quantity must be a whole number, got ${quantity}`);
  return assertMinor(unitMinor * quantity, 'line total');
}

/** Scales an amount by a factor (e.g. a quantity-break discount), rounding half away from zero to a whole minor unit. */
export function scaleMinor(minor: number, factor: number): Minor {
  assertMinor(minor);
  if (!Number.isFinite(factor)) throw new RangeError(`factor must be finite, got ${factor}`);
  const scaled = minor * factor;
  // Round the decimal representation, not the binary one: 1.005 € × 1 must stay 100.5 → 101 cents.
  const rounded = Math.sign(scaled) * Math.round(Number(Math.abs(scaled).toPrecision(15)));
  return assertMinor(rounded === 0 ? 0 : rounded, 'scaled amount');
}

/** "1 234,50 €" style text for people; the locale decides separators and symbol placement. */
export function formatMoney(minor: number, currency: string, locale = 'en-GB'): string {
  assertMinor(minor);
  const digits = minorDigits(currency);
  return new Intl.NumberFormat(locale, {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(minor / 10 ** digits);
}

/** "12.30" for form inputs: a plain decimal in major units, no symbol, no grouping, no float noise. */
export function toMajorString(minor: number, currency: string): string {
  assertMinor(minor);
  const digits = minorDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const text = String(Math.abs(minor)).padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/**
 * Parses what a person typed ("12", "12.3", "1,234.50", "12,30") into minor units, or undefined when
 * it is not an amount or has more decimals than the currency allows. A lone comma followed by one or
 * two digits is read as the decimal separator, as staff in Germany type it.
 */
export function parseMajor(text: string, currency: string): Minor | undefined {
  const digits = minorDigits(currency);
  let value = text.trim().replace(/\s/g, '');
  if (/^-?\d+,\d{1,3}$/.test(value) && !/^-?\d{1,3},\d{3}$/.test(value)) value = value.replace(',', '.');
  else value = value.replace(/,(?=\d{3}(\D|$))/g, '');
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value);
  if (!match) return undefined;
  const [, sign = '', whole = '0', fraction = ''] = match;
  if (fraction.length > digits) return undefined;
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
  if (!Number.isSafeInteger(minor)) return undefined;
  return sign === '-' && minor !== 0 ? -minor : minor;
}
