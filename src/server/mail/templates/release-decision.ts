/**
 * The mails of the purchasing track: released (with the invoice), on hold, declined, paid. Each goes
 * to both contacts and the shop and carries the handoff note, so everyone reads the same sentence
 * about where both tracks stand (e.g. "Purchasing released the opening lot of 50 pcs under PO 4411;
 * technical review confirmed the direction; ready for production."), worded for each reader: the
 * approver reads "you released", the technical contact "your technical review", the shop what to do.
 */
import type { MailMessage } from '../index.js';
import { html, mailLayout } from '../html.js';
import { customerMessage, noteFor, poLabel, shopMessage } from '../frame.js';

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
  /** Who decided; with their address, only that approver reads "you" (two approvers, §11). */
  decidedBy: { name: string; jobTitle?: string | undefined; email?: string | undefined };
  /** Approvers whose releases waited for this last one (approval by amount). */
  releasedBefore?: readonly string[] | undefined;
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

type Reader = ReleaseMailRecipient['audience'];

// The person who made the purchasing decision reads "you"; everyone else reads their name.
const speaksToDecider = (reader: Reader) => reader === 'purchasing' || reader === 'both_roles';

function headline(facts: ReleaseMailFacts, recipient: ReleaseMailRecipient): { subject: string; lead: string } {
  const reader = recipient.audience;
  const who = facts.decidedBy.jobTitle ? `${facts.decidedBy.name} (${facts.decidedBy.jobTitle})` : facts.decidedBy.name;
  const decider = facts.decidedBy.email?.trim().toLowerCase();
  const you = speaksToDecider(reader) && (decider === undefined || recipient.to.trim().toLowerCase() === decider);
  const subjectWho = you ? 'you' : 'purchasing';
  const actor = you ? 'You' : who;
  const k = facts.kind;
  switch (k.type) {
    case 'released': {
      const po = k.poNumber ? poLabel(k.poNumber) : '';
      const invoice = k.invoiceNumber ? `Stripe invoice ${k.invoiceNumber}` : 'The Stripe invoice (being finalised)';
      const sentTo = you ? 'is on its way to you by email' : 'was sent to the purchasing approver';
      return {
        subject: `${facts.reference}: ${subjectWho} released the order${po ? ` (${po})` : ''}`,
        lead: `${actor} released ${facts.lot} of "${facts.partName}" for ${facts.total}${
          po ? ` under ${po}` : ' without a PO number'
        }${k.budgetCode ? `, budget code ${k.budgetCode}` : ''}${
          facts.releasedBefore?.length
            ? `, after ${facts.releasedBefore.join(' and ')} had released it (both approvers were needed)`
            : ''
        }. ${invoice} ${sentTo}.`,
      };
    }
    case 'hold':
      return {
        subject: `${facts.reference}: ${subjectWho} put the quote on hold`,
        lead: `${actor} put the quote for ${facts.lot} of "${facts.partName}" on hold. Reason: ${k.reason}. Nothing is ordered or invoiced yet; ${
          you ? 'you can still release the quote through your link' : 'the quote can still be released'
        } while it is valid.`,
      };
    case 'declined':
      return {
        subject: `${facts.reference}: ${subjectWho} declined the quote`,
        lead: `${actor} declined the quote for ${facts.lot} of "${facts.partName}". Reason: ${k.reason}. Nothing is ordered or invoiced; ${
          reader === 'shop' ? 'you can send a revised quote from the request page' : 'the shop can send a revised quote'
        }.`,
      };
    case 'paid': {
      const invoice = k.invoiceNumber ? ` ${k.invoiceNumber}` : '';
      const paid: Record<Reader, { subject: string; lead: string }> = {
        purchasing: {
          subject: `${facts.reference}: invoice${invoice} paid, thank you`,
          lead: `Thank you: we received your payment of ${facts.total} for invoice${invoice} (${facts.lot} of "${facts.partName}"). Nothing more is needed from you for this lot.`,
        },
        both_roles: {
          subject: `${facts.reference}: invoice${invoice} paid, thank you`,
          lead: `Thank you: we received your payment of ${facts.total} for invoice${invoice} (${facts.lot} of "${facts.partName}"). Nothing more is needed from purchasing for this lot.`,
        },
        technical: {
          subject: `${facts.reference}: invoice${invoice} paid (for your information)`,
          lead: `For your information: ${facts.decidedBy.name} (purchasing) paid invoice${invoice} for ${facts.lot} of "${facts.partName}". Nothing is asked of you by this.`,
        },
        shop: {
          subject: `${facts.reference}: invoice${invoice} paid`,
          lead: `Invoice${invoice} for ${facts.lot} of "${facts.partName}" (${facts.total}) is paid in Stripe.`,
        },
      };
      return paid[reader];
    }
  }
}

function productionWords(facts: ReleaseMailFacts, reader: Reader): string | undefined {
  if (facts.kind.type !== 'released' && facts.kind.type !== 'paid') return undefined;
  if (facts.readyForProduction) {
    return reader === 'shop'
      ? 'Both tracks allow production: you can start.'
      : 'Both tracks allow production: the shop can start.';
  }
  if (reader === 'shop') return 'Production still waits for the technical track: do not start yet.';
  if (reader === 'technical') return 'Production still waits for your side of the technical track; the release stands.';
  return 'Production still waits for the technical track; the release stands and nothing more is needed from purchasing.';
}

/** "Hello Paul," for a person; the shop's own copy starts with the news. */
function greeting(recipient: ReleaseMailRecipient): string | undefined {
  return recipient.audience === 'shop' ? undefined : `Hello ${recipient.name},`;
}

export function releaseMail(facts: ReleaseMailFacts, recipient: ReleaseMailRecipient): MailMessage {
  const reader = recipient.audience;
  const { subject, lead } = headline(facts, recipient);
  const production = productionWords(facts, reader);
  const note = noteFor(facts.handoffNote, reader);
  const hello = greeting(recipient);
  const invoiceUrl = facts.kind.type === 'released' && reader !== 'technical' ? facts.kind.invoiceUrl : null;
  const text = [
    ...(hello ? [hello, ''] : []),
    lead,
    ...(production ? ['', production] : []),
    ...(invoiceUrl ? ['', `Invoice: ${invoiceUrl}`] : []),
    '',
    `Where things stand: ${note}`,
    ...(facts.statusUrl ? ['', `Status page: ${facts.statusUrl}`] : []),
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${subject}</h1>
    ${hello ? html`<p>${hello}</p>` : ''}
    <p>${lead}</p>
    ${production ? html`<p><strong>${production}</strong></p>` : ''}
    ${invoiceUrl ? html`<p><a href="${invoiceUrl}">View and pay the invoice</a></p>` : ''}
    <p style="border-left:4px solid #c9d1da;padding-left:.75rem"><strong>Where things stand:</strong> ${note}</p>
    ${facts.statusUrl ? html`<p><a href="${facts.statusUrl}">Open the status page</a></p>` : ''}`;
  const message = { to: recipient.to, subject, text, html: mailLayout(subject, body) };
  return reader === 'shop' ? shopMessage(message) : customerMessage(message);
}
