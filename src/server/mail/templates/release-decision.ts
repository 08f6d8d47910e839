/**
 * The mails of the purchasing track: released (with the invoice), on hold, declined, paid. Each goes
 * to both contacts and the shop and carries the handoff note, so everyone reads the same sentence
 * about where both tracks stand (e.g. "Purchasing released the opening lot of 50 pcs under PO 4411;
 * technical review confirmed the direction; ready for production.").
 */
import type { MailMessage } from '../index.js';
import { html, mailLayout } from '../html.js';

export type ReleaseMailKind =
  | { type: 'released'; poNumber: string; budgetCode: string; invoiceNumber: string | null; invoiceUrl: string | null }
  | { type: 'hold'; reason: string }
  | { type: 'declined'; reason: string }
  | { type: 'paid'; invoiceNumber: string | null };

export interface ReleaseMailFacts {
  reference: string;
  partName: string;
  /** "the opening lot of 50 pcs" */
  lot: string;
  total: string;
  decidedBy: { name: string; jobTitle?: string | undefined };
  kind: ReleaseMailKind;
  handoffNote: string;
  /** Whether production waits for the technical track (the PO-before-technical-review case). */
  readyForProduction: boolean;
  statusUrl?: string | undefined;
}

export interface ReleaseMailRecipient {
  to: string;
  name: string;
  audience: 'shop' | 'technical' | 'purchasing' | 'both_roles';
}

function headline(facts: ReleaseMailFacts): { subject: string; lead: string } {
  const who = facts.decidedBy.jobTitle ? `${facts.decidedBy.name} (${facts.decidedBy.jobTitle})` : facts.decidedBy.name;
  const k = facts.kind;
  switch (k.type) {
    case 'released':
      return {
        subject: `${facts.reference}: purchasing released the order${k.poNumber ? ` (PO ${k.poNumber})` : ''}`,
        lead: `${who} released ${facts.lot} of "${facts.partName}" for ${facts.total}${
          k.poNumber ? ` under PO ${k.poNumber}` : ' without a PO number'
        }${k.budgetCode ? `, budget code ${k.budgetCode}` : ''}. Stripe invoice ${k.invoiceNumber ?? '(being finalised)'} was sent to the purchasing approver.`,
      };
    case 'hold':
      return {
        subject: `${facts.reference}: purchasing put the quote on hold`,
        lead: `${who} put the quote for ${facts.lot} of "${facts.partName}" on hold. Reason: ${k.reason}. Nothing is ordered or invoiced yet; the quote can still be released while it is valid.`,
      };
    case 'declined':
      return {
        subject: `${facts.reference}: purchasing declined the quote`,
        lead: `${who} declined the quote for ${facts.lot} of "${facts.partName}". Reason: ${k.reason}. Nothing is ordered or invoiced; the shop can send a revised quote.`,
      };
    case 'paid':
      return {
        subject: `${facts.reference}: invoice ${k.invoiceNumber ?? ''} paid`.replace('  ', ' '),
        lead: `The invoice${k.invoiceNumber ? ` ${k.invoiceNumber}` : ''} for ${facts.lot} of "${facts.partName}" (${facts.total}) is paid. Thank you.`,
      };
  }
}

function productionWords(facts: ReleaseMailFacts): string | undefined {
  if (facts.kind.type !== 'released' && facts.kind.type !== 'paid') return undefined;
  return facts.readyForProduction
    ? 'Both tracks allow production: the shop can start.'
    : 'Production still waits for the technical track; the release stands and nothing more is needed from purchasing.';
}

export function releaseMail(facts: ReleaseMailFacts, recipient: ReleaseMailRecipient): MailMessage {
  const { subject, lead } = headline(facts);
  const production = productionWords(facts);
  const invoiceUrl =
    facts.kind.type === 'released' && recipient.audience !== 'technical' ? facts.kind.invoiceUrl : null;
  const text = [
    `Hello ${recipient.name},`,
    '',
    lead,
    ...(production ? ['', production] : []),
    ...(invoiceUrl ? ['', `Invoice: ${invoiceUrl}`] : []),
    '',
    `Where things stand: ${facts.handoffNote}`,
    ...(facts.statusUrl ? ['', `Status page: ${facts.statusUrl}`] : []),
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${subject}</h1>
    <p>Hello ${recipient.name},</p>
    <p>${lead}</p>
    ${production ? html`<p><strong>${production}</strong></p>` : ''}
    ${invoiceUrl ? html`<p><a href="${invoiceUrl}">View and pay the invoice</a></p>` : ''}
    <p style="border-left:4px solid #c9d1da;padding-left:.75rem">
      <strong>Where things stand:</strong> ${facts.handoffNote}
    </p>
    ${facts.statusUrl ? html`<p><a href="${facts.statusUrl}">Open the status page</a></p>` : ''}`;
  return { to: recipient.to, subject, text, html: mailLayout(subject, body) };
}
