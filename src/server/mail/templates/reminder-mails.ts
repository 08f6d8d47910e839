/**
 * Reminders and expiry (architecture §14). A reminder names who acts, what is needed, by when, and
 * carries a fresh signed link for it; a customer's reminder also carries a link that stops reminders
 * for them on this request. The expiry mails say the quote expired and what happens next.
 */
import { html, mailLayout } from '../html.js';
import type { MailMessage } from '../index.js';
import { customerMessage, shopMessage } from '../frame.js';

/** "2026-03-12 17:00 UTC": a moment as a mail states it, the same for every reader. */
export function momentWords(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export interface CustomerReminderFacts {
  to: { name: string; email: string };
  /** The person who acts, as the mail addresses them ("you, as the purchasing approver"). */
  roleWords: string;
  reference: string;
  partName: string;
  needed: string;
  deadline?: string | undefined;
  actionUrl: string;
  actionLabel: string;
  stopUrl: string;
}

export function customerReminderMail(facts: CustomerReminderFacts): MailMessage {
  const by = facts.deadline ? `By ${momentWords(facts.deadline)}.` : 'As soon as you can.';
  const subject = `${facts.reference}: reminder, ${facts.deadline ? `needed by ${facts.deadline.slice(0, 10)}` : 'waiting on you'}`;
  const text = [
    `Hello ${facts.to.name},`,
    '',
    `${facts.reference}, "${facts.partName}", is waiting on you, ${facts.roleWords}.`,
    '',
    `What is needed: ${facts.needed}`,
    `When: ${by}`,
    '',
    `${facts.actionLabel}: ${facts.actionUrl}`,
    '',
    `To stop reminders about this request for you: ${facts.stopUrl}`,
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${facts.reference}: a reminder</h1>
    <p>Hello ${facts.to.name},</p>
    <p><strong>${facts.reference}</strong>, "${facts.partName}", is waiting on you, ${facts.roleWords}.</p>
    <p><strong>What is needed:</strong> ${facts.needed}<br /><strong>When:</strong> ${by}</p>
    <p><a href="${facts.actionUrl}">${facts.actionLabel}</a></p>
    <p style="font-size:.9em;color:#4d5560">Or copy this address into your browser: ${facts.actionUrl}</p>
    <p style="font-size:.9em;color:#4d5560">
      <a href="${facts.stopUrl}">Stop reminders about this request for me</a>
    </p>`;
  return customerMessage({ to: facts.to.email, subject, text, html: mailLayout(subject, body) });
}

export interface ShopReminderFacts {
  to: string;
  reference: string;
  needed: string;
  waitingSince: string;
  promise: string;
  requestUrl: string;
}

export function shopReminderMail(facts: ShopReminderFacts): MailMessage {
  const subject = `${facts.reference}: waiting on the shop since ${facts.waitingSince.slice(0, 10)}`;
  const text = [
    `${facts.reference} is waiting on the shop since ${momentWords(facts.waitingSince)}.`,
    '',
    `What is needed: ${facts.needed}`,
    `Promised to customers: ${facts.promise}`,
    '',
    `Open the request: ${facts.requestUrl}`,
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${facts.reference}: waiting on the shop</h1>
    <p>Waiting since ${momentWords(facts.waitingSince)}.</p>
    <p>
      <strong>What is needed:</strong> ${facts.needed}<br /><strong>Promised to customers:</strong> ${facts.promise}
    </p>
    <p><a href="${facts.requestUrl}">Open the request</a></p>`;
  return shopMessage({ to: facts.to, subject, text, html: mailLayout(subject, body) });
}

export interface QuoteExpiredFacts {
  reference: string;
  partName: string;
  revision: number;
  expiredAt: string;
}

/** To the purchasing approver: the quote can no longer be released; the shop can issue a new one. */
export function quoteExpiredCustomerMail(
  facts: QuoteExpiredFacts & { to: { name: string; email: string } },
): MailMessage {
  const subject = `${facts.reference}: quote revision ${facts.revision} expired`;
  const text = [
    `Hello ${facts.to.name},`,
    '',
    `Revision ${facts.revision} of the quote for ${facts.reference}, "${facts.partName}", expired on ${momentWords(facts.expiredAt)}. It can no longer be released, and its link no longer works.`,
    '',
    'To order, reply to this email and ask the shop for a new revision; it comes with a new link.',
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${facts.reference}: the quote expired</h1>
    <p>Hello ${facts.to.name},</p>
    <p>
      Revision ${facts.revision} of the quote for <strong>${facts.reference}</strong>, "${facts.partName}", expired on
      ${momentWords(facts.expiredAt)}. It can no longer be released, and its link no longer works.
    </p>
    <p>To order, reply to this email and ask the shop for a new revision; it comes with a new link.</p>`;
  return customerMessage({ to: facts.to.email, subject, text, html: mailLayout(subject, body) });
}

/** To the shop: the revision expired unreleased; a new revision is the way on. */
export function quoteExpiredShopMail(facts: QuoteExpiredFacts & { to: string; requestUrl: string }): MailMessage {
  const subject = `${facts.reference}: quote revision ${facts.revision} expired unreleased`;
  const text = [
    `Revision ${facts.revision} of the quote for ${facts.reference} expired on ${momentWords(facts.expiredAt)} without a purchasing release.`,
    '',
    `Issue a new revision if the customer still wants the part: ${facts.requestUrl}`,
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${facts.reference}: quote expired unreleased</h1>
    <p>
      Revision ${facts.revision} of the quote for ${facts.reference} expired on ${momentWords(facts.expiredAt)} without
      a purchasing release.
    </p>
    <p><a href="${facts.requestUrl}">Issue a new revision</a> if the customer still wants the part.</p>`;
  return shopMessage({ to: facts.to, subject, text, html: mailLayout(subject, body) });
}
