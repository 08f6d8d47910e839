/**
 * The PO reader's core (domain/po-document.ts, architecture §7.1): what it reads from a
 * purchase order's text, however PDF extraction spaced it, and what it tells the approver when it
 * compares that with the revision being released.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatMoney } from '../../src/domain/money.js';
import {
  matchPoDocument,
  poKey,
  readPoText,
  type PoExpected,
  type PoFinding,
  type PoMoney,
  type PoTextReading,
} from '../../src/domain/po-document.js';

const revision: PoExpected = {
  poNumber: '4500012345',
  totalMinor: 124000,
  currency: 'eur',
  quoteNumber: 'QT-1A2B3C4D-0002',
  reference: 'PF-2026-0042',
};

function read(text: string | readonly string[]): PoTextReading {
  const reading = readPoText(text);
  if (reading.status !== 'read') throw new Error(`expected the text to be read, got ${reading.reason}`);
  return reading;
}

function finding<F extends PoFinding['field']>(findings: readonly PoFinding[], field: F) {
  const found = findings.find((f): f is Extract<PoFinding, { field: F }> => f.field === field);
  if (!found) throw new Error(`no ${field} finding`);
  return found;
}

/** The total the reader picks from a text, in the given currency's minor units. */
function totalIn(text: string, currency = 'eur'): PoMoney | undefined {
  const match = matchPoDocument(readPoText(text), { poNumber: '', totalMinor: 0, currency });
  return finding(match.findings, 'total').found;
}

/** A PO's body text, filler around what a test is about (enough letters to count as a text layer). */
const letterhead = 'Acme Fixtures GmbH\nIndustriestr. 12, 70565 Stuttgart\nPURCHASE ORDER\n';

describe('amounts as purchase orders write them', () => {
  it.each([
    ['€1.234,56', 'eur', 123456],
    ['1.234,56 €', 'eur', 123456],
    ['1,234.56 EUR', 'eur', 123456],
    ['EUR 1234.56', 'eur', 123456],
    ['USD 980.00', 'usd', 98000],
    ['$980', 'usd', 98000],
    ['US$ 980', 'usd', 98000],
    ['GBP 1,240.00', 'gbp', 124000],
    ['£1,240', 'gbp', 124000],
    ['1 234,56 €', 'eur', 123456],
    ["CHF 1'234.50", 'chf', 123450],
    ['₹12,34,567.00', 'inr', 123456700],
    ['¥98,000', 'jpy', 98000],
    ['KWD 1.234', 'kwd', 1234],
    ['1.234,567 KWD', 'kwd', 1234567],
    ['12.345,00 kr', 'sek', 1234500],
    // PDF text extraction: a number split in two runs, spaces around separators, glued signs.
    ['1,1 90.00 EUR', 'eur', 119000],
    ['1 . 190 , 00 €', 'eur', 119000],
    ['1, 190.00 EUR', 'eur', 119000],
    ['EUR1,190.00', 'eur', 119000],
    ['1190.00EUR', 'eur', 119000],
  ])('Total %s is %s %i', (written, currency, minor) => {
    expect(totalIn(`${letterhead}Total ${written}`, currency)).toEqual({ amountMinor: minor, currency });
  });

  it('reads a total without a currency sign in the revision’s decimals, and says no currency is written', () => {
    const match = matchPoDocument(readPoText(`${letterhead}Total: 98000`), {
      ...revision,
      currency: 'jpy',
      totalMinor: 98000,
    });
    expect(finding(match.findings, 'total')).toMatchObject({ status: 'matched', found: { amountMinor: 98000 } });
    expect(finding(match.findings, 'currency').words).toBe('The PDF names no currency; this revision is in JPY.');
  });

  it('takes the currency from the label or the rest of the document when the total has none', () => {
    expect(totalIn(`${letterhead}Total (EUR):\n1,190.00`)).toEqual({ amountMinor: 119000, currency: 'eur' });
    expect(totalIn(`${letterhead}Bracket\t€10.00\t€1,000.00\nClip\t€1.90\t€190.00\nTotal\t1,190.00`)).toEqual({
      amountMinor: 119000,
      currency: 'eur',
    });
  });

  it('never takes a percentage, a date, a quantity or part of an identifier for an amount', () => {
    for (const text of [
      'Total VAT rate 19%',
      'Total 12.03.2026',
      'Total quantity 1,500 pcs',
      'Total QT-1A2B3C4D-0002',
      'Total 2026-03-12',
      'Total DE123456789',
    ]) {
      expect(read(`${letterhead}${text}`).totals, text).toEqual([]);
    }
  });
});

