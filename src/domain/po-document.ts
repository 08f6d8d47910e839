/**
 * A buyer's purchase order compared with the quote revision being released (architecture §7.1).
 * `readPoText` reads the facts from the PO's text (the server extracts it from the PDF:
 * server/files/read-po-document.ts); `matchPoDocument` compares them with the revision and says, per
 * field, what agrees, what differs and what the PDF does not show, in words for the approver.
 *
 * Pure and advisory: it decides nothing. The release is the approver's act (§1); this only helps them
 * and the shop notice a PO written against other figures. Money is compared exactly, in minor units.
 */
import { formatMoney, minorDigits, type Minor } from './money.js';
import { amountInMinor, currenciesOfSign, normalizePoText, signsIn } from './po-amounts.js';
import {
  findIdentifiers,
  findPoNumbers,
  findQuoteNumbers,
  findReferences,
  poKey,
  quoteNumberParts,
} from './po-references.js';
import { findTotals, rankTotals, type PoTotalKind } from './po-totals.js';

export type { PoTotalKind } from './po-totals.js';
export { poKey } from './po-references.js';

/** An amount as the PO writes it: whole units and decimals as digits, the currencies its sign can mean. */
export interface PoAmount {
  integer: string;
  fraction: string;
  /** Lower-case ISO codes: ['eur'] for € or EUR, every dollar for a bare $, [] when no sign is near. */
  currencies: readonly string[];
  /** The sign as written beside the amount ("$", "EUR"), when there is one. */
  sign?: string | undefined;
}

/** A labelled amount that can be the PO's total. */
export interface PoTotalCandidate {
  kind: PoTotalKind;
  amount: PoAmount;
}

/** What the text of a PO says. */
export interface PoTextReading {
  status: 'read';
  /** After PO labels, the strongest label first. */
  poNumbers: readonly string[];
  /** Best first: the strongest kind (amount due, grand total; then total; then subtotal), the last written first. */
  totals: readonly PoTotalCandidate[];
  /** Stripe quote numbers (QT-1A2B3C4D-0002, QT-1A2B3C4D-0002-2), upper case, in text order. */
  quoteNumbers: readonly string[];
  /** The portal's request references (PF-2026-0042), canonical, in text order. */
  references: readonly string[];
  /** The currencies the document writes, the most frequent sign's first. */
  currencies: readonly string[];
  /** Identifier-like strings with a digit, as PO keys (`poKey`): where a typed PO number is looked for when no label names one. */
  identifiers: readonly string[];
}

/** `no_text`: no text layer (a scan); `timeout`: not read within the deadline; `too_complex`: past the reader's memory. */
export type PoNotReadReason = 'no_text' | 'timeout' | 'too_complex';

/** A PO whose text could not be read. */
export interface PoNotRead {
  status: 'not_read';
  reason: PoNotReadReason;
}

export type PoReading = PoTextReading | PoNotRead;

/** Fewer letters and digits than this is no text layer: a scan with a page number, a stray mark. */
const MIN_TEXT_CHARACTERS = 20;

/** Reads a PO's text (one string, or one per page). */
export function readPoText(text: string | readonly string[]): PoReading {
  const normalized = normalizePoText(typeof text === 'string' ? text : text.join('\n'));
  if ((normalized.match(/[\p{L}\p{N}]/gu)?.length ?? 0) < MIN_TEXT_CHARACTERS) {
    return { status: 'not_read', reason: 'no_text' };
  }
  return {
    status: 'read',
    poNumbers: findPoNumbers(normalized),
    totals: rankTotals(findTotals(normalized)).map(({ kind, amount }) => ({
      kind,
      amount: { integer: amount.integer, fraction: amount.fraction, currencies: amount.currencies, sign: amount.sign },
    })),
    quoteNumbers: findQuoteNumbers(normalized),
    references: findReferences(normalized),
    currencies: documentCurrencies(normalized),
    identifiers: findIdentifiers(normalized),
  };
}

function documentCurrencies(text: string): string[] {
  const counts = new Map<string, number>();
  for (const code of signsIn(text).flatMap(currenciesOfSign)) counts.set(code, (counts.get(code) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]).map(([code]) => code);
}

// ---------------------------------------------------------------------------------------------
// Matching.

/** What the revision being released says, as the app stores it. */
export interface PoExpected {
  /** As the approver typed it; '' when none was typed. */
  poNumber: string;
  totalMinor: Minor;
  /** Lower-case ISO code, as stored (money.ts). */
  currency: string;
  /** Stripe's quote number of this revision, once finalised. */
  quoteNumber?: string | undefined;
  /** The request's reference (PF-2026-0042), which some buyers cite instead of the quote number. */
  reference?: string | undefined;
}

