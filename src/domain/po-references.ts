/**
 * The identifiers in a purchase order's text: its PO number after a label ("PO No.", "P.O. #",
 * "Purchase Order Number", "Bestellnummer", "Order number"), the shop's Stripe quote numbers
 * (QT-1A2B3C4D-0002, a revision QT-1A2B3C4D-0002-2) and the portal's request references
 * (PF-2026-0042, domain/reference.ts), however the PDF's text spaced or wrapped them. Part of the PO
 * reader (po-document.ts, architecture §7.1).
 */
import { normalizeReference } from './reference.js';

/**
 * PO labels, the more specific first. `strength` orders the candidates: a "PO number" label beats a
 * bare "Purchase Order" title, which beats an "Auftragsnummer" (often the supplier's order number).
 */
const PO_LABELS: readonly (readonly [strength: number, source: string])[] = [
  [3, String.raw`purchase ?-?order ?-?(?:number|no\.?|nr\.?|num\.?|#|ref(?:erence)?\.?|id)`],
  [3, String.raw`p\.? ?o\.? ?-?(?:number|no\.?|nr\.?|num\.?|#|ref(?:erence)?\.?)`],
  [3, String.raw`bestell(?:ungs)? ?-?(?:nummer|nr\.?|no\.?)|bestellung ?-?(?:nr\.?|no\.?)`],
  [2, String.raw`(?:(?:our|your|customer|client) )?order ?-?(?:number|no\.?|nr\.?|#|ref(?:erence)?\.?)`],
  [2, String.raw`purchase ?-?order|bestellung`],
  [1, String.raw`auftrags? ?-?(?:nummer|nr\.?)`],
];
const PO_LABEL = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${PO_LABELS.map(([, source]) => `(${source})`).join('|')})(?![\p{L}\p{N}])`,
  'giu',
);
/** "PO" and "P.O." alone, in capitals only ("po" is a word in several languages), never a "PO Box". */
const BARE_PO = /(?<![\p{L}\p{N}])(?:PO|P\.O\.)(?![\p{L}\p{N}])(?! ?(?:box|Box|BOX))/gu;

/** After a label: separators, at most one line break, a repeated "No." (Purchase Order\nNo. 4711), the value. */
const VALUE_AFTER =
  /^[ \t]*[:#=.-]?[ \t]*(?:\n[ \t]*)?(?:(?:no|nr|number|nummer|num)\.?[ \t]*[:#]?[ \t]*)?([\p{L}\p{N}](?:[\p{L}\p{N}]|[-/._](?=[\p{L}\p{N}]))*)/iu;

const DATE = /^\d{1,4}([./-])\d{1,2}\1\d{1,4}$/;
const AMOUNT = /^\d{1,3}(?:[.,']\d{3})*[.,]\d{2}$/;

function poValueAfter(text: string, from: number): string | undefined {
  const rest = text.slice(from, from + 120);
  const match = VALUE_AFTER.exec(rest);
  const value = match?.[1];
  if (!match || !value) return undefined;
  // "4500 012345" at a line's end is one number the PDF spaced; "4711 12.03.2026" is not.
  const line = rest.slice(match[0].length - value.length).split('\n')[0] ?? value;
  const joined = /^\d[\d./-]*(?: \d+)+$/.test(line.trim()) ? line.trim().replace(/ /g, '') : value;
  if (!/\d/.test(joined) || joined.length < 3 || joined.length > 40) return undefined;
  if (DATE.test(joined) || AMOUNT.test(joined) || /^(?:QT|PF)-/i.test(joined)) return undefined;
  return joined;
}

/** The PO numbers after PO labels, the strongest label first, then in text order; each once. */
export function findPoNumbers(text: string): string[] {
  const found: { value: string; strength: number; at: number }[] = [];
  for (const match of text.matchAll(PO_LABEL)) {
    const strength = PO_LABELS[match.slice(1).findIndex((group) => group !== undefined)]?.[0] ?? 0;
    const value = poValueAfter(text, match.index + match[0].length);
    if (value) found.push({ value, strength, at: match.index });
  }
  for (const match of text.matchAll(BARE_PO)) {
    const value = poValueAfter(text, match.index + match[0].length);
    if (value) found.push({ value, strength: 2, at: match.index });
  }
  const ordered = found.sort((a, b) => b.strength - a.strength || a.at - b.at).map(({ value }) => value);
  return unique(ordered, poKey);
}

/**
 * A PO number as compared: upper case, letters and digits only, so "4500-0123 45" and "4500012345"
 * are one number; a leading "PO" and, for all-digit numbers, leading zeros do not count.
 */
export function poKey(text: string): string {
  const key = text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
  const bare = key.replace(/^PO(?=\d)/, '');
  return /^\d+$/.test(bare) ? bare.replace(/^0+(?=\d)/, '') : bare;
}

/**
 * Every identifier-like string with a digit, as PO keys, and each two neighbouring digit groups
 * joined ("4500 012345"): where the labels found nothing, the typed PO number is looked for here.
 */
export function findIdentifiers(text: string, limit = 2000): string[] {
  const words = [...text.matchAll(/[\p{L}\p{N}](?:[\p{L}\p{N}]|[-/._](?=[\p{L}\p{N}]))*/gu)];
  const keys = new Set<string>();
  words.forEach((word, index) => {
    const key = poKey(word[0]);
    if (/\d/.test(key) && key.length >= 3) keys.add(key);
    const next = words[index + 1];
    if (next && /^\d+$/.test(word[0]) && /^\d+$/.test(next[0])) {
      if (text.slice(word.index + word[0].length, next.index) === ' ') keys.add(poKey(word[0] + next[0]));
    }
  });
  return [...keys].slice(0, limit);
}

/** Stripe's quote numbers, upper case, spaces and line breaks around the hyphens undone. */
const QUOTE_NUMBER =
  /(?<![\p{L}\p{N}])QT ?- ?\n?([A-Z0-9]{3,12}) ?- ?\n?(\d{4,6})(?:-\n?(\d{1,3}))?(?![\p{L}\p{N}])/giu;

export function findQuoteNumbers(text: string): string[] {
  const numbers = [...text.matchAll(QUOTE_NUMBER)].map(([, prefix = '', sequence = '', revision]) =>
    `QT-${prefix}-${sequence}${revision ? `-${revision}` : ''}`.toUpperCase(),
  );
  return unique(numbers, (number) => number);
}

/** A Stripe quote number's parts: the first revision's number and the revision (1 when it has none). */
export function quoteNumberParts(number: string): { root: string; revision: number } | undefined {
  const match = /^QT-([A-Z0-9]{3,12})-(\d{4,6})(?:-(\d{1,3}))?$/i.exec(number.trim());
  if (!match) return undefined;
  return { root: `QT-${match[1]}-${match[2]}`.toUpperCase(), revision: Number(match[3] ?? 1) };
}

const REFERENCE = /(?<![\p{L}\p{N}])PF ?[- ] ?\n?\d{4} ?[- ] ?\n?\d{1,9}(?![\p{L}\p{N}])/giu;

/** The portal's request references, in their canonical spelling (PF-2026-0042). */
export function findReferences(text: string): string[] {
  const references = [...text.matchAll(REFERENCE)].flatMap(
    ([written]) => normalizeReference(written.replace(/\s+/g, ' ').replace(/ ?- ?/g, '-')) ?? [],
  );
  return unique(references, (reference) => reference);
}

function unique(values: readonly string[], key: (value: string) => string): string[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const k = key(value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
