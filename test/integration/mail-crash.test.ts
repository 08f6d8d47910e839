/**
 * The mail outbox across a crash (architecture §10): the portal is killed with SIGKILL after a
 * request, and then after a release, committed but before SMTP accepted their mails. A restarted
 * runtime on the same data then runs the deliverer, and every mail arrives exactly once. The
 * staff sign-in reply never waits for its mail.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRuntime, type Runtime } from '../../src/dev/runtime.js';
import { deliverOutbox } from '../../src/server/mail/outbox.js';
import { freePort } from '../support/postgres.js';
import { probe } from '../support/probe.js';
import { tokenOf, validRequest } from '../support/intake.js';
import { acceptBody, quoteForm, STAFF } from '../support/release.js';
import { seedDatabase } from '../support/db-template.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Received {
  messageId: string;
  to: string;
  subject: string;
  links: string[];
}

/** An SMTP server on loopback that can hold every message before accepting it. */
class CaptureSmtp {
  readonly accepted: Received[] = [];
  stall = false;
  private held: { entry: Received; callback: (error?: Error) => void }[] = [];
  private server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      simpleParser(stream)
        .then((mail) => {
          const entry = {
            messageId: mail.messageId ?? '',
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(','),
            subject: mail.subject ?? '',
            links: [...(mail.text ?? '').matchAll(/https?:\/\/[^\s<>"')]+/g)].map((match) => match[0]),
          };
          if (!this.stall) {
            this.accepted.push(entry);
            callback();
            return;
          }
          this.held.push({ entry, callback });
        })
        .catch(callback);
    },
  });
  port = 0;

