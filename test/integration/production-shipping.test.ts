/**
 * The production track over HTTP (architecture §2, "Production and delivery"): a released opening lot
 * goes into production only once the technical go-ahead stands, ships in two partial shipments that
 * never exceed what was released, and is delivered; every refusal on the way answers with words a
 * person can act on, both customer contacts are mailed, and both their views show the lot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductionEventResult, RequestView, ShopRequestView } from '../../src/domain/contracts/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { binaryStl, getJson, upload, type Reply } from '../support/intake.js';
import { postWithToken, review } from '../support/review.js';
import { accept, issueQuoteWithLink, staffOf, type IssuedQuote } from '../support/release.js';
import { callApi, mailsTo, type ShopClient } from '../support/shop.js';

let server: TestServer;
let staff: ShopClient;
let request: IssuedQuote;

beforeAll(async () => {
  server = await startTestServer();
  staff = await staffOf(server);
  request = await issueQuoteWithLink(server);
});
afterAll(async () => {
  await server?.close();
});

type Answer = { status: number; body: Reply<ProductionEventResult> };
const post = (action: string, body: unknown): Promise<Answer> =>
  staff.call<ProductionEventResult>('POST', `/api/shop/requests/${request.id}/${action}`, body);
const start = () => post('production', { revisionId: request.revisionId, note: 'Printing on two machines.' });
const shipment = (overrides: Record<string, unknown> = {}) => ({
  revisionId: request.revisionId,
  carrier: 'DHL',
  trackingReference: 'JD0001',
  quantity: 30,
  trackingUrl: 'https://www.dhl.example/track?id=JD0001',
  ...overrides,
});
const technicalReview = () =>
  postWithToken(server.url, `/api/requests/${request.id}/technical-review`, review(), request.reviewToken);

function expectRefusal(answer: Answer, status: number, code: string, message: RegExp): void {
  expect(answer.status).toBe(status);
  expect(answer.body.error.code).toBe(code);
  expect(answer.body.error.message).toMatch(message);
}

describe('release → production → two partial shipments → delivered', () => {
  it('refuses production on a quote purchasing has not released', async () => {
    expectRefusal(await start(), 409, 'INVALID_TRANSITION', /^This quote is open; production starts only on a lot/);
  });

  it('refuses production on a released lot without the technical go-ahead, and while new geometry reopened it', async () => {
    expect((await accept(server, request.revisionId, request.releaseToken)).status).toBe(201);
    expectRefusal(await start(), 409, 'INVALID_TRANSITION', /has not given the go-ahead \(awaiting technical review\)/);
    expectRefusal(
      await post('shipments', shipment()),
      409,
      'INVALID_TRANSITION',
      /Record production of this lot as started before/,
    );

    expect((await technicalReview()).status).toBe(201);
    const added = await upload(
      server.url,
      { name: 'bracket.stl', bytes: binaryStl(3) },
      { authorization: `Bearer ${request.reviewToken}` },
    );
    expect(added.status).toBe(201);
    expectRefusal(await start(), 409, 'INVALID_TRANSITION', /New 3D geometry arrived after the technical sign-off/);
    const shop = await staff.call<ShopRequestView>('GET', `/api/shop/requests/${request.id}`);
    expect(shop.body.production.lots[0]?.startBlocked).toMatch(/New 3D geometry arrived/);
  });

  it('records production once the go-ahead stands again; the same click twice records it once', async () => {
    expect((await technicalReview()).status).toBe(201);
    const started = await start();
    expect(started.status).toBe(201);
    expect(started.body.production.lots).toMatchObject([
      { released: 50, shipped: 0, remaining: 50, started: true, note: 'Printing on two machines.' },
    ]);
    const again = await start();
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ repeated: true, eventId: started.body.eventId });
    expectRefusal(
      await post('production', { revisionId: request.revisionId }),
      409,
      'ALREADY_DECIDED',
      /already recorded as started/,
    );
  });

  it('refuses a shipment whose fields are wrong, naming each field', async () => {
    const answer = await post(
      'shipments',
      shipment({ carrier: ' ', quantity: 2.5, trackingUrl: 'javascript:alert(1)' }),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error.fields).toEqual({
      carrier: 'Enter the carrier, e.g. DHL or UPS.',
      quantity: 'Enter how many pieces this shipment carries, as a whole number.',
      trackingUrl: 'Enter the tracking page as an address starting with https://.',
    });
  });

  let first: ProductionEventResult;
  it('ships 30 and then 20 of 50, refusing more than what remains; a repeated shipment records nothing', async () => {
    const shipped = await post('shipments', shipment());
    expect(shipped.status).toBe(201);
    first = shipped.body;
    expect(first.production.lots[0]).toMatchObject({ shipped: 30, remaining: 20 });
    expect(first.missing[0]).toBe('The shop to ship the remaining 20 of the opening lot of 50.');
    expect(first.nextActor).toBe('shop');

    const repeat = await post('shipments', shipment());
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ repeated: true, eventId: first.eventId });

    expectRefusal(
      await post('shipments', shipment({ trackingReference: 'JD0002', quantity: 25 })),
      409,
      'INVALID_TRANSITION',
      /^Only 20 of this lot remain to ship \(30 already shipped\); enter 20 or fewer\.$/,
    );
    expectRefusal(
      await post('shipments', shipment({ quantity: 5 })),
      409,
      'CONFLICT',
      /tracking reference are already recorded for another shipment/,
    );
    const second = await post(
      'shipments',
      shipment({ carrier: 'UPS', trackingReference: '1Z999', quantity: 20, trackingUrl: '' }),
    );
    expect(second.status).toBe(201);
    expect(second.body.production.lots[0]).toMatchObject({ shipped: 50, remaining: 0 });
    expect(second.body.missing[0]).toBe('The shop to record the delivery of 2 shipments of the opening lot of 50.');
    expectRefusal(
      await post('shipments', shipment({ trackingReference: 'JD0003', quantity: 1 })),
      409,
      'INVALID_TRANSITION',
      /^Every piece of this lot has already shipped \(50\)/,
    );
  });

  it('records a delivery of a known shipment once, on a real day that is not in the future', async () => {
    const shipmentId = first.production.lots[0]?.shipments[0]?.shipmentId ?? '';
    const today = new Date().toISOString().slice(0, 10);
    const future = await post('deliveries', { shipmentId, deliveredOn: '2999-01-01' });
    expect(future.status).toBe(422);
    expect(future.body.error.fields).toEqual({
      deliveredOn: 'The delivery day is in the future; enter the day the shipment arrived.',
    });
    expectRefusal(
      await post('deliveries', { shipmentId: '00000000-0000-4000-8000-000000000000', deliveredOn: today }),
      404,
      'NOT_FOUND',
      /That shipment is not recorded on this request/,
    );
    const delivered = await post('deliveries', { shipmentId, deliveredOn: today });
    expect(delivered.status).toBe(201);
    expect(delivered.body.production.lots[0]?.delivered).toBe(30);
    expect((await post('deliveries', { shipmentId, deliveredOn: today })).status).toBe(200);
    expectRefusal(
      await post('deliveries', { shipmentId, deliveredOn: '2020-01-01' }),
      409,
      'ALREADY_DECIDED',
      new RegExp(`already recorded as delivered on ${today}`),
    );
  });

  it('shows the lot and its shipments to the technical contact and the purchasing approver alike', async () => {
    for (const token of [request.reviewToken, request.releaseToken]) {
      const view = await getJson<RequestView>(server.url, `/api/requests/${request.id}`, token);
      expect(view.status).toBe(200);
      const lot = view.body.production.lots[0];
      expect(lot).toMatchObject({ scopeLabel: 'Opening lot', released: 50, shipped: 50, delivered: 30, remaining: 0 });
      expect(lot?.shipments.map((s) => [s.carrier, s.trackingReference, s.quantity, s.trackingUrl])).toEqual([
        ['DHL', 'JD0001', 30, 'https://www.dhl.example/track?id=JD0001'],
        ['UPS', '1Z999', 20, undefined],
      ]);
      expect(view.body.events.map((e) => e.summary)).toContain('The shop shipped 30 pcs (DHL JD0001).');
    }
  });

  it('mails both customer contacts for each shipment and each delivery, once', async () => {
    for (const to of ['tina@acme.example', 'paul@acme.example']) {
      const subjects = (await mailsTo(server, to)).map((m) => m.subject).filter((s) => /shipped|delivered/.test(s));
      expect(subjects.sort()).toEqual([
        `${request.reference}: 20 pcs of your opening lot have shipped`,
        `${request.reference}: 30 pcs of your opening lot have shipped`,
        `${request.reference}: 30 pcs of your opening lot were delivered`,
      ]);
    }
  });

  it('takes production records only from a staff session', async () => {
    const anonymous = await callApi(server, 'POST', `/api/shop/requests/${request.id}/production`, {
      body: { revisionId: request.revisionId },
      origin: server.url,
    });
    expect(anonymous.status).toBe(401);
  });
});
