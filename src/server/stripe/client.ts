/**
 * The one Stripe client. With no STRIPE_SECRET_KEY the SDK is pointed at the local emulator
 * through its host/port/protocol options, so every code path is the same as against Stripe.
 */
import Stripe from 'stripe';
import { getConfig, type Config } from '../config.js';

/**
 * A Vercel function has 15 s (vercel.json `maxDuration`). One call's worst case is two attempts of 3 s plus the SDK's
 * backoff (≤ 1 s), about 7 s, which leaves time to record an unknown outcome and answer.
 * A second retry would not fit; callers that see `unknown_outcome` read back instead.
 */
const DEFAULT_TIMEOUT_MS = 3_000;
const DEFAULT_MAX_NETWORK_RETRIES = 1;

export interface StripeAdapterOptions {
  timeoutMs: number;
  maxNetworkRetries: number;
}

let overrides: Partial<StripeAdapterOptions> = {};
let cached: { signature: string; client: Stripe } | undefined;

/** Tests and benchmarks tune the budget (e.g. a short timeout to exercise the timeout path). */
export function setStripeAdapterOptions(options: Partial<StripeAdapterOptions>): void {
  overrides = { ...options };
  cached = undefined;
}

export function getStripeClient(): Stripe {
  const { stripe } = getConfig();
  const timeout = overrides.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxNetworkRetries = overrides.maxNetworkRetries ?? DEFAULT_MAX_NETWORK_RETRIES;
  const target = stripeApiTarget(stripe);
  const signature = JSON.stringify([stripe.secretKey, target, timeout, maxNetworkRetries]);
  if (cached?.signature === signature) return cached.client;
  const client = new Stripe(stripe.secretKey, {
    apiVersion: Stripe.API_VERSION,
    timeout,
    maxNetworkRetries,
    appInfo: { name: 'print-quote-portal' },
    ...(target ? { ...target, telemetry: false } : {}),
  });
  cached = { signature, client };
  return client;
}

/** Where the SDK sends requests when not to api.stripe.com: the local emulator, or STRIPE_API_BASE. */
function stripeApiTarget(
  stripe: Config['stripe'],
): { host: string; port: number; protocol: 'http' | 'https' } | undefined {
  if (stripe.kind === 'emulator') return { host: '127.0.0.1', port: stripe.emulatorPort, protocol: 'http' };
  if (!stripe.apiBase) return undefined;
  const protocol = stripe.apiBase.protocol === 'http:' ? 'http' : 'https';
  const port = Number(stripe.apiBase.port) || (protocol === 'http' ? 80 : 443);
  return { host: stripe.apiBase.hostname, port, protocol };
}

/** Which Stripe the adapter talks to, for start-up banners and the smoke script. */
export function describeStripeTarget(): string {
  const { stripe } = getConfig();
  if (stripe.kind === 'emulator') return `local Stripe emulator at http://127.0.0.1:${stripe.emulatorPort}`;
  if (stripe.apiBase) return `Stripe API at ${stripe.apiBase.origin} (STRIPE_API_BASE)`;
  return stripe.secretKey.includes('_live_') ? 'Stripe (live mode)' : 'Stripe (test mode)';
}
