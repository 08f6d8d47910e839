/**
 * The shop's supplier documents over HTTP (architecture §12): listed with sizes in GET /api/quotes/:id
 * for the purchasing link, each downloadable with its bytes and hash as the shop configured them in
 * content/shop/, all of them in one zip with a README.txt of the hashes; authorised like the quote
 * itself (the purchasing link of that revision, or a staff session), so another link, a revoked or a
 * superseded one is refused; a document the shop does not list is 404 in words.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuoteReleaseView } from '../../src/domain/contracts/quote-view.js';
import { revokeLinks } from '../../src/server/links/index.js';
import { getJson } from '../support/intake.js';
import { issueQuoteWithLink, reviseWithLink, staffOf, type IssuedQuote } from '../support/release.js';
import { startTestServer, type TestServer } from '../support/server.js';

const SLOW = { timeout: 180_000 };
const CONTENT = path.resolve(import.meta.dirname, '../../content/shop');

/** The packet as the shop configured it, read from the repository the way a shop edits it. */
const configured = (
  JSON.parse(readFileSync(path.join(CONTENT, 'vendor-packet.json'), 'utf8')) as {
    id: string;
    title: string;
    kind: string;
    file: string;
  }[]
).map((entry) => {
  const bytes = readFileSync(path.join(CONTENT, 'vendor-packet', entry.file));
  return { ...entry, bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
});

let server: TestServer;
let quote: IssuedQuote;

beforeAll(async () => {
  server = await startTestServer();
  quote = await issueQuoteWithLink(server);
});
afterAll(async () => {
  await server.close();
});

async function download(pathname: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${pathname}`, { headers });
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes };
}

const bearer = (token: string | undefined): Record<string, string> =>
  token ? { authorization: `Bearer ${token}` } : {};
const errorOf = (bytes: Uint8Array) =>
  (JSON.parse(strFromU8(bytes)) as { error: { code: string; message: string } }).error;

describe('the vendor packet', SLOW, () => {
  it('is listed with sizes on the quote the purchasing link opens', async () => {
    expect(configured.length).toBeGreaterThan(0);
    const reply = await getJson<QuoteReleaseView>(server.url, `/api/quotes/${quote.revisionId}`, quote.releaseToken);
    expect(reply.status).toBe(200);
    expect(reply.body.vendorPacket.documents).toEqual(
      configured.map((entry): unknown =>
        expect.objectContaining({
          id: entry.id,
          title: entry.title,
          kind: entry.kind,
          fileName: entry.file,
          bytes: entry.bytes.length,
          sha256: entry.sha256,
          url: `/api/quotes/${quote.revisionId}/vendor-documents/${entry.id}`,
        }),
      ),
    );
    expect(reply.body.vendorPacket.zipUrl).toBe(`/api/quotes/${quote.revisionId}/vendor-packet`);
    const zip = await download(reply.body.vendorPacket.zipUrl ?? '', bearer(quote.releaseToken));
    expect(reply.body.vendorPacket.zipBytes).toBe(zip.bytes.length);
  });

  it('downloads each document with its bytes, hash and file name, never cached', async () => {
    const { body } = await getJson<QuoteReleaseView>(server.url, `/api/quotes/${quote.revisionId}`, quote.releaseToken);
    for (const listed of body.vendorPacket.documents) {
      const file = await download(listed.url, bearer(quote.releaseToken));
      const entry = configured.find((candidate) => candidate.id === listed.id);
      expect({ id: listed.id, status: file.status }).toEqual({ id: listed.id, status: 200 });
      expect(Buffer.from(file.bytes).equals(entry?.bytes ?? Buffer.alloc(0))).toBe(true);
      expect(createHash('sha256').update(file.bytes).digest('hex')).toBe(listed.sha256);
      expect(file.headers.get('content-type')).toBe('application/pdf');
      expect(file.headers.get('content-disposition')).toBe(`attachment; filename="${listed.fileName}"`);
      expect(file.headers.get('cache-control')).toBe('private, no-store');
    }
  });

  it('zips every document with a README.txt listing each SHA-256', async () => {
    const zip = await download(`/api/quotes/${quote.revisionId}/vendor-packet`, bearer(quote.releaseToken));
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(zip.headers.get('content-disposition')).toBe(
      'attachment; filename="layerline-print-works-vendor-packet.zip"',
    );
    expect(zip.headers.get('cache-control')).toBe('private, no-store');
    const files = unzipSync(zip.bytes);
    expect(Object.keys(files).sort()).toEqual([...configured.map((entry) => entry.file), 'README.txt'].sort());
    const index = strFromU8(files['README.txt'] ?? new Uint8Array());
    for (const entry of configured) {
      expect(Buffer.from(files[entry.file] ?? new Uint8Array()).equals(entry.bytes)).toBe(true);
      expect(index).toContain(`   File:    ${entry.file} (${entry.bytes.length} bytes)\r\n   SHA-256: ${entry.sha256}`);
    }
  });

  it('opens for a staff session as the quote does', async () => {
    const staff = await staffOf(server);
    const [first] = configured;
    const file = await download(`/api/quotes/${quote.revisionId}/vendor-documents/${first?.id}`, {
      cookie: staff.cookie,
    });
    expect(file.status).toBe(200);
    expect(createHash('sha256').update(file.bytes).digest('hex')).toBe(first?.sha256);
    expect((await download(`/api/quotes/${quote.revisionId}/vendor-packet`, { cookie: staff.cookie })).status).toBe(
      200,
    );
  });

  it('answers a document the shop does not list with 404 in words', async () => {
    const file = await download(`/api/quotes/${quote.revisionId}/vendor-documents/w-8ben`, bearer(quote.releaseToken));
    expect(file.status).toBe(404);
    expect(errorOf(file.bytes)).toEqual({
      code: 'NOT_FOUND',
      message: 'The shop lists no supplier document under this name. The release page lists the ones it has.',
    });
  });

  it('refuses every other link before it looks for the document', async () => {
    const other = await issueQuoteWithLink(server);
    const revoked = await issueQuoteWithLink(server);
    await revokeLinks({ quoteRevisionId: revoked.revisionId, purpose: 'purchasing' });
    const superseded = await issueQuoteWithLink(server);
    await reviseWithLink(server, superseded.revisionId);
    const [first] = configured;

    const cases: [string, string, string | undefined, number, string][] = [
      ['no link', quote.revisionId, undefined, 401, 'UNAUTHENTICATED'],
      ['a made-up token', quote.revisionId, 'x'.repeat(43), 401, 'UNAUTHENTICATED'],
      ['the technical link', quote.revisionId, quote.reviewToken, 403, 'WRONG_ROLE'],
      ['another request’s purchasing link', quote.revisionId, other.releaseToken, 401, 'UNAUTHENTICATED'],
      ['a revoked link', revoked.revisionId, revoked.releaseToken, 401, 'LINK_REVOKED'],
      ['the link of a replaced revision', superseded.revisionId, superseded.releaseToken, 409, 'QUOTE_SUPERSEDED'],
    ];
    for (const [label, revisionId, token, status, code] of cases) {
      for (const pathname of [
        `/api/quotes/${revisionId}/vendor-documents/${first?.id}`,
        `/api/quotes/${revisionId}/vendor-documents/no-such-document`,
        `/api/quotes/${revisionId}/vendor-packet`,
      ]) {
        const reply = await download(pathname, bearer(token));
        expect({ label, pathname, status: reply.status, code: errorOf(reply.bytes).code }).toEqual({
          label,
          pathname,
          status,
          code,
        });
      }
    }
  });
});
