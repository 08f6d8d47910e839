import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { tokenOf } from './intake-support.js';
import { callApi, mailsTo, signIn, STAFF_EMAIL } from './shop-support.js';

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
  const mails = await mailsTo(server, email);
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

  it('answers an unlisted address exactly like a listed one and sends it nothing', async () => {
    const listed = await callApi(server, 'POST', '/api/shop/sign-in', { body: { email: STAFF_EMAIL } });
    const unlisted = await callApi(server, 'POST', '/api/shop/sign-in', { body: { email: 'mallory@evil.example' } });
    expect(unlisted.status).toBe(listed.status);
    expect(unlisted.body).toEqual(listed.body);
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

  it('rate limits sign-in mails per address, listed or not', async () => {
    const email = 'flood@nowhere.example';
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await callApi(server, 'POST', '/api/shop/sign-in', { body: { email } })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([202, 202, 202, 202, 202]);
    expect(statuses.slice(5)).toEqual([429, 429]);
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
