/**
 * The messages a new request sends: the technical contact's review link, the purchasing approver's
 * note (nothing to approve until a quote arrives), one message for a person who declared both roles,
 * and the shop's notification. Each has an HTML and a plain-text body; every user value is escaped
 * in HTML (the `html` tag) and stays plain in text. The handoff note is in every one of them.
 */
import type { MailMessage } from '../index.js';
import { html, linkButton, mailLayout, type SafeHtml } from '../html.js';
import { customerMessage, noteFor, poLabel, shopMessage } from '../frame.js';
import { PO_STATUS_LABEL } from '../../../domain/labels.js';
import { HELP_ME_CHOOSE, type PoStatus } from '../../../domain/request-schema.js';

export interface IntakeMailFacts {
  reference: string;
  partName: string;
  /** e.g. "rough estimate", "production quote". */
  modeLabel: string;
  handoffNote: string;
  technical: { name: string; email: string; company: string };
  purchasing: { name: string; email: string; company: string };
  /** The second approver named with the request, and the amount (formatted) above which both release (§11). */
  secondApprover?: { name: string; email: string; threshold: string } | undefined;
}

/** The sentence every intake mail carries when the request names a second approver. */
export function secondApproverSentence(facts: IntakeMailFacts): string | undefined {
  const second = facts.secondApprover;
  if (!second) return undefined;
  return `Orders above ${second.threshold} also need the release of ${second.name}, named as second approver; they get their own link when such a quote arrives.`;
}

function secondApproverText(facts: IntakeMailFacts): string[] {
  const sentence = secondApproverSentence(facts);
  return sentence ? [sentence] : [];
}

function secondApproverHtml(facts: IntakeMailFacts): SafeHtml | string {
  const sentence = secondApproverSentence(facts);
  return sentence ? html`<p>${sentence}</p>` : '';
}

// A person's own words in a subject line: no line breaks, bounded length.
function subjectText(value: string, max = 60): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function handoff(note: string): SafeHtml {
  return html`<p style="border-left:4px solid #c9d1da;padding-left:.75rem">
    <strong>Where things stand:</strong> ${note}
  </p>`;
}

function footer(): SafeHtml {
  return html`<p style="font-size:.9em;color:#4d5560">
    This link is personal: please do not forward it. If it stops working, reply to this email and we will send a fresh
    one.
  </p>`;
}

const TEXT_FOOTER =
  'This link is personal: please do not forward it. If it stops working, reply to this email and we will send a fresh one.';

// How every contact's plain-text mail ends: where to go, where things stand, the personal-link note.
function textEnding(linkLine: string, handoffNote: string): string[] {
  return ['', linkLine, '', `Where things stand: ${handoffNote}`, '', TEXT_FOOTER];
}

