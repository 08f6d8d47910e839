/**
 * The emulated Stripe account's public business details. Stripe prints these (set in the Dashboard:
 * business name, address, phone, email, tax id) at the head of every quote and invoice PDF; the
 * emulator takes them from the shop's own facts (src/domain/site.ts), which is what the shop enters there.
 */
import { site } from '../../domain/site.js';

export const account = {
  businessName: site.legalName,
  addressLines: [site.address.street, `${site.address.postalCode} ${site.address.city}`, site.address.country],
  phone: site.phone,
  email: site.contactEmail,
  taxId: { type: 'eu_vat', value: site.vatId },
} as const;

/** The header block of a document: who issues it. */
export function issuerLines(): string[] {
  return [account.addressLines.join(', '), `VAT ID ${account.taxId.value} · ${account.phone} · ${account.email}`];
}

/** Money as Stripe's documents show it: "€2,400.00". */
export function documentMoney(amountMinor: number, currency: string | null | undefined): string {
  const code = (currency ?? 'eur').toUpperCase();
  return new Intl.NumberFormat('en', { style: 'currency', currency: code }).format(amountMinor / 100);
}
