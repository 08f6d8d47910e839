/**
 * A stateful local Stripe: the parts of Stripe's HTTP API the portal uses (customers, products,
 * prices, quotes, invoices, events), with Stripe's state rules, idempotency, signed webhooks and
 * fault injection. The real `stripe` SDK talks to it through its host/port/protocol options.
 *
 * Stripe's own mock server is stateless, so it cannot exercise quote states, idempotency or
 * webhooks; this one can. Local runtime and tests only: never part of the deployed functions.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { HandlerContext } from './context.js';
import { FaultInjector, type Faults } from './faults.js';
import { createRequestHandler, EMULATOR_API_VERSION, sendJson, type RequestLogEntry } from './http.js';
import { IdempotencyLayer } from './idempotency.js';
import { buildEvent, recordEvent, type EventObject } from './objects/events.js';
import { getInvoice, markInvoicePaid, type InvoiceObject } from './objects/invoices.js';
import { expireQuotes } from './objects/quotes.js';
import { emptyState, Store } from './store.js';
import { WebhookQueue, type WebhookEndpoint, type Webhooks } from './webhooks.js';
import { StripeApiError } from './wire.js';

export type { FaultRule, FaultKind, Faults } from './faults.js';
export type { WebhookDelivery, WebhookOptions, Webhooks } from './webhooks.js';
export { signWebhookPayload } from './webhooks.js';
export { EMULATOR_API_VERSION, type RequestLogEntry } from './http.js';

export interface StartStripeEmulatorOptions {
  /** 0 = pick a free port. */
  port: number;
  /** JSON persistence; omit for memory only. */
  stateFile?: string;
  /** Where to deliver signed events (the portal's /api/stripe/webhook). */
  webhook?: WebhookEndpoint;
  /** Accepted secret key (default 'sk_test_emulator'); any other sk_test_ key is accepted too. */
  apiKey?: string;
  /** Host to bind (default 127.0.0.1). */
  host?: string;
  /**
   * Stripe emails a sent invoice to the customer; locally nobody would see it, so the runtime can
   * pass this to drop a copy in the mail outbox.
   */
  onInvoiceSent?: (invoice: SentInvoice) => void | Promise<void>;
}

export interface SentInvoice {
  invoiceId: string;
  number: string | null;
  customerEmail: string | null;
  customerName: string | null;
  hostedInvoiceUrl: string | null;
  amountDueMinor: number;
  currency: string;
  dueDate: Date | null;
}

export interface EmulatorClock {
  /** Unix seconds as the emulator sees them. */
  now(): number;
  /** Moves time forward (quotes past `expires_at` are canceled at once). */
  advance(seconds: number): void;
}

export interface StripeEmulator {
  url: string;
  port: number;
  faults: Faults;
  webhooks: Webhooks;
  /** Every /v1 call with its final status; tests assert "no Stripe call happened". */
  requestLog: RequestLogEntry[];
  clock: EmulatorClock;
  /** The local "pay this invoice" action. */
  payInvoice(invoiceId: string): Promise<void>;
  /** Read-only view of stored objects, for assertions (e.g. count invoices). */
  snapshot(): Store['state'];
  /**
   * Tests only, between cases with nothing in flight: forgets every object, event, idempotency record,
   * fault rule, logged call and webhook delivery (the clock and the quote counter stay). Thousands of
   * model runs then each meet an empty account instead of scanning and persisting an ever-growing one.
   */
  reset(): void;
  close(): Promise<void>;
}

