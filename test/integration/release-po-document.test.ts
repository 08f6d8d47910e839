/**
 * The purchase-order PDF on the release (docs/architecture.md §7.1) over HTTP: the approver attaches
 * it to the revision, the reply carries what reading it found, and the release that names it stores
 * the comparison with the revision and the PO number, which the shop sees on the request. A matching
 * PO, one with another total, a scan and a PNG renamed `.pdf`; and a quote whose terms require the
 * document.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { accept, acceptBody, issueQuoteWithLink, staffOf } from '../support/release.js';
import { mailsAbout } from '../support/review.js';
import { pngNamedPdf, poPdf, scannedPoPdf } from '../support/pdfs.js';
import { probe } from '../support/probe.js';
import type { ShopRequestView } from '../../src/domain/contracts/index.js';

const SLOW = { timeout: 180_000 };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

interface Attached {
  id: string;
  name: string;
  sha256: string;
  reading: { status: string };
  error?: { code: string; fields?: Record<string, string> };
}

async function attach(revisionId: string, token: string, file: { name: string; data: Uint8Array; type?: string }) {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file.data)], { type: file.type ?? 'application/pdf' }), file.name);
  const response = await fetch(`${server.url}/api/quotes/${revisionId}/po-document`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Attached };
}

/** The quote fixture: 50 × €12.40 = €620.00, so a PO of those lines matches. */
const MATCHING = { lines: [{ description: 'Pump housing bracket, PETG', quantity: 50, unitMinor: 1240 }] };

async function releasedPoDocument(requestId: string) {
  const events = await probe.events(requestId);
  const release = events.find((row) => row.type === 'purchasing_accepted');
  return (release?.payload as { poDocument?: { outcome: string; summary: string; findings: string[] } }).poDocument;
}

describe('the PO document on a release', SLOW, () => {
  it('a matching PO: read, released with it, and the shop sees the match', async () => {
    const quote = await issueQuoteWithLink(server);
    const attached = await attach(quote.revisionId, quote.releaseToken, {
      name: 'PO-4411.pdf',
      data: await poPdf({ ...MATCHING, poNumber: 'PO-4411', quoteNumber: '' }),
    });
    expect(attached.status).toBe(201);
    expect(attached.body.reading.status).toBe('read');
    expect(attached.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const released = await accept(
      server,
      quote.revisionId,
      quote.releaseToken,
      acceptBody({ poDocumentId: attached.body.id }),
    );
    expect(released.status).toBe(201);
    const stored = await releasedPoDocument(quote.id);
    expect(stored?.outcome).toBe('match');
    // The shop's release mail carries the PO document; the customers' copies do not. The shop's
    // and the approver's carry the release certificate (docs/architecture.md §12).
    const releasedMails = (await mailsAbout(server, quote.reference)).filter((m) =>
      m.subject.includes('released the order'),
    );
    const certificate = `release-certificate-${quote.reference}-rev1.pdf`;
    expect(releasedMails.find((m) => m.to.includes('shop'))?.attachments).toEqual(['PO-4411.pdf', certificate]);
    expect(releasedMails.find((m) => m.to.includes('paul@acme.example'))?.attachments).toEqual([certificate]);
    expect(releasedMails.find((m) => m.to.includes('tina@acme.example'))?.attachments).toEqual([]);
    const staff = await staffOf(server);
    const shop = await staff.call<ShopRequestView>('GET', `/api/shop/requests/${quote.id}`);
    expect(shop.body.quotes[0]?.poDocument).toMatchObject({ name: 'PO-4411.pdf', outcome: 'match' });
    // The stored PDF downloads for the shop with the bytes' hash.
    const pdf = await fetch(`${server.url}/api/quotes/${quote.revisionId}/po-document`, {
      headers: { cookie: staff.cookie },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(attached.body.sha256);
  });

  it('a PO with another total: the mismatch names both amounts, and the release still stands', async () => {
    const quote = await issueQuoteWithLink(server);
    const attached = await attach(quote.revisionId, quote.releaseToken, {
      name: 'po.pdf',
      data: await poPdf({ ...MATCHING, poNumber: 'PO-4411', quoteNumber: '', totalMinor: 70_000 }),
    });
    expect(attached.status).toBe(201);
    const released = await accept(
      server,
      quote.revisionId,
      quote.releaseToken,
      acceptBody({ poDocumentId: attached.body.id }),
    );
    expect(released.status).toBe(201);
    const stored = await releasedPoDocument(quote.id);
    expect(stored?.outcome).toBe('mismatch');
    expect(stored?.findings.join(' ')).toContain('€700.00');
    expect(stored?.findings.join(' ')).toContain('€620.00');
  });

  it('a scanned PO: accepted and flagged not read', async () => {
    const quote = await issueQuoteWithLink(server);
    const attached = await attach(quote.revisionId, quote.releaseToken, {
      name: 'scan.pdf',
      data: await scannedPoPdf(),
    });
    expect(attached.status).toBe(201);
    expect(attached.body.reading.status).toBe('not_read');
    expect(
      (await accept(server, quote.revisionId, quote.releaseToken, acceptBody({ poDocumentId: attached.body.id })))
        .status,
    ).toBe(201);
    expect((await releasedPoDocument(quote.id))?.outcome).toBe('not_read');
  });

  it('a PNG renamed .pdf is refused naming the field, and nothing is stored', async () => {
    const quote = await issueQuoteWithLink(server);
    const png = await pngNamedPdf();
    const refused = await attach(quote.revisionId, quote.releaseToken, { ...png, type: 'application/pdf' });
    expect(refused.status).toBe(415);
    expect(Object.keys(refused.body.error?.fields ?? {})).toEqual(['file']);
    expect((await probe.events(quote.id)).some((row) => row.type === 'po_document_added')).toBe(false);
  });

  it('another revision’s document, or a made-up id, is refused beside the field', async () => {
    const quote = await issueQuoteWithLink(server);
    const other = await issueQuoteWithLink(server);
    const attached = await attach(other.revisionId, other.releaseToken, {
      name: 'po.pdf',
      data: await poPdf(MATCHING),
    });
    const reply = await accept(
      server,
      quote.revisionId,
      quote.releaseToken,
      acceptBody({ poDocumentId: attached.body.id }),
    );
    expect(reply.status).toBe(422);
    expect(reply.body.error.fields?.poDocumentId).toContain('attach the PDF again');
  });

  it('when the terms require the document, a release without one is refused beside the field', async () => {
    const quote = await issueQuoteWithLink(server, { quote: { poDocumentRequired: true } });
    const reply = await accept(server, quote.revisionId, quote.releaseToken);
    expect(reply.status).toBe(422);
    expect(reply.body.error.fields?.poDocumentId).toContain('Attach your purchase order as a PDF');
    const attached = await attach(quote.revisionId, quote.releaseToken, {
      name: 'po.pdf',
      data: await poPdf(MATCHING),
    });
    expect(
      (await accept(server, quote.revisionId, quote.releaseToken, acceptBody({ poDocumentId: attached.body.id })))
        .status,
    ).toBe(201);
  });
});
