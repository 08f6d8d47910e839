/** A fresh technical-review link sent by the shop; the earlier one stops working at once. */
import { html, mailLayout } from '../html.js';
import type { MailMessage } from '../index.js';
import { customerMessage, noteFor } from '../frame.js';

export interface FreshReviewLinkMailFacts {
  to: { name: string; email: string };
  reference: string;
  partName: string;
  reviewUrl: string;
  handoffNote: string;
}

export function freshReviewLinkMail(facts: FreshReviewLinkMailFacts): MailMessage {
  const subject = `${facts.reference}: a fresh link for your technical review`;
  const text = [
    `Hello ${facts.to.name},`,
    '',
    `Here is a fresh link for the technical review of ${facts.reference}, "${facts.partName}". The link in earlier emails no longer works.`,
    '',
    `Open your review page: ${facts.reviewUrl}`,
    '',
    'Your review is technical feedback; it does not place an order or release anything.',
    '',
    `Where things stand: ${noteFor(facts.handoffNote, 'technical')}`,
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${facts.reference}: a fresh review link</h1>
    <p>Hello ${facts.to.name},</p>
    <p>
      Here is a fresh link for the technical review of <strong>${facts.reference}</strong>, "${facts.partName}". The
      link in earlier emails no longer works.
    </p>
    <p><a href="${facts.reviewUrl}">Open your review page</a></p>
    <p style="font-size:.9em;color:#4d5560">Or copy this address into your browser: ${facts.reviewUrl}</p>
    <p>Your review is technical feedback; it does not place an order or release anything.</p>
    <p style="border-left:4px solid #c9d1da;padding-left:.75rem">
      <strong>Where things stand:</strong> ${noteFor(facts.handoffNote, 'technical')}
    </p>`;
  return customerMessage({ to: facts.to.email, subject, text, html: mailLayout(subject, body) });
}
