/**
 * A live link used where it does not belong: 403 WRONG_ROLE, in words that say what the link in the
 * person's hand IS for and which link does the job, and nothing is recorded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLink } from '../../src/server/links/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { pngBytes, upload } from '../support/intake.js';
import { acceptBody, issueQuoteWithLink, type IssuedQuote } from '../support/release.js';
import { postWithToken, review } from '../support/review.js';
import { callApi } from '../support/shop.js';

let server: TestServer;
let quote: IssuedQuote;
let signInToken: string;

beforeAll(async () => {
  server = await startTestServer();
  quote = await issueQuoteWithLink(server);
  signInToken = (await issueLink({ purpose: 'shop_sign_in', recipientEmail: 'shop@localhost' })).token;
});
afterAll(async () => {
  await server?.close();
});

describe('a link of the wrong kind', () => {
  it('is told what it is for and which link to use', async () => {
    const answers: Record<string, string> = {};
    const refused = async (
      label: string,
      reply: Promise<{ status: number; body: { error: { code: string; message: string } } }>,
    ) => {
      const { status, body } = await reply;
      expect({ label, status, code: body.error.code }).toEqual({ label, status: 403, code: 'WRONG_ROLE' });
      answers[label] = body.error.message;
    };
    const accept = `/api/quotes/${quote.revisionId}/accept`;
    const reviewPath = `/api/requests/${quote.id}/technical-review`;

    await refused('status link → accept', postWithToken(server.url, accept, acceptBody(), quote.statusToken));
    await refused('technical link → accept', postWithToken(server.url, accept, acceptBody(), quote.reviewToken));
    await refused('status link → technical review', postWithToken(server.url, reviewPath, review(), quote.statusToken));
    await refused(
      'purchasing link → technical review',
      postWithToken(server.url, reviewPath, review(), quote.releaseToken),
    );
    const png = await pngBytes();
    await refused(
      'status link → upload',
      upload(server.url, { name: 'photo.png', bytes: png }, { authorization: `Bearer ${quote.statusToken}` }),
    );
    await refused(
      'shop sign-in link → request page',
      fetch(`${server.url}/api/requests/${quote.id}`, { headers: { authorization: `Bearer ${signInToken}` } }).then(
        async (response) => ({
          status: response.status,
          body: (await response.json()) as { error: { code: string; message: string } },
        }),
      ),
    );
    await refused(
      'status link → shop sign-in',
      callApi(server, 'POST', '/api/shop/session', { body: { token: quote.statusToken } }),
    );

    expect(answers).toMatchInlineSnapshot(`
      {
        "purchasing link → technical review": "This is the purchasing link: it releases, holds or declines the quote, but it cannot record a technical decision. Only the technical contact can, with the link from the review email.",
        "shop sign-in link → request page": "This is a shop sign-in link: it signs staff in to the shop pages, but it cannot open a request. Open the link in the email about the request.",
        "status link → accept": "This is a status link: it shows where the request stands, but it cannot release, hold or decline the order. Only the purchasing approver can, with the link from the quote email.",
        "status link → shop sign-in": "This is a status link: it shows where the request stands, but it cannot sign anyone in to the shop. Ask for a sign-in link on the shop page (/shop/).",
        "status link → technical review": "This is a status link: it shows where the request stands, but it cannot record a technical decision. Only the technical contact can, with the link from the review email.",
        "status link → upload": "This is a status link: it shows where the request stands, but it cannot add files to a request. Use the link from your review or quote email.",
        "technical link → accept": "This is the technical review link: it records whether the part is right, but it cannot release, hold or decline the order. Only the purchasing approver can, with the link from the quote email.",
      }
    `);
  });
});
