/**
 * What the release certificate records (architecture §12): the purchasing release of one quote
 * revision, and beside it, kept apart, where the technical sign-off stands (architecture §1). A plain
 * object of facts the caller has already decided; `renderReleaseCertificate`
 * (`server/release/certificate.ts`) only lays it out. Times are ISO 8601 strings, money is integer
 * minor units in the quote's currency (`domain/money.ts`).
 */
import type { SignOffDecision } from '../workflow/vocabulary.js';

export interface CertificateShop {
  /** The name people know, e.g. "Layerline Print Works". */
  name: string;
  /** The company as on quotes and invoices, e.g. "Layerline Print Works GmbH"; printed when it differs. */
  legalName?: string | undefined;
  /** The postal address, one line each. */
  addressLines: string[];
  vatId?: string | undefined;
}

export interface CertificateQuoteLine {
  description: string;
  quantity: number;
  unitAmountMinor: number;
  totalMinor: number;
}

export interface CertificateQuote {
  /** Stripe's quote number, e.g. "QT-1A2B3C4D-0002". */
  quoteNumber: string;
  revision: number;
  /** ISO 4217, as Stripe writes it ("eur"). */
  currency: string;
  lines: CertificateQuoteLine[];
  totalMinor: number;
  /** When the quote revision stops being valid (ISO). */
  validUntil: string;
  /** Net days after the invoice date. */
  paymentTermsDays: number;
}

/** What reading the PO document against the quote found. */
export type PoDocumentCheck =
  | { result: 'matches' }
  /** Each difference in words, e.g. "the PO's total is €1,300.00, the quote's €1,234.50". */
  | { result: 'differs'; differences: string[] }
  /** Why the document could not be read, in words, e.g. "scanned". */
  | { result: 'not_read'; reason: string };

export interface CertificatePoDocument {
  fileName: string;
  sha256: string;
  check: PoDocumentCheck;
}

export interface CertificatePurchaseOrder {
  /** Empty when the shop let this quote be released without a PO number. */
  number: string;
  document: CertificatePoDocument | null;
}

export interface CertificateApproval {
  name: string;
  jobTitle: string;
  /** When they released (ISO). */
  at: string;
  ip: string;
  /** The first approval, or the second one a total above the threshold needs. */
  slot: 'first' | 'second';
  /** The total above which a second approval is needed, when the buyer has such a rule. */
  thresholdMinor?: number | undefined;
}

export interface CertificateCoveredFile {
  name: string;
  sha256: string;
}

/** The technical go-ahead and the 3D files it covered (invariant 7), or that it is still to come. */
export type CertificateTechnical =
  | {
      status: 'approved';
      decision: SignOffDecision;
      by: { name: string; jobTitle?: string | undefined };
      at: string;
      covers: CertificateCoveredFile[];
    }
  | {
      status: 'pending';
      /** Why, when there is more to say, e.g. "A new version of bracket.stl arrived after …". */
      note?: string | undefined;
    };

/** One line of the request's history: when, who in role words, what in words. */
export interface CertificateEvent {
  at: string;
  who: string;
  what: string;
}

export interface ReleaseCertificateInput {
  shop: CertificateShop;
  request: { reference: string; partName: string };
  quote: CertificateQuote;
  purchaseOrder: CertificatePurchaseOrder;
  /** One approval, or the first and the second. */
  approvals: [CertificateApproval] | [CertificateApproval, CertificateApproval];
  technical: CertificateTechnical;
  events: CertificateEvent[];
  /**
   * When the certificate was issued (ISO): its date line and the PDF's creation date. From the input,
   * never the clock, so the same facts always give the same bytes.
   */
  issuedAt: string;
}
