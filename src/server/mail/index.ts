/**
 * Mail through nodemailer: SMTP (SMTP_URL) in production; by default an outbox folder where each
 * message is written as an RFC 5322 .eml file that the local outbox page lists and renders.
 * Both build the message with the same nodemailer code, so what the outbox shows is what SMTP sends.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer, { type Transporter } from 'nodemailer';
import { getConfig, type Config } from '../config.js';

export interface MailMessage {
  to: string | string[];
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  /** A stable Message-ID (`<id@host>`): a retried delivery is recognisably the same mail. */
  messageId?: string;
  /** Files from private storage, read when the mail is delivered (the outbox row keeps only the key). */
  attachments?: StoredAttachment[] | undefined;
}

export interface StoredAttachment {
  filename: string;
  contentType: string;
  storageKey: string;
  /**
   * The mail waits for it: when the object is not stored yet (a document written after the commit
   * that queued the mail), the attempt is retried later instead of sending without it (§10).
   */
  required?: boolean | undefined;
}

/** An attachment read from storage, as nodemailer sends it. */
export interface AttachmentContent {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface SentMail {
  messageId: string;
  /** The .eml path when the outbox adapter is active. */
  file?: string;
}

interface MailAdapter {
  send(message: MailMessage, attachments?: AttachmentContent[]): Promise<SentMail>;
}

function smtpAdapter(url: string, from: string): MailAdapter {
  const transport: Transporter = nodemailer.createTransport(url);
  return {
    async send({ attachments: _keys, ...message }, attachments = []) {
      const info = (await transport.sendMail({ from, ...message, attachments })) as { messageId: string };
      return { messageId: info.messageId };
    },
  };
}

function outboxAdapter(dir: string, from: string): MailAdapter {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send({ attachments: _keys, ...message }, attachments = []) {
      const info = (await transport.sendMail({ from, ...message, attachments })) as {
        messageId: string;
        message: Buffer;
      };
      // Sortable names: time first, then a random suffix so concurrent sends never collide.
      const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomUUID().slice(0, 8)}.eml`);
      // The folder is made when a write first finds it missing, not before every mail.
      await writeFile(file, info.message).catch(async (error: unknown) => {
        if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
        await mkdir(dir, { recursive: true });
        await writeFile(file, info.message);
      });
      return { messageId: info.messageId, file };
    },
  };
}

export function createMailAdapter(config: Pick<Config, 'mail' | 'mailFrom'>): MailAdapter {
  return config.mail.kind === 'smtp'
    ? smtpAdapter(config.mail.url, config.mailFrom)
    : outboxAdapter(config.mail.dir, config.mailFrom);
}

let adapter: MailAdapter | undefined;

export async function sendMail(message: MailMessage, attachments?: AttachmentContent[]): Promise<SentMail> {
  adapter ??= createMailAdapter(getConfig());
  return adapter.send(message, attachments);
}

/** Forget the adapter (tests switch configuration between files). */
export function resetMail(): void {
  adapter = undefined;
}
