/**
 * Technical review and first article over HTTP: who may decide, what is recorded, what is mailed,
 * and that no technical decision ever moves the commercial track or reaches Stripe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLink, revokeLinks } from '../../src/server/links/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { getJson, pngBytes, tokenOf, upload } from '../support/intake.js';
import {
  createRequestWithLinks,
  mailsAbout,
  outbox,
  postWithToken,
  review,
  sampleFirst,
  type CreatedRequest,
} from '../support/review.js';
import { probe } from '../support/probe.js';
import { issueQuoteWithLink, staffOf } from '../support/release.js';
import type { TechnicalEventResult } from '../support/views.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const reviewPath = (id: string) => `/api/requests/${id}/technical-review`;

/** The shop records a shipped sample from its inbox (staff session, over HTTP). */
async function shipSample(requestId: string, shipment: Record<string, string> = {}) {
  const staff = await staffOf(server);
  return staff.call<TechnicalEventResult>('POST', `/api/shop/requests/${requestId}/sample-shipped`, shipment);
}
const firstArticlePath = (id: string) => `/api/requests/${id}/first-article`;

/** The commercial track as the status page sees it (rebuilt from the event log on every read). */
async function commercialState(request: CreatedRequest): Promise<string | undefined> {
  const view = await getJson(server.url, `/api/requests/${request.id}`, request.statusToken);
  return view.body.commercial?.state;
}

