/**
 * Signed webhook delivery, as Stripe does it: POST the event JSON with
 * `Stripe-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>" keyed by the whsec_ secret>`,
 * re-signed on every attempt, retried with backoff on any non-2xx answer or network error.
 * Tests can duplicate, delay and reorder deliveries, pause the queue and wait for it to drain.
 */
import { createHmac } from 'node:crypto';
import type { EventObject } from './objects/events.js';

export function signWebhookPayload(options: { payload: string; secret: string; timestamp: number }): string {
  const signature = createHmac('sha256', options.secret)
    .update(`${options.timestamp}.${options.payload}`)
    .digest('hex');
  return `t=${options.timestamp},v1=${signature}`;
}

export interface WebhookEndpoint {
  url: string;
  secret: string;
}

export interface WebhookOptions {
  /** Deliver every event twice (Stripe may). */
  duplicate: boolean;
  /** Wait this long before each delivery attempt. */
  delayMs: number;
  /** Deliver what is queued newest first (Stripe does not guarantee order). */
  reorder: boolean;
  /** Backoff before retry n; the length is the number of retries. */
  retryDelaysMs: number[];
}

export interface WebhookDelivery {
  eventId: string;
  type: string;
  attempt: number;
  status: number | null;
  error?: string;
}

export interface Webhooks {
  readonly endpoint: WebhookEndpoint | undefined;
  setEndpoint(endpoint: WebhookEndpoint | undefined): void;
  readonly options: Readonly<WebhookOptions>;
  configure(options: Partial<WebhookOptions>): void;
  /** Every attempt, in the order made. */
  readonly deliveries: WebhookDelivery[];
  pause(): void;
  resume(): void;
  /** Queues an already-recorded event again (a replay, as from the Dashboard). */
  resend(eventId: string): void;
  /** Resolves once nothing is queued, in flight or waiting to retry. */
  flush(timeoutMs?: number): Promise<void>;
}

interface Pending {
  event: EventObject;
  attempt: number;
  notBefore: number;
}

const DEFAULTS: WebhookOptions = {
  duplicate: false,
  delayMs: 0,
  reorder: false,
  retryDelaysMs: [1_000, 5_000, 30_000, 120_000, 600_000],
};

export class WebhookQueue implements Webhooks {
  endpoint: WebhookEndpoint | undefined;
  options: WebhookOptions = { ...DEFAULTS };
  readonly deliveries: WebhookDelivery[] = [];
  private queue: Pending[] = [];
  private running = false;
  private paused = false;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  private readonly findEvent: (id: string) => EventObject | undefined;

  constructor(endpoint: WebhookEndpoint | undefined, findEvent: (id: string) => EventObject | undefined) {
    this.endpoint = endpoint;
    this.findEvent = findEvent;
  }

  setEndpoint(endpoint: WebhookEndpoint | undefined): void {
    this.endpoint = endpoint;
    this.kick();
  }

  configure(options: Partial<WebhookOptions>): void {
    this.options = { ...this.options, ...options };
  }

  enqueue(event: EventObject): void {
    if (!this.endpoint || this.closed) return;
    const copies = this.options.duplicate ? 2 : 1;
    for (let i = 0; i < copies; i += 1) this.queue.push({ event, attempt: 1, notBefore: 0 });
    this.kick();
  }

  resend(eventId: string): void {
    const event = this.findEvent(eventId);
    if (!event) throw new Error(`No such event: ${eventId}`);
    this.queue.push({ event, attempt: 1, notBefore: 0 });
    this.kick();
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.kick();
  }

  flush(timeoutMs = 10_000): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.idleWaiters = this.idleWaiters.filter((waiter) => waiter !== done);
        reject(new Error(`webhook queue not drained after ${timeoutMs} ms (${this.queue.length} pending)`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.idleWaiters.push(done);
    });
  }

  close(): void {
    this.closed = true;
    this.queue = [];
    if (this.timer) clearTimeout(this.timer);
    this.notifyIdle();
  }

  private isIdle(): boolean {
    return this.queue.length === 0 && !this.running && !this.scheduled;
  }

  private notifyIdle(): void {
    if (!this.isIdle() && !this.closed) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }

  private scheduled = false;

  /** Deferred a tick so events emitted by one request are queued together (and can be reordered). */
  private kick(): void {
    if (this.running || this.paused || this.closed || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.running) void this.pump();
    });
  }

  private async pump(): Promise<void> {
    this.running = true;
    try {
      while (!this.paused && !this.closed && this.endpoint) {
        const now = Date.now();
        const ready = this.queue.filter((item) => item.notBefore <= now);
        if (ready.length === 0) break;
        const next = this.options.reorder ? ready[ready.length - 1] : ready[0];
        if (!next) break;
        this.queue = this.queue.filter((item) => item !== next);
        if (this.options.delayMs > 0) await sleep(this.options.delayMs);
        await this.deliver(next, this.endpoint);
      }
    } finally {
      this.running = false;
    }
    this.scheduleRetry();
    this.notifyIdle();
  }

  private scheduleRetry(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0 || this.paused || this.closed) return;
    const wait = Math.max(0, Math.min(...this.queue.map((item) => item.notBefore)) - Date.now());
    this.timer = setTimeout(() => this.kick(), wait);
    this.timer.unref();
  }

  private async deliver(item: Pending, endpoint: WebhookEndpoint): Promise<void> {
    const payload = JSON.stringify(item.event, null, 2);
    const signature = signWebhookPayload({
      payload,
      secret: endpoint.secret,
      timestamp: Math.floor(Date.now() / 1000),
    });
    const record: WebhookDelivery = {
      eventId: item.event.id,
      type: item.event.type,
      attempt: item.attempt,
      status: null,
    };
    this.deliveries.push(record);
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'stripe-signature': signature,
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
        },
        body: payload,
        signal: AbortSignal.timeout(10_000),
      });
      record.status = response.status;
      await response.arrayBuffer();
      if (response.ok) return;
    } catch (error) {
      record.error = error instanceof Error ? error.message : String(error);
    }
    const delay = this.options.retryDelaysMs[item.attempt - 1];
    if (delay !== undefined)
      this.queue.push({ event: item.event, attempt: item.attempt + 1, notBefore: Date.now() + delay });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
