/**
 * Stripe emails a sent invoice to the customer itself. The local emulator cannot, so the runtime drops
 * the same message into the outbox: a demo shows the purchasing approver receiving the invoice and
 * paying it through the hosted page.
 */
import { formatMoney } from '../domain/money.js';
import { site } from '../domain/site.js';
import { html, mailLayout } from '../server/mail/html.js';
import { sendMail } from '../server/mail/index.js';
import type { SentInvoice } from './stripe-emulator/index.js';

export async function mailSentInvoice(invoice: SentInvoice): Promise<void> {
  if (!invoice.customerEmail || !invoice.hostedInvoiceUrl) return;
  const amount = formatMoney(invoice.amountDueMinor, invoice.currency);
  const due = invoice.dueDate ? invoice.dueDate.toISOString().slice(0, 10) : 'on receipt';
  const subject = `Invoice ${invoice.number ?? ''} from ${site.name}`.replace(/\s+/g, ' ');
  const text = [
    `Invoice ${invoice.number ?? ''} for ${amount}, due ${due}.`,
    '',
    `View and pay it here: ${invoice.hostedInvoiceUrl}`,
    '',
    '(Sent by the local Stripe emulator in place of Stripe’s own invoice email.)',
  ].join('\n');
  const body = html`<p>Invoice <strong>${invoice.number ?? ''}</strong> for <strong>${amount}</strong>, due ${due}.</p>
    <p><a href="${invoice.hostedInvoiceUrl}">View and pay this invoice</a></p>
    <p style="color:#4d5560">Sent by the local Stripe emulator in place of Stripe’s own invoice email.</p>`;
  await sendMail({ to: invoice.customerEmail, subject, text, html: mailLayout(subject, body) });
}