describe('which amount is the total', () => {
  it.each([
    [
      'rows: lines, subtotal, VAT, total',
      'Pos\tDescription\tQty\tUnit price\tTotal\n1\tBracket\t100\t€10.00\t€1,000.00\nSubtotal\t€1,000.00\nVAT 19%\t€190.00\nTotal\t€1,190.00',
      119000,
    ],
    [
      'a column of labels, then a column of amounts',
      'Subtotal\nVAT 19%\nShipping\nTotal\n1,000.00 EUR\n190.00 EUR\n25.00 EUR\n1,215.00 EUR',
      121500,
    ],
    [
      'a label, then its amount on the next line',
      'Description\tAmount\nBracket\t€1,000.00\nGrand total\n€1,190.00',
      119000,
    ],
    [
      'a grand total after a "Total" column heading',
      'Item\tQty\tTotal\nBracket\t100\t€1,000.00\nGrand total €1,190.00',
      119000,
    ],
    ['the amount due over the total', 'Total €1,190.00\nDeposit paid €190.00\nAmount due €1,000.00', 100000],
    ['German labels', 'Nettobetrag 1.000,00 €\nMwSt. 19 % 190,00 €\nGesamtbetrag 1.190,00 €', 119000],
    ['total with VAT over total without', 'Total excl. VAT €1,000.00\nTotal incl. VAT €1,190.00', 119000],
    ['"Total VAT" is tax, not the total', 'Total VAT €190.00\nTotal €1,190.00', 119000],
    ['letter-spaced heading', 'G R A N D  T O T A L   €1,190.00', 119000],
    ['a summary table of headings over one row of amounts', 'Net\tVAT\tTotal\n€1,000.00\t€190.00\t€1,190.00', 119000],
    ['a total over a count', 'Total quantity 150\nTotal €1,190.00', 119000],
  ])('%s', (_, text, minor) => {
    expect(totalIn(`${letterhead}${text}`)).toEqual({ amountMinor: minor, currency: 'eur' });
  });

  it('falls back to the subtotal when the PO states no total, and says it is a subtotal', () => {
    const match = matchPoDocument(readPoText(`${letterhead}Subtotal €1,180.00`), revision);
    expect(finding(match.findings, 'total')).toMatchObject({ status: 'differs', kind: 'subtotal' });
    expect(finding(match.findings, 'total').words).toBe(
      "The PDF's subtotal is €1,180.00; this revision totals €1,240.00.",
    );
  });

  it('finds no total in a heading over item rows, nor in tax or shipping alone', () => {
    for (const text of [
      'Pos\tDescription\tQty\tUnit price\tTotal\n1\tBracket\t100\t€10.00\t€1,000.00',
      'Item\tQty\tTotal\nBracket\t100\t€1,000.00',
      'VAT 19% €190.00\nShipping €25.00',
    ]) {
      expect(read(`${letterhead}${text}`).totals, text).toEqual([]);
    }
  });
});