describe('POST /api/requests/:id/technical-review', () => {
  let request: CreatedRequest;
  beforeAll(async () => {
    request = await createRequestWithLinks(server);
  });

  it('records the decision with role, person, checklist, notes, files, IP and user agent', async () => {
    const markup = await upload(
      server.url,
      { name: 'markup.png', bytes: await pngBytes(), type: 'image/png' },
      { authorization: `Bearer ${request.reviewToken}` },
    );
    expect(markup.status).toBe(201);
    const answer = await postWithToken(
      server.url,
      reviewPath(request.id),
      review({ fileIds: [markup.body.id] }),
      request.reviewToken,
      { 'user-agent': 'review-test/1.0', 'x-forwarded-for': '203.0.113.9' },
    );
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      type: 'technical_review',
      repeated: false,
      supersedes: false,
      technical: { state: 'direction_confirmed', label: 'Direction confirmed' },
      commercial: { state: 'estimate' },
      readyForProduction: false,
    });

    const rows = await probe.events(request.id);
    const decision = rows.find((row) => row.id === answer.body.eventId)!;
    expect(decision).toMatchObject({
      type: 'technical_review',
      role: 'technical',
      actorName: 'Tina Technik',
      actorEmail: 'tina@acme.example',
      // The local server, like Vercel, sets X-Forwarded-For itself: a client cannot choose its recorded address.
      ip: '127.0.0.1',
      userAgent: 'review-test/1.0',
    });
    expect(decision.payload).toEqual({
      decision: 'direction_confirmed',
      notes: 'Matches the drawing; finish can stay as printed.',
      checklist: {
        conceptSolvesProblem: 'yes',
        rightVersion: 'yes',
        materialFitsEnvironment: 'yes',
        sampleNeeded: 'no',
        remainingUnknowns: ['finish'],
      },
      fileIds: [markup.body.id],
      // A sign-off names the 3D files it covered (architecture §1, invariant 7); this request has none.
      covers: [],
    });
    expect(await commercialState(request)).toBe('estimate');

    const view = await getJson(server.url, `/api/requests/${request.id}`, request.statusToken);
    expect(view.body.technical.state).toBe('direction_confirmed');
    expect(view.body.commercial.state).toBe('estimate');
    expect(view.body.files.map((f: { name: string }) => f.name)).toContain('markup.png');
  });

  it('mails the shop and the approver the handoff note and what the decision does not authorise', async () => {
    const mails = await mailsAbout(server, request.reference);
    const shop = mails.find((m) => m.to === 'shop@localhost' && m.subject.includes('Direction confirmed'))!;
    const approver = mails.find((m) => m.to === 'paul@acme.example' && m.subject.includes('technical update'))!;
    for (const mail of [shop, approver]) {
      expect(mail.text).toContain('This is technical feedback, not an order release.');
      expect(mail.text).toContain('Where things stand:');
      expect(mail.text).toContain('Files added: markup.png');
    }
    expect(shop.text).toContain('Do not start production or invoice');
    expect(shop.text).toContain('Only Paul Purchase (purchasing approver) can release the order');
    // The approver's own mail speaks to them.
    expect(approver.text).toContain(
      'Only you can release the order, by accepting a quote through your own purchasing link.',
    );
    expect(approver.text).toContain('nothing is asked of you');
  });

  it('repeating the same decision stores and sends nothing new (200)', async () => {
    const before = (await probe.events(request.id)).length;
    const mailsBefore = (await outbox(server)).length;
    const again = await postWithToken(server.url, reviewPath(request.id), review(), request.reviewToken);
    // Without the file id it is a different decision: it supersedes the one with the markup.
    expect(again.status).toBe(201);
    const repeat = await postWithToken(server.url, reviewPath(request.id), review(), request.reviewToken);
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ repeated: true, eventId: again.body.eventId });
    expect((await probe.events(request.id)).length).toBe(before + 1);
    expect((await outbox(server)).length).toBe(mailsBefore + 2);
  });

  it('a later decision supersedes an earlier one and the history keeps both', async () => {
    const later = await postWithToken(
      server.url,
      reviewPath(request.id),
      review({ decision: 'changes_requested', notes: 'Move the hole 2 mm towards the edge.' }),
      request.reviewToken,
    );
    expect(later.status).toBe(201);
    expect(later.body).toMatchObject({ supersedes: true, technical: { state: 'changes_requested' } });
    const view = await getJson(server.url, `/api/requests/${request.id}`, request.statusToken);
    const reviews = view.body.events.filter((e: { type: string }) => e.type === 'technical_review');
    expect(reviews.map((e: { summary: string }) => e.summary)).toEqual([
      'Technical review: direction confirmed.',
      'Technical review: direction confirmed.',
      'Technical review: changes requested.',
    ]);
    expect(view.body.technical.state).toBe('changes_requested');
    expect(view.body.commercial.state).toBe('estimate');
  });

  it.each([
    ['no decision', { decision: undefined }, 'decision'],
    ['an unknown decision', { decision: 'ship_it' }, 'decision'],
    ['no checklist', { checklist: undefined }, 'checklist'],
    ['changes without notes', { decision: 'changes_requested', notes: '  ' }, 'notes'],
    ['a confirmation that contradicts the checklist', sampleFirst({ decision: 'direction_confirmed' }), 'decision'],
    ['a malformed file id', { fileIds: ['../etc/passwd'] }, 'fileIds.0'],
  ])('422 with fields for %s', async (_name, overrides, field) => {
    const answer = await postWithToken(server.url, reviewPath(request.id), review(overrides), request.reviewToken);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('VALIDATION');
    expect(Object.keys(answer.body.error.fields ?? {})).toContain(field);
  });

  it("422 for a file of another request, and for another request's file ids", async () => {
    const other = await createRequestWithLinks(server);
    const foreign = await upload(
      server.url,
      { name: 'other.png', bytes: await pngBytes(), type: 'image/png' },
      { authorization: `Bearer ${other.reviewToken}` },
    );
    const answer = await postWithToken(
      server.url,
      reviewPath(request.id),
      review({ fileIds: [foreign.body.id] }),
      request.reviewToken,
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error.fields?.fileIds).toMatch(/belongs to another request/);
  });

  it('400 for malformed JSON and 415 for a body that is not JSON', async () => {
    expect((await postWithToken(server.url, reviewPath(request.id), '{"decision":', request.reviewToken)).status).toBe(
      400,
    );
    const response = await fetch(`${server.url}${reviewPath(request.id)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${request.reviewToken}`, 'content-type': 'text/plain' },
      body: 'direction confirmed',
    });
    expect(response.status).toBe(415);
  });
});

