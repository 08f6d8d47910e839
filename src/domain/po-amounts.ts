/**
 * Amounts in a purchase order's text: numbers written the way people and their ERP systems write
 * money (1,234.56, 1.234,56, 1 234,56, 1'234.50, 12,34,567.00), the currency sign or code beside them
 * (€, US$, EUR, kr, CHF …), and how PDF text extraction mangles them (a space around a separator, a
 * number split in two runs). Part of the PO reader (po-document.ts, architecture §7.1).
 *
 * The text is normalised first (`normalizePoText`): a tab is a wide gap between two text runs, a space
 * is a narrow one, so "100\t10.00" stays two numbers while "1,1 90.00" (one run split by a small gap)
 * becomes 1190.00.
 */
import { minorDigits, type Minor } from './money.js';

/** A money amount as written: the digits, and the currencies its sign can stand for. */
export interface WrittenAmount {
  /** Offsets in the normalised text. */
  start: number;
  end: number;
  /** Whole units, digits only without leading zeros ("1190"). */
  integer: string;
  /** The digits after the decimal separator, as written ("00", "5", ""). */
  fraction: string;
  /** ISO codes, lower-case, the sign beside it can mean: ['eur'] for €, seven dollars for $, [] for none. */
  currencies: readonly string[];
  /** The sign as written ("$", "EUR", "kr"), when there is one. */
  sign?: string | undefined;
  /** Written with a minus, a trailing minus or in parentheses (a credit, a discount). */
  negative: boolean;
}

/**
 * NFKC (no-break and thin spaces become spaces, full-width digits ASCII), one kind of dash and of
 * apostrophe, no soft hyphens or control characters; runs of two or more spaces and tabs become one
 * tab (a wide gap), single spaces stay, line breaks stay; letter-spaced words are closed up.
 */