export async function startStripeEmulator(options: StartStripeEmulatorOptions): Promise<StripeEmulator> {
  const store = await Store.open(options.stateFile);
  const apiKey = options.apiKey ?? 'sk_test_emulator';
  const faults = new FaultInjector();
  const idempotency = new IdempotencyLayer(store);
  const webhooks = new WebhookQueue(options.webhook, (id) => store.state.events[id]);
  const requestLog: RequestLogEntry[] = [];
  const sockets = new Set<Socket>();
  let baseUrl = '';

  /** Runs a change outside an API request (expiry sweep, hosted pay button) with events and persistence. */
  const runInternal = <T>(change: (ctx: Pick<HandlerContext, 'store' | 'emit'>) => T): T => {
    const events: EventObject[] = [];
    const ctx = {
      store,
      emit: (type: string, object: unknown, previous?: Record<string, unknown>) => {
        events.push(
          buildEvent({
            created: store.now(),
            type,
            object,
            previousAttributes: previous,
            apiVersion: EMULATOR_API_VERSION,
            requestId: null,
            idempotencyKey: null,
          }),
        );
      },
    };
    const result = change(ctx);
    commitEvents(events);
    return result;
  };

  const commitEvents = (events: EventObject[]) => {
    for (const event of events) {
      event.pending_webhooks = webhooks.endpoint ? 1 : 0;
      recordEvent(store, event);
    }
    if (events.length > 0) void store.persist();
    for (const event of events) webhooks.enqueue(event);
    for (const event of events) {
      const object = event.data.object;
      if (event.type !== 'invoice.sent' || typeof object !== 'object' || object === null || !('id' in object)) continue;
      const invoice = typeof object.id === 'string' ? store.state.invoices[object.id] : undefined;
      if (invoice) notifySent(invoice);
    }
  };

  const notifySent = (invoice: InvoiceObject) => {
    if (!options.onInvoiceSent) return;
    const summary: SentInvoice = {
      invoiceId: invoice.id,
      number: invoice.number,
      customerEmail: invoice.customer_email,
      customerName: invoice.customer_name,
      hostedInvoiceUrl: invoice.hosted_invoice_url,
      amountDueMinor: invoice.amount_due,
      currency: invoice.currency,
      dueDate: invoice.due_date === null ? null : new Date(invoice.due_date * 1000),
    };
    Promise.resolve()
      .then(() => options.onInvoiceSent?.(summary))
      .catch((error: unknown) => console.warn('[stripe-emulator] onInvoiceSent failed', error));
  };

  // expires_at has one-second resolution and must lie in the future when set, so one sweep per
  // emulator second is exact and keeps the scan off the per-request path.
  let lastSweep = -1;
  const sweep = (force = false) => {
    const now = store.now();
    if (!force && now === lastSweep) return;
    lastSweep = now;
    runInternal((ctx) => expireQuotes(ctx));
  };
  const sweepTimer = setInterval(() => sweep(), 1000);
  sweepTimer.unref();

  const handle = createRequestHandler({
    store,
    apiKey,
    faults,
    idempotency,
    requestLog,
    baseUrl: () => baseUrl,
    sweep: () => sweep(),
    commitEvents,
    runInternal,
  });
  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[stripe-emulator] internal error', error);
      if (!res.headersSent)
        sendJson(res, 500, new StripeApiError(500, 'api_error', 'Internal emulator error').toBody());
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;

  return {
    url: baseUrl,
    port,
    faults,
    webhooks,
    requestLog,
    clock: {
      now: () => store.now(),
      advance: (seconds: number) => {
        store.state.clockOffsetSeconds += seconds;
        sweep(true);
        void store.persist();
      },
    },
    payInvoice: async (invoiceId: string) => {
      runInternal((ctx) => markInvoicePaid(ctx, getInvoice(ctx, invoiceId)));
      await store.persist();
    },
    snapshot: () => store.state,
    reset: () => {
      const { counters, clockOffsetSeconds } = store.state;
      store.state = { ...emptyState(), counters, clockOffsetSeconds };
      faults.clear();
      requestLog.length = 0;
      webhooks.deliveries.length = 0;
      void store.persist();
    },
    close: async () => {
      clearInterval(sweepTimer);
      webhooks.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.persist();
      await store.flushWrites();
    },
  };
}