export function technicalReviewMail(facts: IntakeMailFacts & { reviewUrl: string }): MailMessage {
  const note = noteFor(facts.handoffNote, 'technical');
  const subject = `${facts.reference}: please review "${subjectText(facts.partName)}"`;
  const text = [
    `Hello ${facts.technical.name},`,
    '',
    `${facts.reference} (${facts.partName}, ${facts.modeLabel}) names you as the technical contact.`,
    'Your part is the technical review: is this the right part and direction (fit, geometry, material, whether a sample is needed)?',
    `Your review does not place an order or release anything; that is for ${facts.purchasing.name} (purchasing) once a quote arrives.`,
    ...secondApproverText(facts),
    ...textEnding(`Open your review page: ${facts.reviewUrl}`, note),
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${facts.reference}: your technical review</h1>
    <p>Hello ${facts.technical.name},</p>
    <p>
      <strong>${facts.reference}</strong> (${facts.partName}, ${facts.modeLabel}) names you as the technical contact.
      Your part is the technical review: is this the right part and direction (fit, geometry, material, whether a sample
      is needed)?
    </p>
    <p>
      Your review does not place an order or release anything; that is for ${facts.purchasing.name} (purchasing) once a
      quote arrives.
    </p>
    ${secondApproverHtml(facts)} ${linkButton(facts.reviewUrl, 'Open your review page')} ${handoff(note)} ${footer()}`;
  return customerMessage({ to: facts.technical.email, subject, text, html: mailLayout(subject, body) });
}

export function approverNoteMail(facts: IntakeMailFacts & { statusUrl: string }): MailMessage {
  const note = noteFor(facts.handoffNote, 'purchasing');
  const subject = `${facts.reference}: a quote request names you as purchasing approver`;
  const text = [
    `Hello ${facts.purchasing.name},`,
    '',
    `${facts.technical.name} (${facts.technical.company}) asked us for a ${facts.modeLabel} for "${facts.partName}" (${facts.reference}) and named you as the purchasing approver.`,
    'Nothing is yours to approve yet. When we send a quote, you will get a separate email with your own link to release it, put it on hold or decline it.',
    ...secondApproverText(facts),
    ...textEnding(`Follow the request here: ${facts.statusUrl}`, note),
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${facts.reference}: you are named as purchasing approver</h1>
    <p>Hello ${facts.purchasing.name},</p>
    <p>
      ${facts.technical.name} (${facts.technical.company}) asked us for a ${facts.modeLabel} for "${facts.partName}"
      (<strong>${facts.reference}</strong>) and named you as the purchasing approver.
    </p>
    <p>
      <strong>Nothing is yours to approve yet.</strong> When we send a quote, you will get a separate email with your
      own link to release it, put it on hold or decline it.
    </p>
    ${secondApproverHtml(facts)} ${linkButton(facts.statusUrl, 'Follow the request')} ${handoff(note)} ${footer()}`;
  return customerMessage({ to: facts.purchasing.email, subject, text, html: mailLayout(subject, body) });
}

export function bothRolesMail(facts: IntakeMailFacts & { reviewUrl: string; statusUrl: string }): MailMessage {
  const note = noteFor(facts.handoffNote, 'both_roles');
  const subject = `${facts.reference}: please review "${subjectText(facts.partName)}" (you hold both roles)`;
  const text = [
    `Hello ${facts.technical.name},`,
    '',
    `${facts.reference} (${facts.partName}, ${facts.modeLabel}) names you in both roles: technical contact AND purchasing approver, as you declared.`,
    '',
    `1. Technical review (now): ${facts.reviewUrl}`,
    '   This link is for the technical review only. It does not release an order, whatever you decide there.',
    '2. Purchasing release (later): when we send a quote, you will get a separate email with a purchasing link. Only that link releases an order.',
    ...secondApproverText(facts),
    ...textEnding(`Follow the request here: ${facts.statusUrl}`, note),
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${facts.reference}: you hold both roles</h1>
    <p>Hello ${facts.technical.name},</p>
    <p>
      <strong>${facts.reference}</strong> (${facts.partName}, ${facts.modeLabel}) names you in both roles:
      <strong>technical contact and purchasing approver</strong>, as you declared.
    </p>
    <h2 style="font-size:1.1rem">1. Technical review (now)</h2>
    ${linkButton(facts.reviewUrl, 'Open your technical review')}
    <p>
      <strong>This link is for the technical review only. It does not release an order</strong>, whatever you decide
      there.
    </p>
    <h2 style="font-size:1.1rem">2. Purchasing release (later)</h2>
    <p>When we send a quote, you will get a separate email with a purchasing link. Only that link releases an order.</p>
    ${secondApproverHtml(facts)}
    <p><a href="${facts.statusUrl}">Follow the request</a></p>
    ${handoff(note)} ${footer()}`;
  return customerMessage({ to: facts.technical.email, subject, text, html: mailLayout(subject, body) });
}

/** What the shop needs to triage a new request at a glance. */
export interface ShopNotificationFacts extends IntakeMailFacts {
  to: string;
  /** The request's own page in the shop (`/shop/request/?id=…`). */
  requestUrl: string;
  fileCount: number;
  neededBy: string;
  sameContactForBothRoles: boolean;
  material: string;
  quantities: {
    sample?: number | undefined;
    openingLot?: number | undefined;
    total?: number | undefined;
    provisional: boolean;
  };
  poStatus: PoStatus;
  poNumber?: string | undefined;
}

function quantityWords(q: ShopNotificationFacts['quantities']): string {
  const parts = [
    q.sample !== undefined ? `sample ${q.sample}` : '',
    q.openingLot !== undefined ? `opening lot ${q.openingLot}` : '',
    q.total !== undefined ? `total ${q.total}${q.provisional ? ' (provisional)' : ''}` : '',
  ].filter(Boolean);
  return parts.length ? `${parts.join(', ')} pcs` : 'not stated';
}

export function shopNotificationMail(facts: ShopNotificationFacts): MailMessage {
  const subject = `New request ${facts.reference}: ${subjectText(facts.partName)} (${facts.modeLabel})`;
  const approver = facts.sameContactForBothRoles
    ? `${facts.technical.name} (declared: holds both roles)`
    : `${facts.purchasing.name}, ${facts.purchasing.company} <${facts.purchasing.email}>`;
  const material = facts.material === HELP_ME_CHOOSE ? 'help me choose (the shop recommends one)' : facts.material;
  const po = `${PO_STATUS_LABEL[facts.poStatus]}${facts.poNumber ? ` (${poLabel(facts.poNumber)})` : ''}`;
  const rows: [string, string][] = [
    ['Asked for', facts.modeLabel],
    ['Quantity', quantityWords(facts.quantities)],
    ['Material', material],
    ['Purchase order', po],
    ['Needed by', facts.neededBy],
    ['Files', String(facts.fileCount)],
    ['Technical contact', `${facts.technical.name}, ${facts.technical.company} <${facts.technical.email}>`],
    ['Purchasing approver', approver],
    ...(facts.secondApprover
      ? [
          [
            'Second approver',
            `${facts.secondApprover.name} <${facts.secondApprover.email}>, for orders above ${facts.secondApprover.threshold}`,
          ] as [string, string],
        ]
      : []),
  ];
  const text = [
    `New request ${facts.reference}: ${facts.partName}`,
    ...rows.map(([label, value]) => `${label}: ${value}`),
    '',
    `Where things stand: ${facts.handoffNote}`,
    '',
    `Open the request: ${facts.requestUrl}`,
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">New request ${facts.reference}</h1>
    <p><strong>${facts.partName}</strong></p>
    <table style="border-collapse:collapse">
      ${rows.map(
        ([label, value]) =>
          html`<tr>
            <th style="text-align:left;padding:.2rem 1rem .2rem 0;vertical-align:top">${label}</th>
            <td>${value}</td>
          </tr>`,
      )}
    </table>
    ${handoff(facts.handoffNote)}
    <p><a href="${facts.requestUrl}">Open the request</a></p>`;
  return shopMessage({ to: facts.to, subject, text, html: mailLayout(subject, body) });
}
