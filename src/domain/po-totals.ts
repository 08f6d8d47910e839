/**
 * Which amount in a purchase order is its total. Labels ("Grand total", "Amount due", "Gesamtbetrag",
 * "Subtotal", "VAT 19%", "Shipping") are paired with the amounts after them: on the same line, on the
 * next line, or, when the PDF's text runs a column of labels and then a column of amounts
 * ("Subtotal\nVAT\nTotal\n1,000.00\n190.00\n1,190.00"), in order. Part of the PO reader
 * (po-document.ts, architecture §7.1).
 */
import { currenciesOfSign, scanAmounts, signsIn, withoutSigns, type WrittenAmount } from './po-amounts.js';

/** What a total's label says it is, from the strongest. */
export type PoTotalKind = 'amount_due' | 'grand_total' | 'total' | 'subtotal';
type LabelKind = PoTotalKind | 'tax' | 'other';

/** A labelled amount that can be the order's total; `currencies` includes the label's or the document's sign. */
export interface PoTotal {
  kind: PoTotalKind;
  amount: WrittenAmount;
}

const RANK: Record<LabelKind, number> = { amount_due: 3, grand_total: 3, total: 2, subtotal: 1, tax: 0, other: 0 };

const TAX = String.raw`(?:vat|sales tax|tax(?:es)?|gst|mwst\.?|ust\.?|mehrwertsteuer|umsatzsteuer)`;
const RATE = String.raw`(?:\d{1,2}(?:[.,]\d{1,2})? ?% ?)?`;
const INCL = String.raw`(?:incl(?:uding|\.)?|inc\.|with|inkl\.?)`;
const EXCL = String.raw`(?:excl(?:uding|\.)?|ex\.?|before|without|w/o|net of|ohne|exkl\.?|zzgl\.?|plus)`;
const TOTAL_WORDS = String.raw`(?:total(?: amount)?|order total|gesamtbetrag|gesamtsumme|gesamtwert|bestellwert|auftragswert|summe|gesamt)`;
/** After "Total", words that make it a count, not money. */
const NOT_MONEY = String.raw`(?:quantity|qty|weight|pieces|pcs|items|units|pages|hours|positions|lines|volume|parts|count|number|no\.)`;

/**
 * Ordered: where two labels start at the same place, the first listed wins, so "Total VAT" is tax,
 * "Total net" a subtotal and "Total incl. VAT" the grand total, before plain "Total". Spaces between
 * words are optional (letter-spaced headings lose them) and may be hyphens.
 */
const LABELS: readonly (readonly [LabelKind, string])[] = [
  ['subtotal', String.raw`sub ?-?total|zwischensumme`],
  ['subtotal', String.raw`(?:net|netto) ?(?:total|amount|value|sum|summe|betrag|wert)`],
  ['subtotal', String.raw`${TOTAL_WORDS} ?\(?(?:net|netto|${EXCL} ?${RATE}${TAX})\)?`],
  ['subtotal', String.raw`warenwert`],
  // "Net | VAT | Gross" headings; not "net 30 days", "net weight", "gross weight".
  ['subtotal', String.raw`(?:net|netto)(?! ?(?:weight|wt|mass|kg|gewicht|days?|\d))`],
  [
    'tax',
    String.raw`(?:total ?)?${TAX}(?: ?amount| ?total)?(?: ?${RATE})?(?! ?[-.]?(?:id|no\.?|nr\.?|number|reg|identification))`,
  ],
  ['amount_due', String.raw`(?:amount|total|balance) ?(?:due|payable)|zahlbetrag|zu zahlen(?:der betrag)?`],
  ['grand_total', String.raw`grand ?total|${TOTAL_WORDS} ?\(?(?:${INCL} ?${RATE}${TAX}|gross|brutto)\)?`],
  ['grand_total', String.raw`gross ?(?:total|amount)|(?:end|brutto|rechnungs) ?(?:betrag|summe)`],
  ['grand_total', String.raw`gesamtbetrag|gesamtsumme`],
  ['grand_total', String.raw`(?:gross|brutto)(?! ?(?:weight|wt|mass|kg|gewicht))`],
  ['total', String.raw`(?:purchase order|order|po) ?(?:total|value|amount)`],
  ['total', String.raw`total ?(?:value|price|cost|sum)|gesamtwert|gesamtpreis|bestell(?:wert|summe)|auftragswert`],
  ['total', String.raw`total(?! ?${NOT_MONEY})(?: amount)?|summe|gesamt`],
  [
    'other',
    String.raw`unit ?price|price per unit|(?:einzel|stück)preis|preis|price|amount|betrag|` +
      String.raw`shipping(?: ?(?:costs?|fees?|charges?))?|freight|delivery ?(?:costs?|charges?|fees?)|handling|` +
      String.raw`packaging|packing|discount|rebate|surcharge|tooling|set-?up|deposit|prepayment|` +
      String.raw`versand(?:kosten)?|fracht(?:kosten)?|verpackung(?:skosten)?|rabatt|skonto|zuschlag|porto|` +
      String.raw`werkzeugkosten|rüstkosten|anzahlung`,
  ],
];

