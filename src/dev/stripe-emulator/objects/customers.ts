/** Customers: create, retrieve, update, list (with the `email` filter). */
import { randomBytes } from 'node:crypto';
import { route, type HandlerContext, type Route } from '../context.js';
import { applyExpand, newestFirst, paginate } from '../lists.js';
import { clone, newId } from '../store.js';
import { arr, metadataUpdate, rejectUnknown, resourceMissing, str } from '../wire.js';

export function buildCustomer(id: string, created: number) {
  return {
    id,
    object: 'customer' as const,
    address: null as null | Record<string, string | null>,
    balance: 0,
    created,
    currency: null as string | null,
    default_source: null as string | null,
    delinquent: false,
    description: null as string | null,
    discount: null,
    email: null as string | null,
    invoice_prefix: randomBytes(4).toString('hex').toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: {} as Record<string, string>,
    name: null as string | null,
    next_invoice_sequence: 1,
    phone: null as string | null,
    preferred_locales: [] as string[],
    shipping: null,
    tax_exempt: 'none' as const,
    test_clock: null,
    customer_account: null,
  };
}

export type CustomerObject = ReturnType<typeof buildCustomer>;

const WRITABLE = ['email', 'name', 'description', 'phone', 'metadata', 'preferred_locales', 'expand'] as const;

function apply(ctx: HandlerContext, customer: CustomerObject): void {
  const p = ctx.params;
  // Read everything first so a bad parameter changes nothing.
  const email = str(p.email, 'email', 512);
  const name = str(p.name, 'name', 256);
  const description = str(p.description, 'description', 350);
  const phone = str(p.phone, 'phone', 20);
  const metadata = metadataUpdate(customer.metadata, p.metadata);
  const locales = arr(p.preferred_locales, 'preferred_locales')?.map(
    (locale, index) => str(locale, `preferred_locales[${index}]`, 20) ?? '',
  );
  if (locales) customer.preferred_locales = locales;
  if (email !== undefined) customer.email = email === '' ? null : email;
  if (name !== undefined) customer.name = name === '' ? null : name;
  if (description !== undefined) customer.description = description === '' ? null : description;
  if (phone !== undefined) customer.phone = phone === '' ? null : phone;
  customer.metadata = metadata;
}

export function getCustomer(ctx: HandlerContext, id: string, param = 'id'): CustomerObject {
  const customer = ctx.store.state.customers[id];
  if (!customer) throw resourceMissing('customer', id, param);
  return customer;
}

export const customerRoutes: Route[] = [
  route('POST', '/v1/customers', (ctx) => {
    rejectUnknown(ctx.params, WRITABLE);
    const customer = buildCustomer(newId('cus'), ctx.store.now());
    apply(ctx, customer);
    ctx.store.state.customers[customer.id] = customer;
    ctx.emit('customer.created', customer);
    return applyExpand(ctx, customer);
  }),
  route('GET', '/v1/customers', (ctx) => {
    const email = str(ctx.params.email, 'email');
    const all = newestFirst(ctx.store.state.customers).filter((c) => email === undefined || c.email === email);
    return applyExpand(ctx, paginate(all, ctx.params, '/v1/customers'));
  }),
  route('GET', '/v1/customers/:id', (ctx, id) => applyExpand(ctx, getCustomer(ctx, id))),
  route('POST', '/v1/customers/:id', (ctx, id) => {
    rejectUnknown(ctx.params, WRITABLE);
    const customer = getCustomer(ctx, id);
    const before = clone(customer);
    apply(ctx, customer);
    ctx.emit('customer.updated', customer, previousAttributes(before, customer));
    return applyExpand(ctx, customer);
  }),
];

/** The top-level keys whose values changed, with their old values (Stripe's `previous_attributes`). */
export function previousAttributes(before: object, after: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  for (const key of Object.keys(b)) {
    if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) out[key] = a[key];
  }
  return out;
}