describe('who may decide', () => {
  let request: CreatedRequest;
  beforeAll(async () => {
    request = await createRequestWithLinks(server);
  });

  it('a status link gets 403 WRONG_ROLE and nothing is recorded', async () => {
    const before = (await probe.events(request.id)).length;
    for (const path of [reviewPath(request.id), firstArticlePath(request.id)]) {
      const answer = await postWithToken(server.url, path, review(), request.statusToken);
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('WRONG_ROLE');
    }
    expect((await probe.events(request.id)).length).toBe(before);
  });

  it('a purchasing link gets 403 WRONG_ROLE', async () => {
    const purchasing = await issueLink({
      purpose: 'purchasing',
      recipientEmail: 'paul@acme.example',
      requestId: request.id,
    });
    const answer = await postWithToken(server.url, reviewPath(request.id), review(), purchasing.token);
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({ code: 'WRONG_ROLE' });
    expect(answer.body.error.message).toMatch(/technical contact/);
  });

  it('an expired technical link gets 401 LINK_EXPIRED', async () => {
    const old = await issueLink({
      purpose: 'technical',
      recipientEmail: 'tina@acme.example',
      requestId: request.id,
      now: new Date(Date.now() - 61 * 24 * 60 * 60 * 1000),
    });
    const answer = await postWithToken(server.url, reviewPath(request.id), review(), old.token);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('LINK_EXPIRED');
  });

  it('a revoked technical link gets 401 LINK_REVOKED', async () => {
    const link = await issueLink({ purpose: 'technical', recipientEmail: 'tina@acme.example', requestId: request.id });
    await revokeLinks({ requestId: request.id, purpose: 'technical', recipientEmail: 'tina@acme.example' });
    const answer = await postWithToken(server.url, reviewPath(request.id), review(), link.token);
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('LINK_REVOKED');
    const original = await postWithToken(server.url, reviewPath(request.id), review(), request.reviewToken);
    expect(original.status).toBe(401);
  });

  it('no token, an unknown token, or a technical link of another request gets 401', async () => {
    const other = await createRequestWithLinks(server);
    expect((await postWithToken(server.url, reviewPath(request.id), review())).status).toBe(401);
    expect((await postWithToken(server.url, reviewPath(request.id), review(), 'x'.repeat(43))).status).toBe(401);
    const crossed = await postWithToken(server.url, reviewPath(request.id), review(), other.reviewToken);
    expect(crossed.status).toBe(401);
    expect((await probe.events(request.id)).some((row) => row.type === 'technical_review')).toBe(false);
  });
});

