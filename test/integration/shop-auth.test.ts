import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { callApi, createCustomerRequest, signIn, type ShopClient } from '../support/shop.js';

let server: TestServer;
let staff: ShopClient;
let requestId: string;
const quoteId = randomUUID();

beforeAll(async () => {
  server = await startTestServer();
  staff = await signIn(server);
  requestId = (await createCustomerRequest(server)).id;
});
afterAll(async () => {
  await server?.close();
});

/** Every shop function but sign-in and session; state-changing ones carry a body. */
const routes = (): [string, string, unknown][] => [
  ['GET', '/api/shop/requests', undefined],
  ['GET', `/api/shop/requests/${requestId}`, undefined],
  ['POST', `/api/shop/requests/${requestId}/estimate`, {}],
  ['POST', `/api/shop/requests/${requestId}/quotes`, {}],
  ['POST', `/api/shop/requests/${requestId}/sample-shipped`, {}],
  ['POST', `/api/shop/requests/${requestId}/resend-links`, { role: 'technical' }],
  ['POST', `/api/shop/quotes/${quoteId}/revise`, {}],
  ['POST', `/api/shop/quotes/${quoteId}/cancel`, {}],
  ['GET', `/api/shop/files/${randomUUID()}`, undefined],
];

describe('shop functions without a valid session', () => {
  it.each([
    ['no cookie', undefined],
    ['a made-up cookie', 'shop_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['a malformed cookie', 'shop_session=%%%'],
  ])('answer 401 with %s', async (_, cookie) => {
    for (const [method, path, body] of routes()) {
      const reply = await callApi(server, method, path, { body, cookie });
      expect([method, path, reply.status]).toEqual([method, path, 401]);
      expect(reply.body.error.code).toBe('UNAUTHENTICATED');
    }
  });

  it('a quote needs a session or its purchasing link', async () => {
    expect((await callApi(server, 'GET', `/api/quotes/${quoteId}`)).status).toBe(401);
    expect((await callApi(server, 'GET', `/api/quotes/${quoteId}/pdf`)).status).toBe(401);
  });
});

describe('state-changing shop functions from another origin', () => {
  it.each([['https://evil.example'], ['null'], [null]])(
    'answer 403 with Origin %s, even with a session',
    async (origin) => {
      for (const [method, path, body] of routes().filter(([m]) => m !== 'GET')) {
        const reply = await callApi(server, method, path, { body, cookie: staff.cookie, origin });
        expect([method, path, reply.status]).toEqual([method, path, 403]);
        expect(reply.body.error.code).toBe('FORBIDDEN_ORIGIN');
      }
      const signOut = await callApi(server, 'DELETE', '/api/shop/session', { cookie: staff.cookie, origin });
      expect(signOut.status).toBe(403);
      expect((await staff.call('GET', '/api/shop/requests')).status).toBe(200);
    },
  );

  it('the same calls from the portal itself get past the gate (to validation)', async () => {
    const reply = await staff.call('POST', `/api/shop/requests/${requestId}/quotes`, {});
    expect(reply.status).toBe(422);
  });
});
