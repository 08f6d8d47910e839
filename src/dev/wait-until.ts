/**
 * `waitUntil` for the local runtime, as Vercel provides it: work a function hands to `waitUntil`
 * (from `@vercel/functions`) after its answer keeps the process alive until it settles. On Vercel the
 * request context does this; here one process-wide context collects the promises, and the runtime's
 * `close()` waits for them (after the requests still running, server.ts) before it closes the
 * database, so late work never reopens a database that is being shut down.
 */
import { PendingWork } from './pending-work.js';

const REQUEST_CONTEXT = Symbol.for('@vercel/request-context');

const pending = new PendingWork();

interface RequestContextHolder {
  [REQUEST_CONTEXT]?: { get(): { waitUntil?(promise: Promise<unknown>): void } };
}

/** Installs the context once per process (a later runtime in the same process shares it). */
export function installWaitUntil(): void {
  const holder = globalThis as RequestContextHolder;
  holder[REQUEST_CONTEXT] ??= {
    get: () => ({
      waitUntil(promise) {
        pending.track(promise);
      },
    }),
  };
}

/** Waits for the work handed to `waitUntil` so far, at most `timeoutMs` (a hung SMTP server must not hold a shutdown). */
export function settleWaitUntil(timeoutMs = 10_000): Promise<void> {
  return pending.settle(timeoutMs);
}
