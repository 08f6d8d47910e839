/**
 * Reminders and expiry in the scheduled job (architecture §13), over one request with an open quote
 * and an injected clock: each reminder is recorded and mailed once however often the job runs, one
 * after the other or at the same moment; a later clock sends the next step; a contact's opt-out
 * stops their reminders and not the shop's; the quote expires without Stripe's webhook, mails
 * purchasing and the shop once, and its link no longer releases.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../../src/server/billing-sync/reconcile.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { getJson, tokenOf } from '../support/intake.js';
import { accept, issueQuoteWithLink, type IssuedQuote } from '../support/release.js';
import { mailsAbout, postWithToken } from '../support/review.js';
import { probe } from '../support/probe.js';
import { expectLogs } from '../support/logs.js';

const SECRET = `reconcile-${randomUUID()}`;
const DAY = 24 * 60 * 60 * 1000;
const BUYER = 'paul@acme.example';
const TECH = 'tina@acme.example';
let server: TestServer;
let quote: IssuedQuote;
let expiresAt: number;

beforeAll(async () => {
  server = await startTestServer({ env: { RECONCILE_SECRET: SECRET } });
  quote = await issueQuoteWithLink(server);
  expiresAt = (await probe.revision(quote.revisionId))?.expiresAt.getTime() ?? NaN;
});
afterAll(async () => {
  await server.close();
});

const runAt = (at: number) => reconcile({ token: SECRET, clock: () => new Date(at) });

async function reminderKeys(): Promise<string[]> {
  const rows = (await probe.events(quote.id)).filter((row) => row.type === 'reminder_sent');
  // `cause:subject:step`; the subject (a revision id or when the wait began) is left out.
  return rows.map((row) => {
    const parts = String((row.payload as { key?: unknown }).key).split(':');
    return `${parts[0]}:…:${parts.at(-1)}`;
  });
}

async function mailsTo(address: string, subject: RegExp) {
  return (await mailsAbout(server, quote.reference)).filter((m) => m.to.includes(address) && subject.test(m.subject));
}

describe('reminders and expiry in the scheduled job', () => {
  it('sends each reminder once across repeated and concurrent runs, and the next step on a later clock', async () => {
    expectLogs(/^reminders: technical_wait 3d sent for request [0-9a-f-]+$/);
    const t1 = Date.now() + 3.5 * DAY;
    await runAt(t1);
    await runAt(t1);
    await Promise.all([runAt(t1), runAt(t1)]);
    expect(await reminderKeys()).toEqual(['technical_wait:…:3d']);
    const [first, ...others] = await mailsTo(TECH, /reminder/);
    expect(others).toHaveLength(0);
    expect(first?.text).toMatch(/waiting on you, as the technical contact/);
    expect(first?.text).toMatch(/What is needed: Review the part/);
    expect(first?.links.some((link) => link.includes(`/review/?id=${quote.id}#token=`))).toBe(true);

    // Close to the expiry: the technical contact's next step, and purchasing's first, each once.
    const logs = expectLogs(/^reminders: (technical_wait 7d|quote_expiry 3d) sent for request [0-9a-f-]+$/);
    const t2 = expiresAt - 2.5 * DAY;
    await Promise.all([runAt(t2), runAt(t2)]);
    await runAt(t2);
    expect(logs.lines).toHaveLength(2);
    expect(await reminderKeys()).toEqual(['technical_wait:…:3d', 'quote_expiry:…:3d', 'technical_wait:…:7d']);
    const buyerMails = await mailsTo(BUYER, /reminder/);
    expect(buyerMails).toHaveLength(1);
    expect(buyerMails[0]?.text).toMatch(/By \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    const release = buyerMails[0]?.links.find((link) => link.includes(`/release/?id=${quote.revisionId}#token=`));
    // The reminder's link is a live purchasing link for this revision.
    const view = await getJson(server.url, `/api/quotes/${quote.revisionId}`, tokenOf(release ?? ''));
    expect(view.status).toBe(200);
  });

  it('stops a contact’s reminders through the mailed link, and keeps the shop’s', async () => {
    const [reminder] = await mailsTo(BUYER, /reminder/);
    const stopLink = reminder?.links.find((link) => link.includes('/reminders/'));
    expect(stopLink).toMatch(new RegExp(`/reminders/\\?id=${quote.id}#token=`));
    const path = `/api/requests/${quote.id}/reminders-off`;
    const stopped = await postWithToken(server.url, path, {}, tokenOf(stopLink ?? ''));
    expect(stopped.status).toBe(201);
    const again = await postWithToken(server.url, path, {}, tokenOf(stopLink ?? ''));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ repeated: true });
    // Another link does not stop reminders: the purchasing link is for the quote.
    const wrong = await postWithToken(server.url, path, {}, quote.releaseToken);
    expect(wrong.status).toBe(403);

    await runAt(expiresAt - 0.5 * DAY);
    expect(await mailsTo(BUYER, /reminder/)).toHaveLength(1);
    expect((await probe.events(quote.id)).filter((row) => row.type === 'reminders_stopped')).toHaveLength(1);
  });

  it('expires the quote without the webhook, mails purchasing and the shop once, and refuses its release', async () => {
    const logs = expectLogs(/^expiry: revision [0-9a-f-]+ expired$/, /^reminders: shop_reply \d+bd sent for request/);
    const after = expiresAt + 60 * 60 * 1000;
    await Promise.all([runAt(after), runAt(after)]);
    await runAt(after);
    expect(logs.lines.filter((line) => line.startsWith('expiry:'))).toHaveLength(1);
    const expired = (await probe.events(quote.id)).filter((row) => row.type === 'quote_expired');
    expect(expired.map((row) => row.role)).toEqual(['system']);
    expect((await probe.revision(quote.revisionId))?.status).toBe('expired');
    expect(await mailsTo(BUYER, /expired/)).toHaveLength(1);
    expect(await mailsTo('shop@localhost', /expired unreleased/)).toHaveLength(1);
    // The shop's own reminder is unaffected by the customer's opt-out.
    expect(await mailsTo('shop@localhost', /waiting on the shop/)).toHaveLength(1);

    const status = await getJson(server.url, `/api/requests/${quote.id}`, quote.statusToken);
    expect(JSON.stringify(status.body)).toMatch(/expired/i);
    const released = await accept(server, quote.revisionId, quote.releaseToken);
    expect(released.status).toBe(409);
  });
});
