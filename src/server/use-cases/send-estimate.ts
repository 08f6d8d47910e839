/**
 * POST /api/shop/requests/:id/estimate: staff send the rough estimate they adjusted from the proposal.
 * It is an `estimate_sent` event (with the range, lead time and assumptions, and who sent it) and a
 * document by mail to the technical contact and the purchasing approver. No Stripe call: a rough
 * estimate is not a quote and cannot be accepted.
 */
import { estimateFormSchema, toMinor } from '../../domain/quote-schema';
import { parseOrThrow } from '../../domain/request-schema';
import type { RequestMeta } from '../http/request-meta';
import { estimateMail } from '../mail/templates/shop-estimate';
import { requestHandoffNote } from '../requests/handoff';
import { commitCommercialEvent, shopActor } from '../shop/commercial';
import { pricingData } from '../shop/shop-data';
import { deliver } from '../shop/send-quote-mails';
import type { StaffIdentity } from '../shop/session';

export interface SendEstimateOptions {
  requestId: string;
  staff: Pick<StaffIdentity, 'email'>;
  body: unknown;
  meta?: RequestMeta;
  now?: Date;
}

export interface SendEstimateResult {
  eventId: number;
  sentTo: string[];
}

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
  const committed = await commitCommercialEvent({
    requestId,
    meta,
    now,
    build: () => ({ event: { type: 'estimate_sent', actor: shopActor(staff) }, details: estimate }),
  });
  const { before: loaded, state } = committed;
  const recipients = loaded.request.sameContactForBothRoles
    ? [loaded.technical]
    : [loaded.technical, loaded.purchasing];
  const facts = {
    ...estimate,
    reference: loaded.request.reference,
    partName: loaded.details.part.name,
    handoffNote: requestHandoffNote(state),
  };
  const sentTo = await deliver(
    requestId,
    recipients.map((contact) => estimateMail({ ...facts, to: { name: contact.name, email: contact.email } })),
  );
  return { eventId: committed.row.id, sentTo };
}
