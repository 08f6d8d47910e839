import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QuoteRevisionView } from '../support/views.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { tokenOf } from '../support/intake.js';
import {
  callApi,
  createCustomerRequest,
  latestMailTo,
  mailsTo,
  signIn,
  STAFF_EMAIL,
  type ShopClient,
} from '../support/shop.js';

let server: TestServer;
let staff: ShopClient;

beforeAll(async () => {
  server = await startTestServer();
  staff = await signIn(server);
});
afterAll(async () => {
  await server?.close();
});

function quoteBody(overrides: Record<string, unknown> = {}) {
  return {
    draftId: randomUUID(),
    scope: 'opening_lot',
    quantity: 50,
    lines: [
      { description: 'Pump housing bracket', quantity: 50, unitPrice: '12.40' },
      { description: 'Setup and first-article check', quantity: 1, unitPrice: '85' },
    ],
    leadTimeDays: 12,
    shippingTerms: 'DAP your site, shipping included',
    paymentTermsDays: 30,
    validDays: 30,
    ...overrides,
  };
}

async function purchasingLink(revision: number): Promise<string> {
  const mail = await latestMailTo(server, 'paul@acme.example', new RegExp(`revision ${revision}\\)`));
  const link = mail?.links.find((l) => l.includes('/release/'));
  if (!link) throw new Error(`no purchasing link for revision ${revision}`);
  return link;
}

