/**
 * POST /api/shop/requests/:id/estimate: staff send the rough estimate they adjusted from the proposal.
 * It is an `estimate_sent` event (with the range, lead time and assumptions, and who sent it) and a
 * document by mail to the technical contact and the purchasing approver. The body carries only what
 * the customer reads: the schema has no field for the proposal's internal costing, and the event
 * stores exactly the fields the mail shows (plus `sendId`). No Stripe call: a rough
 * estimate is not a quote and cannot be accepted. The form's `sendId` is stored with the event, so
 * a double click or a retry is a repeat (architecture §11) that sends nothing and answers with the
 * first send; the same id with other figures gets 409.
 */
import type { SendEstimateResult } from '../../domain/contracts/inbox.js';
import { AppError } from '../../domain/errors.js';
import { estimateFormSchema, toMinor } from '../../domain/quote-schema.js';
import { parseOrThrow } from '../../domain/request-schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import type { LoadedRequest } from '../requests/load-request.js';
import { estimateMail } from '../mail/templates/shop-estimate.js';
import { requestHandoffNote } from '../requests/handoff.js';
import { canonical, commitDecision } from '../requests/commit-decision.js';
import type { EventRow } from '../db/event-log.js';
import { pricingData } from './shop-data.js';
import { deliverOutbox } from '../mail/outbox.js';
import { queuedTo } from './quote-mails.js';
import { shopActor, type StaffIdentity } from '../staff-auth/session.js';

export interface SendEstimateOptions {
  requestId: string;
  staff: Pick<StaffIdentity, 'email'>;
  body: unknown;
  meta?: RequestMeta;
  now?: Date;
}

export type { SendEstimateResult };

export async function sendEstimate({
  requestId,
  staff,
  body,
  meta,
  now,
}: SendEstimateOptions): Promise<SendEstimateResult> {
  const input = parseOrThrow(estimateFormSchema, body);
  const currency = pricingData().currency;
  const estimate = {
    quantity: input.quantity,
    material: input.material,
    currency,
    lowMinor: toMinor(input.low),
    highMinor: toMinor(input.high),
    leadDaysMin: input.leadDaysMin,
    leadDaysMax: input.leadDaysMax,
    assumptions: input.assumptions.filter((line) => line !== ''),
    ...(input.note ? { note: input.note } : {}),
  };
  const outcome = await commitDecision({
    requestId,
    meta,
    now,
    decide: (loaded) => {
      const details = { ...estimate, sendId: input.sendId };
      const earlier = loaded.events.find((row) => row.type === 'estimate_sent' && sendIdOf(row) === input.sendId);
      if (earlier && canonical(earlier.payload) !== canonical(details)) {
        throw new AppError(
          'CONFLICT',
          'This estimate form was already sent with other figures. Reload to see what went out.',
        );
      }
      return earlier ? { repeatOf: earlier } : { event: { type: 'estimate_sent', actor: shopActor(staff) }, details };
    },
    mails: (_tx, { before, state }) => {
      const facts = {
        ...estimate,
        reference: before.request.reference,
        partName: before.details.part.name,
        handoffNote: requestHandoffNote(state),
      };
      return queuedTo(
        recipientsOf(before).map(({ contact, audience }) =>
          estimateMail({ ...facts, audience, to: { name: contact.name, email: contact.email } }),
        ),
      );
    },
  });
  if (!outcome.repeated) await deliverOutbox({ ids: outcome.mailIds, now });
  return {
    eventId: outcome.row?.id ?? null,
    sentTo: recipientsOf(outcome.before).map(({ contact }) => contact.email),
  };
}

function recipientsOf(loaded: LoadedRequest) {
  return loaded.request.sameContactForBothRoles
    ? [{ contact: loaded.technical, audience: 'both_roles' as const }]
    : [
        { contact: loaded.technical, audience: 'technical' as const },
        { contact: loaded.purchasing, audience: 'purchasing' as const },
      ];
}

function sendIdOf(row: EventRow): unknown {
  return typeof row.payload === 'object' && row.payload !== null && 'sendId' in row.payload
    ? row.payload.sendId
    : undefined;
}
