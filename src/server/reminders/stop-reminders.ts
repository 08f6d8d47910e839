/**
 * POST /api/requests/:id/reminders-off: a customer contact stops reminder emails about one request,
 * through the link at the foot of a reminder (architecture §14). Recorded as `reminders_stopped`
 * for each role the link's holder has on the request; the shop's own reminders go on. A second
 * click records nothing and says so.
 */
import type { RemindersOffResult } from '../../domain/contracts/reminders-off.js';
import { sameAddress } from '../../domain/workflow/approvals.js';
import { getDb } from '../db/index.js';
import { recordEvent } from '../db/event-log.js';
import type { RequestMeta } from '../http/request-meta.js';
import { verifyLink } from '../links/index.js';
import { lockAndLoadRequest } from '../requests/lock-request.js';
import { logEntries } from './reminder-facts.js';

export interface StopRemindersOptions {
  requestId: string;
  token: string | undefined;
  meta: RequestMeta;
  now?: Date;
}

const NOT_FOUND = 'There is no request with this id. It may have been opened from an old bookmark.';

export async function stopReminders(options: StopRemindersOptions): Promise<RemindersOffResult> {
  const link = await verifyLink({
    token: options.token,
    purposes: ['reminders_off'],
    requestId: options.requestId,
    ...(options.now ? { now: options.now } : {}),
  });
  return getDb().transaction(async (tx) => {
    const loaded = await lockAndLoadRequest({ tx, requestId: options.requestId, notFoundMessage: NOT_FOUND });
    const { state } = loaded;
    const email = link.recipientEmail;
    const roles = [
      ...(sameAddress(email, state.roles.technicalEmail) ? (['technical'] as const) : []),
      ...(sameAddress(email, state.roles.purchasingEmail) || sameAddress(email, state.roles.secondApproverEmail)
        ? (['purchasing'] as const)
        : []),
    ];
    const already = new Set(
      logEntries(loaded)
        .filter((entry) => entry.type === 'reminders_stopped')
        .map((entry) => String(entry.payload.role)),
    );
    const fresh = roles.filter((role) => !already.has(role));
    for (const role of fresh) {
      const name = role === 'technical' ? loaded.technical.name : loaded.purchasing.name;
      await recordEvent({
        tx,
        requestId: options.requestId,
        type: 'reminders_stopped',
        role,
        actorName: name,
        actorEmail: email,
        payload: { role },
        meta: options.meta,
      });
    }
    return {
      reference: loaded.request.reference,
      repeated: fresh.length === 0,
      message:
        fresh.length === 0
          ? `Reminders about ${loaded.request.reference} were already stopped for you.`
          : `Reminders about ${loaded.request.reference} are stopped for you. The shop is still reminded of what it owes you.`,
    };
  });
}
