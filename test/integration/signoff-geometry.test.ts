/**
 * The technical sign-off bound to the geometry it covered (architecture §1, invariant 7), over HTTP:
 * the approval names the request's 3D files by hash, a changed STL uploaded through the technical
 * link reopens the review with a sentence saying what changed, identical bytes do not, and the
 * release and status pages' replies name the covered files.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuoteReleaseView } from '../../src/domain/contracts/quote-view.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { binaryStl, getJson, upload, validRequest } from '../support/intake.js';
import { postWithToken, review } from '../support/review.js';
import { accept, issueQuoteWithLink, type IssuedQuote } from '../support/release.js';
import { probe } from '../support/probe.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
// Tiny hand-built binary STLs (84-byte header, 50 bytes a triangle): what matters here is only that
// their bytes differ, not what the geometry core measures in them.
const bracket = binaryStl(1);
// Same name, other bytes: the customer's next version of the part.
const bracketV2 = binaryStl(2);

/** "3 March" as the sentences write a day (UTC, the event log's clock). */
const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });

describe('a technical sign-off is bound to the 3D files it covered', () => {
  let request: IssuedQuote;
  let approvedAt: string;
  const status = () => getJson(server.url, `/api/requests/${request.id}`, request.statusToken);
  const releasePage = () =>
    getJson<QuoteReleaseView>(server.url, `/api/quotes/${request.revisionId}`, request.releaseToken);
  const uploadAsTechnical = (name: string, bytes: Buffer) =>
    upload(server.url, { name, bytes }, { authorization: `Bearer ${request.reviewToken}` });

  beforeAll(async () => {
    const sent = await upload(server.url, { name: 'bracket.stl', bytes: bracket });
    expect(sent.status).toBe(201);
    request = await issueQuoteWithLink(server, { request: { ...validRequest(), fileIds: [sent.body.id] } });
  });

  it('the approval names each 3D file by id, name and SHA-256, and the release page shows them', async () => {
    const approved = await postWithToken(
      server.url,
      `/api/requests/${request.id}/technical-review`,
      review(),
      request.reviewToken,
    );
    expect(approved.status).toBe(201);
    expect(approved.body.technical.state).toBe('direction_confirmed');
    approvedAt = approved.body.recordedAt;

    const row = (await probe.events(request.id)).find((event) => event.type === 'technical_review');
    expect(row?.payload).toMatchObject({
      covers: [{ fileId: expect.any(String) as string, name: 'bracket.stl', sha256: sha256(bracket) }],
    });

    const page = await releasePage();
    expect(page.status).toBe(200);
    expect(page.body.signOff).toEqual({
      status: 'current',
      decision: 'direction_confirmed',
      at: approvedAt,
      sentence: `The technical contact approved on ${day(approvedAt)}, for this 3D file:`,
      covers: [
        {
          fileId: expect.any(String) as string,
          name: 'bracket.stl',
          sha256: sha256(bracket),
          shortHash: sha256(bracket).slice(0, 8),
        },
      ],
    });
    expect((await status()).body.signOff).toEqual(page.body.signOff);
  });

  it('once released, identical bytes uploaded again keep the sign-off and the readiness', async () => {
    const released = await accept(server, request.revisionId, request.releaseToken);
    expect(released.status).toBe(201);
    expect((await status()).body.readyForProduction).toBe(true);

    const again = await uploadAsTechnical('bracket.stl', bracket);
    expect(again.status).toBe(201);
    const added = (await probe.events(request.id)).findLast((event) => event.type === 'file_added');
    expect(added?.payload).toEqual({
      fileId: again.body.id,
      name: 'bracket.stl',
      kind: 'cad',
      sha256: sha256(bracket),
    });

    const view = (await status()).body;
    expect(view.technical.state).toBe('direction_confirmed');
    expect(view.readyForProduction).toBe(true);
    expect(view.signOff.status).toBe('current');
  });

  it('a changed STL through the technical link reopens the review, saying what changed', async () => {
    const changed = await uploadAsTechnical('bracket.stl', bracketV2);
    expect(changed.status).toBe(201);
    const sentence = `A new version of bracket.stl arrived after the technical contact approved on ${day(approvedAt)}; the review is open again.`;

    const view = (await status()).body;
    expect(view.technical).toEqual({ state: 'awaiting_review', label: expect.any(String) as string });
    // The release stands (invariant 3); production waits for the new review.
    expect(view.commercial.state).not.toBe('quoted');
    expect(view.readyForProduction).toBe(false);
    expect(view.handoffNote).toContain('production waits for technical review');
    expect(view.missing).toContain(
      'A new technical review by the technical contact: new 3D geometry arrived after the sign-off.',
    );
    expect(view.signOff).toMatchObject({
      status: 'reopened',
      sentence,
      covers: [{ name: 'bracket.stl', shortHash: sha256(bracket).slice(0, 8) }],
      arrived: [{ fileId: changed.body.id, name: 'bracket.stl', shortHash: sha256(bracketV2).slice(0, 8) }],
    });

    const page = (await releasePage()).body;
    expect(page.technical.state).toBe('awaiting_review');
    expect(page.signOff).toEqual(view.signOff);
  });

  it('a new approval covers the new version too, and production may start again', async () => {
    const approved = await postWithToken(
      server.url,
      `/api/requests/${request.id}/technical-review`,
      review(),
      request.reviewToken,
    );
    expect(approved.status).toBe(201);
    expect(approved.body.repeated).toBe(false);
    expect(approved.body.readyForProduction).toBe(true);

    const page = (await releasePage()).body;
    expect(page.signOff.status).toBe('current');
    if (page.signOff.status !== 'current') return;
    expect(page.signOff.covers.map((file) => [file.name, file.shortHash])).toEqual([
      ['bracket.stl', sha256(bracket).slice(0, 8)],
      ['bracket.stl', sha256(bracket).slice(0, 8)],
      ['bracket.stl', sha256(bracketV2).slice(0, 8)],
    ]);
  });
});
