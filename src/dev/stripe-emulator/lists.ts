/**
 * List objects with Stripe's cursor pagination, and `expand[]` for the fields the portal uses.
 */
import type { HandlerContext } from './context.js';
import { clone } from './store.js';
import { expandList, int, invalidRequest, str, type FormParams } from './wire.js';

export interface ListObject<T> {
  object: 'list';
  data: T[];
  has_more: boolean;
  url: string;
}

/** `items` must be newest first, as Stripe lists them. */
export function paginate<T extends { id: string }>(items: T[], params: FormParams, url: string): ListObject<T> {
  const limit = int(params.limit, 'limit', 1) ?? 10;
  if (limit > 100) throw invalidRequest('This value must be less than or equal to 100.', 'limit');
  const startingAfter = str(params.starting_after, 'starting_after');
  const endingBefore = str(params.ending_before, 'ending_before');
  if (startingAfter && endingBefore) {
    throw invalidRequest(
      'You may only specify one of these parameters: ending_before, starting_after.',
      'starting_after',
    );
  }
  if (startingAfter) {
    const index = items.findIndex((item) => item.id === startingAfter);
    if (index === -1) throw invalidRequest(`No such object: '${startingAfter}'`, 'starting_after', 'resource_missing');
    const rest = items.slice(index + 1);
    return { object: 'list', data: rest.slice(0, limit), has_more: rest.length > limit, url };
  }
  if (endingBefore) {
    const index = items.findIndex((item) => item.id === endingBefore);
    if (index === -1) throw invalidRequest(`No such object: '${endingBefore}'`, 'ending_before', 'resource_missing');
    const before = items.slice(0, index);
    return {
      object: 'list',
      data: before.slice(Math.max(0, before.length - limit)),
      has_more: before.length > limit,
      url,
    };
  }
  return { object: 'list', data: items.slice(0, limit), has_more: items.length > limit, url };
}

export function newestFirst<T>(record: Record<string, T>): T[] {
  return Object.values(record).reverse();
}

type Json = unknown;

/** Fields that hold another object's id (Stripe refuses to expand anything else, even when null). */
const EXPANDABLE = new Set([
  'customer',
  'invoice',
  'product',
  'price',
  'default_price',
  'quote',
  'subscription',
  'subscription_schedule',
  'on_behalf_of',
  'application',
  'test_clock',
  'latest_revision',
  'default_payment_method',
  'default_source',
]);

function lookup(ctx: HandlerContext, id: string): Json {
  const { state } = ctx.store;
  const prefix = id.slice(0, id.indexOf('_'));
  const table: Record<string, Record<string, unknown>> = {
    cus: state.customers,
    prod: state.products,
    price: state.prices,
    qt: state.quotes,
    in: state.invoices,
  };
  const found = table[prefix]?.[id];
  return found === undefined ? undefined : clone(found);
}

function expandPath(ctx: HandlerContext, target: Json, segments: string[], full: string): Json {
  if (target === null || typeof target !== 'object' || segments.length === 0) return target;
  const [head, ...rest] = segments as [string, ...string[]];
  const record = target as Record<string, Json>;
  if (head === 'data' && Array.isArray(record.data)) {
    record.data = record.data.map((item: Json) => expandPath(ctx, item, rest, full));
    return record;
  }
  if (head === 'line_items' && record.object === 'quote' && typeof record.id === 'string') {
    const items = ctx.store.state.quoteItems[record.id] ?? [];
    record.line_items = expandPath(
      ctx,
      { object: 'list', data: clone(items), has_more: false, url: `/v1/quotes/${record.id}/line_items` },
      rest,
      full,
    );
    return record;
  }
  if (!(head in record) || !EXPANDABLE.has(head))
    throw invalidRequest(`This property cannot be expanded (${full}).`, 'expand');
  let value = record[head];
  if (typeof value === 'string') {
    const resolved = lookup(ctx, value);
    if (resolved === undefined) throw invalidRequest(`This property cannot be expanded (${full}).`, 'expand');
    value = resolved;
  } else if (value !== null && typeof value !== 'object') {
    throw invalidRequest(`This property cannot be expanded (${full}).`, 'expand');
  }
  record[head] = expandPath(ctx, value, rest, full);
  return record;
}

/** Returns a copy of `object` with each `expand[]` path replaced by the object it names. */
export function applyExpand<T>(ctx: HandlerContext, object: T): T {
  const paths = expandList(ctx.params);
  if (paths.length === 0) return clone(object);
  let result: Json = clone(object);
  for (const path of paths) result = expandPath(ctx, result, path.split('.'), path);
  return result as T;
}
