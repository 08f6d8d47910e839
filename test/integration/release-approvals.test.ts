/**
 * Approval by amount (docs/architecture.md §11) over HTTP: the purchasing approver names a second
 * approver and a threshold; above it a release needs both, each through their own link bound to the
 * revision, in either order, and only the last release calls Stripe: one invoice, whatever the order
 * or the concurrency. Below the threshold the first approver releases alone.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import {
  accept,
  acceptBody,
  invoicesForQuote,
  issueQuoteWithLink,
  mutatingCalls,
  reviseWithLink,
  type IssuedQuote,
} from '../support/release.js';
import { getJson, postJson, tokenOf, validRequest } from '../support/intake.js';
import { SECOND_IS_FIRST } from '../../src/domain/request-schema.js';
import { outbox, postWithToken } from '../support/review.js';
import { probe } from '../support/probe.js';
import { pdfText } from '../support/poppler.js';
import type { QuoteReleaseView } from '../../src/domain/contracts/quote-view.js';

const SLOW = { timeout: 180_000 };
const DANA = { name: 'Dana Director', email: 'dana.director@example.com', jobTitle: 'Head of operations' };
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

function nameSecond(quote: { revisionId: string; releaseToken: string }, body: Record<string, unknown>) {
  return postWithToken<QuoteReleaseView>(
    server.url,
    `/api/quotes/${quote.revisionId}/approvers`,
    body,
    quote.releaseToken,
  );
}

/** The newest release link the outbox holds for this address and revision. */
async function linkOf(email: string, revisionId: string): Promise<string> {
  const link = (await outbox(server))
    .filter((mail) => mail.to.includes(email))
    .flatMap((mail) => mail.links)
    .findLast((l) => l.includes(`/release/?id=${revisionId}#token=`));
  if (!link) throw new Error(`no release link for ${email}`);
  return tokenOf(link);
}

async function invoicesOf(revisionId: string) {
  return invoicesForQuote(server, (await probe.revision(revisionId))?.stripeQuoteId ?? 'missing');
}

// The release page prefills the PO number the other approver typed; both release under it.
const danaAccept = acceptBody({ name: DANA.name, jobTitle: DANA.jobTitle });

/** A quote of €620.00 whose approver asked for Dana above €500. */
async function quoteNeedingDana(): Promise<IssuedQuote & { danaToken: string }> {
  const quote = await issueQuoteWithLink(server);
  const named = await nameSecond(quote, { ...DANA, threshold: '500' });
  expect(named.status).toBe(200);
  return { ...quote, danaToken: await linkOf(DANA.email, quote.revisionId) };
}

describe('naming a second approver', SLOW, () => {
  it('records the rule, mails the second approver their own link, and shows who is needed', async () => {
    const quote = await issueQuoteWithLink(server);
    const named = await nameSecond(quote, { ...DANA, threshold: '500.00' });
    expect(named.status).toBe(200);
    expect(named.body.approvals).toMatchObject({
      rule: { secondApprover: { name: DANA.name }, thresholdMinor: 50_000, currency: 'eur' },
      bothRequired: true,
      viewer: 'first',
      approvers: [
        { slot: 'first', released: false },
        { slot: 'second', name: DANA.name, released: false },
      ],
    });
    const mail = (await outbox(server)).find((m) => m.to.includes(DANA.email));
    expect(mail?.subject).toContain('as second approver');
    expect(mail?.text).toContain('above €500.00');
    // Dana's link opens the same revision and knows who she is.
    const seen = await getJson<QuoteReleaseView>(
      server.url,
      `/api/quotes/${quote.revisionId}`,
      await linkOf(DANA.email, quote.revisionId),
    );
    expect(seen.status).toBe(200);
    expect(seen.body.approvals.viewer).toBe('second');
    expect(seen.body.approvals.canNameSecond).toBe(false);
  });

  it('refuses bad input naming the field, and the approver naming themselves or the technical contact', async () => {
    const quote = await issueQuoteWithLink(server);
    const bad = await nameSecond(quote, { name: '', email: 'not-an-address', threshold: 'lots' });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.error.fields ?? {}).sort()).toEqual(['email', 'name', 'threshold']);
    const self = await nameSecond(quote, { ...DANA, email: 'paul@acme.example', threshold: '10' });
    expect(self.status).toBe(409);
    expect(self.body.error.message).toContain('another person');
    // Nothing was recorded: the first approver still releases alone.
    const released = await accept(server, quote.revisionId, quote.releaseToken);
    expect(released.status).toBe(201);
    expect(released.body.status).toBe('invoiced');
  });

  it('cannot be done with the second approver’s link', async () => {
    const quote = await quoteNeedingDana();
    const reply = await nameSecond(
      { revisionId: quote.revisionId, releaseToken: quote.danaToken },
      { ...DANA, name: 'Someone Else', email: 'else@example.com', threshold: '1' },
    );
    expect(reply.status).toBe(403);
  });
});

