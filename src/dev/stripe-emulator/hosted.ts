/**
 * The emulator's stand-in for Stripe's hosted invoice page: shows the invoice and offers
 * "Pay this invoice", so a local demo can reach `paid`. Not part of Stripe's API (no auth).
 */
import type { InvoiceObject } from './objects/invoices.js';
import { account, issuerLines } from './account.js';
import { renderPdf } from './pdf.js';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

const money = (amount: number, currency: string) =>
  new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).format(amount / 100);

export function invoicePage(invoice: InvoiceObject, notice?: string): string {
  const rows = invoice.lines.data
    .map(
      (line) =>
        `<tr><td>${escapeHtml(line.description ?? '')}</td><td>${line.quantity ?? ''}</td><td>${money(line.amount, line.currency)}</td></tr>`,
    )
    .join('');
  const fields = (invoice.custom_fields ?? [])
    .map((field) => `<dt>${escapeHtml(field.name)}</dt><dd>${escapeHtml(field.value)}</dd>`)
    .join('');
  const due = invoice.due_date ? new Date(invoice.due_date * 1000).toISOString().slice(0, 10) : '—';
  const action =
    invoice.status === 'open'
      ? `<form method="post" action="/_emulator/invoices/${invoice.id}/pay"><button type="submit">Pay this invoice</button></form>`
      : `<p><strong>Status: ${escapeHtml(invoice.status)}</strong></p>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Invoice ${escapeHtml(invoice.number ?? invoice.id)} (Stripe emulator)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}table{width:100%;border-collapse:collapse}
td,th{border-bottom:1px solid #ccc;padding:.4rem;text-align:left}button{font-size:1.1rem;padding:.6rem 1.2rem}.note{background:#fff6d5;padding:.5rem}</style>
</head><body><main>
<p class="note">Local Stripe emulator: no money moves.</p>
${notice ? `<p role="status"><strong>${escapeHtml(notice)}</strong></p>` : ''}
<h1>Invoice ${escapeHtml(invoice.number ?? invoice.id)}</h1>
<p>From: ${escapeHtml(account.businessName)}, ${escapeHtml(issuerLines().join(' · '))}</p>
<p>To: ${escapeHtml(invoice.customer_name ?? '')} &lt;${escapeHtml(invoice.customer_email ?? '')}&gt;</p>
<p>Status: ${escapeHtml(invoice.status)} · Due: ${due}</p>
${fields ? `<dl>${fields}</dl>` : ''}
<table><thead><tr><th>Item</th><th>Qty</th><th>Amount</th></tr></thead><tbody>${rows}</tbody></table>
<p><strong>Amount due: ${money(invoice.amount_remaining, invoice.currency)}</strong></p>
${action}
<p><a href="/_emulator/invoices/${invoice.id}/pdf">Download PDF</a></p>
</main></body></html>`;
}

/** `/_emulator/`: every invoice, newest first, each linking to its page. */
export function invoiceIndex(invoices: InvoiceObject[]): string {
  const rows = invoices
    .map(
      (invoice) =>
        `<tr><td><a href="/_emulator/invoices/${invoice.id}">${escapeHtml(invoice.number ?? invoice.id)}</a></td>` +
        `<td>${escapeHtml(invoice.customer_email ?? '')}</td><td>${escapeHtml(invoice.status)}</td>` +
        `<td>${money(invoice.amount_remaining, invoice.currency)}</td></tr>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Invoices (Stripe emulator)</title>
<style>body{font-family:system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem}table{width:100%;border-collapse:collapse}
td,th{border-bottom:1px solid #ccc;padding:.4rem;text-align:left}</style></head><body><main>
<h1>Invoices in the local Stripe emulator</h1>
${rows ? `<table><thead><tr><th>Invoice</th><th>Customer</th><th>Status</th><th>Amount due</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No invoices yet.</p>'}
</main></body></html>`;
}

export function invoicePdf(invoice: InvoiceObject): Buffer {
  return renderPdf([
    { text: account.businessName, bold: true, size: 14 },
    ...issuerLines(),
    { text: `Invoice ${invoice.number ?? invoice.id}`, bold: true, size: 16, gapBefore: 12 },
    { text: 'Bill to', bold: true, gapBefore: 8 },
    invoice.customer_name ?? '',
    ...(invoice.customer_email ? [invoice.customer_email] : []),
    ...(invoice.custom_fields ?? []).map((field) => `${field.name}: ${field.value}`),
    { text: 'Items', bold: true, gapBefore: 8 },
    ...invoice.lines.data.map(
      (line) => `${line.quantity ?? ''} × ${line.description ?? ''}: ${money(line.amount, line.currency)}`,
    ),
    { text: `Total: ${money(invoice.total, invoice.currency)}`, bold: true, gapBefore: 4 },
    `Status: ${invoice.status}`,
    ...(invoice.description ? [{ text: invoice.description, gapBefore: 8 }] : []),
    ...(invoice.footer ? [{ text: invoice.footer, gapBefore: 8 }] : []),
  ]);
}
