/**
 * Who can decide: only the purchasing link of the current revision. Technical, status, revoked,
 * expired, previous-revision and other-request links are refused (401, 403 or 409) and no Stripe
 * call happens at all (the emulator's request log does not move). Hold and decline with a reason.
 */
import { eq } from '../../src/server/db/orm.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDb } from '../../src/server/db/index.js';
import { linkTokens } from '../../src/server/db/schema.js';
import { hashToken, revokeLinks } from '../../src/server/links/index.js';
import type { ReleaseResult } from '../../src/server/release/result.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { mailsAbout, postWithToken } from '../support/review.js';
import {
  accept,
  acceptBody,
  emulatorOf,
  invoicesForQuote,
  issueQuoteWithLink,
  reviseWithLink,
} from '../support/release.js';
import { probe } from '../support/probe.js';

// Generous: the machine is shared; these assert outcomes, never durations.
const SLOW = { timeout: 180_000 };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const decide = (kind: 'hold' | 'decline', revisionId: string, token: string | undefined, body: unknown) =>
  postWithToken<ReleaseResult>(server.url, `/api/quotes/${revisionId}/${kind}`, body, token);

describe('links that cannot accept, hold or decline', SLOW, () => {
  it('refuses every other kind of link, and Stripe hears nothing', async () => {
    const quote = await issueQuoteWithLink(server);
    const other = await issueQuoteWithLink(server);
    const revokedQuote = await issueQuoteWithLink(server);
    await revokeLinks({ quoteRevisionId: revokedQuote.revisionId, purpose: 'purchasing' });
    const expiredQuote = await issueQuoteWithLink(server);
    await getDb()
      .update(linkTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(linkTokens.tokenHash, hashToken(expiredQuote.releaseToken)));

    const cases: [string, string, string | undefined, number, string][] = [
      ['no link', quote.revisionId, undefined, 401, 'UNAUTHENTICATED'],
      ['a made-up token', quote.revisionId, 'x'.repeat(43), 401, 'UNAUTHENTICATED'],
      ['the technical link', quote.revisionId, quote.reviewToken, 403, 'WRONG_ROLE'],
      ['the status link', quote.revisionId, quote.statusToken, 403, 'WRONG_ROLE'],
      ['another request’s purchasing link', quote.revisionId, other.releaseToken, 401, 'UNAUTHENTICATED'],
      ['a revoked link', revokedQuote.revisionId, revokedQuote.releaseToken, 401, 'LINK_REVOKED'],
      ['an expired link', expiredQuote.revisionId, expiredQuote.releaseToken, 401, 'LINK_EXPIRED'],
    ];
    const before = emulatorOf(server).requestLog.length;
    for (const [label, revisionId, token, status, code] of cases) {
      for (const action of ['accept', 'hold', 'decline'] as const) {
        const body = action === 'accept' ? acceptBody() : { reason: 'budget', note: '' };
        const reply = await postWithToken(server.url, `/api/quotes/${revisionId}/${action}`, body, token);
        expect({ label, action, status: reply.status, code: reply.body.error?.code }).toEqual({
          label,
          action,
          status,
          code,
        });
      }
    }
    expect(emulatorOf(server).requestLog.length).toBe(before);
  });

  it('refuses the previous revision’s link with 409 on either revision, and Stripe hears nothing', async () => {
    const quote = await issueQuoteWithLink(server);
    const next = await reviseWithLink(server, quote.revisionId);
    const before = emulatorOf(server).requestLog.length;
    for (const revisionId of [quote.revisionId, next.revisionId]) {
      const reply = await accept(server, revisionId, quote.releaseToken);
      expect(reply.status).toBe(409);
      expect(reply.body.error.code).toBe('QUOTE_SUPERSEDED');
    }
    expect(emulatorOf(server).requestLog.length).toBe(before);
    const stripeQuoteId = (await probe.revision(quote.revisionId))?.stripeQuoteId ?? '';
    expect(invoicesForQuote(server, stripeQuoteId)).toHaveLength(0);
  });
});

describe('hold and decline', SLOW, () => {
  it('puts the quote on hold with a reason, mails everyone, repeats once, and can still be released', async () => {
    const quote = await issueQuoteWithLink(server);
    const before = emulatorOf(server).requestLog.filter((e) => e.method === 'POST').length;
    const held = await decide('hold', quote.revisionId, quote.releaseToken, {
      reason: 'budget',
      note: 'Q3 budget opens on 1 July',
    });
    expect(held.status).toBe(201);
    expect(held.body).toMatchObject({ status: 'on_hold', commercial: { state: 'on_hold' }, invoice: null });
    const again = await decide('hold', quote.revisionId, quote.releaseToken, {
      reason: 'budget',
      note: 'Q3 budget opens on 1 July',
    });
    expect(again.status).toBe(200);
    expect(again.body.repeated).toBe(true);
    const mails = (await mailsAbout(server, quote.reference)).filter((m) => m.subject.includes('on hold'));
    expect(mails.map((m) => m.to).sort()).toEqual(['paul@acme.example', 'shop@localhost', 'tina@acme.example']);
    expect(mails[0]?.text).toContain('Waiting for budget: Q3 budget opens on 1 July');
    expect(mails[0]?.text).toContain('Where things stand: ');
    expect(emulatorOf(server).requestLog.filter((e) => e.method === 'POST').length).toBe(before);

    const released = await accept(server, quote.revisionId, quote.releaseToken);
    expect(released.status).toBe(201);
    const late = await decide('hold', quote.revisionId, quote.releaseToken, { reason: 'quantity', note: '' });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('ALREADY_DECIDED');
  });

  it('declines with a reason; a later accept is refused with 409 naming the decline', async () => {
    const quote = await issueQuoteWithLink(server);
    const declined = await decide('decline', quote.revisionId, quote.releaseToken, {
      reason: 'lead_time',
      note: 'We need it in 5 days',
    });
    expect(declined.status).toBe(201);
    expect(declined.body.commercial.state).toBe('declined');
    const mails = (await mailsAbout(server, quote.reference)).filter((m) => m.subject.includes('declined'));
    expect(mails).toHaveLength(3);
    const before = emulatorOf(server).requestLog.length;
    const accepted = await accept(server, quote.revisionId, quote.releaseToken);
    expect(accepted.status).toBe(409);
    expect(accepted.body.error).toMatchObject({ code: 'ALREADY_DECIDED' });
    expect(accepted.body.error.message).toMatch(/declined/);
    expect(emulatorOf(server).requestLog.length).toBe(before);
  });

  it.each([
    ['hold', { reason: 'other', note: '' }, 'note'],
    ['hold', { reason: 'someday' }, 'reason'],
    ['decline', { reason: 'changes_needed', note: '' }, 'note'],
  ] as const)('%s answers 422 for %j', async (kind, body, field) => {
    const quote = await issueQuoteWithLink(server);
    const reply = await decide(kind, quote.revisionId, quote.releaseToken, body);
    expect(reply.status).toBe(422);
    expect(Object.keys(reply.body.error.fields ?? {})).toContain(field);
  });
});
