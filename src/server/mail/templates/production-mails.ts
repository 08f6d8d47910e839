/**
 * The mails the production track sends to the request's customer contacts (architecture §2,
 * "Production and delivery"): a shipment of a lot left the shop, and a shipment arrived. Each names
 * the lot, the pieces shipped and still to come, the carrier and tracking, and links the reader's
 * status page, where every lot and shipment is listed.
 */
import type { MailMessage } from '../index.js';
import { html, mailLayout } from '../html.js';
import { customerMessage } from '../frame.js';

export interface ShipmentMailFacts {
  to: { name: string; email: string };
  reference: string;
  partName: string;
  /** "opening lot", mid-sentence. */
  lotWords: string;
  released: number;
  shipped: number;
  remaining: number;
  shipment: {
    carrier: string;
    trackingReference: string;
    trackingUrl?: string | undefined;
    quantity: number;
    deliveredOn?: string | undefined;
  };
  statusUrl: string;
}

/** A shipment left the shop. */
export function lotShippedMail(facts: ShipmentMailFacts): MailMessage {
  const { shipment } = facts;
  const subject = `${facts.reference}: ${shipment.quantity} pcs of your ${facts.lotWords} have shipped`;
  const progress = progressWords(facts);
  const text = [
    `Hello ${facts.to.name},`,
    '',
    `The shop shipped ${shipment.quantity} pcs of "${facts.partName}" (${facts.reference}), ${facts.lotWords}.`,
    `Carrier: ${shipment.carrier}, tracking reference: ${shipment.trackingReference}`,
    ...(shipment.trackingUrl ? [`Track it: ${shipment.trackingUrl}`] : []),
    '',
    progress,
    '',
    'Every lot and shipment is on your status page:',
    facts.statusUrl,
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${subject}</h1>
    <p>Hello ${facts.to.name},</p>
    <p>
      The shop shipped <strong>${shipment.quantity} pcs</strong> of <strong>${facts.partName}</strong>
      (${facts.reference}), ${facts.lotWords}.
    </p>
    <p>
      Carrier: <strong>${shipment.carrier}</strong>, tracking reference:
      <strong>${shipment.trackingReference}</strong>${
        shipment.trackingUrl ? html` (<a href="${shipment.trackingUrl}">track it</a>)` : ''
      }
    </p>
    <p>${progress}</p>
    <p><a href="${facts.statusUrl}">Open your status page</a> to see every lot and shipment.</p>`;
  return customerMessage({ to: facts.to.email, subject, text, html: mailLayout(subject, body) });
}

/** A shipment arrived. */
export function lotDeliveredMail(facts: ShipmentMailFacts): MailMessage {
  const { shipment } = facts;
  const day = dayWords(shipment.deliveredOn ?? '');
  const subject = `${facts.reference}: ${shipment.quantity} pcs of your ${facts.lotWords} were delivered`;
  const progress = progressWords(facts);
  const text = [
    `Hello ${facts.to.name},`,
    '',
    `The shipment of ${shipment.quantity} pcs of "${facts.partName}" (${facts.reference}), ${facts.lotWords}, was delivered on ${day}.`,
    `Carrier: ${shipment.carrier}, tracking reference: ${shipment.trackingReference}`,
    '',
    progress,
    '',
    'If anything is missing or damaged, reply to this email. Every lot and shipment is on your status page:',
    facts.statusUrl,
  ].join('\n');
  const body = html`<h1 style="font-size:1.3rem">${subject}</h1>
    <p>Hello ${facts.to.name},</p>
    <p>
      The shipment of <strong>${shipment.quantity} pcs</strong> of
      <strong>${facts.partName}</strong> (${facts.reference}), ${facts.lotWords}, was delivered on
      <strong>${day}</strong>.
    </p>
    <p>Carrier: ${shipment.carrier}, tracking reference: ${shipment.trackingReference}</p>
    <p>${progress}</p>
    <p>
      If anything is missing or damaged, reply to this email.
      <a href="${facts.statusUrl}">Open your status page</a> to see every lot and shipment.
    </p>`;
  return customerMessage({ to: facts.to.email, subject, text, html: mailLayout(subject, body) });
}

function progressWords({ released, shipped, remaining, lotWords }: ShipmentMailFacts): string {
  return remaining === 0
    ? `All ${released} pcs of the ${lotWords} have now shipped.`
    : `Of the ${lotWords}'s ${released} pcs, ${shipped} have shipped and ${remaining} are still to come.`;
}

/** "5 March 2026" for a calendar day (YYYY-MM-DD); the text as given when it is none. */
function dayWords(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(date.getTime())
    ? day
    : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}
