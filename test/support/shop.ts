/**
 * Shared by the shop tests: staff sign-in through the outbox, calls with the session cookie and the
 * portal's Origin, and a request created over HTTP the way a customer would.
 */
import { deliveredMails, type TestServer } from './server.js';
import { postJson, tokenOf, validRequest, type Created, type Reply } from './intake.js';

export const STAFF_EMAIL = 'shop@localhost';

export interface ShopClient {
  cookie: string;
  call<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: Reply<T>; headers: Headers }>;
}

export async function callApi<T = unknown>(
  server: TestServer,
  method: string,
  path: string,
  options: { body?: unknown; cookie?: string; origin?: string | null; token?: string } = {},
): Promise<{ status: number; body: Reply<T>; headers: Headers }> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.cookie) headers.cookie = options.cookie;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const origin = options.origin === undefined ? server.url : options.origin;
  if (origin !== null) headers.origin = origin;
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : {}) as Reply<T>,
    headers: response.headers,
  };
}

/** The newest mail to an address, optionally whose subject matches. */
export async function latestMailTo(server: TestServer, to: string, subject?: RegExp) {
  const messages = await deliveredMails(server);
  return messages.find((m) => m.to.includes(to) && (!subject || subject.test(m.subject)));
}

export async function mailsTo(server: TestServer, to: string) {
  return (await deliveredMails(server)).filter((m) => m.to.includes(to));
}

/** Polls the outbox folder until `count` mails to the address are there (or 5 s pass). */
export async function waitForMails(server: TestServer, to: string, count: number) {
  const deadline = Date.now() + 5_000;
  let mails = await mailsTo(server, to);
  while (mails.length < count && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    mails = await mailsTo(server, to);
  }
  return mails;
}

/** Signs in as staff through the mailed link; returns a client that sends the cookie and Origin. */
export async function signIn(server: TestServer, email = STAFF_EMAIL): Promise<ShopClient> {
  const before = (await mailsTo(server, email)).length;
  const asked = await callApi(server, 'POST', '/api/shop/sign-in', { body: { email } });
  if (asked.status !== 202) throw new Error(`sign-in answered ${asked.status}`);
  // The sign-in mail is delivered after the reply, so the answer never says whether one was sent.
  const mails = await waitForMails(server, email, before + 1);
  if (mails.length <= before) throw new Error('no sign-in mail');
  const link = mails[0]?.links.find((l) => l.includes('/shop/'));
  if (!link) throw new Error('no sign-in link');
  const session = await callApi(server, 'POST', '/api/shop/session', { body: { token: tokenOf(link) } });
  const setCookie = session.headers.get('set-cookie');
  if (session.status !== 201 || !setCookie) throw new Error(`session answered ${session.status}`);
  const cookie = setCookie.split(';')[0] ?? '';
  return {
    cookie,
    call: (method, path, body, headers = {}) =>
      callApi(server, method, path, { body, cookie, origin: headers.origin ?? server.url }),
  };
}

/** A customer request created over HTTP; returns its id and reference. */
export async function createCustomerRequest(
  server: TestServer,
  overrides: Record<string, unknown> = {},
): Promise<Created> {
  const created = await postJson(server.url, '/api/requests', validRequest(overrides));
  if (created.status !== 201) throw new Error(`request answered ${created.status}: ${JSON.stringify(created.body)}`);
  return created.body;
}
