/**
 * The Stripe customer is the purchasing approver's company: its `name` (what quotes and invoices are
 * addressed to) is the company, the email (where invoices go) is the approver's, and the approver is
 * kept as the contact in `description` and `metadata.contact_name`.
 */
import { callStripe } from './call.js';
import { invalid, StripeAdapterError } from './errors.js';
import { idempotencyKeys } from './keys.js';
import type { StripeCustomer } from './types.js';

export interface EnsureCustomerOptions {
  email: string;
  /** The approver: the contact person. The customer's name when no company is given. */
  name: string;
  /** The approver's company: the name quotes and invoices are addressed to. */
  companyName?: string;
  metadata?: Record<string, string>;
  idempotencyKey?: string;
}

/** Finds the customer with this email or creates it; updates the name or the contact when they changed. */
export async function ensureCustomer(options: EnsureCustomerOptions): Promise<StripeCustomer> {
  const operation = 'ensureCustomer';
  const email = options.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw invalid(operation, 'email must be an email address', 'email');
  const find = () =>
    callStripe(operation, false, async (stripe) => (await stripe.customers.list({ email, limit: 1 })).data[0]);

  const company = options.companyName?.trim();
  const contact = { description: `Contact: ${options.name}`, metadata: { contact_name: options.name } };

  const existing = await find();
  if (existing) {
    const sameContact = (existing.metadata?.contact_name ?? existing.name) === options.name;
    // Without a company, the same contact keeps the company name the customer already has.
    const display = company || (sameContact && existing.name ? existing.name : options.name);
    if (existing.name === display && sameContact)
      return { id: existing.id, email: existing.email ?? null, name: existing.name ?? null };
    const updated = await callStripe(operation, true, (stripe) =>
      stripe.customers.update(
        existing.id,
        { name: display, ...contact },
        { idempotencyKey: idempotencyKeys.customerName(existing.id, `${display}\n${options.name}`) },
      ),
    );
    return { id: updated.id, email: updated.email ?? null, name: updated.name ?? null };
  }
  try {
    const created = await callStripe(operation, true, (stripe) =>
      stripe.customers.create(
        {
          email,
          name: company || options.name,
          description: contact.description,
          metadata: { ...options.metadata, ...contact.metadata },
        },
        { idempotencyKey: options.idempotencyKey ?? idempotencyKeys.customer(email) },
      ),
    );
    return { id: created.id, email: created.email ?? null, name: created.name ?? null };
  } catch (error) {
    // The same address created moments ago with other details: it exists now, use it.
    if (error instanceof StripeAdapterError && (error.kind === 'idempotency' || error.kind === 'conflict')) {
      const found = await find();
      if (found) return { id: found.id, email: found.email ?? null, name: found.name ?? null };
    }
    throw error;
  }
}
