/**
 * The shop records that production of a released lot started (architecture §2, "Production and
 * delivery"). The domain refuses it unless "ready for production" holds for that lot: released by
 * purchasing for a production scope, and the technical go-ahead in place (not reopened by new
 * geometry). Nothing is mailed: the customer sees it on the status page; shipments are mailed.
 */
import { AppError } from '../../domain/errors.js';
import type { ProductionEventResult } from '../../domain/contracts/production.js';
import { parseOrThrow } from '../../domain/request-schema.js';
import { productionStartSchema } from '../../domain/production-schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { commitDecision } from '../requests/commit-decision.js';
import { isUuid } from '../requests/load-request.js';
import { NOT_FOUND_MESSAGE, productionResult } from './production-records.js';

export interface RecordProductionStartedOptions {
  requestId: string;
  staffEmail: string;
  body: unknown;
  meta?: RequestMeta | undefined;
  now?: Date;
}

export async function recordProductionStarted({
  requestId,
  staffEmail,
  body,
  meta,
  now = new Date(),
}: RecordProductionStartedOptions): Promise<ProductionEventResult> {
  if (!isUuid(requestId)) throw new AppError('NOT_FOUND', NOT_FOUND_MESSAGE);
  const input = parseOrThrow(productionStartSchema, body);
  const outcome = await commitDecision({
    requestId,
    notFoundMessage: NOT_FOUND_MESSAGE,
    meta,
    now,
    decide: () => ({
      event: {
        type: 'production_started',
        actor: { role: 'shop', email: staffEmail },
        revisionId: input.revisionId,
        note: input.note || undefined,
      },
    }),
  });
  if (!outcome.row) throw new Error('a production start without its event');
  return productionResult(outcome.row, outcome.state, outcome.repeated);
}