describe('the sample path', () => {
  it('first-article before a shipped sample is 409 with what to do', async () => {
    const request = await createRequestWithLinks(server);
    await postWithToken(server.url, reviewPath(request.id), sampleFirst(), request.reviewToken);
    const answer = await postWithToken(
      server.url,
      firstArticlePath(request.id),
      { decision: 'accepted', fileIds: [] },
      request.reviewToken,
    );
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('INVALID_TRANSITION');
    expect(answer.body.error.message).toMatch(/no shipped sample.*ask the shop to record it as shipped/s);
  });

  it('sample first → shipped → rejected → shipped again → accepted, with photos; commercial never moves', async () => {
    const request = await createRequestWithLinks(server, {
      mode: 'sample',
      quantities: { sample: 2, provisional: false },
    });
    const first = await postWithToken(server.url, reviewPath(request.id), sampleFirst(), request.reviewToken);
    expect(first.body.technical.state).toBe('sample_required');

    const shipped = await shipSample(request.id, { trackingReference: 'DHL 00340434', carrier: 'DHL' });
    expect(shipped.status).toBe(201);
    expect(shipped.body.technical.state).toBe('sample_in_progress');
    const notice = (await mailsAbout(server, request.reference)).find((m) => m.subject.includes('sample has shipped'))!;
    expect(notice.to).toBe('tina@acme.example');
    expect(notice.text).toContain('DHL 00340434');
    expect(notice.text).toMatch(/does not release an order/);
    const freshLink = notice.links.find((link) => link.includes('/review/'))!;

    const rejected = await postWithToken(
      server.url,
      firstArticlePath(request.id),
      { decision: 'rejected', checked: ['fit'], notes: 'Clip snaps off when pressed in.' },
      tokenOf(freshLink),
    );
    expect(rejected.status).toBe(201);
    expect(rejected.body.technical.state).toBe('first_article_rejected');

    expect((await shipSample(request.id)).status).toBe(201);
    const photo = await upload(
      server.url,
      { name: 'sample-installed.png', bytes: await pngBytes(), type: 'image/png' },
      { authorization: `Bearer ${request.reviewToken}` },
    );
    const accepted = await postWithToken(
      server.url,
      firstArticlePath(request.id),
      {
        decision: 'accepted',
        checked: ['fit', 'heat'],
        notes: 'Survived a week at the pump.',
        fileIds: [photo.body.id],
      },
      request.reviewToken,
    );
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      supersedes: true,
      technical: { state: 'first_article_accepted' },
      commercial: { state: 'estimate' },
      readyForProduction: false,
    });
    expect(accepted.body.handoffNote).toMatch(/first article/i);
    expect(await commercialState(request)).toBe('estimate');

    const mails = await mailsAbout(server, request.reference);
    const approver = mails.find((m) => m.to === 'paul@acme.example' && m.subject.includes('First article accepted'))!;
    expect(approver.text).toContain('This verdict on the sample is technical feedback, not an order release.');
    expect(approver.text).toContain('Files added: sample-installed.png');

    const row = (await probe.events(request.id)).find((r) => r.id === accepted.body.eventId)!;
    expect(row).toMatchObject({ type: 'first_article', role: 'technical', actorEmail: 'tina@acme.example' });
    expect(row.payload).toMatchObject({ decision: 'accepted', checked: ['fit', 'heat'], fileIds: [photo.body.id] });
  });

  it('first-article rejects without notes with 422', async () => {
    const request = await createRequestWithLinks(server);
    const answer = await postWithToken(
      server.url,
      firstArticlePath(request.id),
      { decision: 'rejected' },
      request.reviewToken,
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error.fields?.notes).toMatch(/what is wrong/);
  });

  it('the shop cannot ship a sample while changes are requested (409)', async () => {
    const request = await createRequestWithLinks(server);
    await postWithToken(
      server.url,
      reviewPath(request.id),
      review({ decision: 'changes_requested', notes: 'Wrong version.' }),
      request.reviewToken,
    );
    const refused = await shipSample(request.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('INVALID_TRANSITION');
  });
});

describe('same person in both roles', () => {
  it('records a technical decision only; the mail says the release is a separate step', async () => {
    const request = await createRequestWithLinks(server, {
      sameContactForBothRoles: true,
      purchasingApprover: { poStatus: 'none' },
    });
    const answer = await postWithToken(server.url, reviewPath(request.id), review(), request.reviewToken);
    expect(answer.status).toBe(201);
    expect(answer.body.commercial.state).toBe('estimate');
    const rows = await probe.events(request.id);
    expect(rows.filter((row) => row.role === 'purchasing')).toEqual([]);
    expect(rows.find((row) => row.type === 'technical_review')?.role).toBe('technical');
    const mail = (await mailsAbout(server, request.reference)).find((m) => m.subject.includes('technical update'))!;
    expect(mail.to).toBe('tina@acme.example');
    expect(mail.text).toContain('the release is a separate, explicit step on the quote');
  });
});

describe('Stripe', () => {
  it('no technical decision calls Stripe, while issuing a quote does', async () => {
    const emulator = server.runtime.emulator;
    if (!emulator) throw new Error('the test server runs without the Stripe emulator');
    const request = await createRequestWithLinks(server, {
      mode: 'sample',
      quantities: { sample: 2, provisional: false },
    });
    const before = emulator.requestLog.length;
    expect((await postWithToken(server.url, reviewPath(request.id), sampleFirst(), request.reviewToken)).status).toBe(
      201,
    );
    expect((await shipSample(request.id, { carrier: 'DHL' })).status).toBe(201);
    const accepted = await postWithToken(
      server.url,
      firstArticlePath(request.id),
      { decision: 'accepted', checked: ['fit'], notes: 'Fits.' },
      request.reviewToken,
    );
    expect(accepted.status).toBe(201);
    expect(accepted.body.technical.state).toBe('first_article_accepted');
    expect(emulator.requestLog.slice(before)).toEqual([]);

    // The log does see Stripe calls: a firm quote is made in Stripe.
    await issueQuoteWithLink(server);
    expect(emulator.requestLog.length).toBeGreaterThan(before);
  });
});