describe('PO numbers, quote numbers and request references', () => {
  it.each([
    ['PO: 4500012345', '4500012345'],
    ['PO# 4711-A', '4711-A'],
    ['P.O. No. 98765', '98765'],
    ['Purchase Order #: PO-2026-118', 'PO-2026-118'],
    ['Purchase Order Number\n4500012345', '4500012345'],
    ['PURCHASE ORDER\nNo. 4500012345', '4500012345'],
    ['Bestellnummer: 4500012345', '4500012345'],
    ['Bestell-Nr. 4711', '4711'],
    ['Order number: 10042', '10042'],
    ['Our order no. 55-1234', '55-1234'],
    ['PO Number:\t4500 012345', '4500012345'],
    ['P O Number: 4500012345', '4500012345'],
  ])('%s → %s', (text, number) => {
    expect(read(`${letterhead}${text}`).poNumbers[0]).toBe(number);
  });

  it('a PO box, a date, a company name and the shop’s references are not PO numbers', () => {
    for (const text of [
      'PO Box 1234',
      'P.O. Box 99',
      'Purchase Order\nAcme GmbH',
      'PO date: 12.03.2026',
      'Purchase order 12.03.2026',
      'Purchase order PF-2026-0042',
      'Purchase order QT-1A2B3C4D-0002',
    ]) {
      expect(read(`Acme Fixtures GmbH\nIndustriestr. 12, 70565 Stuttgart\n${text}`).poNumbers, text).toEqual([]);
    }
  });

  it('reads Stripe quote numbers however the PDF spaced or wrapped them, and the portal’s references', () => {
    const reading = read(
      `${letterhead}Your quote qt - 1a2b3c4d - 0002 of 3 March\nreplaces QT-1A2B3C4D-\n0001-2, QT-1A2B3C4D-0002-3\nRe: PF 2026 42`,
    );
    expect(reading.quoteNumbers).toEqual(['QT-1A2B3C4D-0002', 'QT-1A2B3C4D-0001-2', 'QT-1A2B3C4D-0002-3']);
    expect(reading.references).toEqual(['PF-2026-0042']);
  });

  it('compares PO numbers by letters and digits, without a leading "PO" or leading zeros', () => {
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[0-9A-Z]{1,5}$/), { minLength: 1, maxLength: 4 }),
        fc.constantFrom('', ' ', '-', '/', '.'),
        fc.boolean(),
        (groups, separator, lower) => {
          const plain = groups.join('');
          const written = groups.join(separator);
          expect(poKey(lower ? written.toLowerCase() : written)).toBe(poKey(plain));
          expect(poKey(`PO-${written}`)).toBe(poKey(/^\d/.test(plain) ? plain : `PO${plain}`));
        },
      ),
    );
    expect(poKey('0004711')).toBe(poKey('4711'));
    expect(poKey('A-0047')).not.toBe(poKey('A-47'));
  });
});

describe('a text with nothing to read', () => {
  it('is not read when it has fewer than 20 letters and digits (a scan with a page number)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[\s\d.,:/-]{0,40}$/), fc.stringMatching(/^[A-Za-z0-9]{0,19}$/), (noise, word) => {
        const digits = (noise.match(/\d/g) ?? []).length;
        fc.pre(digits + word.length < 20);
        expect(readPoText(`${noise}${word}`)).toEqual({ status: 'not_read', reason: 'no_text' });
      }),
    );
    expect(readPoText(['', '  \n ', 'Page 1 of 1'])).toEqual({ status: 'not_read', reason: 'no_text' });
  });

  it('reading and matching never throw, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const match = matchPoDocument(readPoText(text), revision);
        expect(['match', 'mismatch', 'not_read']).toContain(match.outcome);
      }),
    );
  });
});

