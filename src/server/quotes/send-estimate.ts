/**
 * POST /api/shop/requests/:id/estimate: staff send the rough estimate they adjusted from the proposal.
 * It is an `estimate_sent` event (with the range, lead time and assumptions, and who sent it) and a
 * document by mail to the technical contact and the purchasing approver. No Stripe call: a rough
 * estimate is not a quote and cannot be accepted. The form's `sendId` is claimed in the event's
 * transaction, so a double click or a retry sends it once and answers with the first send; the same
 * id with other figures gets 409.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { AppError } from '../../domain/errors.js';
import { estimateFormSchema, toMinor } from '../../domain/quote-schema.js';
import { getDb, isUniqueViolation } from '../db/index.js';
import { actionClaims } from '../db/schema.js';
import { parseOrThrow } from '../../domain/request-schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import type { LoadedRequest } from '../requests/load-request.js';
import { estimateMail } from '../mail/templates/shop-estimate.js';
import { requestHandoffNote } from '../requests/handoff.js';
import { commitCommercialEvent, shopActor } from '../requests/commit-commercial.js';
import { pricingData } from './shop-data.js';
import { deliverOutbox, enqueueMails } from '../mail/outbox.js';
import { queuedTo } from './quote-mails.js';
import type { StaffIdentity } from '../staff-auth/session.js';

export interface SendEstimateOptions {
  requestId: string;
  staff: Pick<StaffIdentity, 'email'>;
  body: unknown;
  meta?: RequestMeta;
  now?: Date;
}

export interface SendEstimateResult {
  eventId: number | null;
  /** Who got it; for a repeat while the first send is still mailing, who is getting it. */
  sentTo: string[];
}

interface EstimateClaim {
  planned: string[];
  eventId?: number;
  sentTo?: string[];
}

const claimKey = (sendId: string) => `estimate:${sendId}`;

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
  const key = claimKey(input.sendId);
  const fingerprint = createHash('sha256').update(JSON.stringify(estimate)).digest('hex');
  const earlier = await repeatOf(key, fingerprint);
  if (earlier) return earlier;
  const committed = await commitCommercialEvent({
    requestId,
    meta,
    now,
    build: () => ({ event: { type: 'estimate_sent', actor: shopActor(staff) }, details: estimate }),
    alsoInTx: async (tx, loaded, state) => {
      const planned = recipientsOf(loaded).map((contact) => contact.email);
      await tx
        .insert(actionClaims)
        .values({ key, requestId, status: 'pending', fingerprint, result: { planned } satisfies EstimateClaim });
      const facts = {
        ...estimate,
        reference: loaded.request.reference,
        partName: loaded.details.part.name,
        handoffNote: requestHandoffNote(state),
      };
      const messages = recipientsOf(loaded).map((contact) =>
        estimateMail({ ...facts, to: { name: contact.name, email: contact.email } }),
      );
      return { planned, mailIds: await enqueueMails({ tx, requestId, mails: queuedTo(messages) }) };
    },
  }).catch(async (error: unknown) => {
    // The same form sent twice at once: the other request holds the claim.
    if (!isUniqueViolation(error)) throw error;
    const repeat = await repeatOf(key, fingerprint);
    if (!repeat) throw error;
    return repeat;
  });
  if (!('row' in committed)) return committed;
  const { planned: sentTo, mailIds } = committed.extra;
  await deliverOutbox({ ids: mailIds, now });
  const eventId = committed.row.id;
  await getDb()
    .update(actionClaims)
    .set({
      status: 'done',
      result: { planned: sentTo, eventId, sentTo } satisfies EstimateClaim,
      updatedAt: new Date(),
    })
    .where(eq(actionClaims.key, key));
  return { eventId, sentTo };
}

function recipientsOf(loaded: LoadedRequest) {
  return loaded.request.sameContactForBothRoles ? [loaded.technical] : [loaded.technical, loaded.purchasing];
}

async function repeatOf(key: string, fingerprint: string): Promise<SendEstimateResult | undefined> {
  const [claim] = await getDb().select().from(actionClaims).where(eq(actionClaims.key, key));
  if (!claim) return undefined;
  if (claim.fingerprint !== fingerprint) {
    throw new AppError(
      'CONFLICT',
      'This estimate form was already sent with other figures. Reload to see what went out.',
    );
  }
  const result = claim.result as EstimateClaim;
  return { eventId: result.eventId ?? null, sentTo: result.sentTo ?? result.planned };
}
