/**
 * The request as one role sees it: `GET /api/requests/:id` (status, review and purchasing pages)
 * and, extended, the shop's request page. Pure types, built by the server and read by the islands.
 */
import type { PoStatus, QuoteRequest } from '../request-schema.js';
import type { NextActor } from '../workflow/next-actor.js';
import type { CommercialState, TechnicalState } from '../workflow/vocabulary.js';
import type { FileView } from './file-view.js';

export type { FileView };

export type ViewerRole = 'technical' | 'purchasing' | 'status';

/** A state of one track with its words (see `domain/labels.ts`). */
export interface TrackView<S extends string> {
  state: S;
  label: string;
}

export interface ContactView {
  name: string;
  company: string;
  jobTitle?: string;
  email?: string;
  phone?: string;
}

/** One line of the request's history. */
export interface EventView {
  id: number;
  type: string;
  role: string;
  actorName?: string;
  at: string;
  summary: string;
}

export interface RequestView {
  id: string;
  reference: string;
  mode: QuoteRequest['mode'];
  createdAt: string;
  viewerRole: ViewerRole;
  part: QuoteRequest['part'];
  quantities: QuoteRequest['quantities'];
  neededBy: string;
  sameContactForBothRoles: boolean;
  contacts: {
    technical: ContactView;
    purchasing: ContactView & { poStatus: PoStatus; poNumber?: string };
  };
  files: FileView[];
  technical: TrackView<TechnicalState>;
  commercial: TrackView<CommercialState>;
  readyForProduction: boolean;
  nextActor: NextActor;
  missing: string[];
  handoffNote: string;
  events: EventView[];
}
