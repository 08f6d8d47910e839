/**
 * Mails of approval by amount (architecture §11): the second approver is asked to release (when the
 * first approver names them, or when a quote above the threshold is issued), and whichever approver
 * is still missing hears that the other one released and that nothing is invoiced until they do.
 */
import { site } from '../../../domain/site.js';
import type { MailMessage } from '../index.js';
import { html, linkButton, mailLayout } from '../html.js';
import { customerMessage } from '../frame.js';

export interface ApprovalRequestFacts {
  to: { name: string; email: string };
  reference: string;
  partName: string;
  revision: number;
  /** "€1,240.00" */
  total: string;
  /** "€1,000.00" */
  threshold: string;
  /** Who asked (the approver who named them), or who already released. */
  otherApprover: string;
  /** `named`: the first approver asked for them; `waiting`: the other approver already released. */
  kind: 'named' | 'waiting';
  releaseUrl: string;
}

export function approvalRequestMail(facts: ApprovalRequestFacts): MailMessage {
  const subject =
    facts.kind === 'waiting'
      ? `${facts.reference}: your release is still needed (quote revision ${facts.revision})`
      : `${facts.reference}: please release quote revision ${facts.revision} as second approver`;
  const lead =
    facts.kind === 'waiting'
      ? `${facts.otherApprover} released quote revision ${facts.revision} for ${facts.reference}, "${facts.partName}", for ${facts.total}. Because the total is above ${facts.threshold}, your release is needed as well. Nothing is ordered or invoiced until you release it.`
      : `${facts.otherApprover} named you as second approver for ${facts.reference}, "${facts.partName}": quotes above ${facts.threshold} need your release too. Revision ${facts.revision} totals ${facts.total}. Nothing is ordered or invoiced until both of you release it.`;
  const text = [
    `Hello ${facts.to.name},`,
    '',
    lead,
    '',
    `Review and release it, put it on hold, or decline it: ${facts.releaseUrl}`,
    'This personal link works only for you and only for this revision. Please do not forward it.',
    `Questions about the quote? Reply to this email or write to ${site.contactEmail}.`,
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${facts.reference}: quote revision ${facts.revision}</h1>
    <p>Hello ${facts.to.name},</p>
    <p>${lead}</p>
    ${linkButton(facts.releaseUrl, 'Review the quote')}
    <p>This personal link works only for you and only for this revision. Please do not forward it.</p>
    <p>Questions about the quote? Reply to this email or write to ${site.contactEmail}.</p>`;
  return customerMessage({ to: facts.to.email, subject, text, html: mailLayout(subject, body) });
}
