/** What the release functions answer: the decision, the invoice when there is one, and both tracks. */
import type { ReleaseResult } from '../../domain/contracts/release-result.js';
import { COMMERCIAL_LABEL, TECHNICAL_LABEL } from '../../domain/labels.js';
import { readyForProduction } from '../../domain/workflow/views.js';
import { requestHandoffNote } from '../requests/handoff.js';
import type { LoadedRequest } from '../requests/load-request.js';
import type { ReleaseProgress } from './claims.js';

export type { ReleaseResult };

export function releaseResult(options: {
  loaded: LoadedRequest;
  revisionId: string;
  progress?: ReleaseProgress | undefined;
  status: ReleaseResult['status'];
  repeated: boolean;
  message: string;
}): ReleaseResult {
  const { loaded, progress } = options;
  const state = loaded.state;
  return {
    status: options.status,
    repeated: options.repeated,
    requestId: loaded.request.id,
    reference: loaded.request.reference,
    revisionId: options.revisionId,
    ...(progress ? { poNumber: progress.poNumber, budgetCode: progress.budgetCode } : {}),
    invoice:
      progress?.invoiceId && options.status === 'invoiced'
        ? { id: progress.invoiceId, number: progress.invoiceNumber ?? null, url: progress.hostedInvoiceUrl ?? null }
        : null,
    technical: { state: state.technical, label: TECHNICAL_LABEL[state.technical] },
    commercial: { state: state.commercial, label: COMMERCIAL_LABEL[state.commercial] },
    readyForProduction: readyForProduction(state),
    handoffNote: requestHandoffNote(state),
    message: options.message,
  };
}
