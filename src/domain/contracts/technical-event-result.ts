/** What the technical functions answer: the recorded event and both tracks after it. */
import type { CommercialState, TechnicalState } from '../workflow/vocabulary.js';
import type { TrackView } from './request-view.js';

export interface TechnicalEventResult {
  eventId: number;
  type: string;
  recordedAt: string;
  /** The same decision was already recorded; nothing new was stored or sent. */
  repeated: boolean;
  /** An earlier decision of the same kind exists and this one now applies instead (it stays in the history). */
  supersedes: boolean;
  technical: TrackView<TechnicalState>;
  /** Unchanged by any technical event; returned so a caller can show both tracks. */
  commercial: TrackView<CommercialState>;
  readyForProduction: boolean;
  handoffNote: string;
}
