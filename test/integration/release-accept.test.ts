/**
 * POST /api/quotes/:id/accept over HTTP against the local runtime, PGlite and the Stripe emulator:
 * the happy path to one sent invoice with the PO on it, repeats, a different second accept, input
 * validation, and the revisions that cannot be accepted (superseded, canceled, expired).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { noteFor } from '../../src/server/mail/frame.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { mailsAbout } from '../support/review.js';
import {
  accept,
  acceptBody,
  emulatorOf,
  expectInvoiced,
  invoicesForQuote,
  issueQuoteWithLink,
  mutatingCalls,
  reviseWithLink,
  staffOf,
} from '../support/release.js';
import { probe } from '../support/probe.js';

// Generous: the machine is shared; these tests assert outcomes, never durations.
const SLOW = { timeout: 180_000 };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

async function stripeQuoteId(revisionId: string): Promise<string> {
  const row = await probe.revision(revisionId);
  if (!row?.stripeQuoteId) throw new Error('revision has no Stripe quote');
  return row.stripeQuoteId;
}

describe('accept: the happy path', SLOW, () => {
  it('releases the revision and sends exactly one invoice with the PO number and budget code on it', async () => {
    const quote = await issueQuoteWithLink(server);
    const reply = await accept(server, quote.revisionId, quote.releaseToken);
    expect(reply.status).toBe(201);
    expectInvoiced(reply.body);
    expect(reply.body).toMatchObject({
      repeated: false,
      poNumber: 'PO-4411',
      budgetCode: 'MAINT-2027',
      commercial: { state: 'invoiced' },
      technical: { state: 'awaiting_review' },
      readyForProduction: false,
    });
    expect(reply.body.handoffNote).toBe(
      'Purchasing released the opening lot of 50 pcs under PO-4411; production waits for technical review.',
    );

    const invoices = invoicesForQuote(server, await stripeQuoteId(quote.revisionId));
    expect(invoices).toHaveLength(1);
    const [invoice] = invoices;
    expect(invoice).toMatchObject({
      id: reply.body.invoice?.id,
      number: reply.body.invoice?.number,
      status: 'open',
      custom_fields: [
        { name: 'PO number', value: 'PO-4411' },
        { name: 'Budget code', value: 'MAINT-2027' },
      ],
    });
    expect(invoice?.metadata).toMatchObject({ revision_id: quote.revisionId });

    const types = (await probe.events(quote.id)).map((row) => row.type);
    expect(types.slice(types.indexOf('purchasing_accepted'))).toEqual([
      'purchasing_accepted',
      'invoice_created',
      'invoice_fields_set',
      'invoice_finalized',
      'invoice_sent',
      // The release certificate's facts, stored when the release completes.
      'release_certificate_issued',
    ]);
    const revision = await probe.revision(quote.revisionId);
    expect(revision).toMatchObject({
      status: 'accepted',
      stripeInvoiceId: invoice?.id,
      invoiceNumber: invoice?.number,
      invoiceStatus: 'sent',
    });
  });

  it('records who released, in which role, with IP and user agent, and uses the link once', async () => {
    const quote = await issueQuoteWithLink(server);
    await accept(server, quote.revisionId, quote.releaseToken);
    const row = (await probe.events(quote.id)).find((event) => event.type === 'purchasing_accepted');
    expect(row).toMatchObject({
      role: 'purchasing',
      actorName: 'Paul Purchase',
      actorEmail: 'paul@acme.example',
      quoteRevisionId: quote.revisionId,
      payload: { poNumber: 'PO-4411', budgetCode: 'MAINT-2027', jobTitle: 'Buyer', authorised: true },
    });
    expect(row?.ip).toBeTruthy();
    expect(row?.userAgent).toBeTruthy();
  });

  it('mails both contacts and the shop with the handoff note', async () => {
    const quote = await issueQuoteWithLink(server);
    const reply = await accept(server, quote.revisionId, quote.releaseToken);
    const mails = (await mailsAbout(server, quote.reference)).filter((m) => m.subject.includes('released the order'));
    expect(mails.map((m) => m.to).sort()).toEqual(['paul@acme.example', 'shop@localhost', 'tina@acme.example']);
    const readers = {
      'paul@acme.example': 'purchasing',
      'tina@acme.example': 'technical',
      'shop@localhost': 'shop',
    } as const;
    for (const mail of mails) {
      // Each reader gets the note spoken to them: "You released …" for the approver.
      const reader = readers[mail.to as keyof typeof readers];
      expect(mail.text).toContain(`Where things stand: ${noteFor(reply.body.handoffNote, reader)}`);
      expect(mail.text).toContain(reply.body.invoice?.number ?? 'missing');
    }
    // The technical contact hears about the release but gets no payment link.
    const technical = mails.find((m) => m.to === 'tina@acme.example');
    expect(technical?.text).not.toContain(reply.body.invoice?.url ?? 'missing');
  });

  it('reads "ready for production" once technical review confirmed the direction', async () => {
    const quote = await issueQuoteWithLink(server);
    const { postWithToken, review } = await import('../support/review.js');
    const reviewed = await postWithToken(
      server.url,
      `/api/requests/${quote.id}/technical-review`,
      review(),
      quote.reviewToken,
    );
    expect(reviewed.status).toBe(201);
    const reply = await accept(server, quote.revisionId, quote.releaseToken);
    expect(reply.body.readyForProduction).toBe(true);
    expect(reply.body.handoffNote).toBe(
      'Purchasing released the opening lot of 50 pcs under PO-4411; technical review confirmed the direction; ready for production.',
    );
  });
});

describe('the status page after a release', SLOW, () => {
  it('reads released and waiting while technical review is pending, ready for production only after it', async () => {
    const quote = await issueQuoteWithLink(server);
    await accept(server, quote.revisionId, quote.releaseToken);
    const view = async () => {
      const response = await fetch(`${server.url}/api/requests/${quote.id}`, {
        headers: { authorization: `Bearer ${quote.statusToken}` },
      });
      return (await response.json()) as {
        readyForProduction: boolean;
        handoffNote: string;
        commercial: { state: string };
      };
    };
    const waiting = await view();
    expect(waiting).toMatchObject({ readyForProduction: false, commercial: { state: 'invoiced' } });
    expect(waiting.handoffNote).toBe(
      'Purchasing released the opening lot of 50 pcs under PO-4411; production waits for technical review.',
    );
    const { postWithToken, review } = await import('../support/review.js');
    await postWithToken(server.url, `/api/requests/${quote.id}/technical-review`, review(), quote.reviewToken);
    const ready = await view();
    expect(ready.readyForProduction).toBe(true);
    expect(ready.handoffNote).toMatch(/ready for production\.$/);
  });
});

describe('accept: repeats and a different second accept', SLOW, () => {
  it('returns the first result for the same accept and calls Stripe for nothing new', async () => {
    const quote = await issueQuoteWithLink(server);
    const first = await accept(server, quote.revisionId, quote.releaseToken);
    const before = mutatingCalls(server).length;
    const again = await accept(server, quote.revisionId, quote.releaseToken, acceptBody({ poNumber: ' PO-4411 ' }));
    expect(again.status).toBe(200);
    expect(again.body.repeated).toBe(true);
    expect(again.body.invoice).toEqual(first.body.invoice);
    expect(mutatingCalls(server).length).toBe(before);
  });

  it('refuses a different second accept with 409 ALREADY_DECIDED naming the first', async () => {
    const quote = await issueQuoteWithLink(server);
    await accept(server, quote.revisionId, quote.releaseToken);
    const other = await accept(server, quote.revisionId, quote.releaseToken, acceptBody({ poNumber: 'PO-9999' }));
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('ALREADY_DECIDED');
    expect(other.body.error.message).toContain('PO-4411');
    expect(invoicesForQuote(server, await stripeQuoteId(quote.revisionId))).toHaveLength(1);
  });
});

describe('accept: input', SLOW, () => {
  it.each([
    ['no PO number', { poNumber: '' }, 'poNumber'],
    ['not authorised', { authorised: false }, 'authorised'],
    ['no name', { name: '  ' }, 'name'],
    ['no job title', { jobTitle: undefined }, 'jobTitle'],
    ['a PO number that is too long', { poNumber: 'x'.repeat(61) }, 'poNumber'],
  ])('answers 422 for %s and calls Stripe for nothing', async (_label, overrides, field) => {
    const quote = await issueQuoteWithLink(server);
    const before = emulatorOf(server).requestLog.length;
    const reply = await accept(server, quote.revisionId, quote.releaseToken, acceptBody(overrides));
    expect(reply.status).toBe(422);
    expect(Object.keys(reply.body.error.fields ?? {})).toContain(field);
    expect(emulatorOf(server).requestLog.length).toBe(before);
  });

  it('answers 400 for a body that is not JSON and 415 for another type', async () => {
    const quote = await issueQuoteWithLink(server);
    const broken = await accept(server, quote.revisionId, quote.releaseToken, '{"poNumber":');
    expect(broken.status).toBe(400);
    const response = await fetch(`${server.url}/api/quotes/${quote.revisionId}/accept`, {
      method: 'POST',
      headers: { authorization: `Bearer ${quote.releaseToken}`, 'content-type': 'text/plain' },
      body: 'PO-1',
    });
    expect(response.status).toBe(415);
  });
});

describe('accept: revisions that cannot be released', SLOW, () => {
  it('refuses a superseded revision with 409 naming it, and releases the current one', async () => {
    const quote = await issueQuoteWithLink(server);
    const next = await reviseWithLink(server, quote.revisionId, {
      quantity: 60,
      lines: [{ description: 'Pump housing bracket, PETG', quantity: 60, unitPrice: '12.00' }],
    });
    const before = mutatingCalls(server).length;
    const old = await accept(server, quote.revisionId, quote.releaseToken);
    expect(old.status).toBe(409);
    expect(old.body.error.code).toBe('QUOTE_SUPERSEDED');
    expect(old.body.error.message).toMatch(/revision 2/);
    expect(mutatingCalls(server).length).toBe(before);
    const current = await accept(server, next.revisionId, next.releaseToken);
    expect(current.status).toBe(201);
    expect(invoicesForQuote(server, await stripeQuoteId(quote.revisionId))).toHaveLength(0);
    expect(invoicesForQuote(server, await stripeQuoteId(next.revisionId))).toHaveLength(1);
  });

  it('refuses a canceled quote with 409 naming it (its link is revoked) and calls Stripe for nothing', async () => {
    const quote = await issueQuoteWithLink(server);
    const staff = await staffOf(server);
    expect((await staff.call('POST', `/api/shop/quotes/${quote.revisionId}/cancel`, {})).status).toBe(200);
    const before = mutatingCalls(server).length;
    const reply = await accept(server, quote.revisionId, quote.releaseToken);
    expect(reply.status).toBe(409);
    expect(reply.body.error.code).toBe('QUOTE_NOT_OPEN');
    expect(reply.body.error.message).toMatch(/canceled/);
    expect(mutatingCalls(server).length).toBe(before);
    expect(invoicesForQuote(server, await stripeQuoteId(quote.revisionId))).toHaveLength(0);
  });

  it('refuses an expired quote with 409 naming its state', async () => {
    const quote = await issueQuoteWithLink(server);
    const revision = await probe.revision(quote.revisionId);
    const after = new Date((revision?.expiresAt.getTime() ?? 0) - 1000);
    const { acceptQuote } = await import('../../src/server/release/accept-quote.js');
    // One second before the link itself expires, the quote's own expiry is what refuses.
    const { getDb } = await import('../../src/server/db/index.js');
    const { quoteRevisions } = await import('../../src/server/db/schema.js');
    const { eq } = await import('../../src/server/db/orm.js');
    await getDb()
      .update(quoteRevisions)
      .set({ expiresAt: new Date(after.getTime() - 60_000) })
      .where(eq(quoteRevisions.id, quote.revisionId));
    const before = mutatingCalls(server).length;
    const refused: unknown = await acceptQuote({
      quoteId: quote.revisionId,
      token: quote.releaseToken,
      body: acceptBody(),
      meta: { ip: '127.0.0.1', userAgent: 'test' },
      now: after,
    }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe('QUOTE_NOT_OPEN');
    expect((refused as AppError).message).toMatch(/expired/);
    expect(mutatingCalls(server).length).toBe(before);
  });
});