const LABEL_PATTERN = new RegExp(
  // A short parenthetical belongs to its label: "Amount due (incl. VAT)", "Total (EUR)".
  String.raw`(?<![\p{L}\p{N}])(?:${LABELS.map(([, source]) => `(${source})`).join('|')})(?![\p{L}\p{N}])(?: ?\([^()\n]{1,30}\))?`,
  'giu',
);

interface LabelToken {
  type: 'label';
  kind: LabelKind;
  start: number;
  end: number;
}
interface AmountToken {
  type: 'amount';
  amount: WrittenAmount;
  start: number;
  end: number;
}
type Token = LabelToken | AmountToken;

function scanLabels(text: string): LabelToken[] {
  const labels: LabelToken[] = [];
  for (const match of text.matchAll(LABEL_PATTERN)) {
    const index = match.slice(1).findIndex((group) => group !== undefined);
    const kind = LABELS[index]?.[0];
    if (kind) labels.push({ type: 'label', kind, start: match.index, end: match.index + match[0].length });
  }
  return labels;
}

/** Label → its amount on the same line: at most this many characters apart. */
const SAME_LINE = 60;
/** Within a run of labels or of amounts, the gap from one to the next. */
const RUN_GAP = { labels: 40, amounts: 12 };

const breaks = (gap: string) => gap.split('\n').length - 1;
/** Only separators, brackets and currency signs: "Total (EUR):\n1,190.00" is one label and its value. */
const onlySigns = (gap: string) => !/[\p{L}\p{N}]/u.test(withoutSigns(gap));

/**
 * A label reaches its amount on its own line (within SAME_LINE characters), or on a following line
 * (at most two breaks) when nothing but signs stands between: "Total\n€1,190.00". A "Total" heading
 * over a table never reaches the first row's line amount that way: a description stands between.
 */
const near = (gap: string) =>
  breaks(gap) === 0 ? gap.length <= SAME_LINE : breaks(gap) <= 2 && gap.length <= SAME_LINE && onlySigns(gap);

/**
 * Every labelled amount of a kind that can be the total, in text order. A label's amount without a
 * currency sign takes the sign written in the label or between them ("Total (EUR): 1,190.00"), else
 * the document's most frequent one.
 */
