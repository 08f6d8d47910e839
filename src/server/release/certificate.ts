/**
 * The release certificate (architecture §12): one PDF recording that purchasing released one quote
 * revision (who, when, from where, under which PO), and beside it, as a separate fact, where the
 * technical sign-off stands with the 3D files it covered (architecture §1). Then the request's event
 * trail. The same input always gives the same bytes: the PDF's dates come from `issuedAt`, never the
 * clock, and pdf-lib names its font subsets from a fixed seed, so the SHA-256 can be quoted.
 */
import { createHash } from 'node:crypto';
// The minified build of the same release (fontkit-min.d.ts): half the bytes in every function that
// ships the certificate (architecture §9).
import fontkit from '@pdf-lib/fontkit/dist/fontkit.umd.min.js';
import { PDFDocument } from 'pdf-lib';
import type { ReleaseCertificateInput } from '../../domain/contracts/release-certificate.js';
import { formatMoney } from '../../domain/money.js';
import { releaseCertificateInputSchema } from '../../domain/release-certificate-schema.js';
import { AppError } from '../../domain/errors.js';
import { fieldErrors } from '../../domain/field-errors.js';
import { documentFonts } from './certificate-font.js';
import {
  approvalWords,
  dayWords,
  paymentTermsWords,
  poCheckWords,
  SIGN_OFF_DECISION_WORDS,
  statementWords,
  TECHNICAL_PENDING,
  timeWords,
} from './certificate-words.js';
import { PdfWriter } from './pdf-writer.js';

export type { ReleaseCertificateInput };

/**
 * One glyph per character, no ligatures or contextual forms: "fi" stays two letters for a reader that
 * copies or searches the text, and fontkit lays a string out four times faster without its OpenType
 * lookups (pdf-lib ignores kerning either way). Text is composed first (NFC), so a name typed as "e"
 * plus a combining diaeresis prints as "ë".
 */
const PLAIN_SHAPING = Object.fromEntries(
  ['ccmp', 'locl', 'mark', 'mkmk', 'liga', 'clig', 'calt', 'rlig', 'kern'].map((feature) => [feature, false]),
);

export interface RenderedCertificate {
  bytes: Uint8Array;
  /** Hex SHA-256 of `bytes`. */
  sha256: string;
}

