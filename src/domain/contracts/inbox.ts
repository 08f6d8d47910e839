/**
 * The shop's back office: the inbox (GET /api/shop/requests) and one request with everything the shop
 * acts on (GET /api/shop/requests/:id).
 */
import type { PriceEstimate } from '../pricing.js';
import type { DashboardFigures, OverdueReason } from './dashboard.js';
import type { NextActor } from '../workflow/next-actor.js';
import type { LotSummary } from '../workflow/views.js';
import type { CommercialState, TechnicalState } from '../workflow/vocabulary.js';
import type { FileView } from './file-view.js';
import type { RequestApprovalsView } from './request-view.js';
import type { QuoteRevisionView } from './quote-view.js';
import type { RequestView, TrackView } from './request-view.js';

export interface InboxItem {
  id: string;
  reference: string;
  partName: string;
  mode: string;
  modeLabel: string;
  createdAt: string;
  company: string;
  technicalContact: { name: string; email: string };
  purchasingApprover: { name: string; email: string };
  technical: TrackView<TechnicalState>;
  commercial: TrackView<CommercialState>;
  nextActor: NextActor;
  missing: string[];
  /** Since when the party that acts next has been waiting (ISO 8601). */
  waitingSince: string;
  /** The customer's needed-by date, `YYYY-MM-DD`. */
  neededBy: string;
  /** Empty unless past the needed-by date or the shop's reply promise (architecture §13). */
  overdue: OverdueReason[];
  readyForProduction: boolean;
  acceptedOutsidePortal: boolean;
  mailFailed: boolean;
  currentQuote?: { revisionId: string; scope: string; quantity: number; status: string };
}

/** What resending a role's link answers (POST /api/shop/requests/:id/resend-links). */
export interface ResendLinksResult {
  role: 'technical' | 'purchasing';
  sentTo: string[];
  revoked: number;
}

/** What sending a rough estimate answers (POST /api/shop/requests/:id/estimate). */
export interface SendEstimateResult {
  eventId: number | null;
  /** Who got it; for a repeat while the first send is still mailing, who is getting it. */
  sentTo: string[];
}

export interface Inbox {
  groups: Record<NextActor, InboxItem[]>;
  total: number;
  /** The dashboard's figures over the same requests, after the same filters. */
  dashboard: DashboardFigures;
}

/** The rough estimate the shop is offered for a request. */
export interface EstimateProposal extends PriceEstimate {
  /** Which of the request's quantities the proposal prices. */
  quantityBasis: 'sample' | 'opening lot' | 'total' | 'one part';
  /** The measured 3D file the figures come from; absent when they come from the size the customer typed. */
  sizedFrom?: Pick<FileView, 'id' | 'name'>;
}

/**
 * One decision of the technical contact as the shop prices from it: what was decided, the checklist
 * answers and open unknowns in words, the notes and the files it referred to.
 */
export interface TechnicalDecisionView {
  eventId: number;
  type: 'technical_review' | 'first_article';
  /** "Technical review" or "First article". */
  kindLabel: string;
  decision: string;
  /** "Direction confirmed", "Sample first", "Changes needed", "First article accepted", … */
  decisionLabel: string;
  at: string;
  by: { name?: string; email?: string };
  /**
   * The review's checklist in page order, each answer in words ("Not sure"); `attention` marks an
   * answer the shop should price around (not sure, or a "no" that is not about the sample). Empty for
   * a first article.
   */
  answers: { question: string; answer: string; attention: boolean }[];
  /** What only a part or a test can settle, still open after the review, in words. */
  openUnknowns: string[];
  /** What the technical contact checked on the sample (first article), in words. */
  checked: string[];
  notes?: string;
  /** The files the decision referred to (markups, photos of the sample). */
  files: Pick<FileView, 'id' | 'name' | 'size'>[];
  /** A later decision of the same kind replaces this one; kept as the paper trail. */
  superseded: boolean;
}

/** The buyer's PO document on a revision: what the release found when it compared it (§7.1). */
export interface PoDocumentView {
  name: string;
  sha256: string;
  /** Absent until a release names the document. */
  outcome?: 'match' | 'mismatch' | 'not_read' | undefined;
  summary?: string | undefined;
  findings?: string[] | undefined;
  url: string;
}

export interface ShopRequestView extends Omit<RequestView, 'viewerRole' | 'events'> {
  viewerRole: 'shop';
  events: (RequestView['events'][number] & { actorEmail?: string; payload: Record<string, unknown> })[];
  /** Each revision, with who must release it and who has once purchasing named a second approver. */
  quotes: (QuoteRevisionView & {
    approvals?: RequestApprovalsView | undefined;
    poDocument?: PoDocumentView | undefined;
  })[];
  lots: LotSummary;
  estimate: EstimateProposal;
  /** Estimates already sent, newest first. */
  estimatesSent: Record<string, unknown>[];
  /** The technical contact's decisions, newest first; superseded ones marked. */
  technicalDecisions: TechnicalDecisionView[];
}
