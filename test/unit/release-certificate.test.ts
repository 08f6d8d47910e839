/**
 * The release certificate read the way a buyer's tools read it (poppler's pdftotext, pdfinfo and
 * pdffonts): the PO, both approvers with their non-ASCII names, the € total, the revision, the hashes
 * of the PO document and the covered 3D files, and the technical state kept apart from the release;
 * a long trail over several pages with the header and "page N of M" on each; the same input giving
 * the same bytes; bad input refused naming the field.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ReleaseCertificateInput } from '../../src/domain/contracts/release-certificate.js';
import { isAppError } from '../../src/domain/errors.js';
import { renderReleaseCertificate } from '../../src/server/release/certificate.js';
import { pdfFonts, pdfInfo, pdfText, popplerAvailable } from '../support/poppler.js';

const hasPoppler = popplerAvailable('release certificate (pdftotext)');

const hash = (seed: string) => createHash('sha256').update(seed).digest('hex');
const STL_HASH = hash('bracket-left.stl');
const STEP_HASH = hash('bracket-right.step');
const PO_HASH = hash('PO-77812.pdf');

function trail(count: number): ReleaseCertificateInput['events'] {
  return Array.from({ length: count }, (_, index) => ({
    at: new Date(Date.UTC(2026, 2, 1, 8, index)).toISOString(),
    who: index % 2 === 0 ? 'Shop (Layerline staff)' : 'Purchasing approver (Zoë Łukasiewicz)',
    what: `Step ${index + 1}: a decision recorded in a sentence long enough to wrap in the table's widest column.`,
  }));
}

function fullInput(overrides: Partial<ReleaseCertificateInput> = {}): ReleaseCertificateInput {
  return {
    shop: {
      name: 'Layerline Print Works',
      legalName: 'Layerline Print Works GmbH',
      addressLines: ['Werkstraße 12', '70565 Stuttgart', 'Germany'],
      vatId: 'DE 318 442 907',
    },
    request: { reference: 'LPW-2026-0042', partName: 'Sensor bracket' },
    quote: {
      quoteNumber: 'QT-1A2B3C4D-0002',
      revision: 2,
      currency: 'eur',
      lines: [
        { description: 'Sensor bracket, PA12, opening lot', quantity: 50, unitAmountMinor: 2469, totalMinor: 123450 },
        { description: 'Set-up', quantity: 1, unitAmountMinor: 5000, totalMinor: 5000 },
      ],
      totalMinor: 128450,
      validUntil: '2026-04-02T00:00:00Z',
      paymentTermsDays: 30,
    },
    purchaseOrder: {
      number: 'PO-77812',
      document: { fileName: 'PO-77812.pdf', sha256: PO_HASH, check: { result: 'matches' } },
    },
    approvals: [
      {
        name: 'Zoë Łukasiewicz',
        jobTitle: 'Buyer',
        at: '2026-03-03T14:05:00Z',
        ip: '203.0.113.7',
        slot: 'first',
        thresholdMinor: 100000,
      },
      {
        name: 'Jens Müller',
        jobTitle: 'Head of purchasing',
        at: '2026-03-03T16:40:00Z',
        ip: '2001:db8::1',
        slot: 'second',
        thresholdMinor: 100000,
      },
    ],
    technical: {
      status: 'approved',
      decision: 'direction_confirmed',
      by: { name: 'Anders Ørsted', jobTitle: 'Design engineer' },
      at: '2026-03-02T09:00:00Z',
      covers: [
        { name: 'bracket-left.stl', sha256: STL_HASH },
        { name: 'bracket-right.step', sha256: STEP_HASH },
      ],
    },
    events: trail(6),
    issuedAt: '2026-03-03T16:41:00Z',
    ...overrides,
  };
}

/** pdftotext's layout with every run of white space made one space, so a phrase reads across columns and lines. */
const squeezed = (text: string) => text.replace(/\s+/g, ' ');

