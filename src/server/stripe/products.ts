/** A Stripe product per request part; quote lines price it with `price_data`. */
import { callStripe } from './call.js';
import { invalid } from './errors.js';
import { idempotencyKeys } from './keys.js';
import type { StripeProduct } from './types.js';

export interface CreateProductOptions {
  /** Our id for the part (one product per part). */
  partId: string;
  name: string;
  description?: string;
  metadata?: Record<string, string>;
  idempotencyKey?: string;
}

export async function createProduct(options: CreateProductOptions): Promise<StripeProduct> {
  const operation = 'createProduct';
  const name = options.name.trim();
  if (name === '' || name.length > 250) throw invalid(operation, 'name must be 1 to 250 characters', 'name');
  const product = await callStripe(operation, true, (stripe) =>
    stripe.products.create(
      {
        name,
        ...(options.description ? { description: options.description } : {}),
        metadata: { part_id: options.partId, ...options.metadata },
      },
      { idempotencyKey: options.idempotencyKey ?? idempotencyKeys.product(options.partId) },
    ),
  );
  return { id: product.id, name: product.name };
}