describe('comparing with the revision', () => {
  const po = (body: string) => readPoText(`${letterhead}${body}`);

  it('says per field what agrees, differs or is missing, in the approver’s words', () => {
    const scenarios: Record<string, [ReturnType<typeof readPoText>, PoExpected]> = {
      all_agree: [po('PO No. 4500012345\nQuote QT-1A2B3C4D-0002\nTotal €1,240.00'), revision],
      other_figures: [po('PO No. 4500012399\nQuote QT-1A2B3C4D-0001\nTotal USD 1,180.00'), revision],
      earlier_revision: [
        po('PO No. 4500012345\nQuote QT-1A2B3C4D-0002\nTotal €1,240.00'),
        { ...revision, quoteNumber: 'QT-1A2B3C4D-0002-2' },
      ],
      nothing_labelled: [po('Bezug 4500012345, Anfrage PF-2026-0042\nTotal $1,240.00'), revision],
      nothing_found: [po('Thank you for your offer; we order as discussed.'), revision],
      nothing_typed: [
        po('PO No. 4500012345\nQT-1A2B3C4D-0002\nTotal 1.240,00 €'),
        { ...revision, poNumber: '', quoteNumber: undefined },
      ],
      other_request: [po('Your ref PF-2026-0041\nTotal €1,240.00'), revision],
    };
    const words = Object.fromEntries(
      Object.entries(scenarios).map(([name, [reading, expected]]) => {
        const match = matchPoDocument(reading, expected);
        return [name, [`${match.outcome}: ${match.summary}`, ...match.findings.map((f) => `${f.status}: ${f.words}`)]];
      }),
    );
    expect(words).toMatchInlineSnapshot(`
      {
        "all_agree": [
          "match: The purchase order agrees with this revision.",
          "matched: The PDF's PO number, 4500012345, matches the one typed.",
          "matched: The PDF's total, €1,240.00, matches this revision.",
          "matched: The PDF's amounts are in EUR, like this revision.",
          "matched: The PDF names quote QT-1A2B3C4D-0002, this revision.",
        ],
        "earlier_revision": [
          "mismatch: The purchase order differs from this revision in its quote number. Check the PDF before releasing.",
          "matched: The PDF's PO number, 4500012345, matches the one typed.",
          "matched: The PDF's total, €1,240.00, matches this revision.",
          "matched: The PDF's amounts are in EUR, like this revision.",
          "differs: The PDF names quote QT-1A2B3C4D-0002, an earlier revision of this quote; this revision is QT-1A2B3C4D-0002-2.",
        ],
        "nothing_found": [
          "not_read: We found no total in the PDF, so it was not compared with this revision. Check it against the quote yourself.",
          "not_found: We found no PO number in the PDF; the one typed is 4500012345.",
          "not_found: We found no total in the PDF; this revision totals €1,240.00.",
          "not_found: The PDF names no currency; this revision is in EUR.",
          "not_found: We found no quote number in the PDF; this revision is QT-1A2B3C4D-0002.",
        ],
        "nothing_labelled": [
          "mismatch: The purchase order differs from this revision in its total and currency. Check the PDF before releasing.",
          "matched: The PDF mentions 4500012345, the PO number typed.",
          "differs: The PDF's total is $1,240.00; this revision totals €1,240.00.",
          "differs: The PDF's amounts are in $; this revision is in EUR.",
          "matched: The PDF names no quote number but cites PF-2026-0042, the request this revision belongs to.",
        ],
        "nothing_typed": [
          "match: The purchase order agrees with this revision.",
          "unchecked: The PDF's PO number is 4500012345; none was typed.",
          "matched: The PDF's total, €1,240.00, matches this revision.",
          "matched: The PDF's amounts are in EUR, like this revision.",
          "unchecked: The PDF names quote QT-1A2B3C4D-0002; this revision has no quote number yet to compare.",
        ],
        "other_figures": [
          "mismatch: The purchase order differs from this revision in its PO number, total, currency and quote number. Check the PDF before releasing.",
          "differs: The PDF's PO number is 4500012399; the one typed is 4500012345.",
          "differs: The PDF's total is US$1,180.00; this revision totals €1,240.00.",
          "differs: The PDF's amounts are in USD; this revision is in EUR.",
          "differs: The PDF names quote QT-1A2B3C4D-0001; this revision is QT-1A2B3C4D-0002.",
        ],
        "other_request": [
          "mismatch: The purchase order differs from this revision in its quote number. Check the PDF before releasing.",
          "not_found: We found no PO number in the PDF; the one typed is 4500012345.",
          "matched: The PDF's total, €1,240.00, matches this revision.",
          "matched: The PDF's amounts are in EUR, like this revision.",
          "differs: The PDF cites request PF-2026-0041; this revision belongs to PF-2026-0042.",
        ],
      }
    `);
  });

  it('a dollar sign fits any dollar currency, and is named as written when it does not fit', () => {
    const reading = po('Total $1,240.00');
    expect(finding(matchPoDocument(reading, { ...revision, currency: 'cad' }).findings, 'currency')).toMatchObject({
      status: 'matched',
      words: 'The PDF writes its amounts in $, which fits CAD, the currency of this revision.',
    });
    expect(matchPoDocument(reading, { ...revision, currency: 'cad' }).outcome).not.toBe('mismatch');
  });

  it('refuses an expected total that is not whole minor units, or a currency not stored lower-case', () => {
    const reading = po('Total €1,240.00');
    expect(() => matchPoDocument(reading, { ...revision, totalMinor: 12.5 })).toThrow(RangeError);
    expect(() => matchPoDocument(reading, { ...revision, currency: 'EUR' })).toThrow(RangeError);
  });

  it('not read: no findings, and a summary saying why', () => {
    expect(matchPoDocument({ status: 'not_read', reason: 'timeout' }, revision)).toEqual({
      outcome: 'not_read',
      reason: 'timeout',
      summary:
        'The PDF took too long to read, so it was not compared with this revision. Check it against the quote yourself.',
      findings: [],
    });
  });
});

