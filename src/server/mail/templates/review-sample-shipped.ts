/**
 * The mail a shipped sample sends to the technical contact: the sample is on its way, and the review
 * link now shows the first-article step. It says what accepting the sample does not authorise.
 */
import type { MailMessage } from '../index.js';
import { html, linkButton, mailLayout } from '../html.js';
import { customerMessage, noteFor } from '../frame.js';

export interface SampleShippedMailFacts {
  reference: string;
  partName: string;
  technical: { name: string; email: string };
  purchasing: { name: string };
  sameContactForBothRoles: boolean;
  trackingReference?: string | undefined;
  carrier?: string | undefined;
  note?: string | undefined;
  reviewUrl: string;
  handoffNote: string;
}

export function sampleShippedMail(facts: SampleShippedMailFacts): MailMessage {
  const subject = `${facts.reference}: your sample has shipped; please accept or reject it`;
  const note = noteFor(facts.handoffNote, facts.sameContactForBothRoles ? 'both_roles' : 'technical');
  const tracking = [facts.carrier, facts.trackingReference].filter(Boolean).join(' ');
  const release = facts.sameContactForBothRoles
    ? 'You also hold the purchasing role, but accepting the sample does not release an order: that is a separate, explicit step on the quote.'
    : `Accepting the sample does not release an order; only ${facts.purchasing.name} (purchasing) can do that, through their own link.`;
  const text = [
    `Hello ${facts.technical.name},`,
    '',
    `The shop shipped a sample of "${facts.partName}" (${facts.reference})${tracking ? `, tracking: ${tracking}` : ''}.`,
    ...(facts.note ? ['', `Note from the shop: ${facts.note}`] : []),
    '',
    'When it arrives, check it (fit, finish, load, heat, motion, installation as they matter) and accept or reject it with notes and photos on your review page:',
    facts.reviewUrl,
    '',
    release,
    '',
    `Where things stand: ${note}`,
    '',
    'This link is personal: please do not forward it. If it stops working, reply to this email and we will send a fresh one.',
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${facts.reference}: your sample has shipped</h1>
    <p>Hello ${facts.technical.name},</p>
    <p>
      The shop shipped a sample of <strong>${facts.partName}</strong> (${facts.reference})${
        tracking ? html`, tracking: <strong>${tracking}</strong>` : ''
      }.
    </p>
    ${facts.note ? html`<p>Note from the shop: ${facts.note}</p>` : ''}
    <p>
      When it arrives, check it (fit, finish, load, heat, motion, installation as they matter) and accept or reject it
      with notes and photos on your review page.
    </p>
    ${linkButton(facts.reviewUrl, 'Open the first-article step')}
    <p><strong>${release}</strong></p>
    <p style="border-left:4px solid #c9d1da;padding-left:.75rem"><strong>Where things stand:</strong> ${note}</p>
    <p style="font-size:.9em;color:#4d5560">
      This link is personal: please do not forward it. If it stops working, reply to this email and we will send a fresh
      one.
    </p>`;
  return customerMessage({ to: facts.technical.email, subject, text, html: mailLayout(subject, body) });
}