describe.skipIf(!hasPoppler)('the release certificate', () => {
  it('prints the PO, both approvers, the € total, the revision, the hashes and the technical state', async () => {
    const { bytes } = await renderReleaseCertificate(fullInput());
    const text = squeezed(pdfText(bytes));

    expect(text).toContain('Release certificate');
    expect(text).toContain(
      'Purchasing released quote QT-1A2B3C4D-0002 revision 2 on 3 March 2026, 16:40 UTC. This records the purchasing decision; the technical sign-off is recorded separately.',
    );
    expect(text).toContain('PO number PO-77812');
    expect(text).toContain(`SHA-256 ${PO_HASH}`);
    expect(text).toContain('Against the quote matches the quote');
    expect(text).toContain('Name Zoë Łukasiewicz');
    expect(text).toContain('Name Jens Müller');
    expect(text).toContain('First approval (a total above €1,000.00 needs a second)');
    expect(text).toContain('Second approval, required for a total above €1,000.00');
    expect(text).toContain('IP address 2001:db8::1');
    expect(text).toContain('Total €1,284.50');
    expect(text).toContain('Revision 2');
    expect(text).toContain('Werkstraße 12');
    expect(text).toContain('Decision Technical review confirmed the direction');
    expect(text).toContain('By Anders Ørsted, Design engineer');
    expect(text).toContain(`bracket-left.stl ${STL_HASH}`);
    expect(text).toContain(`bracket-right.step ${STEP_HASH}`);
    expect(text).not.toMatch(/technical review pending/i);

    // The second approver may release first: the release is dated by the later approval either way.
    const [first, second] = fullInput().approvals;
    if (!second) throw new Error('the full input has two approvals');
    const reversed = await renderReleaseCertificate(
      fullInput({ approvals: [{ ...second, at: '2026-03-03T09:10:00Z' }, first] }),
    );
    expect(squeezed(pdfText(reversed.bytes))).toContain('revision 2 on 3 March 2026, 14:05 UTC.');
  });

  it('embeds a real font with a Unicode map, so €, £ and Ł are glyphs of the document itself', async () => {
    const { bytes } = await renderReleaseCertificate(
      fullInput({
        quote: { ...fullInput().quote, currency: 'gbp' },
        technical: { status: 'pending' },
      }),
    );
    expect(squeezed(pdfText(bytes))).toContain('Total £1,284.50');
    const fonts = pdfFonts(bytes);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) {
      expect(font).toMatchObject({ type: 'CID TrueType', embedded: true, unicode: true });
      expect(font.name).toMatch(/^DejaVuSans/);
    }
    // Subset: a few kilobytes of the two ~700 KB font files.
    expect(bytes.length).toBeLessThan(80_000);
  });

  it('says the technical review is pending, and that production waits, when there is no sign-off', async () => {
    const note = 'A new version of bracket-left.stl arrived after the technical contact approved on 2 March.';
    const { bytes } = await renderReleaseCertificate(fullInput({ technical: { status: 'pending', note } }));
    const text = squeezed(pdfText(bytes));
    expect(text).toContain('Technical review pending: production waits.');
    expect(text).toContain(note);
    expect(text).not.toContain('Technical review confirmed the direction');
    expect(text).not.toContain(STL_HASH);
  });

  it('words a release without a PO number, without a PO document, and with one that could not be read', async () => {
    const noPo = squeezed(
      pdfText(
        (
          await renderReleaseCertificate(
            fullInput({
              purchaseOrder: { number: '', document: null },
              approvals: [{ ...fullInput().approvals[0], slot: 'first', thresholdMinor: undefined }],
            }),
          )
        ).bytes,
      ),
    );
    expect(noPo).toContain('PO number none: the shop allows this quote to be released without a PO number');
    expect(noPo).toContain('PO document none attached');
    expect(noPo).toContain('Approval Purchasing release');
    expect(noPo).toMatch(/Purchasing approval (?!s)/);

    const scanned = fullInput({
      purchaseOrder: {
        number: 'PO-77812',
        document: { fileName: 'scan.pdf', sha256: PO_HASH, check: { result: 'not_read', reason: 'scanned' } },
      },
    });
    expect(squeezed(pdfText((await renderReleaseCertificate(scanned)).bytes))).toContain('not read (scanned)');

    const differs = fullInput({
      purchaseOrder: {
        number: 'PO-77812',
        document: {
          fileName: 'PO-77812.pdf',
          sha256: PO_HASH,
          check: { result: 'differs', differences: ['the PO’s total is €1,300.00, the quote’s €1,284.50'] },
        },
      },
    });
    expect(squeezed(pdfText((await renderReleaseCertificate(differs)).bytes))).toContain(
      'differs: the PO’s total is €1,300.00, the quote’s €1,284.50',
    );
  });

  it('runs a 60-event trail over several pages, each with the header and "page N of M"', async () => {
    const { bytes } = await renderReleaseCertificate(fullInput({ events: trail(60) }));
    const pages = Number(pdfInfo(bytes).Pages);
    expect(pages).toBeGreaterThan(1);
    for (let page = 1; page <= pages; page += 1) {
      const text = squeezed(pdfText(bytes, { first: page, last: page }));
      expect(text).toContain('Layerline Print Works Release certificate · LPW-2026-0042');
      expect(text).toContain(`page ${page} of ${pages}`);
    }
    const all = squeezed(pdfText(bytes));
    for (const step of [1, 30, 60]) expect(all).toContain(`Step ${step}: a decision`);
    // The table's head is repeated where the trail continues.
    expect(squeezed(pdfText(bytes, { first: pages, last: pages }))).toContain('When (UTC) Who What');
  });

  it('gives the same bytes and SHA-256 for the same input, dated from the input and not the clock', async () => {
    const first = await renderReleaseCertificate(fullInput({ events: trail(60) }));
    const second = await renderReleaseCertificate(fullInput({ events: trail(60) }));
    expect(second.sha256).toBe(first.sha256);
    expect(Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    expect(first.sha256).toBe(createHash('sha256').update(first.bytes).digest('hex'));

    const later = await renderReleaseCertificate(fullInput({ events: trail(60), issuedAt: '2026-03-04T08:00:00Z' }));
    expect(later.sha256).not.toBe(first.sha256);

    const info = pdfInfo(first.bytes);
    expect(info).toMatchObject({
      Title: 'Release certificate LPW-2026-0042: QT-1A2B3C4D-0002 revision 2',
      Subject:
        'Purchasing release of quote QT-1A2B3C4D-0002 revision 2; the technical sign-off is recorded separately.',
      Author: 'Layerline Print Works GmbH',
      'Page size': '595.28 x 841.89 pts (A4)',
    });
    expect(new Date(info.CreationDate ?? '').toISOString()).toBe('2026-03-03T16:41:00.000Z');
    expect(new Date(info.ModDate ?? '').toISOString()).toBe('2026-03-03T16:41:00.000Z');
  });
});

