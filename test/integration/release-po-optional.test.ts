/**
 * A quote the shop issued with "purchasing may release without a PO number" (terms.poOptional): the
 * release view says so, a blank PO releases and invoices with only the custom fields that have values
 * (Stripe refuses an empty one), and a quote without the setting still insists on a PO number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuoteRevisionView } from '../support/views.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { getJson } from '../support/intake.js';
import { createRequestWithLinks } from '../support/review.js';
import {
  accept,
  acceptBody,
  emulatorOf,
  expectInvoiced,
  invoicesForQuote,
  issueQuoteWithLink,
  quoteForm,
} from '../support/release.js';
import { signIn } from '../support/shop.js';
import { probe } from '../support/probe.js';

// Generous: the machine is shared; these tests assert outcomes, never durations.
const SLOW = { timeout: 180_000 };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function invoiceOf(revisionId: string) {
  const row = await probe.revision(revisionId);
  if (!row?.stripeQuoteId) throw new Error('revision has no Stripe quote');
  const invoices = invoicesForQuote(server, row.stripeQuoteId);
  expect(invoices).toHaveLength(1);
  return invoices[0] as { status: string; custom_fields: { name: string; value: string }[] | null };
}

describe('release without a PO number', SLOW, () => {
  it('shows the setting on the release view, and only when the shop set it', async () => {
    const optional = await issueQuoteWithLink(server, { quote: { poOptional: true } });
    const view = await getJson<QuoteRevisionView>(
      server.url,
      `/api/quotes/${optional.revisionId}`,
      optional.releaseToken,
    );
    expect(view.status).toBe(200);
    expect(view.body.terms.poOptional).toBe(true);

    const required = await issueQuoteWithLink(server);
    const plain = await getJson<QuoteRevisionView>(
      server.url,
      `/api/quotes/${required.revisionId}`,
      required.releaseToken,
    );
    expect(plain.status).toBe(200);
    // Rows without the setting stay as they were: no key at all, which the release page reads as "PO required".
    expect(plain.body.terms).not.toHaveProperty('poOptional');
  });

  it('releases with a blank PO and puts only the budget code on the invoice', async () => {
    const quote = await issueQuoteWithLink(server, { quote: { poOptional: true } });
    const reply = await accept(server, quote.revisionId, quote.releaseToken, acceptBody({ poNumber: '' }));
    expect(reply.status).toBe(201);
    expectInvoiced(reply.body);
    expect(reply.body.commercial.state).toBe('invoiced');
    expect(reply.body.handoffNote).toMatch(/without a PO number/);

    const invoice = await invoiceOf(quote.revisionId);
    expect(invoice.status).toBe('open');
    expect(invoice.custom_fields).toEqual([{ name: 'Budget code', value: 'MAINT-2027' }]);
  });

  it('releases with neither PO nor budget code and sends the invoice with no custom fields', async () => {
    const quote = await issueQuoteWithLink(server, { quote: { poOptional: true } });
    const reply = await accept(
      server,
      quote.revisionId,
      quote.releaseToken,
      acceptBody({ poNumber: '  ', budgetCode: '' }),
    );
    expect(reply.status).toBe(201);
    expectInvoiced(reply.body);

    const invoice = await invoiceOf(quote.revisionId);
    expect(invoice.status).toBe('open');
    expect(invoice.custom_fields ?? []).toEqual([]);
  });

  it('still puts a PO number on the invoice when purchasing gives one anyway', async () => {
    const quote = await issueQuoteWithLink(server, { quote: { poOptional: true } });
    const reply = await accept(server, quote.revisionId, quote.releaseToken, acceptBody({ poNumber: 'PO-7001' }));
    expect(reply.status).toBe(201);
    expect((await invoiceOf(quote.revisionId)).custom_fields).toEqual([
      { name: 'PO number', value: 'PO-7001' },
      { name: 'Budget code', value: 'MAINT-2027' },
    ]);
  });

  it('answers 422 naming poNumber for a blank PO on a quote without the setting, and calls Stripe for nothing', async () => {
    const quote = await issueQuoteWithLink(server, { quote: { poOptional: false } });
    const before = emulatorOf(server).requestLog.length;
    const reply = await accept(server, quote.revisionId, quote.releaseToken, acceptBody({ poNumber: '' }));
    expect(reply.status).toBe(422);
    expect(reply.body.error.fields).toEqual({
      poNumber: 'Enter the purchase order number; the shop needs it on the invoice.',
    });
    expect(emulatorOf(server).requestLog.length).toBe(before);
  });

  it('refuses a poOptional that is not true or false on the shop route, naming the field', async () => {
    const staff = await signIn(server);
    const request = await createRequestWithLinks(server);
    const reply = await staff.call('POST', `/api/shop/requests/${request.id}/quotes`, quoteForm({ poOptional: 'yes' }));
    expect(reply.status).toBe(422);
    expect(reply.body.error.fields).toEqual({
      poOptional: 'Set "release without a PO number" (poOptional) to true or false.',
    });
  });
});
