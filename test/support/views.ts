/**
 * What the HTTP functions answer, as the tests read it off the wire (JSON: dates are strings). Kept
 * here rather than imported from the server, so a test states the public shape it relies on.
 */

/** GET /api/quotes/:id, and the shop's issue, revise and cancel answers. */
export interface QuoteRevisionView {
  id: string;
  requestId: string;
  reference: string;
  partName: string;
  revision: number;
  scope: string;
  scopeLabel: string;
  quantity: number;
  status: string;
  currency: string;
  lines: { description: string; quantity: number; unitAmountMinor: number; totalMinor: number }[];
  amountTotalMinor: number;
  terms: Record<string, unknown>;
  expiresAt: string;
  issuedAt: string;
  stripeQuoteId: string | null;
  pdfUrl: string;
  acceptedOutsidePortal: boolean;
  supersededBy: string | null;
  current: { id: string; revision: number } | null;
  lots: Record<string, unknown>;
  technical: { state: string; label: string };
  handoffNote: string;
  invoice: { number: string | null; url: string | null; status: string | null } | null;
}

/** What the technical functions (review, sample, first article) answer. */
export interface TechnicalEventResult {
  eventId: number;
  type: string;
  recordedAt: string;
  repeated: boolean;
  supersedes: boolean;
  technical: { state: string; label: string };
  commercial: { state: string; label: string };
  readyForProduction: boolean;
  handoffNote: string;
}
