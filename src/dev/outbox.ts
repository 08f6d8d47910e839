/**
 * The local outbox page (local runtime only, never deployed): lists every message the portal "sent"
 * to DATA_DIR/outbox and renders each one with its links clickable, so a demo can follow the same
 * links a customer would get by mail.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { html, type SafeHtml } from '../server/mail/html.js';

export interface OutboxMessage {
  file: string;
  date: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  links: string[];
  /** The attachments' file names. */
  attachments: string[];
}

export async function readOutbox(dir: string): Promise<OutboxMessage[]> {
  let names: string[];
  try {
    names = (await readdir(dir))
      .filter((name) => name.endsWith('.eml'))
      .sort()
      .reverse();
  } catch {
    return [];
  }
  return Promise.all(names.map((name) => readMessage(dir, name)));
}

/**
 * Parsed messages by path, for as long as the file keeps its size and modification time: a mail is
 * written once, and the outbox page (or a test waiting for a mail) reads the folder again and again.
 * The process's most recent entries only, so a long demo's outbox does not grow the memory for ever.
 */
const parsedMessages = new Map<string, { size: number; mtimeMs: number; message: Promise<OutboxMessage> }>();
const PARSED_MESSAGES_KEPT = 2_000;

export async function readMessage(dir: string, file: string): Promise<OutboxMessage> {
  const full = path.join(dir, file);
  const { size, mtimeMs } = await stat(full);
  let entry = parsedMessages.get(full);
  if (!entry || entry.size !== size || entry.mtimeMs !== mtimeMs) {
    entry = { size, mtimeMs, message: parseMessage(full, file) };
    parsedMessages.delete(full);
    parsedMessages.set(full, entry);
    const made = entry;
    made.message.catch(() => parsedMessages.get(full) === made && parsedMessages.delete(full));
    for (const oldest of parsedMessages.keys()) {
      if (parsedMessages.size <= PARSED_MESSAGES_KEPT) break;
      parsedMessages.delete(oldest);
    }
  }
  // A copy: what one caller does with its message never shows in another's.
  const message = await entry.message;
  return { ...message, links: [...message.links], attachments: [...message.attachments] };
}

async function parseMessage(full: string, file: string): Promise<OutboxMessage> {
  const parsed = await simpleParser(await readFile(full));
  const text = parsed.text ?? '';
  const htmlBody = typeof parsed.html === 'string' ? parsed.html : '';
  const links = [...new Set([...text.matchAll(/https?:\/\/[^\s<>"')]+/g)].map((match) => match[0]))];
  const addressText = (value: typeof parsed.to): string =>
    (Array.isArray(value) ? value : value ? [value] : []).map((address) => address.text).join(', ');
  return {
    file,
    date: (parsed.date ?? new Date(0)).toISOString(),
    from: addressText(parsed.from),
    to: addressText(parsed.to),
    subject: parsed.subject ?? '(no subject)',
    text,
    html: htmlBody,
    links,
    attachments: parsed.attachments.map((attachment) => attachment.filename ?? 'attachment'),
  };
}

function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>${title}</title>
        <style>
          body {
            font-family: system-ui, sans-serif;
            line-height: 1.5;
            max-width: 60rem;
            margin: 0 auto;
            padding: 1rem;
            color: #1b1f24;
          }
          table {
            border-collapse: collapse;
            width: 100%;
          }
          th,
          td {
            text-align: left;
            padding: 0.4rem;
            border-bottom: 1px solid #c9d1da;
            vertical-align: top;
          }
          iframe {
            width: 100%;
            min-height: 28rem;
            border: 1px solid #c9d1da;
          }
          pre {
            white-space: pre-wrap;
            background: #f4f6f8;
            padding: 0.75rem;
          }
          a {
            color: #0b5cad;
          }
          .note {
            color: #4d5560;
          }
        </style>
      </head>
      <body>
        ${body}
      </body>
    </html>`.value;
}

export async function renderOutbox(
  req: IncomingMessage,
  res: ServerResponse,
  { dir, pathname }: { dir: string; pathname: string },
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const file = decodeURIComponent(pathname.replace(/^\/_dev\/outbox\/?/, ''));
  res.setHeader('cache-control', 'no-store');
  res.setHeader('referrer-policy', 'no-referrer');

  if (!file) {
    const messages = await readOutbox(dir);
    if (url.searchParams.get('format') === 'json') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(messages));
      return;
    }
    const rows = messages.map(
      (message) =>
        html`<tr>
          <td>${new Date(message.date).toLocaleString('en-GB')}</td>
          <td>${message.to}</td>
          <td><a href="/_dev/outbox/${encodeURIComponent(message.file)}">${message.subject}</a></td>
        </tr>`,
    );
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      page(
        'Outbox',
        html`<h1>Outbox</h1>
          <p class="note">
            Local runtime only: every message the portal sent is here instead of in a mailbox (${dir}).
          </p>
          ${
            messages.length === 0
              ? html`<p>No messages yet.</p>`
              : html`<table>
                  <thead>
                    <tr>
                      <th scope="col">Sent</th>
                      <th scope="col">To</th>
                      <th scope="col">Subject</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${rows}
                  </tbody>
                </table>`
          }`,
      ),
    );
    return;
  }

  if (!/^[\w.-]+\.eml$/.test(file)) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('No such message');
    return;
  }
  let message: OutboxMessage;
  try {
    message = await readMessage(dir, file);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('No such message');
    return;
  }
  const links = message.links.map((link) => html`<li><a href="${link}">${link}</a></li>`);
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(
    page(
      message.subject,
      html`<p><a href="/_dev/outbox/">← Outbox</a></p>
        <h1>${message.subject}</h1>
        <p>From ${message.from}<br />To ${message.to}<br />${new Date(message.date).toLocaleString('en-GB')}</p>
        ${
          links.length
            ? html`<h2>Links in this message</h2>
                <ul>
                  ${links}
                </ul>`
            : html``
        }
        <h2>As the recipient sees it</h2>
        <iframe
          title="Message body"
          sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
          srcdoc="${message.html}"
        ></iframe>
        <h2>Plain text</h2>
        <pre>${message.text}</pre>`,
    ),
  );
}