export function findTotals(text: string): PoTotal[] {
  const amounts: AmountToken[] = scanAmounts(text)
    .filter((amount) => !amount.negative)
    .map((amount) => ({ type: 'amount', amount, start: amount.start, end: amount.end }));
  const tokens: Token[] = [...scanLabels(text), ...amounts].sort((a, b) => a.start - b.start);
  const documentCurrencies = mostFrequentCurrencies(text);
  const totals: PoTotal[] = [];
  const pair = (label: LabelToken, amount: WrittenAmount) => {
    if (label.kind === 'tax' || label.kind === 'other') return;
    const between = signsIn(text.slice(label.start, amount.start)).flatMap(currenciesOfSign);
    const currencies =
      amount.currencies.length > 0 ? amount.currencies : between.length > 0 ? between : documentCurrencies;
    totals.push({ kind: label.kind, amount: { ...amount, currencies } });
  };

  let at = 0;
  while (at < tokens.length) {
    const first = tokens[at];
    if (!first || first.type !== 'label') {
      at += 1;
      continue;
    }
    const labels: LabelToken[] = [first];
    let next = at + 1;
    for (let token = tokens[next]; token?.type === 'label'; token = tokens[++next]) {
      const previous = labels.at(-1);
      if (!previous || text.slice(previous.end, token.start).length > RUN_GAP.labels) break;
      labels.push(token);
    }
    const run: AmountToken[] = [];
    for (let token = tokens[next]; token?.type === 'amount'; token = tokens[++next]) {
      const previous = run.at(-1);
      if (previous && text.slice(previous.end, token.start).length > RUN_GAP.amounts) break;
      run.push(token);
    }
    const last = labels.at(-1);
    const firstAmount = run[0];
    const stacked = labels.slice(1).every((label, index) => {
      const previous = labels[index];
      return previous !== undefined && text.slice(previous.end, label.start).includes('\n');
    });
    if (labels.length === 1 && last) {
      const reaches = firstAmount !== undefined && near(text.slice(last.end, firstAmount.start));
      const bare = reaches ? undefined : bareAmountAfter(text, last.end);
      if (bare) pair(last, bare);
      else if (reaches) pair(last, firstAmount.amount);
    } else if (stacked && run.length >= labels.length) {
      // A column of labels, then a column of amounts: the n-th label has the n-th amount.
      labels.forEach((label, index) => {
        const amount = run[index];
        if (amount) pair(label, amount.amount);
      });
    } else if (!stacked && last && firstAmount) {
      // Labels side by side are a table's headings: paired only with a next line of amounts alone
      // ("Net\tVAT\tTotal\n1,000.00\t190.00\t1,190.00"), never with item rows.
      const line = amountsOnNextLine(text, last.end, run);
      if (line.length === labels.length)
        labels.forEach((label, index) => pair(label, line[index]?.amount ?? firstAmount.amount));
    } else if (
      last &&
      firstAmount &&
      breaks(text.slice(last.end, firstAmount.start)) === 0 &&
      near(text.slice(last.end, firstAmount.start))
    ) {
      // Labels without values ("Shipping\nTotal 1,190.00"): only the last label's own line counts.
      pair(last, firstAmount.amount);
    }
    at = Math.max(next, at + 1);
  }
  return totals;
}

/** The amounts on the line after `from`'s line, when that line holds nothing else but signs. */
function amountsOnNextLine(text: string, from: number, run: readonly AmountToken[]): AmountToken[] {
  const lineStart = text.indexOf('\n', from) + 1;
  if (lineStart === 0) return [];
  const lineEnd = text.indexOf('\n', lineStart) === -1 ? text.length : text.indexOf('\n', lineStart);
  const onLine = run.filter((token) => token.start >= lineStart && token.end <= lineEnd);
  let rest = text.slice(lineStart, lineEnd);
  for (const token of [...onLine].reverse()) {
    rest = rest.slice(0, token.start - lineStart) + rest.slice(token.end - lineStart);
  }
  return onlySigns(rest) ? onLine : [];
}

/** "Total: 980" at a line's end, a whole number without sign or decimals, right after its label. */
function bareAmountAfter(text: string, from: number): WrittenAmount | undefined {
  const match = /^[ \t]*[:=]?[ \t]*(\d{1,3}(?:[,.' ]\d{3})+|\d{1,9})[ \t]*(?=\n|$)/.exec(text.slice(from));
  const digits = match?.[1];
  if (!match || !digits) return undefined;
  const start = from + match[0].indexOf(digits);
  return {
    start,
    end: start + digits.length,
    integer: digits.replace(/\D/g, '').replace(/^0+(?=\d)/, ''),
    fraction: '',
    currencies: [],
    negative: false,
  };
}

/** The currencies of the sign the document writes most often; none when two signs tie. */
function mostFrequentCurrencies(text: string): readonly string[] {
  const counts = new Map<string, number>();
  for (const sign of signsIn(text)) {
    const key = currenciesOfSign(sign).join(',');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1]);
  const [top, second] = ranked;
  if (!top || (second && second[1] === top[1])) return [];
  return top[0].split(',');
}

/**
 * The candidates, best first: the strongest kind present (amount due and grand total, then total,
 * then subtotal), the last one written first within a kind (a grand total closes the document; a
 * "Total" column heading comes before it). Tax, shipping and line amounts are never candidates.
 */
export function rankTotals(totals: readonly PoTotal[]): PoTotal[] {
  return totals
    .map((total, index) => ({ total, index }))
    .sort((a, b) => RANK[b.total.kind] - RANK[a.total.kind] || b.index - a.index)
    .map(({ total }) => total);
}
