/** Events: the account's log of changes, listable and retrievable, and what webhooks carry. */
import { route, type Route } from '../context.js';
import { applyExpand, newestFirst, paginate } from '../lists.js';
import { clone, newId, type Store } from '../store.js';
import { resourceMissing, str } from '../wire.js';

export function buildEvent(options: {
  created: number;
  type: string;
  object: unknown;
  previousAttributes: Record<string, unknown> | undefined;
  apiVersion: string;
  requestId: string | null;
  idempotencyKey: string | null;
}) {
  const data: { object: unknown; previous_attributes?: Record<string, unknown> } = { object: clone(options.object) };
  if (options.previousAttributes) data.previous_attributes = clone(options.previousAttributes);
  return {
    id: newId('evt'),
    object: 'event' as const,
    api_version: options.apiVersion as string | null,
    created: options.created,
    data,
    livemode: false,
    pending_webhooks: 0,
    request: { id: options.requestId, idempotency_key: options.idempotencyKey },
    type: options.type,
  };
}

export type EventObject = ReturnType<typeof buildEvent>;

export function recordEvent(store: Store, event: EventObject): void {
  store.state.events[event.id] = event;
}

export const eventRoutes: Route[] = [
  route('GET', '/v1/events', (ctx) => {
    const type = str(ctx.params.type, 'type');
    const matches = (eventType: string) =>
      type === undefined || (type.endsWith('.*') ? eventType.startsWith(type.slice(0, -1)) : eventType === type);
    const all = newestFirst(ctx.store.state.events).filter((event) => matches(event.type));
    return applyExpand(ctx, paginate(all, ctx.params, '/v1/events'));
  }),
  route('GET', '/v1/events/:id', (ctx, id) => {
    const event = ctx.store.state.events[id];
    if (!event) throw resourceMissing('event', id);
    return applyExpand(ctx, event);
  }),
];