/** Renders the certificate; an input that would print wrong is refused as 422 naming the field. */
export async function renderReleaseCertificate(input: ReleaseCertificateInput): Promise<RenderedCertificate> {
  const parsed = releaseCertificateInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('VALIDATION', 'The release certificate cannot be drawn from these facts.', {
      fields: fieldErrors(parsed.error),
    });
  }
  const facts = parsed.data;
  const fonts = await documentFonts();
  const doc = await PDFDocument.create({ updateMetadata: false });
  doc.registerFontkit(fontkit);
  const regular = await doc.embedFont(fonts.regular, { subset: true, features: PLAIN_SHAPING });
  const bold = await doc.embedFont(fonts.bold, { subset: true, features: PLAIN_SHAPING });
  const { quote, request, shop } = facts;
  const which = `${quote.quoteNumber} revision ${quote.revision}`;

  const out = new PdfWriter(
    doc,
    { regular, bold },
    { left: shop.name, right: `Release certificate · ${request.reference}` },
  );
  out.title('Release certificate');
  out.text(`${request.reference} · ${request.partName} · issued ${timeWords(facts.issuedAt)}`, {
    muted: true,
    after: 10,
  });
  out.text(statementWords(facts), { size: 11, after: 6 });

  out.heading('Shop');
  out.labelled([
    ['Shop', shop.legalName && shop.legalName !== shop.name ? `${shop.name} (${shop.legalName})` : shop.name],
    ...(shop.addressLines.length ? [['Address', shop.addressLines.join('\n')] as [string, string]] : []),
    ...(shop.vatId ? [['VAT ID', shop.vatId] as [string, string]] : []),
  ]);

  const money = (minor: number) => formatMoney(minor, quote.currency);
  out.heading('Quote revision');
  out.labelled([
    ['Request', `${request.reference}: ${request.partName}`],
    ['Stripe quote', quote.quoteNumber],
    ['Revision', String(quote.revision)],
    ['Currency', quote.currency.toUpperCase()],
    ['Valid until', dayWords(quote.validUntil)],
    ['Payment terms', paymentTermsWords(quote.paymentTermsDays)],
  ]);
  out.table(
    [
      { title: 'Description', width: 0.46 },
      { title: 'Quantity', width: 0.14, align: 'right' },
      { title: 'Unit price', width: 0.2, align: 'right' },
      { title: 'Line total', width: 0.2, align: 'right' },
    ],
    [
      ...quote.lines.map((line) => [
        line.description,
        String(line.quantity),
        money(line.unitAmountMinor),
        money(line.totalMinor),
      ]),
      ['Total', '', '', money(quote.totalMinor)],
    ],
  );

  const po = facts.purchaseOrder;
  out.heading('Purchase order');
  out.labelled([
    ['PO number', po.number || 'none: the shop allows this quote to be released without a PO number'],
    ...(po.document
      ? ([
          ['PO document', po.document.fileName],
          ['SHA-256', po.document.sha256],
          ['Against the quote', poCheckWords(po.document.check)],
        ] as [string, string][])
      : ([['PO document', 'none attached']] as [string, string][])),
  ]);

  out.heading(facts.approvals.length > 1 ? 'Purchasing approvals' : 'Purchasing approval');
  for (const approval of facts.approvals) {
    out.labelled([
      ['Approval', approvalWords(approval, facts.approvals.length, quote.currency)],
      ['Name', approval.name],
      ['Job title', approval.jobTitle],
      ['Time', timeWords(approval.at)],
      ['IP address', approval.ip],
    ]);
  }

  out.heading('Technical sign-off');
  out.text(
    'Recorded separately from the purchasing release: a technical go-ahead is not an order, and an order is not a technical go-ahead.',
    {
      muted: true,
      size: 9,
    },
  );
  const technical = facts.technical;
  if (technical.status === 'pending') {
    out.text(TECHNICAL_PENDING, { bold: true });
    if (technical.note) out.text(technical.note);
  } else {
    out.labelled([
      ['Decision', SIGN_OFF_DECISION_WORDS[technical.decision]],
      ['By', technical.by.jobTitle ? `${technical.by.name}, ${technical.by.jobTitle}` : technical.by.name],
      ['Time', timeWords(technical.at)],
    ]);
    if (technical.covers.length === 0) out.text('It covers no 3D file: the request had none at the time.');
    else {
      out.text(
        `It covers ${technical.covers.length === 1 ? 'this 3D file' : `these ${technical.covers.length} 3D files`}:`,
      );
      out.table(
        [
          { title: 'File', width: 0.3 },
          { title: 'SHA-256', width: 0.7 },
        ],
        technical.covers.map((file) => [file.name, file.sha256]),
        { size: 8.5 },
      );
    }
  }

  out.heading('Event trail');
  if (facts.events.length === 0) out.text('No events recorded.');
  else
    out.table(
      [
        { title: 'When (UTC)', width: 0.22 },
        { title: 'Who', width: 0.28 },
        { title: 'What', width: 0.5 },
      ],
      facts.events.map((event) => [timeWords(event.at).replace(' UTC', ''), event.who, event.what]),
      { size: 8.5 },
    );
  out.finish(`${request.reference} · ${which}`);

  const issued = new Date(facts.issuedAt);
  doc.setTitle(`Release certificate ${request.reference}: ${which}`, { showInWindowTitleBar: true });
  doc.setSubject(`Purchasing release of quote ${which}; the technical sign-off is recorded separately.`);
  doc.setAuthor(shop.legalName ?? shop.name);
  doc.setCreator(`${shop.name} quote portal`);
  doc.setProducer('pdf-lib');
  doc.setKeywords(['release certificate', request.reference, quote.quoteNumber]);
  doc.setLanguage('en-GB');
  doc.setCreationDate(issued);
  doc.setModificationDate(issued);
  const bytes = await doc.save();
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
