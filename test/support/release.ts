/**
 * Shared by the release tests: a request created over HTTP, a firm quote issued through the shop's
 * own use case (in this process, like the server), the purchasing link read from the outbox as the
 * approver gets it, and counters over the emulator's state.
 */
import { expect } from 'vitest';
import type { StripeEmulator } from '../../src/dev/stripe-emulator/index.js';
import type { ReleaseResult } from '../../src/server/release/result.js';
import type { TestServer } from './server.js';
import { acceptBody, quoteForm } from './fixtures.js';
import { tokenOf, type Reply } from './intake.js';

export { acceptBody, quoteForm };
import { createRequestWithLinks, outbox, postWithToken, type CreatedRequest } from './review.js';
import { signIn, type ShopClient } from './shop.js';
import type { QuoteRevisionView } from './views.js';

export const STAFF = { email: 'shop@localhost' };

export interface IssuedQuote extends CreatedRequest {
  revisionId: string;
  releaseUrl: string;
  releaseToken: string;
}

export async function releaseLinkFor(server: TestServer, revisionId: string): Promise<string> {
  const link = (await outbox(server))
    .flatMap((m) => m.links)
    .find((l) => l.includes(`/release/?id=${revisionId}#token=`));
  if (!link) throw new Error(`no release link for ${revisionId} in the outbox`);
  return link;
}

const staffSessions = new WeakMap<TestServer, Promise<ShopClient>>();

/** One signed-in staff session per test server (signing in is rate limited per address). */
export function staffOf(server: TestServer): Promise<ShopClient> {
  let session = staffSessions.get(server);
  if (!session) {
    session = signIn(server, STAFF.email);
    staffSessions.set(server, session);
    session.catch(() => staffSessions.delete(server));
  }
  return session;
}

/**
 * Issues or revises a quote as the shop over HTTP. A slow moment on the shared machine can time a
 * Stripe call out (503); the same form continues the same quote.
 */
async function shopQuoteCall(server: TestServer, path: string, body: unknown): Promise<QuoteRevisionView> {
  const staff = await staffOf(server);
  for (let attempt = 1; ; attempt += 1) {
    const reply = await staff.call<QuoteRevisionView>('POST', path, body);
    if (reply.status === 201 || reply.status === 200) return reply.body;
    if (attempt < 3 && reply.status === 503) continue;
    throw new Error(`${path} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
}

export async function issueQuoteWithLink(
  server: TestServer,
  options: { request?: Record<string, unknown>; quote?: Record<string, unknown> } = {},
): Promise<IssuedQuote> {
  const created = await createRequestWithLinks(server, options.request);
  const view = await shopQuoteCall(server, `/api/shop/requests/${created.id}/quotes`, quoteForm(options.quote));
  const releaseUrl = await releaseLinkFor(server, view.id);
  return { ...created, revisionId: view.id, releaseUrl, releaseToken: tokenOf(releaseUrl) };
}

export async function reviseWithLink(
  server: TestServer,
  previousRevisionId: string,
  quote: Record<string, unknown> = {},
): Promise<{ revisionId: string; releaseToken: string }> {
  const view = await shopQuoteCall(server, `/api/shop/quotes/${previousRevisionId}/revise`, quoteForm(quote));
  return { revisionId: view.id, releaseToken: tokenOf(await releaseLinkFor(server, view.id)) };
}

export function accept(
  server: TestServer,
  revisionId: string,
  token: string | undefined,
  body: unknown = acceptBody(),
): Promise<{ status: number; body: Reply<ReleaseResult> }> {
  return postWithToken<ReleaseResult>(server.url, `/api/quotes/${revisionId}/accept`, body, token);
}

export function emulatorOf(server: TestServer): StripeEmulator {
  const emulator = server.runtime.emulator;
  if (!emulator) throw new Error('the test server runs without the Stripe emulator');
  return emulator;
}

/** Invoices in the emulator created from this Stripe quote. */
export function invoicesForQuote(server: TestServer, stripeQuoteId: string) {
  return Object.values(emulatorOf(server).snapshot().invoices).filter((invoice) => {
    const parent = (invoice as { parent?: { quote_details?: { quote?: string } } }).parent;
    return parent?.quote_details?.quote === stripeQuoteId;
  });
}

/** Stripe calls that change something (POST), optionally only those made after `from`. */
export function mutatingCalls(server: TestServer, from = 0) {
  return emulatorOf(server)
    .requestLog.slice(from)
    .filter((entry) => entry.method === 'POST');
}

export function expectInvoiced(result: ReleaseResult): void {
  expect(result.status).toBe('invoiced');
  expect(result.invoice?.number).toMatch(/\S+-\d{4}/);
  expect(result.invoice?.url).toMatch(/^http/);
}