describe('releasing above and below the threshold', SLOW, () => {
  it('below the threshold the first approver releases alone, and the second approver is not asked', async () => {
    const quote = await issueQuoteWithLink(server);
    const named = await nameSecond(quote, { ...DANA, threshold: '1000' });
    expect(named.body.approvals.bothRequired).toBe(false);
    expect(named.body.approvals.approvers.map((a) => a.slot)).toEqual(['first']);
    const released = await accept(server, quote.revisionId, quote.releaseToken);
    expect(released.status).toBe(201);
    expect(released.body.status).toBe('invoiced');
    expect(await invoicesOf(quote.revisionId)).toHaveLength(1);
    const toDana = (await outbox(server)).filter(
      (m) => m.to.includes(DANA.email) && m.links.some((l) => l.includes(quote.revisionId)),
    );
    expect(toDana).toHaveLength(0);
  });

  it('first approver, then the second: Stripe is called only after the second release', async () => {
    const quote = await quoteNeedingDana();
    const before = mutatingCalls(server).length;
    const first = await accept(server, quote.revisionId, quote.releaseToken);
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('awaiting_approval');
    expect(first.body.message).toContain(DANA.name);
    expect(first.body.invoice).toBeNull();
    expect(mutatingCalls(server, before).filter((call) => call.path.endsWith('/accept'))).toHaveLength(0);
    expect(await invoicesOf(quote.revisionId)).toHaveLength(0);
    // Dana hears that her release is still needed, with a fresh link.
    const waiting = (await outbox(server)).filter(
      (m) => m.to.includes(DANA.email) && m.subject.includes('still needed'),
    );
    expect(waiting).toHaveLength(1);
    // The same release again is a repeat, not a second approval.
    const again = await accept(server, quote.revisionId, quote.releaseToken);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('awaiting_approval');

    // The status page shows both approvers and who is still needed, without their addresses.
    const status = await getJson(server.url, `/api/requests/${quote.id}`, quote.statusToken);
    expect(status.body.quote?.approvals).toMatchObject({
      bothRequired: true,
      secondApproverName: DANA.name,
      approvers: [
        { slot: 'first', name: 'Paul Purchase', released: true },
        { slot: 'second', name: DANA.name, released: false },
      ],
    });
    expect(JSON.stringify(status.body.quote?.approvals)).not.toContain(DANA.email);
    const view = await getJson<QuoteReleaseView>(server.url, `/api/quotes/${quote.revisionId}`, quote.danaToken);
    expect(view.body.approvals.approvers.map((a) => [a.slot, a.released])).toEqual([
      ['first', true],
      ['second', false],
    ]);

    const second = await accept(server, quote.revisionId, await linkOf(DANA.email, quote.revisionId), danaAccept);
    expect(second.status).toBe(201);
    expect(second.body.status).toBe('invoiced');
    const invoices = await invoicesOf(quote.revisionId);
    expect(invoices).toHaveLength(1);
    // One invoice, under the PO both released.
    expect(invoices[0]?.custom_fields?.[0]).toEqual({ name: 'PO number', value: 'PO-4411' });
    const events = await probe.events(quote.id);
    expect(events.filter((row) => row.type === 'purchasing_approved')).toHaveLength(1);
    expect(events.filter((row) => row.type === 'purchasing_accepted')).toHaveLength(1);
    // The released mails: the last approver reads "you", the other reads who completed it, and
    // both say that two releases were needed.
    const released = (await outbox(server)).filter(
      (m) => m.subject.includes(quote.reference) && m.subject.includes('released the order'),
    );
    const toDana = released.find((m) => m.to.includes(DANA.email));
    const toPaul = released.find((m) => m.to.includes('paul@acme.example'));
    expect(toDana?.text).toContain('You released');
    expect(toDana?.text).toContain('after Paul Purchase had released it');
    expect(toPaul?.text).toContain(`${DANA.name} (${DANA.jobTitle}) released`);
    // The release certificate, from the status page's link: the PO, both approvers, the technical
    // state and the revision, as poppler reads the PDF; the same bytes on every download.
    const certificate = async () => {
      const response = await fetch(`${server.url}/api/quotes/${quote.revisionId}/certificate`, {
        headers: { authorization: `Bearer ${quote.statusToken}` },
      });
      expect(response.status).toBe(200);
      return { bytes: new Uint8Array(await response.arrayBuffer()), sha256: response.headers.get('x-content-sha256') };
    };
    const issued = await certificate();
    const text = pdfText(issued.bytes);
    for (const words of ['PO-4411', 'Paul Purchase', DANA.name, 'Technical review pending', 'revision 1']) {
      expect(text).toContain(words);
    }
    expect((await certificate()).sha256).toBe(issued.sha256);
    expect(createHash('sha256').update(issued.bytes).digest('hex')).toBe(issued.sha256);
    // A late repeat of the first approver's release is answered, not refused.
    const late = await accept(server, quote.revisionId, quote.releaseToken);
    expect(late.status).toBe(200);
  });

  it('second approver first, then the first: one invoice after the last release', async () => {
    const quote = await quoteNeedingDana();
    const dana = await accept(server, quote.revisionId, quote.danaToken, danaAccept);
    expect(dana.status).toBe(201);
    expect(dana.body.status).toBe('awaiting_approval');
    expect(await invoicesOf(quote.revisionId)).toHaveLength(0);
    const first = await accept(server, quote.revisionId, quote.releaseToken);
    expect(first.status).toBe(201);
    expect(first.body.status).toBe('invoiced');
    expect(await invoicesOf(quote.revisionId)).toHaveLength(1);
  });

  it('a different PO number from the second approver is refused beside the field', async () => {
    const quote = await quoteNeedingDana();
    expect((await accept(server, quote.revisionId, quote.releaseToken)).status).toBe(201);
    const other = await accept(
      server,
      quote.revisionId,
      await linkOf(DANA.email, quote.revisionId),
      acceptBody({ name: DANA.name, poNumber: 'PO-9999' }),
    );
    expect(other.status).toBe(422);
    expect(other.body.error.fields?.poNumber).toContain('PO-4411');
    expect(await invoicesOf(quote.revisionId)).toHaveLength(0);
  });

  it('both approvers at the same moment, many times each: exactly one invoice', async () => {
    for (let round = 0; round < 3; round += 1) {
      const quote = await quoteNeedingDana();
      const replies = await Promise.all(
        Array.from({ length: 6 }, (_, index) =>
          index % 2 === 0
            ? accept(server, quote.revisionId, quote.releaseToken)
            : accept(server, quote.revisionId, quote.danaToken, danaAccept),
        ),
      );
      expect(replies.every((reply) => reply.status === 200 || reply.status === 201)).toBe(true);
      expect(await invoicesOf(quote.revisionId)).toHaveLength(1);
      const events = await probe.events(quote.id);
      expect(events.filter((row) => row.type === 'purchasing_approved')).toHaveLength(1);
      expect(events.filter((row) => row.type === 'purchasing_accepted')).toHaveLength(1);
    }
  });

  it('a revision above the threshold mails the second approver a link bound to the new revision', async () => {
    const quote = await quoteNeedingDana();
    const { revisionId: revisedId } = await reviseWithLink(server, quote.revisionId, {
      lines: [{ description: 'Pump housing bracket, PETG', quantity: 50, unitPrice: '13.00' }],
    });
    const danaToken = await linkOf(DANA.email, revisedId);
    // The old revision's link opens nothing to release.
    const stale = await accept(server, quote.revisionId, quote.danaToken, danaAccept);
    expect(stale.status).toBe(409);
    expect((await accept(server, revisedId, danaToken, danaAccept)).body.status).toBe('awaiting_approval');
    const paulToken = await linkOf('paul@acme.example', revisedId);
    expect((await accept(server, revisedId, paulToken)).body.status).toBe('invoiced');
  });
});

