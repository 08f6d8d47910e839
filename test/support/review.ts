/**
 * Shared by the review tests: a request created over HTTP, its links read from the outbox as a
 * person would get them, and JSON posts with a link token.
 */
import type { OutboxMessage } from '../../src/dev/outbox.js';
import type { TechnicalEventResult } from './views.js';
import { deliveredMails, type TestServer } from './server.js';
import { postJson, tokenOf, validRequest, type Reply } from './intake.js';

export interface CreatedRequest {
  id: string;
  reference: string;
  reviewUrl: string;
  reviewToken: string;
  statusUrl: string;
  statusToken: string;
}

export async function createRequestWithLinks(
  server: TestServer,
  overrides: Record<string, unknown> = {},
): Promise<CreatedRequest> {
  const created = await postJson(server.url, '/api/requests', validRequest(overrides));
  if (created.status !== 201) throw new Error(`create failed: ${created.status} ${JSON.stringify(created.body)}`);
  const { id, reference, statusUrl } = created.body;
  const mails = await outbox(server);
  const reviewUrl = mails.flatMap((m) => m.links).find((link) => link.includes(`/review/?id=${id}#token=`));
  if (!reviewUrl) throw new Error(`no review link for ${id} in the outbox`);
  return { id, reference, reviewUrl, reviewToken: tokenOf(reviewUrl), statusUrl, statusToken: tokenOf(statusUrl) };
}

export function outbox(server: TestServer): Promise<OutboxMessage[]> {
  return deliveredMails(server);
}

/** Messages about one request (its reference in the subject). */
export async function mailsAbout(server: TestServer, reference: string): Promise<OutboxMessage[]> {
  return (await outbox(server)).filter((m) => m.subject.includes(reference));
}

export async function postWithToken<T = TechnicalEventResult>(
  url: string,
  path: string,
  body: unknown,
  token?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Reply<T> }> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Reply<T> };
}

export function review(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    decision: 'direction_confirmed',
    checklist: {
      conceptSolvesProblem: 'yes',
      rightVersion: 'yes',
      materialFitsEnvironment: 'yes',
      sampleNeeded: 'no',
      remainingUnknowns: ['finish'],
    },
    notes: 'Matches the drawing; finish can stay as printed.',
    fileIds: [],
    ...overrides,
  };
}

export function sampleFirst(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return review({
    decision: 'sample_required',
    checklist: {
      conceptSolvesProblem: 'yes',
      rightVersion: 'yes',
      materialFitsEnvironment: 'unsure',
      sampleNeeded: 'yes',
      remainingUnknowns: ['heat', 'fit'],
    },
    notes: 'Heat near the pump is the worry; we need to try one.',
    ...overrides,
  });
}
