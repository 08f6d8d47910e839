/**
 * Invariant 2 under load (architecture §1): 50 concurrent accepts of one revision over HTTP make one invoice,
 * and all 50 replies name it. And when 50 different accepts race, exactly one wins.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { accept, acceptBody, invoicesForQuote, issueQuoteWithLink, mutatingCalls } from '../support/release.js';
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

async function stripeQuoteId(revisionId: string): Promise<string> {
  return (await probe.revision(revisionId))?.stripeQuoteId ?? 'missing';
}

describe('concurrent accepts of one revision', SLOW, () => {
  it('50 identical accepts: one invoice, 50 replies naming it, one release event', async () => {
    const quote = await issueQuoteWithLink(server);
    const before = mutatingCalls(server).length;
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => accept(server, quote.revisionId, quote.releaseToken)),
    );
    const invoices = invoicesForQuote(server, await stripeQuoteId(quote.revisionId));
    expect(invoices).toHaveLength(1);
    const number = invoices[0]?.number;
    expect(number).toBeTruthy();
    expect(replies.map((reply) => reply.body.invoice?.number)).toEqual(Array(50).fill(number));
    expect(replies.filter((reply) => reply.status === 201)).toHaveLength(1);
    expect(replies.filter((reply) => reply.status === 200)).toHaveLength(49);
    // One accept, one custom-fields update, one finalize, one send: the 49 others called Stripe for nothing.
    const calls = mutatingCalls(server, before)
      .filter((entry) => entry.path.startsWith('/v1/invoices') || entry.path.endsWith('/accept'))
      .map((entry) => entry.path.replace(/\/(qt|in)_[^/]+/, '/:id'));
    expect(calls.sort()).toEqual([
      '/v1/invoices/:id',
      '/v1/invoices/:id/finalize',
      '/v1/invoices/:id/send',
      '/v1/quotes/:id/accept',
    ]);
    const events = await probe.events(quote.id);
    expect(events.filter((row) => row.type === 'purchasing_accepted')).toHaveLength(1);
  });

  it('50 different accepts: one wins, 49 get 409 ALREADY_DECIDED, one invoice with the winner’s PO', async () => {
    const quote = await issueQuoteWithLink(server);
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        accept(server, quote.revisionId, quote.releaseToken, acceptBody({ poNumber: `PO-${1000 + index}` })),
      ),
    );
    const winners = replies.filter((reply) => reply.status === 201);
    expect(winners).toHaveLength(1);
    const losers = replies.filter((reply) => reply.status === 409);
    expect(losers).toHaveLength(49);
    for (const loser of losers) expect(loser.body.error.code).toBe('ALREADY_DECIDED');
    const invoices = invoicesForQuote(server, await stripeQuoteId(quote.revisionId));
    expect(invoices).toHaveLength(1);
    expect(invoices[0]?.custom_fields?.[0]).toEqual({ name: 'PO number', value: winners[0]?.body.poNumber });
  });
});