export type PoField = 'po_number' | 'total' | 'currency' | 'quote_number';

/**
 * `matched`: the PDF says the same; `differs`: it says something else (`found` vs `expected`);
 * `not_found`: the PDF does not show it (or not so that we could read it); `unchecked`: the revision
 * has nothing to compare with (no PO number typed, no quote number yet), `found` is what the PDF says.
 */
export type PoFindingStatus = 'matched' | 'differs' | 'not_found' | 'unchecked';

export interface PoMoney {
  amountMinor: Minor;
  /** Undefined when the PDF writes no currency near the amount nor elsewhere. */
  currency: string | undefined;
}

interface Finding<F extends PoField, V> {
  field: F;
  status: PoFindingStatus;
  found?: V | undefined;
  expected?: V | undefined;
  /** One sentence for the approver, e.g. "The PDF's total is €1,180.00; this revision totals €1,240.00." */
  words: string;
}

export type PoFinding =
  | Finding<'po_number', string>
  | (Finding<'total', PoMoney> & {
      /** The kind of label the found amount had; `subtotal` when the net amount is what agrees. */
      kind?: PoTotalKind | undefined;
    })
  | Finding<'currency', string>
  | Finding<'quote_number', string>;

export type PoMatchOutcome = 'match' | 'mismatch' | 'not_read';

export interface PoMatch {
  /**
   * `match`: the total (in the revision's currency) agrees and nothing differs; `mismatch`: at least one
   * field differs; `not_read`: the PDF could not be read, or shows no total we could find.
   */
  outcome: PoMatchOutcome;
  /** Why `not_read`. */
  reason?: PoNotReadReason | 'no_total' | undefined;
  /** One or two sentences for the top of the panel. */
  summary: string;
  /** One per field, in the order po_number, total, currency, quote_number; empty when the PDF could not be read. */
  findings: PoFinding[];
}

/** The page counts the server adds to a reading; when fewer pages were read, the words say so. */
export interface PoPages {
  pageCount?: number | undefined;
  pagesRead?: number | undefined;
}

const CHECK_YOURSELF = 'Check it against the quote yourself.';

const NOT_READ_SUMMARY: Record<PoNotReadReason, string> = {
  no_text: `The PDF has no text we can read (it may be a scan), so it was not compared with this revision. ${CHECK_YOURSELF}`,
  timeout: `The PDF took too long to read, so it was not compared with this revision. ${CHECK_YOURSELF}`,
  too_complex: `The PDF is too complex to read here, so it was not compared with this revision. ${CHECK_YOURSELF}`,
};

const FIELD_NOUN: Record<PoField, string> = {
  po_number: 'PO number',
  total: 'total',
  currency: 'currency',
  quote_number: 'quote number',
};

/** Compares what a PO says with the revision being released. */
export function matchPoDocument(reading: PoReading & PoPages, expected: PoExpected): PoMatch {
  if (!Number.isSafeInteger(expected.totalMinor)) {
    throw new RangeError(`totalMinor must be a whole number of minor units, got ${expected.totalMinor}`);
  }
  if (!/^[a-z]{3}$/.test(expected.currency)) {
    throw new RangeError(`currency must be a lower-case ISO code, got ${expected.currency}`);
  }
  if (reading.status === 'not_read') {
    return { outcome: 'not_read', reason: reading.reason, summary: NOT_READ_SUMMARY[reading.reason], findings: [] };
  }
  const money = matchTotal(reading, expected);
  const findings: PoFinding[] = [
    matchPoNumber(reading, expected),
    money.total,
    money.currency,
    matchQuoteNumber(reading, expected),
  ];
  const differing = findings.filter((finding) => finding.status === 'differs').map((f) => FIELD_NOUN[f.field]);
  if (differing.length > 0) {
    return {
      outcome: 'mismatch',
      summary: `The purchase order differs from this revision in its ${listWords(differing)}. Check the PDF before releasing.`,
      findings,
    };
  }
  if (money.total.status === 'matched') {
    return { outcome: 'match', summary: 'The purchase order agrees with this revision.', findings };
  }
  return {
    outcome: 'not_read',
    reason: 'no_total',
    summary: `We found no total in the PDF${pagesNote(reading)}, so it was not compared with this revision. ${CHECK_YOURSELF}`,
    findings,
  };
}

