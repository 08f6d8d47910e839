/**
 * Which earlier request a reorder repeats, read from its `request_submitted` row (architecture §11,
 * "Reorders"), for the status page, the shop's request page and the reorder reply.
 */
import type { ReorderOfView } from '../../domain/contracts/intake.js';
import { storedReorderOfSchema } from '../../domain/reorder.js';
import { parseStoredJson } from '../../domain/stored-json.js';
import type { LoadedRequest } from './load-request.js';

/** Undefined for a request that is not a reorder. */
export function reorderView(loaded: Pick<LoadedRequest, 'events'>): ReorderOfView | undefined {
  const row = loaded.events.find((event) => event.type === 'request_submitted');
  const payload = row?.payload;
  if (!row || typeof payload !== 'object' || payload === null || !('reorderOf' in payload)) return undefined;
  const stored = parseStoredJson(storedReorderOfSchema, payload.reorderOf, 'events.payload.reorderOf', row.id);
  return {
    requestId: stored.requestId,
    reference: stored.reference,
    sentence: `Reorder of ${stored.reference}.`,
    signOffCarried: stored.signOffCarried,
    ...(stored.reviewReason ? { reviewReason: stored.reviewReason } : {}),
  };
}
