/**
 * What every message shares besides its layout: the shop's identity at the foot (legal name, address,
 * VAT id, phone, contact address, terms), Reply-To on every mail to a customer (their "reply to this
 * email" reaches the shop), the handoff note worded for the person reading it, and PO numbers
 * written once ("PO-4411" stays as typed, "4411" becomes "PO 4411").
 */
import { site } from '../../domain/site.js';
import { identityLines } from './html.js';
import type { MailMessage } from './index.js';

/** Who a mail is written to; decides the greeting and how the handoff note speaks. */
export type Audience = 'technical' | 'purchasing' | 'both_roles' | 'shop';

// The HTML footer is part of every layout (html.ts); the plain-text body gets the same lines here.
function withFooter(message: MailMessage): MailMessage {
  return { ...message, text: `${message.text.replace(/\s+$/, '')}\n\n--\n${identityLines().join('\n')}\n` };
}

/** A mail to a customer contact: the shop's identity at the foot and Reply-To the shop. */
export function customerMessage(message: MailMessage): MailMessage {
  return { ...withFooter(message), replyTo: site.contactEmail };
}

/** A mail to the shop's own staff: the same footer, no Reply-To (they would answer themselves). */
export function shopMessage(message: MailMessage): MailMessage {
  return withFooter(message);
}

/** "PO-4411" and "PO 4411" stay as typed; "4411" becomes "PO 4411". Never "PO PO-4411". */
export function poLabel(poNumber: string): string {
  const trimmed = poNumber.trim();
  return /^P\.?O(?![a-z])/i.test(trimmed) ? trimmed : `PO ${trimmed}`;
}

// The handoff note names each role in the third person, for the shop and the status page. A mail to
// a person speaks to them: these are the note's own phrases (domain/handoff.ts) for each reader.
const TECHNICAL_YOU: [string, string][] = [
  ['Technical review is still pending with the technical contact', 'Your technical review is still pending'],
  ['technical review is still pending with the technical contact', 'your technical review is still pending'],
  ['awaits the technical contact’s verdict', 'awaits your verdict'],
  ['waits for the technical contact’s verdict', 'waits for your verdict'],
  ['the sample the technical contact asked for', 'the sample you asked for'],
  ['a sample the technical contact accepts', 'a sample you accept'],
  ['Technical review confirmed', 'Your technical review confirmed'],
  ['technical review confirmed', 'your technical review confirmed'],
  ['Technical review asked', 'Your technical review asked'],
  ['technical review asked', 'your technical review asked'],
  ['production waits for technical review', 'production waits for your technical review'],
];
const PURCHASING_YOU: [string, string][] = [
  ['commercial release is still pending with purchasing', 'the commercial release is still pending with you'],
  ['pending with purchasing', 'pending with you'],
  ['on hold with purchasing', 'on hold with you'],
  ['Purchasing released', 'You released'],
  ['purchasing released', 'you released'],
  ['purchasing put the quote on hold', 'you put the quote on hold'],
  ['purchasing declined the quote', 'you declined the quote'],
];

/** The handoff note as the reader should hear it: "your technical review", "pending with you". */
export function noteFor(note: string, audience: Audience): string {
  const table =
    audience === 'technical'
      ? TECHNICAL_YOU
      : audience === 'purchasing'
        ? PURCHASING_YOU
        : audience === 'both_roles'
          ? [...TECHNICAL_YOU, ...PURCHASING_YOU]
          : [];
  if (table.length === 0) return note;
  // One pass, longest phrase first, so a replaced phrase is never matched again.
  const words = new Map(table);
  const phrases = [...words.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return note.replace(new RegExp(phrases.join('|'), 'g'), (phrase) => words.get(phrase) ?? phrase);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