function pagesNote({ pageCount, pagesRead }: PoPages): string {
  return pageCount !== undefined && pagesRead !== undefined && pagesRead < pageCount
    ? ` (we read its first ${pagesRead} of ${pageCount} pages)`
    : '';
}

function listWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words.at(-1) ?? ''}`;
}

function matchPoNumber(reading: PoTextReading, expected: PoExpected): PoFinding {
  const typed = expected.poNumber.trim();
  const [first] = reading.poNumbers;
  const field = 'po_number';
  if (!typed) {
    return first
      ? { field, status: 'unchecked', found: first, words: `The PDF's PO number is ${first}; none was typed.` }
      : { field, status: 'unchecked', words: 'No PO number was typed, and we found none in the PDF.' };
  }
  const key = poKey(typed);
  const same = reading.poNumbers.find((number) => poKey(number) === key);
  if (same) {
    return {
      field,
      status: 'matched',
      found: same,
      expected: typed,
      words: `The PDF's PO number, ${same}, matches the one typed.`,
    };
  }
  if (first) {
    return {
      field,
      status: 'differs',
      found: first,
      expected: typed,
      words: `The PDF's PO number is ${first}; the one typed is ${typed}.`,
    };
  }
  if (key.length >= 3 && reading.identifiers.includes(key)) {
    return {
      field,
      status: 'matched',
      found: typed,
      expected: typed,
      words: `The PDF mentions ${typed}, the PO number typed.`,
    };
  }
  return {
    field,
    status: 'not_found',
    expected: typed,
    words: `We found no PO number in the PDF; the one typed is ${typed}.`,
  };
}

interface Priced {
  kind: PoTotalKind;
  money: PoMoney;
  /** Every currency the amount's sign can stand for. */
  currencies: readonly string[];
  sign: string | undefined;
}

function priced(candidate: PoTotalCandidate, expectedCurrency: string): Priced | undefined {
  const { currencies } = candidate.amount;
  const currency = currencies.includes(expectedCurrency) ? expectedCurrency : currencies[0];
  // Without a sign the amount is read with the revision's decimals, so 98,000 is ¥98,000, not ¥980.00.
  const amountMinor = amountInMinor(candidate.amount, currency ?? expectedCurrency);
  if (amountMinor === undefined) return undefined;
  return { kind: candidate.kind, money: { amountMinor, currency }, currencies, sign: candidate.amount.sign };
}

function matchTotal(reading: PoTextReading & PoPages, expected: PoExpected): { total: PoFinding; currency: PoFinding } {
  const candidates = reading.totals.flatMap((total) => priced(total, expected.currency) ?? []);
  const want: PoMoney = { amountMinor: expected.totalMinor, currency: expected.currency };
  const revisionTotal = formatMoney(expected.totalMinor, expected.currency);
  // No sign anywhere leaves the currency open (its own finding says so); another currency differs.
  const agrees = (c: Priced) =>
    c.money.amountMinor === expected.totalMinor && (c.money.currency ?? expected.currency) === expected.currency;
  const best = candidates[0];
  const field = 'total';
  if (!best) {
    return {
      total: {
        field,
        status: 'not_found',
        expected: want,
        words: `We found no total in the PDF${pagesNote(reading)}; this revision totals ${revisionTotal}.`,
      },
      currency: matchCurrency({ found: reading.currencies, expected: expected.currency }),
    };
  }
  if (agrees(best)) {
    return {
      total: {
        field,
        status: 'matched',
        kind: best.kind,
        found: best.money,
        expected: want,
        words:
          best.kind === 'subtotal'
            ? `The PDF's subtotal, ${shown(best, expected)}, matches this revision's total.`
            : `The PDF's total, ${shown(best, expected)}, matches this revision.`,
      },
      currency: matchCurrency({ found: best.currencies, sign: best.sign, expected: expected.currency }),
    };
  }
  // A PO that adds VAT to a quote without tax: its net amount is the one to compare.
  const net = best.kind === 'subtotal' ? undefined : candidates.find((c) => c.kind === 'subtotal' && agrees(c));
  if (net) {
    return {
      total: {
        field,
        status: 'matched',
        kind: 'subtotal',
        found: net.money,
        expected: want,
        words: `The PDF's net amount, ${shown(net, expected)}, matches this revision's total; with tax the PDF says ${shown(best, expected)}.`,
      },
      currency: matchCurrency({ found: net.currencies, sign: net.sign, expected: expected.currency }),
    };
  }
  const label = best.kind === 'subtotal' ? 'subtotal' : 'total';
  return {
    total: {
      field,
      status: 'differs',
      kind: best.kind,
      found: best.money,
      expected: want,
      words: `The PDF's ${label} is ${shown(best, expected)}; this revision totals ${revisionTotal}.`,
    },
    currency: matchCurrency({ found: best.currencies, sign: best.sign, expected: expected.currency }),
  };
}

