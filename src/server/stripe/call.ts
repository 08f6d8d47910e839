import type Stripe from 'stripe';
import { getStripeClient } from './client.js';
import { toAdapterError } from './errors.js';

/** Runs one SDK call and turns whatever it throws into a StripeAdapterError. */
export async function callStripe<T>(
  operation: string,
  mutating: boolean,
  run: (stripe: Stripe) => Promise<T>,
): Promise<T> {
  try {
    return await run(getStripeClient());
  } catch (error) {
    throw toAdapterError(error, operation, mutating);
  }
}
