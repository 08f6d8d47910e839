/** What the release functions answer: the decision, the invoice when there is one, and both tracks. */
import type { CommercialState, TechnicalState } from '../workflow/vocabulary.js';
import type { TrackView } from './request-view.js';

export interface ReleaseResult {
  /**
   * `invoiced`: the invoice is finalized and sent; `processing`: the release stands, the invoice is
   * being finished; `awaiting_approval`: this approver's release is recorded and another approver
   * must still release (approval by amount).
   */
  status: 'invoiced' | 'processing' | 'awaiting_approval' | 'on_hold' | 'declined';
  /** The same decision was already recorded; this is its first result. */
  repeated: boolean;
  requestId: string;
  reference: string;
  revisionId: string;
  poNumber?: string | undefined;
  budgetCode?: string | undefined;
  invoice: { id: string; number: string | null; url: string | null } | null;
  technical: TrackView<TechnicalState>;
  commercial: TrackView<CommercialState>;
  readyForProduction: boolean;
  handoffNote: string;
  message: string;
}
