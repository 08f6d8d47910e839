/**
 * The release certificate rides on the release mails (docs/architecture.md §12), over real SMTP: a
 * completed release mails the shop and the approver the certificate PDF, the same bytes as the
 * download (its X-Content-SHA256), naming the PO number; the technical contact's copy carries none,
 * and storing it again after the release leaves the same bytes.
 */
import { createHash } from 'node:crypto';
import { buffer } from 'node:stream/consumers';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueQuote } from '../../src/server/quotes/issue-quote.js';
import { latestCertificate, storeReleaseCertificate } from '../../src/server/release/store-certificate.js';
import { getStorage } from '../../src/server/storage/index.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { postJson, tokenOf, validRequest } from '../support/intake.js';
import { accept, quoteForm, STAFF } from '../support/release.js';
import { pdfText } from '../support/poppler.js';

let smtp: SMTPServer;
let server: TestServer;
const received: { to: string; mail: ParsedMail }[] = [];
const SHOP = 'orders@printworks.example';

beforeAll(async () => {
  smtp = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          for (const rcpt of session.envelope.rcptTo) received.push({ to: rcpt.address, mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const { port } = smtp.server.address() as AddressInfo;
  server = await startTestServer({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, SHOP_NOTIFY_EMAIL: SHOP } });
});

afterAll(async () => {
  await server?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function certificatesIn(mail: ParsedMail) {
  return mail.attachments.filter((file) => file.filename?.startsWith('release-certificate-'));
}

describe('release certificate on the release mails', { timeout: 120_000 }, () => {
  it('attaches the downloadable certificate to the shop and approver mails, not to the technical one', async () => {
    const created = await postJson(server.url, '/api/requests', validRequest());
    expect(created.status).toBe(201);
    const { reference } = created.body;
    const quote = await issueQuote({ requestId: created.body.id, staff: STAFF, body: quoteForm() });
    const releaseLink = received
      .filter((entry) => entry.to === 'paul@acme.example')
      .flatMap((entry) => (entry.mail.text ?? '').match(/https?:\/\/\S+\/release\/\?id=\S+/g) ?? [])
      .find((link) => link.includes(quote.id));
    expect(releaseLink).toBeDefined();
    const token = tokenOf(releaseLink ?? '');

    const released = await accept(server, quote.id, token);
    expect(released.status).toBe(201);

    const download = await fetch(`${server.url}/api/quotes/${quote.id}/certificate`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(download.status).toBe(200);
    const downloaded = new Uint8Array(await download.arrayBuffer());
    const header = download.headers.get('x-content-sha256');
    expect(header).toBe(sha256(downloaded));

    const releaseMails = received.filter(
      (entry) => entry.mail.subject?.includes(reference) && /released/i.test(entry.mail.subject),
    );
    const to = (address: string) => releaseMails.filter((entry) => entry.to === address);
    for (const address of [SHOP, 'paul@acme.example']) {
      expect(to(address)).toHaveLength(1);
      const attached = certificatesIn(to(address)[0]!.mail);
      expect(attached).toHaveLength(1);
      expect(attached[0]?.contentType).toBe('application/pdf');
      expect(attached[0]?.filename).toBe(`release-certificate-${reference}-rev1.pdf`);
      const bytes = new Uint8Array(attached[0]!.content);
      expect(sha256(bytes)).toBe(header);
      expect(pdfText(bytes)).toContain('PO-4411');
    }
    expect(to('tina@acme.example')).toHaveLength(1);
    expect(certificatesIn(to('tina@acme.example')[0]!.mail)).toHaveLength(0);

    // Storing again (a retry, the reconciler) finds the file and keeps its bytes.
    expect(await storeReleaseCertificate({ quoteRevisionId: quote.id })).toBe('present');
    const key = (await latestCertificate(quote.id))?.storageKey ?? 'missing';
    const stored = await getStorage().get(key);
    expect(stored).toBeDefined();
    expect(sha256(new Uint8Array(await buffer(stored!.body)))).toBe(header);
    // Rendered again from the stored facts (the file lost, the reconciler's run): the same bytes.
    await getStorage().delete(key);
    expect(await storeReleaseCertificate({ quoteRevisionId: quote.id })).toBe('stored');
    const again = await getStorage().get(key);
    expect(sha256(new Uint8Array(await buffer(again!.body)))).toBe(header);
  });
});