describe('firm quotes', () => {
  it('issues, revises and cancels a quote in Stripe with our ids, and moves the links along', async () => {
    const request = await createCustomerRequest(server);
    const body = quoteBody();
    const issued = await staff.call<QuoteRevisionView>('POST', `/api/shop/requests/${request.id}/quotes`, body);
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ revision: 1, scope: 'opening_lot', quantity: 50, status: 'open' });
    expect(issued.body.amountTotalMinor).toBe(50 * 1240 + 8500);
    expect(issued.body.lots).toMatchObject({ planned: 500, released: 0, openQuoted: 50, remaining: 500 });

    // The same form again (double click) is the same revision, not a second quote.
    const again = await staff.call<QuoteRevisionView>('POST', `/api/shop/requests/${request.id}/quotes`, body);
    expect(again.body.id).toBe(issued.body.id);

    const emulator = server.runtime.emulator;
    if (!emulator) throw new Error('emulator expected');
    const stripeQuote = emulator.snapshot().quotes[issued.body.stripeQuoteId ?? ''];
    expect(stripeQuote).toMatchObject({
      status: 'open',
      collection_method: 'send_invoice',
      metadata: { revision_id: issued.body.id, request_id: request.id, scope: 'opening_lot', quantity: '50' },
    });
    const customer = emulator.snapshot().customers[String(stripeQuote?.customer)];
    expect(customer?.email).toBe('paul@acme.example');

    const firstLink = await purchasingLink(1);
    expect(firstLink).toContain(`/release/?id=${issued.body.id}#token=`);
    const awareness = await latestMailTo(server, 'tina@acme.example', /quote sent/);
    expect(awareness?.text).toMatch(/nothing for you to accept/);
    expect(awareness?.links.some((l) => l.includes('/release/'))).toBe(false);

    const viewed = await callApi<QuoteRevisionView>(server, 'GET', `/api/quotes/${issued.body.id}`, {
      token: tokenOf(firstLink),
    });
    expect(viewed.status).toBe(200);
    expect(viewed.body.current?.id).toBe(issued.body.id);

    const revised = await staff.call<QuoteRevisionView>(
      'POST',
      `/api/shop/quotes/${issued.body.id}/revise`,
      quoteBody({ quantity: 60, lines: [{ description: 'Pump housing bracket', quantity: 60, unitPrice: '11.90' }] }),
    );
    expect(revised.status).toBe(201);
    expect(revised.body).toMatchObject({ revision: 2, quantity: 60, status: 'open' });
    const revisedQuote = emulator.snapshot().quotes[revised.body.stripeQuoteId ?? ''];
    expect(revisedQuote?.from_quote).toEqual({ is_revision: true, quote: issued.body.stripeQuoteId });
    expect(revisedQuote?.metadata).toMatchObject({
      revision_id: revised.body.id,
      previous_revision_id: issued.body.id,
    });
    expect(emulator.snapshot().quotes[issued.body.stripeQuoteId ?? '']?.status).toBe('canceled');

    // The old link points at the current revision; the new one opens it.
    for (const id of [issued.body.id, revised.body.id]) {
      const old = await callApi(server, 'GET', `/api/quotes/${id}`, { token: tokenOf(firstLink) });
      expect(old.status).toBe(409);
      expect(old.body.error.code).toBe('QUOTE_SUPERSEDED');
      expect(old.body.error.message).toMatch(/revision 2/);
    }
    const secondLink = await purchasingLink(2);
    const current = await callApi<QuoteRevisionView>(server, 'GET', `/api/quotes/${revised.body.id}`, {
      token: tokenOf(secondLink),
    });
    expect(current.status).toBe(200);
    expect(current.body.revision).toBe(2);
    const revisedAwareness = await latestMailTo(server, 'tina@acme.example', /quote revised/);
    expect(revisedAwareness).toBeDefined();

    // Revising the superseded revision is refused.
    const stale = await staff.call('POST', `/api/shop/quotes/${issued.body.id}/revise`, quoteBody());
    expect(stale.status).toBe(409);

    const pdf = await fetch(`${server.url}/api/quotes/${revised.body.id}/pdf`, {
      headers: { authorization: `Bearer ${tokenOf(secondLink)}` },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const canceled = await staff.call<QuoteRevisionView>('POST', `/api/shop/quotes/${revised.body.id}/cancel`, {
      reason: 'Customer asked to pause',
    });
    expect(canceled.status).toBe(200);
    expect(canceled.body.status).toBe('canceled');
    expect(emulator.snapshot().quotes[revised.body.stripeQuoteId ?? '']?.status).toBe('canceled');
    expect(
      (await callApi(server, 'GET', `/api/quotes/${revised.body.id}`, { token: tokenOf(secondLink) })).status,
    ).toBe(401);
    expect(await latestMailTo(server, 'tina@acme.example', /canceled/)).toBeDefined();

    const detail = await staff.call<{ events: { type: string; actorEmail?: string }[] }>(
      'GET',
      `/api/shop/requests/${request.id}`,
    );
    const shopEvents = detail.body.events.filter((e) =>
      ['quote_issued', 'quote_revised', 'quote_canceled'].includes(e.type),
    );
    expect(shopEvents.map((e) => e.type)).toEqual(['quote_issued', 'quote_revised', 'quote_canceled']);
    expect(shopEvents.every((e) => e.actorEmail === STAFF_EMAIL)).toBe(true);
  });

  it('answers concurrent cancels with different reasons as one cancel: one event, one Stripe cancel, one set of mails', async () => {
    const request = await createCustomerRequest(server);
    const issued = await staff.call<QuoteRevisionView>('POST', `/api/shop/requests/${request.id}/quotes`, quoteBody());
    expect(issued.status).toBe(201);
    const bodies = [
      {},
      { reason: 'Customer asked to pause' },
      { reason: 'Wrong material' },
      {},
      { reason: 'Duplicate' },
    ];
    const answers = await Promise.all(
      bodies.map((body) => staff.call<QuoteRevisionView>('POST', `/api/shop/quotes/${issued.body.id}/cancel`, body)),
    );
    expect(answers.map((answer) => answer.status)).toEqual(bodies.map(() => 200));
    expect(answers.every((answer) => answer.body.status === 'canceled')).toBe(true);
    expect(server.runtime.emulator?.snapshot().quotes[issued.body.stripeQuoteId ?? '']?.status).toBe('canceled');

    const detail = await staff.call<{ events: { type: string }[] }>('GET', `/api/shop/requests/${request.id}`);
    expect(detail.body.events.filter((event) => event.type === 'quote_canceled')).toHaveLength(1);
    const cancelMails = (await mailsTo(server, 'paul@acme.example')).filter(
      (mail) => mail.subject.includes(request.reference) && /canceled/.test(mail.subject),
    );
    expect(cancelMails).toHaveLength(1);
  });

  it('refuses another role’s link and a missing link on the quote', async () => {
    const request = await createCustomerRequest(server);
    const issued = await staff.call<QuoteRevisionView>('POST', `/api/shop/requests/${request.id}/quotes`, quoteBody());
    const review = await latestMailTo(server, 'tina@acme.example', /please review/);
    const reviewLink = review?.links.find((l) => l.includes('/review/'));
    if (!reviewLink) throw new Error('no review link');
    const wrong = await callApi(server, 'GET', `/api/quotes/${issued.body.id}`, { token: tokenOf(reviewLink) });
    expect(wrong.status).toBe(403);
    expect((await callApi(server, 'GET', `/api/quotes/${issued.body.id}`)).status).toBe(401);
    const shop = await staff.call<QuoteRevisionView & { viewerRole: string }>('GET', `/api/quotes/${issued.body.id}`);
    expect(shop.status).toBe(200);
    expect(shop.body.viewerRole).toBe('shop');
  });

  it('answers 422 with fields for a bad quote and 409 for a second quote while one is open', async () => {
    const request = await createCustomerRequest(server);
    const bad = await staff.call('POST', `/api/shop/requests/${request.id}/quotes`, {
      ...quoteBody(),
      scope: 'everything',
      lines: [{ description: '', quantity: 0, unitPrice: 'ten' }],
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields ?? {})).toEqual(
      expect.arrayContaining(['scope', 'lines.0.description', 'lines.0.quantity', 'lines.0.unitPrice']),
    );
    expect((await staff.call('POST', `/api/shop/requests/${request.id}/quotes`, quoteBody())).status).toBe(201);
    const second = await staff.call('POST', `/api/shop/requests/${request.id}/quotes`, quoteBody());
    expect(second.status).toBe(409);
  });
});
