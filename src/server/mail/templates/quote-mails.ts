/**
 * Firm-quote mails. The purchasing approver gets the only link that can release the order; the
 * technical contact gets an awareness copy with no link at all, saying plainly that their approval is
 * not the release. Revisions and cancels say which earlier link stopped working.
 */
import { formatMoney } from '../../../domain/money.js';
import { site } from '../../../domain/site.js';
import { html, linkButton, mailLayout, type SafeHtml } from '../html.js';
import type { MailMessage } from '../index.js';
import { customerMessage, noteFor } from '../frame.js';

export interface QuoteMailFacts {
  reference: string;
  partName: string;
  revision: number;
  scopeWords: string;
  quantity: number;
  currency: string;
  amountTotalMinor: number;
  leadTimeDays: number;
  shippingTerms: string;
  paymentTermsDays: number;
  expiresAt: Date;
  handoffNote: string;
  technical: { name: string; email: string };
  purchasing: { name: string; email: string };
  /** Issued fresh, a revision of an earlier one, or a fresh link for the same revision. */
  kind: 'issued' | 'revised' | 'resent';
}

const day = (date: Date) => date.toISOString().slice(0, 10);

function summary(facts: QuoteMailFacts): string[] {
  return [
    `Scope: ${facts.scopeWords} of ${facts.quantity}`,
    `Total: ${formatMoney(facts.amountTotalMinor, facts.currency)} (excl. tax)`,
    `Lead time: ${facts.leadTimeDays} working days after release`,
    `Shipping: ${facts.shippingTerms}`,
    `Payment: net ${facts.paymentTermsDays} days`,
    `Valid until: ${day(facts.expiresAt)}`,
  ];
}

function summaryHtml(facts: QuoteMailFacts): SafeHtml {
  return html`<ul>
    ${summary(facts).map((line) => html`<li>${line}</li>`)}
  </ul>`;
}

function handoff(note: string): SafeHtml {
  return html`<p style="border-left:4px solid #c9d1da;padding-left:.75rem">
    <strong>Where things stand:</strong> ${note}
  </p>`;
}

const INTRO: Record<QuoteMailFacts['kind'], string> = {
  issued: 'Here is our firm quote.',
  revised:
    'We revised the quote. This revision replaces the earlier one; the link in the earlier email no longer works.',
  resent: 'Here is a fresh link to the quote. The link in the earlier email no longer works.',
};

export function quoteApproverMail(facts: QuoteMailFacts & { releaseUrl: string }): MailMessage {
  const subject = `${facts.reference}: ${facts.kind === 'revised' ? 'revised ' : ''}quote (revision ${facts.revision}) for your release`;
  const text = [
    `Hello ${facts.purchasing.name},`,
    '',
    `${INTRO[facts.kind]} ${facts.reference}, "${facts.partName}", revision ${facts.revision}:`,
    ...summary(facts).map((line) => `- ${line}`),
    '',
    `Review and release it, put it on hold, or decline it: ${facts.releaseUrl}`,
    'Only you can release this order, and only through this personal link. Please do not forward it.',
    `Questions about the quote? Reply to this email or write to ${site.contactEmail}.`,
    '',
    `Where things stand: ${noteFor(facts.handoffNote, 'purchasing')}`,
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${facts.reference}: quote revision ${facts.revision}</h1>
    <p>Hello ${facts.purchasing.name},</p>
    <p>${INTRO[facts.kind]} <strong>${facts.reference}</strong>, "${facts.partName}", revision ${facts.revision}:</p>
    ${summaryHtml(facts)} ${linkButton(facts.releaseUrl, 'Review the quote')}
    <p>Only you can release this order, and only through this personal link. Please do not forward it.</p>
    <p>Questions about the quote? Reply to this email or write to ${site.contactEmail}.</p>
    ${handoff(noteFor(facts.handoffNote, 'purchasing'))}`;
  return customerMessage({ to: facts.purchasing.email, subject, text, html: mailLayout(subject, body) });
}

export function quoteAwarenessMail(facts: QuoteMailFacts): MailMessage {
  const subject = `${facts.reference}: ${facts.kind === 'revised' ? 'quote revised' : 'quote sent'} to ${facts.purchasing.name} (for your information)`;
  const text = [
    `Hello ${facts.technical.name},`,
    '',
    `For your information: we sent ${facts.purchasing.name} (purchasing) ${facts.kind === 'revised' ? 'a revised' : 'a firm'} quote for ${facts.reference}, "${facts.partName}", revision ${facts.revision}:`,
    ...summary(facts).map((line) => `- ${line}`),
    '',
    `There is nothing for you to accept here: only ${facts.purchasing.name} can release the order, through their own link. Your technical review stays separate and does not release anything.`,
    '',
    `Where things stand: ${noteFor(facts.handoffNote, 'technical')}`,
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${facts.reference}: quote sent to purchasing</h1>
    <p>Hello ${facts.technical.name},</p>
    <p>
      For your information: we sent ${facts.purchasing.name} (purchasing)
      ${facts.kind === 'revised' ? 'a revised' : 'a firm'} quote for <strong>${facts.reference}</strong>,
      "${facts.partName}", revision ${facts.revision}:
    </p>
    ${summaryHtml(facts)}
    <p>
      <strong>There is nothing for you to accept here:</strong> only ${facts.purchasing.name} can release the order,
      through their own link. Your technical review stays separate and does not release anything.
    </p>
    ${handoff(noteFor(facts.handoffNote, 'technical'))}`;
  return customerMessage({ to: facts.technical.email, subject, text, html: mailLayout(subject, body) });
}

export function quoteCanceledMail(
  facts: Pick<QuoteMailFacts, 'reference' | 'partName' | 'revision' | 'handoffNote'> & {
    to: { name: string; email: string };
    /** The recipient's role on the request; the note speaks to them. */
    audience?: 'technical' | 'purchasing' | 'both_roles' | undefined;
    reason?: string | undefined;
  },
): MailMessage {
  const note = facts.audience ? noteFor(facts.handoffNote, facts.audience) : facts.handoffNote;
  const subject = `${facts.reference}: quote revision ${facts.revision} canceled`;
  const reason = facts.reason ? `Reason: ${facts.reason}` : '';
  const text = [
    `Hello ${facts.to.name},`,
    '',
    `We canceled quote revision ${facts.revision} for ${facts.reference}, "${facts.partName}". It can no longer be released, and its link no longer works.`,
    reason,
    `Questions? Reply to this email or write to ${site.contactEmail}.`,
    '',
    `Where things stand: ${note}`,
  ]
    .filter((line, index, all) => line !== '' || all[index - 1] !== '')
    .join('\n');
  const body = html`<h1 style="font-size:1.3rem">${facts.reference}: quote revision ${facts.revision} canceled</h1>
    <p>Hello ${facts.to.name},</p>
    <p>
      We canceled quote revision ${facts.revision} for <strong>${facts.reference}</strong>, "${facts.partName}". It can
      no longer be released, and its link no longer works.
    </p>
    ${reason ? html`<p>${reason}</p>` : ''}
    <p>Questions? Reply to this email or write to ${site.contactEmail}.</p>
    ${handoff(note)}`;
  return customerMessage({ to: facts.to.email, subject, text, html: mailLayout(subject, body) });
}