  async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async waitForHeld(count: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    while (this.held.length < count) {
      if (Date.now() > deadline) throw new Error(`only ${this.held.length} of ${count} mails reached SMTP`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Lets every held message through, as a slow SMTP server finally would. */
  acceptHeld(): void {
    for (const { entry, callback } of this.held.splice(0)) {
      this.accepted.push(entry);
      callback();
    }
  }

  /** The sender died mid-transaction: nothing it was sending counts as accepted. */
  dropHeld(): void {
    for (const { callback } of this.held.splice(0)) callback(new Error('451 sender went away'));
  }

  acceptedFor(reference: string): Received[] {
    return this.accepted.filter((mail) => mail.subject.includes(reference));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const smtp = new CaptureSmtp();
let dataDir: string;
let env: Record<string, string>;
let siteUrl: string;

beforeAll(async () => {
  await smtp.listen();
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'portal-crash-'));
  // The migrated database template, as every test server starts from (migrating is not under test here).
  seedDatabase(dataDir);
  const port = await freePort();
  siteUrl = `http://localhost:${port}`;
  env = {
    NODE_ENV: 'test',
    PORT: String(port),
    DATA_DIR: dataDir,
    STRIPE_EMULATOR_PORT: String(await freePort()),
    SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    RATE_LIMIT_PER_MINUTE: '1000',
  };
});

afterAll(async () => {
  await smtp.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `npm start` as its own process, so it can be killed without a chance to clean up. */
async function startPortalProcess(): Promise<ChildProcess> {
  // As package.json runs it: one process, which a SIGKILL stops at once.
  const child = spawn(process.execPath, ['--import', './src/dev/ts-imports.ts', 'src/dev/start.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!output.includes('Quote portal ready')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`portal did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/**
 * Sends the request with SMTP holding every message, and kills the portal once its three mails are
 * at SMTP but none is accepted: the commit has happened, the mail has not.
 */
async function crashWhileMailing(portal: ChildProcess, path: string, body: unknown, token?: string): Promise<void> {
  smtp.stall = true;
  const answer = fetch(`${siteUrl.replace('localhost', '127.0.0.1')}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: siteUrl,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  }).catch(() => undefined);
  await smtp.waitForHeld(3);
  await kill(portal);
  smtp.dropHeld();
  smtp.stall = false;
  await answer;
}

/** The portal again on the same data, in this process, as the next cron run would find it. */
async function restart<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await startRuntime({ env, host: '127.0.0.1' });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/** Signs staff in over HTTP with the link SMTP received; returns the session cookie. */
async function staffCookie(runtime: Runtime): Promise<string> {
  const before = smtp.accepted.length;
  const asked = await fetch(`${runtime.url}/api/shop/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: siteUrl },
    body: JSON.stringify({ email: STAFF.email }),
  });
  expect(asked.status).toBe(202);
  let link: string | undefined;
  for (const deadline = Date.now() + 30_000; !link && Date.now() < deadline;) {
    link = smtp.accepted
      .slice(before)
      .flatMap((mail) => mail.links)
      .find((l) => l.includes('/shop/#token='));
    if (!link) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  if (!link) throw new Error('no sign-in mail');
  const session = await fetch(`${runtime.url}/api/shop/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: siteUrl },
    body: JSON.stringify({ token: tokenOf(link) }),
  });
  expect(session.status).toBe(201);
  return session.headers.get('set-cookie')?.split(';')[0] ?? '';
}

/** Later than any delivery lock a killed process can have left. */
const later = () => new Date(Date.now() + 10 * 60_000);

function expectOnceEach(mails: Received[], recipients: string[]): void {
  expect(mails.map((mail) => mail.to).sort()).toEqual([...recipients].sort());
  expect(new Set(mails.map((mail) => mail.messageId)).size).toBe(mails.length);
}

describe('mail survives a crash between commit and SMTP', () => {
  let reference = '';
  let requestId = '';

  it('delivers a request’s mails exactly once after the process died before sending them', async () => {
    const portal = await startPortalProcess();
    const body = validRequest({ part: { ...(validRequest().part as object), name: 'Crash-test bracket' } });
    await crashWhileMailing(portal, '/api/requests', body);
    expect(smtp.accepted).toHaveLength(0);

    await restart(async () => {
      // The request wrote its mails claimed for its own delivery: until that claim runs out, the
      // reconciler leaves them alone, as it would a live deliverer's.
      expect(await deliverOutbox({ now: new Date() })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
      expect(await deliverOutbox({ now: later() })).toEqual({ delivered: 3, retrying: 0, failed: 0 });
      expect(await deliverOutbox({ now: later() })).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    });
    const review = smtp.accepted.find((mail) => mail.subject.includes('please review'));
    reference = /^(\S+):/.exec(review?.subject ?? '')?.[1] ?? '';
    requestId =
      new URL(review?.links.find((link) => link.includes('/review/')) ?? siteUrl).searchParams.get('id') ?? '';
    expectOnceEach(smtp.acceptedFor(reference), ['tina@acme.example', 'paul@acme.example', 'shop@localhost']);
    // Delivered late, the mails are recorded as any delivery: bodies cleared, links_sent once, after the submission.
    await restart(async () => {
      expect((await probe.outbox(requestId)).map((row) => [row.deliveredAt !== null, row.message])).toEqual([
        [true, null],
        [true, null],
        [true, null],
      ]);
      const events = await probe.events(requestId);
      expect(events.map((event) => event.type)).toEqual(['request_submitted', 'links_sent']);
      const { recipients } = (events[1]?.payload ?? {}) as { recipients?: string[] };
      expect([...(recipients ?? [])].sort()).toEqual(['the purchasing approver', 'the technical contact']);
    });
  });

  it('delivers a release’s mails exactly once after the process died before sending them', async () => {
    expect(requestId).not.toBe('');
    const releaseLink = await restart(async (runtime) => {
      const issued = await fetch(`${runtime.url}/api/shop/requests/${requestId}/quotes`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: siteUrl, cookie: await staffCookie(runtime) },
        body: JSON.stringify(quoteForm()),
      });
      expect(issued.status).toBe(201);
      const view = (await issued.json()) as { id: string };
      // The quote's mails go out after the answer.
      await expect
        .poll(() => smtp.accepted.some((mail) => mail.links.some((l) => l.includes(`/release/?id=${view.id}#`))), {
          timeout: 30_000,
          interval: 20,
        })
        .toBe(true);
      // Every mail the quote caused has gone out before this process stops, so the three mails SMTP
      // holds below are the release's, not a quote mail the next process picks up from the outbox.
      await expect
        .poll(async () => (await probe.outbox(requestId)).filter((row) => !row.deliveredAt).length, {
          timeout: 30_000,
          interval: 20,
        })
        .toBe(0);
      const link = smtp.accepted.flatMap((mail) => mail.links).find((l) => l.includes(`/release/?id=${view.id}#`));
      if (!link) throw new Error('no release link');
      return { revisionId: view.id, token: tokenOf(link) };
    });
    const before = smtp.accepted.length;

    const portal = await startPortalProcess();
    await crashWhileMailing(portal, `/api/quotes/${releaseLink.revisionId}/accept`, acceptBody(), releaseLink.token);
    expect(smtp.accepted).toHaveLength(before);

    const invoices = await restart(async (runtime) => {
      expect(await deliverOutbox({ now: later() })).toMatchObject({ delivered: 3, retrying: 0, failed: 0 });
      return Object.values(runtime.emulator?.snapshot().invoices ?? {});
    });
    const released = smtp.accepted.slice(before).filter((mail) => mail.subject.includes(reference));
    expectOnceEach(released, ['paul@acme.example', 'tina@acme.example', 'shop@localhost']);
    expect(invoices).toHaveLength(1);
  });
});

describe('staff sign-in never waits for its mail', () => {
  it('answers while SMTP still holds the sign-in mail, and the mail goes out afterwards', async () => {
    await restart(async (runtime) => {
      smtp.stall = true;
      try {
        const reply = await fetch(`${runtime.url}/api/shop/sign-in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', origin: siteUrl },
          body: JSON.stringify({ email: 'shop@localhost' }),
        });
        // The answer is back although the mail has not been accepted yet: nothing on its path waited for it.
        expect(reply.status).toBe(202);
        await smtp.waitForHeld(1);
      } finally {
        smtp.stall = false;
        smtp.acceptHeld();
      }
      expect(smtp.accepted.some((mail) => mail.to === 'shop@localhost' && /Sign in/.test(mail.subject))).toBe(true);
    });
  });
});
