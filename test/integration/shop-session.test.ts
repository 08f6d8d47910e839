import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConfig, setConfig } from '../../src/server/config.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { tokenOf } from '../support/intake.js';
import { getDb } from '../../src/server/db/index.js';
import { linkTokens, mailOutbox } from '../../src/server/db/schema.js';
import { signInStaff } from '../../src/server/staff-auth/sign-in-staff.js';
import { callApi, mailsTo, signIn, STAFF_EMAIL, waitForMails } from '../support/shop.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function signInLink(email: string): Promise<string> {
  const before = (await mailsTo(server, email)).length;
  const asked = await callApi(server, 'POST', '/api/shop/sign-in', { body: { email } });
  expect(asked.status).toBe(202);
  const mails = await waitForMails(server, email, before + 1);
  expect(mails.length).toBe(before + 1);
  const link = mails[0]?.links.find((l) => l.includes('/shop/#token='));
  if (!link) throw new Error('no link');
  return link;
}

describe('staff sign-in', () => {
  it('mails a single-use link to a listed address and exchanges it for a strict session cookie', async () => {
    const link = await signInLink(STAFF_EMAIL);
    const session = await callApi<{ email: string }>(server, 'POST', '/api/shop/session', {
      body: { token: tokenOf(link) },
    });
    expect(session.status).toBe(201);
    expect(session.body.email).toBe(STAFF_EMAIL);
    const setCookie = session.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^shop_session=[A-Za-z0-9_-]{43};/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    expect(setCookie).toMatch(/Max-Age=\d+/);
    // Plain http://localhost cannot carry Secure cookies; everywhere else they are Secure.
    expect(setCookie).not.toMatch(/Secure/);
    const cookie = setCookie.split(';')[0] ?? '';
    const me = await callApi<{ signedIn: boolean; email: string }>(server, 'GET', '/api/shop/session', { cookie });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ signedIn: true, email: STAFF_EMAIL });

    const again = await callApi(server, 'POST', '/api/shop/session', { body: { token: tokenOf(link) } });
    expect(again.status).toBe(401);
    expect(again.body.error.message).toMatch(/already used/);
  });

  it('answers an unlisted address exactly like a listed one, after the same writes, and sends it nothing', async () => {
    const rows = async () => ({
      links: await getDb().$count(linkTokens),
      outbox: await getDb().$count(mailOutbox),
    });
    const before = await rows();
    const listed = await callApi(server, 'POST', '/api/shop/sign-in', { body: { email: STAFF_EMAIL } });
    const afterListed = await rows();
    const unlisted = await callApi(server, 'POST', '/api/shop/sign-in', { body: { email: 'mallory@evil.example' } });
    const afterUnlisted = await rows();
    expect(unlisted.status).toBe(listed.status);
    expect(unlisted.body).toEqual(listed.body);
    // The same work on both sides: one link and one outbox row each (the unlisted one never sent).
    expect(afterListed).toEqual({ links: before.links + 1, outbox: before.outbox + 1 });
    expect(afterUnlisted).toEqual({ links: afterListed.links + 1, outbox: afterListed.outbox + 1 });
    await waitForMails(server, STAFF_EMAIL, 1);
    expect(await mailsTo(server, 'mallory@evil.example')).toHaveLength(0);
  });

  it('refuses a malformed address with 422 and a cross-origin sign-in with 403', async () => {
    const bad = await callApi(server, 'POST', '/api/shop/sign-in', { body: { email: 'not an email' } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields?.email).toMatch(/staff email/);
    const cross = await callApi(server, 'POST', '/api/shop/sign-in', {
      body: { email: STAFF_EMAIL },
      origin: 'https://evil.example',
    });
    expect(cross.status).toBe(403);
    expect(cross.body.error.code).toBe('FORBIDDEN_ORIGIN');
  });

  it('caps sign-in mails per address without ever locking the staff member out', async () => {
    const email = 'second@localhost';
    const start = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 5 * 60_000);
    const meta = { ip: '203.0.113.9', userAgent: 'test' };
    const ask = (now: Date) => signInStaff({ body: { email }, meta, now });
    const config = getConfig();
    setConfig({ ...config, shopStaffEmails: [...config.shopStaffEmails, email] });
    try {
      // A flood for one address: every answer is the same, only the first 5 mails in the minute go out.
      const answers = await Promise.all(Array.from({ length: 8 }, () => ask(start)));
      expect(new Set(answers.map((answer) => answer.message)).size).toBe(1);
      expect(await waitForMails(server, email, 5)).toHaveLength(5);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await mailsTo(server, email)).toHaveLength(5);
      // Once the window has passed, a fresh link comes and works.
      await ask(new Date(start.getTime() + 61_000));
      const [latest] = await waitForMails(server, email, 6);
      const link = latest?.links.find((l) => l.includes('/shop/#token='));
      const session = await callApi(server, 'POST', '/api/shop/session', { body: { token: tokenOf(link ?? '') } });
      expect(session.status).toBe(201);
    } finally {
      setConfig(config);
    }
  });

  it('refuses a link of another purpose and a made-up token', async () => {
    const made = await callApi(server, 'POST', '/api/shop/session', { body: { token: 'x'.repeat(43) } });
    expect(made.status).toBe(401);
    const bad = await callApi(server, 'POST', '/api/shop/session', { body: { token: 'short' } });
    expect(bad.status).toBe(422);
  });

  it('sign-out revokes the session on the server, so the old cookie no longer works', async () => {
    const staff = await signIn(server);
    expect((await staff.call('GET', '/api/shop/requests')).status).toBe(200);
    const out = await staff.call('DELETE', '/api/shop/session');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect((await staff.call('GET', '/api/shop/requests')).status).toBe(401);
    const me = await callApi(server, 'GET', '/api/shop/session', { cookie: staff.cookie });
    expect(me.body).toEqual({ signedIn: false });
  });
});
