/**
 * Hold and decline: a purchasing decision with a reason, recorded under the request's row lock through
 * the domain (a released, superseded, canceled or expired revision is refused with 409 naming its
 * state). Nothing here calls Stripe: the quote stays open in Stripe while on hold, and a declined
 * revision is closed by the shop's next revision or cancel. The same decision twice records it once.
 */
import { AppError } from '../../domain/errors.js';
import type { WorkflowEvent } from '../../domain/workflow/vocabulary.js';
import { getDb } from '../db/index.js';
import type { RequestMeta } from '../http/request-meta.js';
import type { LinkRow } from '../links/index.js';
import { enqueueMails, type QueuedMail } from '../mail/outbox.js';
import { recordEvent } from '../requests/events.js';
import { applyEvent } from '../../domain/workflow/transitions.js';
import type { LoadedRequest } from '../requests/load-request.js';
import { lockRequest, saveProjection, type RevisionRow } from './converge-invoice.js';

export interface RecordPurchasingDecisionOptions {
  link: LinkRow;
  revision: RevisionRow;
  type: 'purchasing_hold' | 'purchasing_declined';
  /** The words shown and mailed, e.g. "Waiting for budget: Q3 budget opens 1 July". */
  reason: string;
  details: Record<string, unknown>;
  meta: RequestMeta;
  /** The mails the decision causes, written to the outbox in its transaction (not for a repeat). */
  mails: (loaded: LoadedRequest) => QueuedMail[];
}

export interface RecordedDecision {
  loaded: LoadedRequest;
  repeated: boolean;
  /** Outbox rows written with the decision, for `deliverOutbox` after the commit. */
  mailIds: string[];
}

export async function recordPurchasingDecision(options: RecordPurchasingDecisionOptions): Promise<RecordedDecision> {
  const { link, revision } = options;
  return getDb().transaction(async (tx) => {
    const loaded = await lockRequest(tx, revision.requestId);
    if (!loaded) throw new AppError('NOT_FOUND');
    const last = loaded.events.findLast((row) => row.role === 'purchasing' && row.quoteRevisionId === revision.id);
    const payload = (last?.payload ?? {}) as { reason?: unknown };
    if (last && last.type === options.type && payload.reason === options.reason) {
      return { loaded, repeated: true, mailIds: [] };
    }

    const event: WorkflowEvent = {
      type: options.type,
      actor: { role: 'purchasing', name: loaded.purchasing.name, email: link.recipientEmail },
      revisionId: revision.id,
      reason: options.reason,
    };
    const result = applyEvent(loaded.state, event);
    if (!result.ok) throw new AppError(result.code, result.message);
    await recordEvent({
      tx,
      requestId: loaded.request.id,
      type: options.type,
      role: 'purchasing',
      actorName: loaded.purchasing.name,
      actorEmail: link.recipientEmail,
      quoteRevisionId: revision.id,
      payload: { revisionId: revision.id, reason: options.reason, ...options.details },
      meta: options.meta,
    });
    await saveProjection(tx, loaded, result.state, revision.id);
    const after = { ...loaded, state: result.state };
    const mailIds = await enqueueMails({ tx, requestId: loaded.request.id, mails: options.mails(after) });
    return { loaded: after, repeated: false, mailIds };
  });
}
