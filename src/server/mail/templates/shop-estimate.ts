/**
 * The rough estimate as a document: a price range and a lead time with the assumptions behind them,
 * marked in the subject, the heading and the body as "rough estimate, not an order". It carries no
 * link that could accept anything: there is nothing to accept.
 */
import type { EstimateView } from '../../../domain/contracts/request-view.js';
import { formatMoney } from '../../../domain/money.js';
import { html, mailLayout } from '../html.js';
import type { MailMessage } from '../index.js';
import { customerMessage, noteFor, type Audience } from '../frame.js';

/** The customer-facing estimate (the same fields the status page shows) and who it is for. */
export interface EstimateMailFacts extends Omit<EstimateView, 'sentAt'> {
  to: { name: string; email: string };
  /** The role the recipient holds on the request: the note speaks to them. */
  audience: Exclude<Audience, 'shop'>;
  reference: string;
  partName: string;
  handoffNote: string;
}

export const ROUGH_ESTIMATE_MARK = 'Rough estimate, not an order';

export function estimateMail(facts: EstimateMailFacts): MailMessage {
  const subject = `${facts.reference}: rough estimate (not an order) for "${facts.partName}"`;
  const range = `${formatMoney(facts.lowMinor, facts.currency)} – ${formatMoney(facts.highMinor, facts.currency)}`;
  const lead = `${facts.leadDaysMin}–${facts.leadDaysMax} working days`;
  const note = noteFor(facts.handoffNote, facts.audience);
  const text = [
    `${ROUGH_ESTIMATE_MARK.toUpperCase()}`,
    '',
    `Hello ${facts.to.name},`,
    '',
    `Our rough estimate for ${facts.reference}, "${facts.partName}", ${facts.quantity} pcs in ${facts.material}:`,
    `- Price range: ${range} in total (excl. shipping and tax)`,
    `- Lead time: ${lead}`,
    '',
    'Assumptions:',
    ...facts.assumptions.map((line) => `- ${line}`),
    ...(facts.note ? ['', facts.note] : []),
    '',
    `This is a rough estimate to help you plan. It is not an order, not a firm quote, and nothing is reserved or released. When you want to go ahead, reply to this email and we will send a firm quote to ${facts.audience === 'technical' ? 'your purchasing approver' : 'you for release'}.`,
    '',
    `Where things stand: ${note}`,
  ].join('\n');
  const body = html`<p
      style="display:inline-block;border:2px solid #8a5a00;color:#8a5a00;padding:.2rem .6rem;font-weight:700;text-transform:uppercase;letter-spacing:.03em"
    >
      ${ROUGH_ESTIMATE_MARK}
    </p>
    <h1 style="font-size:1.3rem">${facts.reference}: rough estimate</h1>
    <p>Hello ${facts.to.name},</p>
    <p>
      Our rough estimate for <strong>${facts.reference}</strong>, "${facts.partName}", ${facts.quantity} pcs in
      ${facts.material}:
    </p>
    <table style="border-collapse:collapse">
      <tr>
        <th style="text-align:left;padding:.25rem 1rem .25rem 0">Price range</th>
        <td>${range} in total (excl. shipping and tax)</td>
      </tr>
      <tr>
        <th style="text-align:left;padding:.25rem 1rem .25rem 0">Lead time</th>
        <td>${lead}</td>
      </tr>
    </table>
    <h2 style="font-size:1.1rem">Assumptions</h2>
    <ul>
      ${facts.assumptions.map((line) => html`<li>${line}</li>`)}
    </ul>
    ${facts.note ? html`<p style="white-space:pre-line">${facts.note}</p>` : ''}
    <p>
      <strong>This is a rough estimate to help you plan.</strong> It is not an order, not a firm quote, and nothing is
      reserved or released. When you want to go ahead, reply to this email and we will send a firm quote to
      ${facts.audience === 'technical' ? 'your purchasing approver' : 'you for release'}.
    </p>
    <p style="border-left:4px solid #c9d1da;padding-left:.75rem"><strong>Where things stand:</strong> ${note}</p>`;
  return customerMessage({ to: facts.to.email, subject, text, html: mailLayout(subject, body) });
}
