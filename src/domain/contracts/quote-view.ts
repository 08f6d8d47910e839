/** A firm quote revision as the shop and its purchasing approver see it (GET /api/quotes/:id). */
import type { PoStatus } from '../request-schema.js';
import type { LotSummary } from '../workflow/views.js';
import type { QuoteScope, TechnicalState } from '../workflow/vocabulary.js';
import type { VendorDocumentKind } from '../vendor-packet-schema.js';
import type { TrackView } from './request-view.js';
import type { SignOffView } from './sign-off.js';

/** One priced line, as stored on the revision. */
export interface QuoteLine {
  description: string;
  quantity: number;
  unitAmountMinor: number;
}

/** The revision's terms, as stored on it. */
export interface QuoteTerms {
  leadTimeDays: number;
  shippingTerms: string;
  paymentTermsDays: number;
  validDays: number;
  note?: string | undefined;
  /** Stripe's human quote number (QT-…-2), assigned on finalize. */
  quoteNumber?: string | undefined;
  /** Purchasing may release without a PO number when true; absent (older rows too) means the PO is required. */
  poOptional?: boolean | undefined;
  /** The release page requires the buyer's PO as a PDF. */
  poDocumentRequired?: boolean | undefined;
}

export interface QuoteRevisionView {
  id: string;
  requestId: string;
  reference: string;
  partName: string;
  revision: number;
  scope: QuoteScope;
  scopeLabel: string;
  quantity: number;
  status: string;
  currency: string;
  lines: (QuoteLine & { totalMinor: number })[];
  amountTotalMinor: number;
  terms: QuoteTerms;
  expiresAt: string;
  issuedAt: string;
  stripeQuoteId: string | null;
  pdfUrl: string;
  acceptedOutsidePortal: boolean;
  supersededBy: string | null;
  /** The request's newest revision, so an old one can point at it. */
  current: { id: string; revision: number } | null;
  lots: LotSummary;
  technical: TrackView<TechnicalState>;
  handoffNote: string;
  invoice: { number: string | null; url: string | null; status: string | null } | null;
}

/** The approver as the request names them, so the release form starts from what is already known. */
export interface ApproverView {
  name: string;
  jobTitle?: string | undefined;
  /** What they said about the purchase order at intake. */
  poStatus: PoStatus;
  poNumber?: string | undefined;
}

/** Why and since when the revision is on hold, while it is. */
export interface HoldView {
  /** The reason in words, with the approver's note, e.g. "Waiting for budget: Q3 opens in July". */
  reason: string;
  by?: string | undefined;
  at: string;
}

/** Who released the revision, when, and under which PO and budget code. */
export interface ReleaseReceiptView {
  by: string;
  jobTitle?: string | undefined;
  at: string;
  poNumber?: string | undefined;
  budgetCode?: string | undefined;
}

/** One purchasing approver of a revision and whether they have released it. */
export interface ApproverStandingView {
  slot: 'first' | 'second';
  name: string;
  jobTitle?: string | undefined;
  released: boolean;
  /** When they released it. */
  at?: string | undefined;
}

/**
 * Approval by amount (architecture §11): the rule once named, whether this revision needs both
 * approvers, who has released it and who is still needed.
 */
export interface ApprovalsView {
  rule: {
    secondApprover: { name: string; email: string; jobTitle?: string | undefined };
    thresholdMinor: number;
    currency: string;
  } | null;
  bothRequired: boolean;
  approvers: ApproverStandingView[];
  /** Which approver is looking (by their link); null for the shop. */
  viewer: 'first' | 'second' | null;
  /** Whether the viewer may name or change the second approver now. */
  canNameSecond: boolean;
  /** The PO number of a release that waits for the other approver: the later one releases under it. */
  waitingPoNumber?: string | undefined;
}

/** One of the shop's supplier documents, as the release page lists it (architecture §12). */
export interface VendorDocumentView {
  id: string;
  title: string;
  kind: VendorDocumentKind;
  /** The kind in words, e.g. "Bank details". */
  kindLabel: string;
  fileName: string;
  bytes: number;
  sha256: string;
  note?: string | undefined;
  /** `/api/quotes/:id/vendor-documents/:doc`, fetched with the same link or session as the quote. */
  url: string;
}

/** The shop's vendor packet: each document, and the zip of them all (none when the shop lists none). */
export interface VendorPacketView {
  documents: VendorDocumentView[];
  zipBytes?: number | undefined;
  /** `/api/quotes/:id/vendor-packet`. */
  zipUrl?: string | undefined;
}

/** GET /api/quotes/:id: the revision with what the release page needs around the decision. */
export interface QuoteReleaseView extends QuoteRevisionView {
  viewerRole: 'shop' | 'purchasing';
  /** Which 3D files the technical sign-off covers, or why it is open again (invariant 7). */
  signOff: SignOffView;
  approver: ApproverView;
  hold: HoldView | null;
  release: ReleaseReceiptView | null;
  approvals: ApprovalsView;
  /** The supplier documents a buyer's system asks for before it issues a PO. */
  vendorPacket: VendorPacketView;
}
