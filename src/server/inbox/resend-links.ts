/**
 * POST /api/shop/requests/:id/resend-links: a fresh link for one contact, revoking that contact's
 * earlier links of the same kind in the same transaction that issues the new one (so exactly one
 * works). Technical: a new review link. Purchasing: a new link bound to the open quote revision.
 * Recorded as `links_sent` with the staff member who asked.
 */
import type { ResendLinksResult } from '../../domain/contracts/inbox.js';
import { AppError } from '../../domain/errors.js';
import { resendLinksSchema } from '../../domain/quote-schema.js';
import { parseOrThrow } from '../../domain/request-schema.js';
import { openRevision } from '../../domain/workflow/views.js';
import { getDb } from '../db/index.js';
import type { RequestMeta } from '../http/request-meta.js';
import { issueLink, revokeLinks } from '../links/index.js';
import { freshReviewLinkMail } from '../mail/templates/shop-resend.js';
import { quoteApproverMail } from '../mail/templates/quote-mails.js';
import { recordEvent } from '../db/event-log.js';
import { requestHandoffNote } from '../requests/handoff.js';
import { isUuid, loadRequest } from '../requests/load-request.js';
import { findRevision } from '../quotes/revisions.js';
import { deliverOutbox, enqueueMails } from '../mail/outbox.js';
import { queuedTo, quoteMailFacts } from '../quotes/quote-mails.js';
import type { StaffIdentity } from '../staff-auth/session.js';

export interface ResendLinksOptions {
  requestId: string;
  staff: Pick<StaffIdentity, 'email'>;
  body: unknown;
  meta?: RequestMeta;
  now?: Date;
}

export type { ResendLinksResult };

export async function resendLinks({
  requestId,
  staff,
  body,
  meta,
  now = new Date(),
}: ResendLinksOptions): Promise<ResendLinksResult> {
  const { role } = parseOrThrow(resendLinksSchema, body);
  const loaded = isUuid(requestId) ? await loadRequest({ id: requestId }) : undefined;
  if (!loaded) throw new AppError('NOT_FOUND', 'There is no request with this id.');
  const handoffNote = requestHandoffNote(loaded.state);

  if (role === 'technical') {
    const { revoked, sentTo, mailIds } = await getDb().transaction(async (tx) => {
      const revoked = await revokeLinks({ requestId, purpose: 'technical', tx, now });
      const link = await issueLink({
        purpose: 'technical',
        recipientEmail: loaded.technical.email,
        requestId,
        params: { id: requestId },
        tx,
        now,
      });
      const mail = freshReviewLinkMail({
        to: { name: loaded.technical.name, email: loaded.technical.email },
        reference: loaded.request.reference,
        partName: loaded.details.part.name,
        reviewUrl: link.url,
        handoffNote,
      });
      return {
        revoked,
        sentTo: [String(mail.to)],
        mailIds: await enqueueMails({ tx, requestId, mails: queuedTo([mail]) }),
      };
    });
    await deliverOutbox({ ids: mailIds, now });
    return finish({ requestId, staff, meta, role, revoked, sentTo });
  }

  const open = openRevision(loaded.state);
  const revision = open ? await findRevision(open.id) : undefined;
  if (!revision) {
    throw new AppError(
      'INVALID_TRANSITION',
      'There is no open quote, so the purchasing approver has nothing to release yet. Issue a quote first.',
    );
  }
  const { revoked, sentTo, mailIds } = await getDb().transaction(async (tx) => {
    const revoked = await revokeLinks({ quoteRevisionId: revision.id, purpose: 'purchasing', tx, now });
    const link = await issueLink({
      purpose: 'purchasing',
      recipientEmail: loaded.purchasing.email,
      requestId,
      quoteRevisionId: revision.id,
      notAfter: revision.expiresAt,
      params: { id: revision.id },
      tx,
      now,
    });
    const facts = quoteMailFacts({ loaded, revision, state: loaded.state, kind: 'resent' });
    const mail = quoteApproverMail({ ...facts, releaseUrl: link.url });
    return {
      revoked,
      sentTo: [String(mail.to)],
      mailIds: await enqueueMails({ tx, requestId, mails: queuedTo([mail]) }),
    };
  });
  await deliverOutbox({ ids: mailIds, now });
  return finish({ requestId, staff, meta, role, revoked, sentTo });
}

async function finish(options: {
  requestId: string;
  staff: Pick<StaffIdentity, 'email'>;
  meta?: RequestMeta | undefined;
  role: ResendLinksResult['role'];
  revoked: number;
  sentTo: string[];
}): Promise<ResendLinksResult> {
  await recordEvent({
    requestId: options.requestId,
    type: 'links_sent',
    role: 'shop',
    actorEmail: options.staff.email,
    actorName: options.staff.email,
    payload: { recipients: options.sentTo, resent: options.role, revoked: options.revoked },
    meta: options.meta,
  });
  return { role: options.role, sentTo: options.sentTo, revoked: options.revoked };
}
