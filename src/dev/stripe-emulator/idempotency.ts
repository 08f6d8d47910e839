/**
 * Idempotency as Stripe does it: the first result for a key is saved (errors too) and replayed
 * for the same parameters; other parameters are an idempotency_error (400); a request whose key
 * is still being processed gets 409. Keys are scoped to the API key, as on Stripe.
 */
import type { IdempotencyRecord, Store } from './store.js';
import { StripeApiError } from './wire.js';

export type IdempotencyOutcome =
  | { kind: 'new'; commit: (record: Omit<IdempotencyRecord, 'fingerprint'>) => void; release: () => void }
  | { kind: 'replay'; record: IdempotencyRecord }
  | { kind: 'error'; error: StripeApiError };

export class IdempotencyLayer {
  private readonly inFlight = new Map<string, string>();
  private readonly store: Store;

  constructor(store: Store) {
    this.store = store;
  }

  claim(apiKey: string, key: string, fingerprint: string): IdempotencyOutcome {
    const scoped = `${apiKey}:${key}`;
    const saved = this.store.state.idempotency[scoped];
    if (saved) {
      if (saved.fingerprint !== fingerprint) return { kind: 'error', error: mismatch(key) };
      return { kind: 'replay', record: saved };
    }
    const running = this.inFlight.get(scoped);
    if (running !== undefined) {
      if (running !== fingerprint) return { kind: 'error', error: mismatch(key) };
      return {
        kind: 'error',
        error: new StripeApiError(
          409,
          'idempotency_error',
          `There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): ${key}. Please try again later.`,
          'idempotency_key_in_use',
        ),
      };
    }
    this.inFlight.set(scoped, fingerprint);
    return {
      kind: 'new',
      commit: (record) => {
        this.inFlight.delete(scoped);
        this.store.state.idempotency[scoped] = { fingerprint, ...record };
      },
      release: () => {
        this.inFlight.delete(scoped);
      },
    };
  }
}

function mismatch(key: string): StripeApiError {
  return new StripeApiError(
    400,
    'idempotency_error',
    `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
  );
}
