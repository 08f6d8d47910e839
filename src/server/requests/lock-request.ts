/**
 * The start of every workflow write (technical decisions, the shop's commercial moves): lock the
 * request's row for the rest of the transaction, so concurrent moves on one request apply one after
 * the other to the state the previous one left, then rebuild the request and both tracks from the
 * event log.
 */
import { eq } from '../db/orm.js';
import { AppError } from '../../domain/errors.js';
import type { Tx } from '../db/index.js';
import { requests } from '../db/schema.js';
import { isUuid, loadRequest, type LoadedRequest } from './load-request.js';

export interface LockAndLoadRequestOptions {
  tx: Tx;
  requestId: string;
  /** The 404's words, for the person this caller serves (a link holder, the shop). */
  notFoundMessage: string;
}

export async function lockAndLoadRequest({
  tx,
  requestId,
  notFoundMessage,
}: LockAndLoadRequestOptions): Promise<LoadedRequest> {
  // An id from the address bar that is not a UUID names no request (and PostgreSQL would refuse it).
  if (!isUuid(requestId)) throw new AppError('NOT_FOUND', notFoundMessage);
  const [locked] = await tx.select({ id: requests.id }).from(requests).where(eq(requests.id, requestId)).for('update');
  if (!locked) throw new AppError('NOT_FOUND', notFoundMessage);
  const loaded = await loadRequest({ id: requestId, tx });
  if (!loaded) throw new AppError('NOT_FOUND', notFoundMessage);
  return loaded;
}
