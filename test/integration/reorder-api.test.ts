/**
 * Ordering again over HTTP (architecture §11, "Reorders"): a reorder with the approved files starts
 * at the inherited sign-off and is ready for production once purchasing releases its own new
 * quote; a changed file starts at awaiting review with the reason; another request's link cannot
 * reorder; the same reorder sent twice is one request; the shop can reorder too.
 */
import { createHash, randomUUID } from 'node:crypto';
import { eq } from '../../src/server/db/orm.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReorderResult } from '../../src/domain/contracts/intake.js';
import type { QuoteRevisionView } from '../../src/domain/contracts/quote-view.js';
import { getDb } from '../../src/server/db/index.js';
import { files } from '../../src/server/db/schema.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { binaryStl, getJson, tokenOf, upload } from '../support/intake.js';
import { createRequestWithLinks, mailsAbout, postWithToken, review, type CreatedRequest } from '../support/review.js';
import { accept, quoteForm, releaseLinkFor, staffOf } from '../support/release.js';
import { probe } from '../support/probe.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const bracket = binaryStl(1);
const bracketV2 = binaryStl(2);
const day = (iso: string) =>
  new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', timeZone: 'UTC' });
const neededBy = `${new Date().getUTCFullYear() + 1}-06-30`;
const reorderBody = (overrides: Record<string, unknown> = {}) => ({
  clientDraftId: randomUUID(),
  quantities: { openingLot: 80, total: 80, provisional: false },
  neededBy,
  ...overrides,
});
const storageKeys = async (requestId: string) =>
  (await getDb().select({ key: files.storageKey }).from(files).where(eq(files.requestId, requestId))).map((r) => r.key);

describe('order again', () => {
  let earlier: CreatedRequest;
  let approvedAt: string;
  const reorder = (body: unknown, token = earlier.statusToken, id = earlier.id) =>
    postWithToken<ReorderResult>(server.url, `/api/requests/${id}/reorder`, body, token);

  beforeAll(async () => {
    const sent = await upload(server.url, { name: 'bracket.stl', bytes: bracket });
    expect(sent.status).toBe(201);
    earlier = await createRequestWithLinks(server, { fileIds: [sent.body.id] });
    const approved = await postWithToken(
      server.url,
      `/api/requests/${earlier.id}/technical-review`,
      review(),
      earlier.reviewToken,
    );
    expect(approved.status).toBe(201);
    approvedAt = approved.body.recordedAt;
  });

  it('identical files inherit the sign-off, purchasing starts fresh, and a release makes it ready', async () => {
    const body = reorderBody();
    const created = await reorder(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ created: true, signOffCarried: true });
    expect(created.body.reviewReason).toBeUndefined();
    const again = await reorder(body);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ created: false, id: created.body.id, signOffCarried: true });

    const id = created.body.id;
    const token = tokenOf(created.body.statusUrl ?? '');
    const view = (await getJson(server.url, `/api/requests/${id}`, token)).body;
    expect(view.reorderOf).toMatchObject({
      reference: earlier.reference,
      sentence: `Reorder of ${earlier.reference}.`,
    });
    expect(view.quantities).toEqual({ openingLot: 80, total: 80, provisional: false });
    expect(view.part.name).toBe('Pump housing bracket');
    expect(view.contacts.purchasing.poStatus).toBe('none');
    expect(view.technical.state).toBe('direction_confirmed');
    expect(view.commercial.state).toBe('estimate');
    expect(view.readyForProduction).toBe(false);
    const [file] = view.files;
    expect(view.files).toHaveLength(1);
    expect(file?.sha256).toBe(sha256(bracket));
    expect(view.signOff).toMatchObject({
      status: 'current',
      decision: 'direction_confirmed',
      sentence: `Approved on the earlier order ${earlier.reference} by Tina Technik on ${day(approvedAt)}; same files.`,
      covers: [{ fileId: file?.id, name: 'bracket.stl', sha256: sha256(bracket) }],
    });
    // New rows, the same stored bytes.
    expect(file?.id).not.toBe(
      (await getJson(server.url, `/api/requests/${earlier.id}`, earlier.statusToken)).body.files[0]?.id,
    );
    expect(await storageKeys(id)).toEqual(await storageKeys(earlier.id));

    const events = await probe.events(id);
    expect(events.map((e) => e.type).slice(0, 2)).toEqual(['request_submitted', 'sign_off_inherited']);
    expect(events[1]?.payload).toMatchObject({
      fromRequestId: earlier.id,
      fromReference: earlier.reference,
      decidedBy: 'Tina Technik',
      decidedAt: approvedAt,
    });
    // Both contacts get their own links to the new request, as with any new request.
    const mails = await mailsAbout(server, created.body.reference);
    const linksTo = (who: string) => mails.filter((m) => m.to.includes(who)).flatMap((m) => m.links);
    expect(linksTo('tina@acme.example').some((l) => l.includes(`/review/?id=${id}#token=`))).toBe(true);
    expect(linksTo('paul@acme.example').some((l) => l.includes(`/status/?id=${id}#token=`))).toBe(true);

    const staff = await staffOf(server);
    const quote = await staff.call<QuoteRevisionView>('POST', `/api/shop/requests/${id}/quotes`, quoteForm());
    expect(quote.status).toBe(201);
    const released = await accept(server, quote.body.id, tokenOf(await releaseLinkFor(server, quote.body.id)));
    expect(released.status).toBe(201);
    expect((await getJson(server.url, `/api/requests/${id}`, token)).body.readyForProduction).toBe(true);
  });

  it('one changed file starts at awaiting review, saying why', async () => {
    const v2 = await upload(server.url, { name: 'bracket.stl', bytes: bracketV2 });
    expect(v2.status).toBe(201);
    const created = await reorder(reorderBody({ fileIds: [v2.body.id] }));
    expect(created.status).toBe(201);
    const reason = `bracket.stl is not among the 3D files approved on the earlier order ${earlier.reference}, so the technical contact reviews this order.`;
    expect(created.body).toMatchObject({ signOffCarried: false, reviewReason: reason });
    const view = (await getJson(server.url, `/api/requests/${created.body.id}`, tokenOf(created.body.statusUrl ?? '')))
      .body;
    expect(view.technical.state).toBe('awaiting_review');
    expect(view.signOff).toEqual({ status: 'none' });
    expect(view.reorderOf).toMatchObject({ reference: earlier.reference, signOffCarried: false, reviewReason: reason });
    expect(await probe.eventTypes(created.body.id)).not.toContain('sign_off_inherited');
  });

  it("another request's link cannot reorder this one", async () => {
    const other = await createRequestWithLinks(server);
    const refused = await reorder(reorderBody(), other.statusToken);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('WRONG_ROLE');
    const noLink = await postWithToken(server.url, `/api/requests/${earlier.id}/reorder`, reorderBody());
    expect(noLink.status).toBe(401);
  });

  it('a bad quantity is refused naming the field, and the shop can reorder too', async () => {
    const bad = await reorder(reorderBody({ quantities: { provisional: false } }));
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields ?? {}).join(' ')).toMatch(/quantities/);
    const staff = await staffOf(server);
    const byShop = await staff.call<ReorderResult>('POST', `/api/shop/requests/${earlier.id}/reorder`, reorderBody());
    expect(byShop.status).toBe(201);
    expect(byShop.body).toMatchObject({ created: true, signOffCarried: true });
    expect(byShop.body.statusUrl).toBeUndefined();
  });
});
