/** Products and prices. Quote lines create one-off prices through `price_data`. */
import { route, type HandlerContext, type Route } from '../context.js';
import { applyExpand, newestFirst, paginate } from '../lists.js';
import { clone, newId } from '../store.js';
import {
  bool,
  int,
  type FormValue,
  invalidRequest,
  metadataUpdate,
  obj,
  rejectUnknown,
  requiredStr,
  resourceMissing,
  str,
} from '../wire.js';
import { previousAttributes } from './customers.js';

export function buildProduct(id: string, created: number, name: string) {
  return {
    id,
    object: 'product' as const,
    active: true,
    created,
    default_price: null as string | null,
    description: null as string | null,
    images: [] as string[],
    livemode: false,
    marketing_features: [] as Array<{ name: string }>,
    metadata: {} as Record<string, string>,
    name,
    package_dimensions: null,
    shippable: null as boolean | null,
    statement_descriptor: null as string | null,
    tax_code: null as string | null,
    unit_label: null as string | null,
    updated: created,
    url: null as string | null,
    type: 'service' as const,
  };
}

export type ProductObject = ReturnType<typeof buildProduct>;

export function buildPrice(id: string, created: number, product: string, currency: string, unitAmount: number) {
  return {
    id,
    object: 'price' as const,
    active: true,
    billing_scheme: 'per_unit' as const,
    created,
    currency,
    custom_unit_amount: null,
    livemode: false,
    lookup_key: null as string | null,
    metadata: {} as Record<string, string>,
    nickname: null as string | null,
    product,
    recurring: null,
    tax_behavior: 'unspecified' as 'unspecified' | 'inclusive' | 'exclusive',
    tiers_mode: null,
    transform_quantity: null,
    type: 'one_time' as const,
    unit_amount: unitAmount as number | null,
    unit_amount_decimal: String(unitAmount) as string | null,
  };
}

export type PriceObject = ReturnType<typeof buildPrice>;

export function getProduct(ctx: HandlerContext, id: string, param = 'id'): ProductObject {
  const product = ctx.store.state.products[id];
  if (!product) throw resourceMissing('product', id, param);
  return product;
}

export function getPrice(ctx: HandlerContext, id: string, param = 'id'): PriceObject {
  const price = ctx.store.state.prices[id];
  if (!price) throw resourceMissing('price', id, param);
  return price;
}

const CURRENCY = /^[a-z]{3}$/;

/** Validates one `price_data` hash (one-time prices only: the portal sells lots, not subscriptions). */
export function priceFromData(ctx: HandlerContext, value: FormValue | undefined, param: string): PriceObject {
  const data = obj(value, param);
  if (!data) throw invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');
  rejectUnknown(data, ['currency', 'product', 'unit_amount', 'unit_amount_decimal', 'tax_behavior']);
  if (data.recurring !== undefined)
    throw invalidRequest('The Stripe emulator only supports one-time prices.', `${param}[recurring]`);
  const currency = requiredStr(data.currency, `${param}[currency]`).toLowerCase();
  if (!CURRENCY.test(currency)) throw invalidRequest(`Invalid currency: ${currency}`, `${param}[currency]`);
  const productId = requiredStr(data.product, `${param}[product]`);
  const product = getProduct(ctx, productId, `${param}[product]`);
  if (!product.active)
    throw invalidRequest(`The product ${productId} is not active.`, `${param}[product]`, 'product_inactive');
  const unitAmount =
    int(data.unit_amount, `${param}[unit_amount]`, 0) ??
    (data.unit_amount_decimal !== undefined ? Math.round(Number(str(data.unit_amount_decimal, param))) : undefined);
  if (unitAmount === undefined) {
    throw invalidRequest(
      `Missing required param: ${param}[unit_amount].`,
      `${param}[unit_amount]`,
      'parameter_missing',
    );
  }
  if (unitAmount > 99_999_999) throw invalidRequest('Amount must be no more than 999,999.99', `${param}[unit_amount]`);
  const price = buildPrice(newId('price'), ctx.store.now(), productId, currency, unitAmount);
  // Inline prices are not reusable in the Dashboard, which Stripe shows as inactive.
  price.active = false;
  const taxBehavior = str(data.tax_behavior, `${param}[tax_behavior]`);
  if (taxBehavior === 'inclusive' || taxBehavior === 'exclusive') price.tax_behavior = taxBehavior;
  ctx.store.state.prices[price.id] = price;
  return price;
}

const PRODUCT_PARAMS = ['name', 'description', 'metadata', 'active', 'unit_label', 'url', 'expand'] as const;

function applyProduct(ctx: HandlerContext, product: ProductObject): void {
  const p = ctx.params;
  // Read everything first so a bad parameter changes nothing.
  const name = str(p.name, 'name', 250);
  if (name === '')
    throw invalidRequest('You must supply a non-empty value for name.', 'name', 'parameter_invalid_empty');
  const description = str(p.description, 'description', 40000);
  const active = bool(p.active, 'active');
  const unitLabel = str(p.unit_label, 'unit_label', 12);
  const url = str(p.url, 'url', 5000);
  const metadata = metadataUpdate(product.metadata, p.metadata);
  if (name !== undefined) product.name = name;
  if (description !== undefined) product.description = description === '' ? null : description;
  if (active !== undefined) product.active = active;
  if (unitLabel !== undefined) product.unit_label = unitLabel === '' ? null : unitLabel;
  if (url !== undefined) product.url = url === '' ? null : url;
  product.metadata = metadata;
  product.updated = ctx.store.now();
}

export const productRoutes: Route[] = [
  route('POST', '/v1/products', (ctx) => {
    rejectUnknown(ctx.params, PRODUCT_PARAMS);
    const product = buildProduct(newId('prod'), ctx.store.now(), requiredStr(ctx.params.name, 'name', 250));
    applyProduct(ctx, product);
    ctx.store.state.products[product.id] = product;
    ctx.emit('product.created', product);
    return applyExpand(ctx, product);
  }),
  route('GET', '/v1/products', (ctx) =>
    applyExpand(ctx, paginate(newestFirst(ctx.store.state.products), ctx.params, '/v1/products')),
  ),
  route('GET', '/v1/products/:id', (ctx, id) => applyExpand(ctx, getProduct(ctx, id))),
  route('POST', '/v1/products/:id', (ctx, id) => {
    rejectUnknown(ctx.params, PRODUCT_PARAMS);
    const product = getProduct(ctx, id);
    const before = clone(product);
    applyProduct(ctx, product);
    ctx.emit('product.updated', product, previousAttributes(before, product));
    return applyExpand(ctx, product);
  }),
  route('POST', '/v1/prices', (ctx) => {
    rejectUnknown(ctx.params, ['currency', 'product', 'unit_amount', 'metadata', 'nickname', 'tax_behavior', 'expand']);
    const { expand: _expand, metadata, nickname, ...data } = ctx.params;
    const price = priceFromData(ctx, data, 'price');
    price.active = true;
    price.metadata = metadataUpdate({}, metadata);
    const nick = str(nickname, 'nickname');
    if (nick) price.nickname = nick;
    ctx.emit('price.created', price);
    return applyExpand(ctx, price);
  }),
  route('GET', '/v1/prices', (ctx) =>
    applyExpand(ctx, paginate(newestFirst(ctx.store.state.prices), ctx.params, '/v1/prices')),
  ),
  route('GET', '/v1/prices/:id', (ctx, id) => applyExpand(ctx, getPrice(ctx, id))),
];
