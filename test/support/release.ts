/**
 * Shared by the release tests: a request created over HTTP, a firm quote issued through the shop's
 * own use case (in this process, like the server), the purchasing link read from the outbox as the
 * approver gets it, and counters over the emulator's state.
 */
import { expect } from 'vitest';
import { isAppError } from '../../src/domain/errors.js';
import type { StripeEmulator } from '../../src/dev/stripe-emulator/index.js';
import { issueQuote } from '../../src/server/quotes/issue-quote.js';
import { reviseQuote } from '../../src/server/quotes/revise-quote.js';
import type { ReleaseResult } from '../../src/server/release/result.js';
import type { TestServer } from './server.js';
import { acceptBody, quoteForm } from './fixtures.js';
import { tokenOf, type Reply } from './intake.js';

export { acceptBody, quoteForm };
import { createRequestWithLinks, outbox, postWithToken, type CreatedRequest } from './review.js';

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

export async function issueQuoteWithLink(
  server: TestServer,
  options: { request?: Record<string, unknown>; quote?: Record<string, unknown> } = {},
): Promise<IssuedQuote> {
  const created = await createRequestWithLinks(server, options.request);
  const body = quoteForm(options.quote);
  // A slow moment on the shared machine can time a Stripe call out; the same form continues the same quote.
  const issue = (attempt: number): ReturnType<typeof issueQuote> =>
    issueQuote({ requestId: created.id, staff: STAFF, body }).catch((error: unknown) => {
      if (attempt < 3 && isAppError(error) && error.code === 'UNAVAILABLE') return issue(attempt + 1);
      throw error;
    });
  const view = await issue(1);
  const releaseUrl = await releaseLinkFor(server, view.id);
  return { ...created, revisionId: view.id, releaseUrl, releaseToken: tokenOf(releaseUrl) };
}

export async function reviseWithLink(
  server: TestServer,
  previousRevisionId: string,
  quote: Record<string, unknown> = {},
): Promise<{ revisionId: string; releaseToken: string }> {
  const view = await reviseQuote({ quoteRevisionId: previousRevisionId, staff: STAFF, body: quoteForm(quote) });
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
