/**
 * The shop functions' reply shapes as the pages read them (islands never import server code; these
 * mirror `list-inbox.ts`, `get-shop-request.ts` and `shop/quotes.ts`, and the e2e test keeps them honest).
 */
export type NextActor = 'shop' | 'technical' | 'purchasing' | 'none';

export interface InboxItem {
  id: string;
  reference: string;
  partName: string;
  mode: string;
  modeLabel: string;
  createdAt: string;
  company: string;
  technical: { state: string; label: string };
  commercial: { state: string; label: string };
  nextActor: NextActor;
  missing: string[];
  readyForProduction: boolean;
  acceptedOutsidePortal: boolean;
  mailFailed: boolean;
  currentQuote?: { revisionId: string; scope: string; quantity: number; status: string };
}

export interface Inbox {
  groups: Record<NextActor, InboxItem[]>;
  total: number;
}

export interface QuoteLineView {
  description: string;
  quantity: number;
  unitAmountMinor: number;
  totalMinor: number;
}

export interface QuoteRevisionView {
  id: string;
  revision: number;
  scope: 'sample' | 'opening_lot' | 'full_batch' | 'additional_lot';
  scopeLabel: string;
  quantity: number;
  status: string;
  currency: string;
  lines: QuoteLineView[];
  amountTotalMinor: number;
  terms: {
    leadTimeDays: number;
    shippingTerms: string;
    paymentTermsDays: number;
    validDays: number;
    note?: string;
    quoteNumber?: string;
    /** Purchasing may release without a PO number. */
    poOptional?: boolean;
  };
  expiresAt: string;
  issuedAt: string;
  stripeQuoteId: string | null;
  pdfUrl: string;
  acceptedOutsidePortal: boolean;
  supersededBy: string | null;
}

export interface EstimateProposal {
  currency: string;
  quantity: number;
  quantityBasis: string;
  material: { id: string; name: string; process: string; matched: boolean };
  totalMinor: { low: number; high: number };
  perPartMinor: { low: number; high: number };
  leadDays: { min: number; max: number };
  unsuitableFor: string[];
  assumptions: string[];
}

export interface ShopRequestView {
  id: string;
  reference: string;
  mode: 'rough_estimate' | 'sample' | 'production';
  createdAt: string;
  part: {
    name: string;
    problem: string;
    kind: string;
    size: { lengthMm: number; widthMm: number; heightMm: number };
    material: string;
    finish?: string;
    environment: Record<string, boolean | string | undefined>;
  };
  quantities: { sample?: number; openingLot?: number; total?: number; provisional: boolean };
  neededBy: string;
  sameContactForBothRoles: boolean;
  contacts: {
    technical: { name: string; company: string; email?: string; phone?: string; jobTitle?: string };
    purchasing: {
      name: string;
      company: string;
      email?: string;
      jobTitle?: string;
      poStatus: string;
      poNumber?: string;
    };
  };
  files: { id: string; name: string; size: number; contentType: string; kind: 'image' | 'cad' }[];
  technical: { state: string; label: string };
  commercial: { state: string; label: string };
  readyForProduction: boolean;
  nextActor: NextActor;
  missing: string[];
  handoffNote: string;
  events: { id: number; type: string; role: string; actorEmail?: string; at: string; summary: string }[];
  quotes: QuoteRevisionView[];
  lots: { planned?: number; released: number; openQuoted: number; remaining?: number };
  estimate: EstimateProposal;
  estimatesSent: Record<string, unknown>[];
}
