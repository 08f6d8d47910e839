/**
 * The request as one role sees it: `GET /api/requests/:id` (status, review and purchasing pages)
 * and, extended, the shop's request page. Pure types, built by the server and read by the islands.
 */
import type { ReorderOfView } from './intake.js';
import type { ApproverStandingView } from './quote-view.js';
import type { PoStatus, QuoteRequest } from '../request-schema.js';
import type { NextActor } from '../workflow/next-actor.js';
import type { CommercialState, TechnicalState } from '../workflow/vocabulary.js';
import type { FileView } from './file-view.js';
import type { ProductionView } from './production.js';
import type { SignOffView } from './sign-off.js';

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

/**
 * The newest rough estimate the shop sent, exactly these fields of its `estimate_sent` event (the
 * server picks them; nothing else of the event reaches a link holder).
 */
export interface EstimateView {
  quantity: number;
  material: string;
  currency: string;
  lowMinor: number;
  highMinor: number;
  leadDaysMin: number;
  leadDaysMax: number;
  assumptions: string[];
  note?: string | undefined;
  sentAt: string;
}

/** The request's current firm quote revision, as its contacts may read it. */
export interface RequestQuoteView {
  revisionId: string;
  revision: number;
  quoteNumber?: string | undefined;
  scopeLabel: string;
  quantity: number;
  status: string;
  currency: string;
  amountTotalMinor: number;
  leadTimeDays: number;
  expiresAt: string;
  /** `/api/quotes/:id/pdf` when this viewer's link may fetch it (the revision's purchasing link), else null. */
  pdfUrl: string | null;
  /** Once invoiced: the invoice's number and Stripe's hosted page. */
  invoice: { number: string | null; url: string | null } | null;
  /** Once purchasing named a second approver: who must release this revision and who has (§11). */
  approvals?: RequestApprovalsView | undefined;
}

/** Approval by amount as the request's contacts see it (no addresses). */
export interface RequestApprovalsView {
  approvers: ApproverStandingView[];
  thresholdMinor: number;
  currency: string;
  secondApproverName: string;
  bothRequired: boolean;
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
  /** Which 3D files the current technical sign-off covers, or why it is open again (invariant 7). */
  signOff: SignOffView;
  commercial: TrackView<CommercialState>;
  readyForProduction: boolean;
  /** Released production lots: started, shipped, delivered and remaining pieces (architecture §2). */
  production: ProductionView;
  nextActor: NextActor;
  missing: string[];
  handoffNote: string;
  events: EventView[];
  /** The newest rough estimate sent, if any. */
  latestEstimate?: EstimateView | undefined;
  /** The current firm quote revision, if one was issued. */
  quote?: RequestQuoteView | undefined;
  /** The earlier request this one repeats, for a reorder (architecture §11, "Reorders"). */
  reorderOf?: ReorderOfView | undefined;
}