interface CurrencyOptions {
  /** The currencies the amount's sign, or the document's signs, can stand for. */
  found: readonly string[];
  sign?: string | undefined;
  expected: string;
}

function matchCurrency({ found, sign, expected }: CurrencyOptions): PoFinding {
  const code = expected.toUpperCase();
  const field = 'currency';
  // A sign several currencies use ($, ¥, kr) is named as written, not as one guessed currency.
  const written = found.length > 1 ? (sign ?? found.map((c) => c.toUpperCase()).join(' or ')) : undefined;
  if (found.length === 0) {
    return { field, status: 'not_found', expected, words: `The PDF names no currency; this revision is in ${code}.` };
  }
  if (found.includes(expected)) {
    const words = written
      ? `The PDF writes its amounts in ${written}, which fits ${code}, the currency of this revision.`
      : `The PDF's amounts are in ${code}, like this revision.`;
    return { field, status: 'matched', found: expected, expected, words };
  }
  const [first = ''] = found;
  return {
    field,
    status: 'differs',
    found: first,
    expected,
    words: `The PDF's amounts are in ${written ?? first.toUpperCase()}; this revision is in ${code}.`,
  };
}

/**
 * The amount for people: in its own currency when the PDF writes one, with the sign as written when
 * that sign is shared ($980.00, 980.00 kr), else as a plain number.
 */
function shown({ money, currencies, sign }: Priced, expected: PoExpected): string {
  const digits = minorDigits(money.currency ?? expected.currency);
  const plain = new Intl.NumberFormat('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const number = plain.format(money.amountMinor / 10 ** digits);
  if (!money.currency) return `${number} (no currency written)`;
  if (currencies.length > 1 && money.currency !== expected.currency && sign) {
    return /\p{L}/u.test(sign) ? `${number} ${sign}` : `${sign}${number}`;
  }
  return formatMoney(money.amountMinor, money.currency);
}

function matchQuoteNumber(reading: PoTextReading, expected: PoExpected): PoFinding {
  const field = 'quote_number';
  const wanted = expected.quoteNumber?.trim().toUpperCase();
  const [first] = reading.quoteNumbers;
  if (!wanted) {
    return first
      ? {
          field,
          status: 'unchecked',
          found: first,
          words: `The PDF names quote ${first}; this revision has no quote number yet to compare.`,
        }
      : { field, status: 'unchecked', words: 'This revision has no quote number yet, and the PDF names none.' };
  }
  if (reading.quoteNumbers.includes(wanted)) {
    return {
      field,
      status: 'matched',
      found: wanted,
      expected: wanted,
      words: `The PDF names quote ${wanted}, this revision.`,
    };
  }
  const parts = quoteNumberParts(wanted);
  const sibling = reading.quoteNumbers.find((number) => parts && quoteNumberParts(number)?.root === parts.root);
  if (sibling && parts) {
    const revision = quoteNumberParts(sibling)?.revision ?? 1;
    const which = revision < parts.revision ? 'an earlier revision' : 'another revision';
    return {
      field,
      status: 'differs',
      found: sibling,
      expected: wanted,
      words: `The PDF names quote ${sibling}, ${which} of this quote; this revision is ${wanted}.`,
    };
  }
  if (first) {
    return {
      field,
      status: 'differs',
      found: first,
      expected: wanted,
      words: `The PDF names quote ${first}; this revision is ${wanted}.`,
    };
  }
  return matchReference(reading, expected, wanted);
}

/** No quote number in the PDF: the request's reference, when it cites one, stands in for it. */
function matchReference(reading: PoTextReading, expected: PoExpected, wanted: string): PoFinding {
  const field = 'quote_number';
  const reference = expected.reference;
  const [cited] = reading.references;
  if (reference && reading.references.includes(reference)) {
    return {
      field,
      status: 'matched',
      found: reference,
      expected: wanted,
      words: `The PDF names no quote number but cites ${reference}, the request this revision belongs to.`,
    };
  }
  if (reference && cited) {
    return {
      field,
      status: 'differs',
      found: cited,
      expected: reference,
      words: `The PDF cites request ${cited}; this revision belongs to ${reference}.`,
    };
  }
  return {
    field,
    status: 'not_found',
    expected: wanted,
    words: `We found no quote number in the PDF; this revision is ${wanted}.`,
  };
}
