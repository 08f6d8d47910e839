/**
 * Mail over real SMTP: the portal configured with SMTP_URL delivers to an SMTP server on loopback
 * (npm smtp-server), the captured messages carry working links, and a refused recipient does not
 * lose the request: it stays 201, the outbox retries the mail, and after a few failures it is on the
 * request's record. The submit is answered before the mail server has accepted anything.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { captureLogs } from '../../src/server/log.js';
import { deliverOutbox, REPORT_AFTER_ATTEMPTS } from '../../src/server/mail/outbox.js';
import { afterReplies, startTestServer, type TestServer } from '../support/server.js';
import { getJson, postJson, tokenOf, validRequest } from '../support/intake.js';

let smtp: SMTPServer;
let server: TestServer;
const received: { envelopeTo: string[]; mail: ParsedMail }[] = [];
/** While set, the server holds each message's acceptance until `release` is called. */
let hold: Promise<void> | undefined;

beforeAll(async () => {
  smtp = new SMTPServer({
    secure: false,
    authOptional: true,
    // No STARTTLS offered: a loopback test server has no certificate a client should trust.
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('bounce')) {
        callback(Object.assign(new Error('550 mailbox unavailable'), { responseCode: 550 }));
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          await hold;
          received.push({ envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  server = await startTestServer({
    env: { SMTP_URL: `smtp://127.0.0.1:${port}`, SHOP_NOTIFY_EMAIL: 'orders@printworks.example' },
  });
});

afterAll(async () => {
  await server?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

function linksIn(mail: ParsedMail): string[] {
  return [...(mail.text ?? '').matchAll(/https?:\/\/[^\s<>"')]+/g)].map((match) => match[0]);
}

describe('intake mail over SMTP', () => {
  it('answers the submit before the mail server has accepted its mails, which arrive after', async () => {
    let release = () => {};
    hold = new Promise<void>((resolve) => (release = resolve));
    onTestFinished(() => {
      release();
      hold = undefined;
    });
    const created = await postJson(server.url, '/api/requests', validRequest());
    expect(created.status).toBe(201);
    const mine = () => received.filter((entry) => entry.mail.subject?.includes(created.body.reference));
    expect(mine()).toEqual([]);

    release();
    await afterReplies();
    expect(mine()).toHaveLength(3);
  });

  it('delivers one message per role with a working link, as multipart text + HTML', async () => {
    const created = await postJson(server.url, '/api/requests', validRequest());
    expect(created.status).toBe(201);
    // The mails go out after the answer.
    await afterReplies();
    const mine = received.filter((entry) => entry.mail.subject?.includes(created.body.reference));
    expect(mine.map((entry) => entry.envelopeTo[0]).sort()).toEqual([
      'orders@printworks.example',
      'paul@acme.example',
      'tina@acme.example',
    ]);
    for (const { mail } of mine) {
      expect(mail.text).toBeTruthy();
      expect(typeof mail.html).toBe('string');
      expect(mail.from?.text).toContain('quotes@layerline.example');
    }
    const technical = mine.find((entry) => entry.envelopeTo[0] === 'tina@acme.example')!.mail;
    const review = linksIn(technical).find((link) => link.includes('/review/'))!;
    const view = await getJson(server.url, `/api/requests/${created.body.id}`, tokenOf(review));
    expect(view.status).toBe(200);
    expect(view.body.viewerRole).toBe('technical');
    expect(view.body.events.map((event) => event.type)).toEqual(['request_submitted', 'links_sent']);
  });

  it('keeps the request when the SMTP server refuses a recipient, and records the failure', async () => {
    const base = validRequest();
    const body = {
      ...base,
      purchasingApprover: { ...(base.purchasingApprover as object), email: 'bounce@acme.example' },
    };
    // Every line the server logs in this test is taken: only the failed attempts may be among them.
    const logged = captureLogs();
    onTestFinished(() => logged.restore());
    const created = await postJson(server.url, '/api/requests', body);
    await afterReplies();
    const afterFirst = await getJson(server.url, `/api/requests/${created.body.id}`, tokenOf(created.body.statusUrl));
    // The scheduled deliverer retries with backoff; the shop hears of it after the third failure.
    const start = Date.now();
    for (const minutes of [2, 8]) {
      expect(await deliverOutbox({ now: new Date(start + minutes * 60_000) })).toMatchObject({ retrying: 1 });
    }
    logged.restore();
    const errors = logged.lines.map((entry) => entry.line);
    expect(created.status).toBe(201);
    expect(afterFirst.body.events.map((event) => event.type)).toEqual(['request_submitted', 'links_sent']);
    expect(errors).toHaveLength(REPORT_AFTER_ATTEMPTS);
    for (const [attempt, line] of errors.entries()) {
      expect(line).toMatch(new RegExp(`^outbox: mail \\S+ failed \\(attempt ${attempt + 1}\\): EENVELOPE`));
    }
    expect(String(errors)).not.toContain('bounce@acme.example');
    const view = await getJson(server.url, `/api/requests/${created.body.id}`, tokenOf(created.body.statusUrl));
    expect(view.status).toBe(200);
    expect(view.body.events.map((event) => event.type)).toEqual(['request_submitted', 'links_sent', 'mail_failed']);
    expect(view.body.events[1]?.summary).toBe('Links sent by email to the technical contact.');
    expect(view.body.events[2]?.summary).toBe(
      'An email to the purchasing approver could not be sent; the shop can resend the links.',
    );
    expect(
      received.some(
        (entry) => entry.mail.subject?.includes(created.body.reference) && entry.envelopeTo[0] === 'tina@acme.example',
      ),
    ).toBe(true);
  });
});
