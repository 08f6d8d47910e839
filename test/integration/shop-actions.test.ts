import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptStripeQuote, retrieveQuote } from '../../src/server/stripe/index.js';
import type { QuoteRevisionView } from '../support/views.js';
import type { Inbox } from '../../src/server/inbox/list-inbox.js';
import type { ShopRequestView } from '../../src/server/inbox/get-shop-request.js';
import { handleQuoteAccepted } from '../../src/server/billing-sync/quote-accepted.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { pngBytes, tokenOf, upload } from '../support/intake.js';
import { emulatorOf } from '../support/release.js';
import { createRequestWithLinks, outbox, postWithToken, review, sampleFirst } from '../support/review.js';
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

const quoteBody = () => ({
  draftId: randomUUID(),
  scope: 'opening_lot',
  quantity: 50,
  lines: [{ description: 'Pump housing bracket', quantity: 50, unitPrice: '12.40' }],
  leadTimeDays: 12,
  shippingTerms: 'DAP your site',
  paymentTermsDays: 30,
  validDays: 30,
});

describe('rough estimates', () => {
  it('proposes a range from the shop data, sends the adjusted estimate as "not an order", and calls no Stripe', async () => {
    const request = await createCustomerRequest(server, { mode: 'rough_estimate' });
    const detail = await staff.call<ShopRequestView>('GET', `/api/shop/requests/${request.id}`);
    expect(detail.status).toBe(200);
    const proposal = detail.body.estimate;
    expect(proposal.material.name).toBe('PETG');
    expect(proposal.quantity).toBe(500);
    expect(proposal.totalMinor.high).toBeGreaterThan(proposal.totalMinor.low);
    expect(proposal.assumptions.join(' ')).toMatch(/not an order/);

    const stripeCalls = server.runtime.emulator?.requestLog.length ?? 0;
    const estimateBody = {
      sendId: randomUUID(),
      quantity: 500,
      low: '2400',
      high: '3900,50',
      leadDaysMin: 6,
      leadDaysMax: 10,
      material: 'PETG',
      assumptions: ['Size from the request', 'Excludes shipping'],
      note: 'Happy to refine after a sample.',
    };
    const path = `/api/shop/requests/${request.id}/estimate`;
    const mailsBefore = (await outbox(server)).length;
    // A double click: both requests answer with the one send.
    const [sent, again] = await Promise.all([
      staff.call<{ sentTo: string[]; eventId: number }>('POST', path, estimateBody),
      staff.call<{ sentTo: string[]; eventId: number }>('POST', path, estimateBody),
    ]);
    expect(sent.status).toBe(201);
    expect(again.status).toBe(201);
    expect(sent.body.sentTo).toEqual(['tina@acme.example', 'paul@acme.example']);
    expect(again.body.sentTo).toEqual(sent.body.sentTo);
    expect((await outbox(server)).length - mailsBefore).toBe(2);
    const later = await staff.call<{ sentTo: string[]; eventId: number }>('POST', path, estimateBody);
    expect(later.body).toEqual({ eventId: sent.body.eventId, sentTo: sent.body.sentTo });
    const changed = await staff.call('POST', path, { ...estimateBody, high: '4100' });
    expect(changed.status).toBe(409);
    expect(changed.body.error.message).toMatch(/already sent with other figures/);
    expect(server.runtime.emulator?.requestLog.length).toBe(stripeCalls);

    const mail = await latestMailTo(server, 'tina@acme.example', /rough estimate/);
    expect(mail?.subject).toMatch(/not an order/);
    expect(mail?.text).toMatch(/ROUGH ESTIMATE, NOT AN ORDER/);
    expect(mail?.text).toMatch(/€2,400\.00 – €3,900\.50/);
    expect(mail?.links.some((l) => /release|review/.test(l))).toBe(false);

    const after = await staff.call<ShopRequestView>('GET', `/api/shop/requests/${request.id}`);
    expect(after.body.estimatesSent[0]).toMatchObject({ lowMinor: 240000, highMinor: 390050, by: STAFF_EMAIL });
    expect(after.body.commercial.state).toBe('estimate');
    expect(after.body.quotes).toEqual([]);
  });

  it('refuses an inverted range with a field message', async () => {
    const request = await createCustomerRequest(server, { mode: 'rough_estimate' });
    const bad = await staff.call('POST', `/api/shop/requests/${request.id}/estimate`, {
      sendId: randomUUID(),
      quantity: 10,
      low: '500',
      high: '100',
      leadDaysMin: 5,
      leadDaysMax: 3,
      material: 'PETG',
      assumptions: [],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error.fields?.high).toMatch(/upper end/);
    expect(bad.body.error.fields?.leadDaysMax).toMatch(/longest/);
  });
});

describe('staff actions', () => {
  it('records a shipped sample as the staff member, opening first-article review', async () => {
    const request = await createCustomerRequest(server, {
      mode: 'sample',
      quantities: { sample: 2, provisional: false },
    });
    const shipped = await staff.call('POST', `/api/shop/requests/${request.id}/sample-shipped`, {
      trackingReference: 'DHL 00340434',
      carrier: 'DHL',
    });
    expect(shipped.status).toBe(201);
    const detail = await staff.call<ShopRequestView>('GET', `/api/shop/requests/${request.id}`);
    expect(detail.body.technical.state).toBe('sample_in_progress');
    const event = detail.body.events.find((e) => e.type === 'sample_shipped');
    expect(event).toMatchObject({ role: 'shop', actorEmail: STAFF_EMAIL });
    expect(detail.body.commercial.state).toBe('estimate');
  });

  it('resends a technical link: the new one works, the old one is revoked', async () => {
    const request = await createCustomerRequest(server);
    const first = (await latestMailTo(server, 'tina@acme.example', /please review/))?.links.find((l) =>
      l.includes('/review/'),
    );
    if (!first) throw new Error('no review link');
    const resent = await staff.call<{ sentTo: string[]; revoked: number }>(
      'POST',
      `/api/shop/requests/${request.id}/resend-links`,
      { role: 'technical' },
    );
    expect(resent.status).toBe(200);
    expect(resent.body).toMatchObject({ sentTo: ['tina@acme.example'], revoked: 1 });
    const fresh = (await latestMailTo(server, 'tina@acme.example', /fresh link/))?.links.find((l) =>
      l.includes('/review/'),
    );
    if (!fresh) throw new Error('no fresh link');
    expect((await callApi(server, 'GET', `/api/requests/${request.id}`, { token: tokenOf(first) })).status).toBe(401);
    expect((await callApi(server, 'GET', `/api/requests/${request.id}`, { token: tokenOf(fresh) })).status).toBe(200);
  });

  it('resends a purchasing link bound to the open revision, and refuses when no quote is open', async () => {
    const request = await createCustomerRequest(server);
    const none = await staff.call('POST', `/api/shop/requests/${request.id}/resend-links`, { role: 'purchasing' });
    expect(none.status).toBe(409);
    const quote = await staff.call<QuoteRevisionView>('POST', `/api/shop/requests/${request.id}/quotes`, quoteBody());
    const before = await mailsTo(server, 'paul@acme.example');
    const old = before.find((m) => /for your release/.test(m.subject))?.links.find((l) => l.includes('/release/'));
    const resent = await staff.call('POST', `/api/shop/requests/${request.id}/resend-links`, { role: 'purchasing' });
    expect(resent.status).toBe(200);
    const fresh = (await latestMailTo(server, 'paul@acme.example', /for your release/))?.links.find((l) =>
      l.includes('/release/'),
    );
    if (!old || !fresh) throw new Error('links missing');
    expect(fresh).not.toBe(old);
    expect((await callApi(server, 'GET', `/api/quotes/${quote.body.id}`, { token: tokenOf(old) })).status).toBe(401);
    expect((await callApi(server, 'GET', `/api/quotes/${quote.body.id}`, { token: tokenOf(fresh) })).status).toBe(200);
  });
});

describe('quote accepted outside the portal', () => {
  it('is recorded and flagged, is not a release, and repeats are no-ops', async () => {
    const request = await createCustomerRequest(server);
    const quote = await staff.call<QuoteRevisionView>('POST', `/api/shop/requests/${request.id}/quotes`, quoteBody());
    const stripeQuoteId = quote.body.stripeQuoteId ?? '';
    // Stripe's own quote.accepted webhook is held back until the handler has been called here:
    // otherwise it could reach the runtime first and flag the quote before this test does.
    const webhooks = emulatorOf(server).webhooks;
    await webhooks.flush();
    webhooks.pause();
    try {
      // Someone accepts it in the Stripe Dashboard.
      await acceptStripeQuote({
        quoteId: stripeQuoteId,
        revisionId: randomUUID(),
        idempotencyKey: `dashboard-${stripeQuoteId}`,
      });
      const fresh = await retrieveQuote({ quoteId: stripeQuoteId });
      expect(await handleQuoteAccepted({ quote: fresh, stripeEventId: 'evt_test_1' })).toEqual({
        outcome: 'flagged',
        revisionId: quote.body.id,
      });
      expect(await handleQuoteAccepted({ quote: fresh, stripeEventId: 'evt_test_1' })).toMatchObject({
        outcome: 'already_flagged',
      });
    } finally {
      webhooks.resume();
    }
    // The held webhook arrives now, as a repeat: still one event and one mail below.
    await webhooks.flush();

    const detail = await staff.call<ShopRequestView>('GET', `/api/shop/requests/${request.id}`);
    expect(detail.body.commercial.state).toBe('quoted');
    expect(detail.body.readyForProduction).toBe(false);
    expect(detail.body.lots.released).toBe(0);
    expect(detail.body.quotes[0]?.acceptedOutsidePortal).toBe(true);
    expect(detail.body.events.filter((e) => e.type === 'accepted_outside_portal')).toHaveLength(1);
    const inbox = await staff.call<Inbox>('GET', `/api/shop/requests?q=${encodeURIComponent(request.reference)}`);
    expect(inbox.body.groups.shop[0]).toMatchObject({ id: request.id, acceptedOutsidePortal: true });
    expect(await latestMailTo(server, 'shop@localhost', /outside the portal/)).toBeDefined();
    const flagged = (await mailsTo(server, 'shop@localhost')).filter(
      (m) => m.subject.startsWith(`${request.reference}:`) && /outside the portal/.test(m.subject),
    );
    expect(flagged).toHaveLength(1);
  });

  it('ignores quotes that are not ours or not accepted', async () => {
    expect(await handleQuoteAccepted({ quote: { id: 'qt_unknown', status: 'accepted', metadata: {} } })).toEqual({
      outcome: 'ignored',
    });
    expect(await handleQuoteAccepted({ quote: { id: 'qt_unknown', status: 'open', metadata: {} } })).toEqual({
      outcome: 'ignored',
    });
  });
});

describe('inbox', () => {
  it('groups by who acts next, filters by mode and state, and searches by reference, company and email', async () => {
    const estimate = await createCustomerRequest(server, {
      mode: 'rough_estimate',
      technicalContact: { name: 'Eve Engineer', email: 'eve@zeta-robotics.example', company: 'Zeta Robotics AG' },
    });
    const quoted = await createCustomerRequest(server, {
      technicalContact: { name: 'Quinn', email: 'quinn@quoted.example', company: 'Quoted Ltd' },
    });
    await staff.call('POST', `/api/shop/requests/${quoted.id}/quotes`, quoteBody());

    const byCompany = await staff.call<Inbox>('GET', '/api/shop/requests?q=zeta%20rob');
    expect(byCompany.body.total).toBe(1);
    expect(byCompany.body.groups.shop[0]?.reference).toBe(estimate.reference);
    const byEmail = await staff.call<Inbox>('GET', '/api/shop/requests?q=quinn@quoted');
    // Technical review still pending comes before purchasing, whose release is also awaited.
    expect(byEmail.body.groups.technical.map((i) => i.id)).toEqual([quoted.id]);
    expect(byEmail.body.groups.technical[0]?.missing.join(' ')).toMatch(/Purchasing release/);
    const byReference = await staff.call<Inbox>('GET', `/api/shop/requests?q=${quoted.reference}`);
    expect(byReference.body.total).toBe(1);

    const quotedOnly = await staff.call<Inbox>('GET', '/api/shop/requests?commercial=quoted');
    const all = Object.values(quotedOnly.body.groups).flat();
    expect(all.length).toBeGreaterThan(0);
    expect(all.every((i) => i.commercial.state === 'quoted')).toBe(true);
    const roughOnly = await staff.call<Inbox>(
      'GET',
      '/api/shop/requests?mode=rough_estimate&technical=awaiting_review',
    );
    const rough = Object.values(roughOnly.body.groups).flat();
    // The rough estimate made above is among them, and nothing else passes the filter.
    expect(rough.map((i) => i.id)).toContain(estimate.id);
    expect(rough.every((i) => i.mode === 'rough_estimate')).toBe(true);
    expect(all.map((i) => i.id)).toContain(quoted.id);
    expect((await staff.call('GET', '/api/shop/requests?mode=everything')).status).toBe(422);
  });
});

describe('the shop request view: what the technical contact said', () => {
  it('shows each decision with its answers in words, open unknowns, notes and files, the earlier one superseded', async () => {
    const request = await createRequestWithLinks(server, {
      part: {
        name: 'Heater clip',
        problem: 'The original clip cracks after a week near the heater.',
        kind: 'new',
        size: { lengthMm: 60, widthMm: 20, heightMm: 10 },
        material: 'PETG',
        environment: {
          heat: true,
          load: false,
          motion: true,
          outdoorUv: false,
          chemicals: false,
          notes: 'Near a 90 °C pipe.',
        },
        finish: 'Matte black',
      },
    });
    const markup = await upload(
      server.url,
      { name: 'markup.png', bytes: await pngBytes(), type: 'image/png' },
      { authorization: `Bearer ${request.reviewToken}` },
    );
    const reviewPath = `/api/requests/${request.id}/technical-review`;
    const first = await postWithToken(
      server.url,
      reviewPath,
      sampleFirst({
        checklist: {
          conceptSolvesProblem: 'yes',
          rightVersion: 'unsure',
          materialFitsEnvironment: 'unsure',
          sampleNeeded: 'yes',
          remainingUnknowns: ['fit', 'heat'],
        },
        notes: 'Not sure PETG survives the pipe.\nSend one sample first.',
        fileIds: [markup.body.id],
      }),
      request.reviewToken,
    );
    expect(first.status).toBe(201);
    const second = await postWithToken(
      server.url,
      reviewPath,
      review({ notes: 'Direction is right after all.' }),
      request.reviewToken,
    );
    expect(second.status).toBe(201);

    // Over HTTP as signed-in staff; without the session the same address refuses.
    expect((await callApi(server, 'GET', `/api/shop/requests/${request.id}`)).status).toBe(401);
    const detail = await staff.call<ShopRequestView>('GET', `/api/shop/requests/${request.id}`);
    expect(detail.status).toBe(200);
    const [latest, earlier, ...rest] = detail.body.technicalDecisions;
    expect(rest).toEqual([]);
    expect(latest).toMatchObject({
      eventId: second.body.eventId,
      type: 'technical_review',
      decisionLabel: 'Direction confirmed',
      by: { name: 'Tina Technik', email: 'tina@acme.example' },
      openUnknowns: ['Finish'],
      notes: 'Direction is right after all.',
      files: [],
      superseded: false,
    });
    expect(earlier).toMatchObject({
      eventId: first.body.eventId,
      decisionLabel: 'Sample first',
      answers: [
        { question: 'Does the part concept solve the actual problem?', answer: 'Yes' },
        { question: 'Do the screenshots or dimensions point at the right version?', answer: 'Not sure' },
        { question: 'Does the material fit the environment?', answer: 'Not sure' },
        { question: 'Is a sample needed before quantity production?', answer: 'Yes' },
      ],
      openUnknowns: ['Fit', 'Heat'],
      notes: 'Not sure PETG survives the pipe.\nSend one sample first.',
      files: [{ id: markup.body.id, name: 'markup.png', size: markup.body.size }],
      superseded: true,
    });
    // Every part fact the customer gave reaches the shop.
    expect(detail.body.part).toMatchObject({
      kind: 'new',
      finish: 'Matte black',
      environment: { heat: true, motion: true, notes: 'Near a 90 °C pipe.' },
    });
  });

  it('lists no decisions before the technical contact has reviewed', async () => {
    const request = await createCustomerRequest(server);
    const detail = await staff.call<ShopRequestView>('GET', `/api/shop/requests/${request.id}`);
    expect(detail.body.technicalDecisions).toEqual([]);
  });
});
