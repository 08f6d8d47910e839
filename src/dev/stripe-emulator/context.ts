/**
 * What a route handler receives. Handlers are synchronous over the store, so one request's
 * changes are applied as a unit (the HTTP layer persists and emits events after it returns).
 */
import type { Store } from './store.js';
import type { FormParams } from './wire.js';

export interface HandlerContext {
  store: Store;
  params: FormParams;
  /** The emulator's own base URL, for hosted_invoice_url and friends. */
  baseUrl: string;
  apiVersion: string;
  requestId: string;
  idempotencyKey: string | undefined;
  /** Records an event; it is delivered to the webhook endpoint once the request commits. */
  emit(type: string, object: unknown, previousAttributes?: Record<string, unknown>): void;
}

/** A non-JSON reply (the quote PDF). */
export class RawReply {
  readonly contentType: string;
  readonly body: Buffer;

  constructor(contentType: string, body: Buffer) {
    this.contentType = contentType;
    this.body = body;
  }
}

export type Handler = (ctx: HandlerContext, id: string) => unknown;

export interface Route {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  handler: Handler;
}

/** `/v1/quotes/:id/accept` → a route whose handler gets the id. */
export function route(method: Route['method'], template: string, handler: Handler): Route {
  const source = template.replace(/:id/, '([^/]+)');
  return { method, pattern: new RegExp(`^${source}$`), handler };
}
