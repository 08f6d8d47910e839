/**
 * The emulator's state: every object Stripe would hold for this account, the event log, the
 * idempotency records and a clock that tests can move. Persisted as one JSON file so `npm start`
 * keeps quotes and invoices across restarts, like the rest of the local data.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CustomerObject } from './objects/customers.js';
import type { EventObject } from './objects/events.js';
import type { InvoiceObject } from './objects/invoices.js';
import type { PriceObject, ProductObject } from './objects/products.js';
import type { QuoteItemObject, QuoteObject } from './objects/quotes.js';

export interface IdempotencyRecord {
  fingerprint: string;
  status: number;
  body: string;
  headers: Record<string, string>;
}

export interface EmulatorState {
  version: 1;
  customers: Record<string, CustomerObject>;
  products: Record<string, ProductObject>;
  prices: Record<string, PriceObject>;
  quotes: Record<string, QuoteObject>;
  quoteItems: Record<string, QuoteItemObject[]>;
  /** Per quote: the revision chain it belongs to (for numbering) and whether expiry canceled it. */
  quoteMeta: Record<string, { rootId: string; revision: number; expired: boolean }>;
  invoices: Record<string, InvoiceObject>;
  /** `days_until_due` carried from the quote; Stripe keeps it on the invoice without exposing it. */
  invoiceTerms: Record<string, number | null>;
  events: Record<string, EventObject>;
  idempotency: Record<string, IdempotencyRecord>;
  counters: { quoteNumber: number };
  clockOffsetSeconds: number;
}

export function emptyState(): EmulatorState {
  return {
    version: 1,
    customers: {},
    products: {},
    prices: {},
    quotes: {},
    quoteItems: {},
    quoteMeta: {},
    invoices: {},
    invoiceTerms: {},
    events: {},
    idempotency: {},
    counters: { quoteNumber: 0 },
    clockOffsetSeconds: 0,
  };
}

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** Stripe-looking ids: a type prefix and 24 base62 characters. */
export function newId(prefix: string): string {
  const bytes = randomBytes(24);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return `${prefix}_${out}`;
}

export function clone<T>(value: T): T {
  return structuredClone(value);
}

export class Store {
  state: EmulatorState;
  private writing: Promise<void> = Promise.resolve();
  private dirty = false;

  private readonly stateFile: string | undefined;

  constructor(stateFile: string | undefined, state: EmulatorState = emptyState()) {
    this.stateFile = stateFile;
    this.state = state;
  }

  static async open(stateFile: string | undefined): Promise<Store> {
    if (!stateFile) return new Store(undefined);
    try {
      const text = await readFile(stateFile, 'utf8');
      const parsed = JSON.parse(text) as EmulatorState;
      if (parsed.version !== 1) throw new Error(`unsupported state version in ${stateFile}`);
      return new Store(stateFile, { ...emptyState(), ...parsed });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Store(stateFile);
      throw error;
    }
  }

  /** Unix seconds, shifted by the test clock. */
  now(): number {
    return Math.floor(Date.now() / 1000) + this.state.clockOffsetSeconds;
  }

  /** Writes coalesce: one write in flight, at most one queued, always the latest state. */
  persist(): Promise<void> {
    if (!this.stateFile) return Promise.resolve();
    if (this.dirty) return this.writing;
    this.dirty = true;
    const file = this.stateFile;
    this.writing = this.writing
      .then(async () => {
        this.dirty = false;
        await mkdir(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify(this.state));
        await rename(tmp, file);
      })
      .catch((error: unknown) => {
        // Keep serving: the next change tries again. Local test data, so a warning is enough.
        console.warn(
          `[stripe-emulator] could not save ${file}: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    return this.writing;
  }

  flushWrites(): Promise<void> {
    return this.writing;
  }
}