describe('a second approver named with the request', SLOW, () => {
  const withDana = { needsSecondApprover: true, secondApprover: { ...DANA, threshold: '500' } };

  it('above the amount needs both releases and makes one invoice; below it the first approver releases alone', async () => {
    const above = await issueQuoteWithLink(server, { request: withDana });
    // The rule is the requester's, recorded with the request, before any quote.
    const types = (await probe.events(above.id)).map((row) => [row.type, row.role]);
    expect(types.slice(0, 2)).toEqual([
      ['request_submitted', 'requester'],
      ['approval_rule_set', 'requester'],
    ]);
    // The intake mails name her: the contacts in a sentence, the shop in its table.
    const intakeMails = (await outbox(server)).filter(
      (m) => m.subject.includes(above.reference) && m.text.includes(DANA.name) && m.to !== DANA.email,
    );
    expect(intakeMails.map((m) => m.to).sort()).toEqual(['paul@acme.example', 'shop@localhost', 'tina@acme.example']);
    for (const mail of intakeMails.filter((m) => m.to !== 'shop@localhost')) {
      expect(mail.text).toContain('Orders above €500.00 also need the release of Dana Director');
    }
    const status = await getJson(server.url, `/api/requests/${above.id}`, above.statusToken);
    expect(status.body.quote?.approvals).toMatchObject({ bothRequired: true, secondApproverName: DANA.name });

    // Both are mailed a link as the quote opens; each releases with their own.
    const first = await accept(server, above.revisionId, await linkOf('paul@acme.example', above.revisionId));
    expect(first.body).toMatchObject({ status: 'awaiting_approval' });
    expect(await invoicesOf(above.revisionId)).toHaveLength(0);
    const second = await accept(server, above.revisionId, await linkOf(DANA.email, above.revisionId), danaAccept);
    expect(second.body).toMatchObject({ status: 'invoiced' });
    expect(await invoicesOf(above.revisionId)).toHaveLength(1);

    // €450.00, not above €500.00: one release is enough, and Dana gets no link for it.
    const below = await issueQuoteWithLink(server, {
      request: withDana,
      quote: { lines: [{ description: 'Pump housing bracket, PETG', quantity: 50, unitPrice: '9.00' }] },
    });
    const alone = await accept(server, below.revisionId, await linkOf('paul@acme.example', below.revisionId));
    expect(alone.status).toBe(201);
    expect(alone.body.status).toBe('invoiced');
    expect(await invoicesOf(below.revisionId)).toHaveLength(1);
    const toDana = (await outbox(server)).filter(
      (m) => m.to.includes(DANA.email) && m.links.some((l) => l.includes(below.revisionId)),
    );
    expect(toDana).toHaveLength(0);
  });

  it('is refused beside the field when it is the purchasing approver', async () => {
    const reply = await postJson(
      server.url,
      '/api/requests',
      validRequest({ ...withDana, secondApprover: { ...DANA, email: 'Paul@acme.example', threshold: '500' } }),
    );
    expect(reply.status).toBe(422);
    expect(reply.body.error?.fields).toEqual({ 'secondApprover.email': SECOND_IS_FIRST });
  });
});