describe('properties', () => {
  // ICU's own spellings: $US and £GB in French, JP¥ in British English, Nkr in Swedish, 元 in Japanese.
  const LOCALES = [
    'en-GB', 'en-US', 'de-DE', 'fr-FR', 'de-CH', 'en-IN', 'ja-JP', 'sv-SE', 'es-ES', 'it-IT',
    'nl-NL', 'pl-PL', 'da-DK', 'nb-NO', 'en-CA', 'fr-CA', 'en-AU', 'zh-CN', 'pt-BR',
  ] as const; // prettier-ignore
  const CURRENCIES = [
    'eur', 'usd', 'gbp', 'chf', 'jpy', 'sek', 'inr', 'kwd', 'cad', 'aud', 'nok', 'dkk', 'pln', 'czk', 'cny',
  ] as const; // prettier-ignore
  const LABELS = ['Total', 'Grand total', 'Amount due', 'Gesamtbetrag', 'Total amount', 'Summe'] as const;
  const BETWEEN = [': ', '\t', '\n', ':\n', ' ', '  ', ' (incl. VAT): '] as const;

  it('a total formatted in any locale reads back to its exact minor units and currency', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e12 }),
        fc.constantFrom(...CURRENCIES),
        fc.constantFrom(...LOCALES),
        fc.constantFrom(...LABELS),
        fc.constantFrom(...BETWEEN),
        (minor, currency, locale, label, between) => {
          const text = `${letterhead}${label}${between}${formatMoney(minor, currency, locale)}`;
          const match = matchPoDocument(readPoText(text), { poNumber: '', totalMinor: minor, currency });
          expect(finding(match.findings, 'total'), text).toMatchObject({
            status: 'matched',
            found: { amountMinor: minor, currency },
          });
          expect(finding(match.findings, 'currency').status, text).toBe('matched');
        },
      ),
      { numRuns: 1000 },
    );
  });

  const line = fc.record({
    quantity: fc.integer({ min: 1, max: 5000 }),
    unitMinor: fc.integer({ min: 1, max: 2_000_000 }),
  });

  it('among line amounts, a subtotal, VAT and shipping, in rows or in columns, the total is the one picked', () => {
    fc.assert(
      fc.property(
        fc.array(line, { minLength: 1, maxLength: 8 }),
        fc.constantFrom(0, 7, 19, 20),
        fc.integer({ min: 0, max: 50_000 }),
        fc.constantFrom('rows', 'columns'),
        fc.constantFrom('en-GB', 'de-DE'),
        (lines, vatPercent, shippingMinor, layout, locale) => {
          const money = (minor: number) => formatMoney(minor, 'eur', locale);
          const net = lines.reduce((sum, l) => sum + l.quantity * l.unitMinor, 0);
          const vat = Math.round((net * vatPercent) / 100);
          const total = net + vat + shippingMinor;
          const items = lines.map(
            (l, i) =>
              `${i + 1}\tPart ${i + 1}\t${l.quantity}\t${money(l.unitMinor)}\t${money(l.quantity * l.unitMinor)}`,
          );
          const summary: [string, number][] = [
            ['Subtotal', net],
            [`VAT ${vatPercent}%`, vat],
            ['Shipping', shippingMinor],
            ['Total', total],
          ];
          const block =
            layout === 'rows'
              ? summary.map(([label, minor]) => `${label}\t${money(minor)}`).join('\n')
              : [...summary.map(([label]) => label), ...summary.map(([, minor]) => money(minor))].join('\n');
          const text = `${letterhead}Pos\tDescription\tQty\tUnit price\tTotal\n${items.join('\n')}\n${block}`;
          const expected: PoExpected = { poNumber: '', totalMinor: total, currency: 'eur' };
          expect(matchPoDocument(readPoText(text), expected).outcome, text).toBe('match');
          const other = matchPoDocument(readPoText(text), { ...expected, totalMinor: total + 1 });
          expect(other.outcome).toBe('mismatch');
          expect(finding(other.findings, 'total').words).toBe(
            `The PDF's total is ${formatMoney(total, 'eur')}; this revision totals ${formatMoney(total + 1, 'eur')}.`,
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the typed PO number is found after any PO label, however the PDF spaced it', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[1-9][0-9]{5,9}$/),
        fc.constantFrom('PO', 'P.O. No.', 'Purchase Order #', 'Bestellnummer', 'Order number', 'PO Number'),
        fc.constantFrom(': ', ' ', '\t', '\n', ':\n', ' # '),
        (number, label, between) => {
          const reading = readPoText(`${letterhead}${label}${between}${number}\nTotal €1,240.00`);
          const match = matchPoDocument(reading, { ...revision, poNumber: ` ${number} ` });
          expect(finding(match.findings, 'po_number'), `${label}${between}${number}`).toMatchObject({
            status: 'matched',
            found: number,
          });
        },
      ),
    );
  });
});