export function normalizePoText(text: string): string {
  return (
    text
      .normalize('NFKC')
      .replace(/\r\n?|[\u2028\u2029\f\v]/g, '\n')
      .replace(/\u00AD/g, '')
      // Control characters other than tab and line break are noise from the PDF's fonts.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g, ' ')
      .replace(/[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g, '-')
      .replace(/[\u2018\u2019\u201B\u2032\u00B4`]/g, "'")
      .replace(/[^\S\n\t]*\t[^\S\n]*|[^\S\n]{2,}/g, '\t')
      .replace(/[^\S\n\t]/g, ' ')
      .replace(/[ \t]*\n[ \t]*/g, '\n')
      // Letter-spaced headings ("G R A N D  T O T A L") are closed up, their words one space apart.
      .replace(/(?<![\p{L}\p{N}])\p{L}(?: \p{L}){2,}(?:\t\p{L}(?: \p{L})+)*(?![\p{L}\p{N}])/gu, (letters) =>
        letters
          .split('\t')
          .map((word) => word.replace(/ /g, ''))
          .join(' '),
      )
  );
}

/** Three-letter codes read beside a number. Upper case only: "try 5.00" is not Turkish lira. */
const CODES = [
  'EUR', 'USD', 'GBP', 'CHF', 'JPY', 'CNY', 'SEK', 'NOK', 'DKK', 'ISK', 'PLN', 'CZK', 'HUF', 'RON',
  'BGN', 'TRY', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'INR', 'ZAR', 'MXN', 'BRL', 'KRW', 'AED', 'SAR',
  'ILS', 'THB', 'MYR', 'TWD', 'KWD', 'BHD', 'OMR', 'JOD', 'TND',
] as const; // prettier-ignore

const DOLLARS = ['usd', 'cad', 'aud', 'nzd', 'sgd', 'hkd', 'mxn'];

/** Signs other than the codes, as ICU and ERP systems print them; longest first so "US$" wins over "$". */
const SIGNS: readonly (readonly [string, readonly string[]])[] = [
  ['US$', ['usd']],
  ['$US', ['usd']],
  ['$CA', ['cad']],
  ['$AU', ['aud']],
  ['$NZ', ['nzd']],
  ['$HK', ['hkd']],
  ['MX$', ['mxn']],
  ['$MX', ['mxn']],
  ['$SG', ['sgd']],
  ['BR$', ['brl']],
  ['NT$', ['twd']],
  ['JP¥', ['jpy']],
  ['CN¥', ['cny']],
  ['RMB', ['cny']],
  ['£GB', ['gbp']],
  ['Nkr', ['nok']],
  ['Dkr', ['dkk']],
  ['CA$', ['cad']],
  ['AU$', ['aud']],
  ['NZ$', ['nzd']],
  ['HK$', ['hkd']],
  ['SFr.', ['chf']],
  ['C$', ['cad']],
  ['A$', ['aud']],
  ['S$', ['sgd']],
  ['R$', ['brl']],
  ['Fr.', ['chf']],
  ['kr.', ['sek', 'nok', 'dkk', 'isk']],
  ['kr', ['sek', 'nok', 'dkk', 'isk']],
  ['zł', ['pln']],
  ['Kč', ['czk']],
  ['Ft', ['huf']],
  ['€', ['eur']],
  ['£', ['gbp']],
  ['¥', ['jpy', 'cny']],
  ['₹', ['inr']],
  ['₩', ['krw']],
  ['₺', ['try']],
  ['元', ['cny']],
  ['$', DOLLARS],
];

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SIGN_SOURCE = [...CODES.map((code) => `${code}(?![\\p{L}])`), ...SIGNS.map(([sign]) => escape(sign))].join('|');
/** A sign right before a number: "€", "EUR ", "US$ -". */
const SIGN_BEFORE = new RegExp(`(?<![\\p{L}\\p{N}])(${SIGN_SOURCE}) ?(\\(?-?)?$`, 'u');
/** A sign right after a number: " €", "EUR", " kr". */
const SIGN_AFTER = new RegExp(`^ ?(${SIGN_SOURCE})(?![\\p{L}\\p{N}])`, 'u');
/** Any sign in a stretch of text ("Total (EUR):", "$980"), not inside a word. */
const SIGN_ANYWHERE = new RegExp(`(?<![\\p{L}])(${SIGN_SOURCE})(?![\\p{L}])`, 'gu');

/** The currencies a sign or code can stand for, lower-case ISO codes. */
export function currenciesOfSign(sign: string): readonly string[] {
  if ((CODES as readonly string[]).includes(sign)) return [sign.toLowerCase()];
  return SIGNS.find(([known]) => known === sign)?.[1] ?? [];
}

/** The text without its currency signs and codes. */
export function withoutSigns(text: string): string {
  return text.replace(SIGN_ANYWHERE, '');
}

/** Every currency sign or code in a stretch of text, in order. */
export function signsIn(text: string): string[] {
  return [...text.matchAll(SIGN_ANYWHERE)].map((match) => match[1] ?? '');
}

// ---------------------------------------------------------------------------------------------
// Numbers.

interface Parsed {
  integer: string;
  fraction: string;
  /** It has thousands separators, all in 3-digit groups. */
  grouped: boolean;
}

/**
 * Reads one written number, or undefined when its separators make no sense. A lone "," or "." before
 * one or two digits is the decimal separator; before exactly three it groups thousands (1,234 is
 * 1234), except for currencies with three minor digits; after other separators (1.234,56, 1 234,567)
 * it is the decimal.
 */
export function parseWrittenNumber(raw: string, threeDecimals = false): Parsed | undefined {
  const text = raw.replace(/ ?([.,']) ?/g, '$1').replace(/ /g, "'");
  if (!/^\d+(?:[.,']\d+)*$/.test(text)) return undefined;
  const groups = text.split(/[.,']/);
  const seps = text.replace(/\d/g, '').split('');
  const last = seps.at(-1);
  const lastGroup = groups.at(-1) ?? '';
  let decimal = false;
  if (last === '.' || last === ',') {
    const count = seps.filter((sep) => sep === last).length;
    // Two kinds of separator: the last is the decimal one ("1.234,56", "1 000,000" for dinars).
    const mixed = new Set(seps).size > 1;
    if (mixed && count > 1) return undefined;
    decimal = mixed || (count === 1 && (lastGroup.length !== 3 || (threeDecimals && groups.length === 2)));
  }
  const wholeGroups = decimal ? groups.slice(0, -1) : groups;
  const wholeSeps = decimal ? seps.slice(0, -1) : seps;
  if (wholeGroups.length > 1) {
    if (new Set(wholeSeps).size > 1) return undefined;
    const [first = '', ...rest] = wholeGroups;
    if (first.length > 3) return undefined;
    // Indian grouping (12,34,567) has pairs before the last three digits.
    if (rest.slice(0, -1).some((group) => group.length !== 3 && group.length !== 2)) return undefined;
    if ((rest.at(-1) ?? '').length !== 3) return undefined;
  }
  return {
    integer: wholeGroups.join('').replace(/^0+(?=\d)/, ''),
    fraction: decimal ? lastGroup : '',
    grouped: wholeGroups.length > 1,
  };
}

/** Digit runs joined by a separator (maybe with narrow spaces around it) or by one narrow space. */
const NUMBER_RUN = /\d+(?:(?: ?[.,'] ?| )\d+)*/g;

/** The most space-separated pieces one number has ("1 234 567 890 123,45" has five). */
const MAX_PIECES = 6;

interface RunNumber {
  start: number;
  end: number;
  parsed: Parsed;
}

/**
 * Splits a run of digit groups into numbers. The run is cut where a space is ("1,190.00, 200.00" and
 * "100 10.00" are two numbers each) unless the pieces read as one: space-grouped thousands
 * ("1 234,56"), a space beside a separator ("1 . 234,56"), or one number split in two text runs, which
 * only joined is grouped in threes ("1,1 90.00" is 1,190.00). The longest number ending the run wins,
 * then the rest is read the same way.
 */
function splitRun(run: string, at: number): RunNumber[] {
  const pieces = [...run.matchAll(/\d+(?:[.,']\d+)*/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const numbers: RunNumber[] = [];
  let end = pieces.length;
  while (end > 0) {
    const last = pieces[end - 1];
    if (!last) break;
    // A piece continues the number before it after a spaced separator ("1 . 234"), or when it starts
    // a group of three ("1 234 567,89"); only then, or as one split run, are pieces tried together.
    const continues = (index: number) => {
      const piece = pieces[index];
      const previous = pieces[index - 1];
      if (!piece || !previous) return false;
      return /[.,']/.test(run.slice(previous.end, piece.start)) || /^\d{3}(?!\d)/.test(run.slice(piece.start));
    };
    let lowest = end - 1;
    while (lowest > 0 && end - lowest < MAX_PIECES && continues(lowest)) lowest--;
    let from = Math.max(0, Math.min(lowest, end - 2));
    let parsed: Parsed | undefined;
    for (; from < end && !parsed; from++) {
      const first = pieces[from];
      if (!first) break;
      const text = run.slice(first.start, last.end);
      parsed = parseWrittenNumber(text) ?? (end - from === 2 ? joinedSplit(text) : undefined);
    }
    from -= 1;
    const first = pieces[from];
    if (parsed && first) numbers.unshift({ start: at + first.start, end: at + last.end, parsed });
    end = parsed ? from : end - 1;
  }
  return numbers;
}

/** Two pieces across one narrow space that, joined, are grouped in threes, cut inside a group. */
function joinedSplit(text: string): Parsed | undefined {
  const [left = '', right = '', extra] = text.split(' ');
  if (extra !== undefined || !left || !right) return undefined;
  const cutInsideGroup = /[.,']\d{1,2}$/.test(left) || /^\d{1,2}[.,']/.test(right);
  const joined = parseWrittenNumber(left + right);
  return joined?.grouped && cutInsideGroup ? joined : undefined;
}

/**
 * Every amount in normalised text that can be money: with a currency sign beside it, or with exactly
 * two decimals. Percentages, dates, parts of identifiers (QT-1A2B3C4D-0002, DE123456789, 4500-0042)
 * and bare whole numbers (quantities) are not amounts.
 */
export function scanAmounts(text: string): WrittenAmount[] {
  const amounts: WrittenAmount[] = [];
  for (const match of text.matchAll(NUMBER_RUN)) {
    const before = text.slice(Math.max(0, match.index - 8), match.index);
    const signBefore = SIGN_BEFORE.exec(before);
    for (const { start, end, parsed } of splitRun(match[0], match.index)) {
      const amount = toAmount(text, start, end, parsed, start === match.index ? signBefore : null);
      if (amount) amounts.push(amount);
    }
  }
  return amounts;
}

function toAmount(
  text: string,
  start: number,
  end: number,
  parsed: Parsed,
  signBefore: RegExpExecArray | null,
): WrittenAmount | undefined {
  const previous = text.slice(Math.max(0, start - 2), start);
  const next = text.slice(end, end + 2);
  const signAfter = SIGN_AFTER.exec(text.slice(end, end + 6));
  if (/^ ?%/.test(next)) return undefined;
  // Glued to letters or digits on the left ("DE123", "A-123", "12/"), not a sign: part of an identifier.
  if (!signBefore && /([\p{L}\p{N}_]|[\p{L}\p{N}][-/.])$/u.test(previous)) return undefined;
  // Glued to letters on the right ("1A2B"), or going on as a date or a range ("2026-03", "12/24").
  if (!signAfter && /^(\p{L}|[-/.:]\d)/u.test(next)) return undefined;
  const sign = signBefore?.[1] ?? signAfter?.[1];
  const currencies = sign ? currenciesOfSign(sign) : [];
  let { fraction } = parsed;
  let integer = parsed.integer;
  // A currency with three minor digits reads "1.234" as one dinar and 234 fils.
  if (currencies.length > 0 && currencies.every((code) => minorDigits(code) === 3) && !fraction && parsed.grouped) {
    const reread = parseWrittenNumber(text.slice(start, end), true);
    if (reread) ({ integer, fraction } = reread);
  }
  if (currencies.length === 0 && fraction.length !== 2) return undefined;
  const negative =
    /-$|\($/.test(signBefore?.[2] ?? text.slice(Math.max(0, start - 1), start)) || /^-(?!\d)/.test(text.slice(end));
  return { start, end, integer, fraction, currencies, sign, negative };
}

/**
 * The amount in a currency's minor units, or undefined when it has more decimals than the currency
 * (1.234 EUR) or is too large for a safe integer. Trailing zeros are fine: 1190.000 EUR is 119000.
 */
export function amountInMinor(
  amount: Pick<WrittenAmount, 'integer' | 'fraction'>,
  currency: string,
): Minor | undefined {
  const digits = minorDigits(currency);
  const extra = amount.fraction.slice(digits);
  if (/[^0]/.test(extra)) return undefined;
  const minor = Number(amount.integer + amount.fraction.slice(0, digits).padEnd(digits, '0'));
  return Number.isSafeInteger(minor) ? minor : undefined;
}