describe('the release certificate’s input', () => {
  it.each([
    ['a fractional amount', { quote: { ...fullInput().quote, totalMinor: 1284.5 } }, 'quote.totalMinor'],
    [
      'a time that is no time',
      { approvals: [fullInput().approvals[0], { ...fullInput().approvals[1], at: 'yesterday' }] },
      'approvals.1.at',
    ],
    ['no approval at all', { approvals: [] as unknown as ReleaseCertificateInput['approvals'] }, 'approvals'],
    [
      'a covered file without a real hash',
      {
        technical: {
          status: 'approved',
          decision: 'direction_confirmed',
          by: { name: 'Anders Ørsted' },
          at: '2026-03-02T09:00:00Z',
          covers: [{ name: 'bracket-left.stl', sha256: 'abc' }],
        },
      },
      'technical.covers.0.sha256',
    ],
    ['an empty part name', { request: { reference: 'LPW-2026-0042', partName: ' ' } }, 'request.partName'],
    [
      'two first approvals',
      { approvals: [fullInput().approvals[0], { ...fullInput().approvals[1], slot: 'first' }] },
      'approvals.1.slot',
    ],
  ] as [string, Partial<ReleaseCertificateInput>, string][])(
    'refuses %s, naming the field',
    async (_label, overrides, field) => {
      const refusal: unknown = await renderReleaseCertificate(fullInput(overrides)).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isAppError(refusal) && refusal.code).toBe('VALIDATION');
      expect(isAppError(refusal) ? Object.keys(refusal.fields ?? {}) : []).toEqual([field]);
    },
  );
});
