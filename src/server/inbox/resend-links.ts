/**
 * POST /api/shop/requests/:id/resend-links: a fresh link for one contact, revoking that contact's
 * earlier links of the same kind in the same transaction that issues the new one (so exactly one
 * works). Technical: a new review link. Purchasing: a new link bound to the open quote revision.
 * Recorded as `links_sent` with the staff member who asked, in the same transaction.
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
import type { MailMessage } from '../mail/index.js';
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
  // The purchasing link is bound to the open revision; without one there is nothing to release.
  const open = role === 'purchasing' ? openRevision(loaded.state) : undefined;
  const revision = open ? await findRevision(open.id) : undefined;
  if (role === 'purchasing' && !revision) {
    throw new AppError(
      'INVALID_TRANSITION',
      'There is no open quote, so the purchasing approver has nothing to release yet. Issue a quote first.',
    );
  }

  const { revoked, sentTo, mailIds } = await getDb().transaction(async (tx) => {
    let revoked: number;
    let mail: MailMessage;
    if (revision) {
      revoked = await revokeLinks({ quoteRevisionId: revision.id, purpose: 'purchasing', tx, now });
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
      mail = quoteApproverMail({ ...facts, releaseUrl: link.url });
    } else {
      revoked = await revokeLinks({ requestId, purpose: 'technical', tx, now });
      const link = await issueLink({
        purpose: 'technical',
        recipientEmail: loaded.technical.email,
        requestId,
        params: { id: requestId },
        tx,
        now,
      });
      mail = freshReviewLinkMail({
        to: { name: loaded.technical.name, email: loaded.technical.email },
        reference: loaded.request.reference,
        partName: loaded.details.part.name,
        reviewUrl: link.url,
        handoffNote: requestHandoffNote(loaded.state),
      });
    }
    const sentTo = [String(mail.to)];
    await recordEvent({
      tx,
      requestId,
      type: 'links_sent',
      role: 'shop',
      actorEmail: staff.email,
      actorName: staff.email,
      payload: { recipients: sentTo, resent: role, revoked },
      meta,
    });
    return { revoked, sentTo, mailIds: await enqueueMails({ tx, requestId, mails: queuedTo([mail]) }) };
  });
  await deliverOutbox({ ids: mailIds, now });
  return { role, sentTo, revoked };
}
