/** The Stripe customer is the purchasing approver: invoices go to one address, theirs. */
import { callStripe } from './call.js';
import { invalid, StripeAdapterError } from './errors.js';
import { idempotencyKeys } from './keys.js';
import type { StripeCustomer } from './types.js';

export interface EnsureCustomerOptions {
  email: string;
  name: string;
  /** The approver's company, shown on the customer. */
  companyName?: string;
  metadata?: Record<string, string>;
  idempotencyKey?: string;
}

/** Finds the customer with this email or creates it; updates the name when it changed. */
export async function ensureCustomer(options: EnsureCustomerOptions): Promise<StripeCustomer> {
  const operation = 'ensureCustomer';
  const email = options.email.trim().toLowerCase();
  if (!/^[^@\s]+@[^@\s]+$/.test(email)) throw invalid(operation, 'email must be an email address', 'email');
  const find = () =>
    callStripe(operation, false, async (stripe) => (await stripe.customers.list({ email, limit: 1 })).data[0]);

  const existing = await find();
  if (existing) {
    if (existing.name === options.name)
      return { id: existing.id, email: existing.email ?? null, name: existing.name ?? null };
    const updated = await callStripe(operation, true, (stripe) =>
      stripe.customers.update(
        existing.id,
        { name: options.name },
        { idempotencyKey: idempotencyKeys.customerName(existing.id, options.name) },
      ),
    );
    return { id: updated.id, email: updated.email ?? null, name: updated.name ?? null };
  }
  try {
    const created = await callStripe(operation, true, (stripe) =>
      stripe.customers.create(
        {
          email,
          name: options.name,
          ...(options.companyName ? { description: options.companyName } : {}),
          metadata: { ...options.metadata },
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
