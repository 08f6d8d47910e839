/**
 * Hold and decline share one path: purchasing keeps the order unreleased with a reason. The reason is
 * recorded as an event on the revision, both contacts and the shop are told (once: a repeated click
 * mails nothing), and the reply says that nothing is ordered or invoiced.
 */
import type { RequestMeta } from '../http/request-meta.js';
import { authorisePurchasing } from './authorise.js';
import { deliverOutbox } from '../mail/outbox.js';
import { releaseMails } from './release-mails.js';
import { recordPurchasingDecision } from './record-purchasing-decision.js';
import { releaseResult, type ReleaseResult } from './result.js';

export interface RecordPurchasingPauseOptions {
  quoteId: string;
  token: string | undefined;
  body: unknown;
  meta: RequestMeta;
  now?: Date;
  /** Parses the body into the reason in words and the details stored with the event. */
  parse(body: unknown): { reason: string; details: Record<string, unknown> };
  type: 'purchasing_hold' | 'purchasing_declined';
  status: 'on_hold' | 'declined';
  message: string;
}

export async function recordPurchasingPause(options: RecordPurchasingPauseOptions): Promise<ReleaseResult> {
  const { link, revision } = await authorisePurchasing(options);
  const { reason, details } = options.parse(options.body);
  const { loaded, repeated, mailIds } = await recordPurchasingDecision({
    link,
    revision,
    type: options.type,
    reason,
    details,
    meta: options.meta,
    mails: (after, decidedBy) =>
      releaseMails({
        loaded: after,
        state: after.state,
        revision,
        decidedBy: { name: decidedBy.name, jobTitle: decidedBy.jobTitle, email: decidedBy.email },
        kind: { type: options.type === 'purchasing_hold' ? 'hold' : 'declined', reason },
      }),
  });
  await deliverOutbox({ ids: mailIds });
  return releaseResult({ loaded, revisionId: revision.id, status: options.status, repeated, message: options.message });
}
