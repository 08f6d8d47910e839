/**
 * The shape of a request's workflow state: both tracks, the quote revisions and who holds which
 * role. Types only (plus one predicate on a revision); `transitions.ts` is what builds and moves it.
 */
import type { Mode } from '../request-schema.js';
import type {
  Actor,
  CommercialState,
  CoveredFile,
  QuoteScope,
  SecondApprover,
  Shipment,
  SignOffDecision,
  TechnicalState,
} from './vocabulary.js';

/** A revision's own lifecycle; `open` and `on_hold` are the only acceptable ones. */
export type RevisionStatus = 'open' | 'on_hold' | 'declined' | 'accepted' | 'superseded' | 'canceled' | 'expired';
/** Invoice progress of an accepted revision; `none` until our accept creates the draft. */
export type InvoiceStatus = 'none' | 'draft' | 'open' | 'sent' | 'payment_failed' | 'paid' | 'void';

export type Revision = {
  readonly id: string;
  readonly scope: QuoteScope;
  readonly quantity: number;
  readonly status: RevisionStatus;
  readonly poNumber?: string | undefined;
  readonly budgetCode?: string | undefined;
  readonly acceptedBy?: Actor | undefined;
  /** Releases recorded while another required approver had still to release (`purchasing_approved`). */
  readonly approvals: readonly Approval[];
  /** The revision's total, when its issue event recorded it. */
  readonly totalMinor?: number | undefined;
  readonly currency?: string | undefined;
  readonly invoiceId?: string | undefined;
  readonly invoiceStatus: InvoiceStatus;
  /** Someone accepted this revision in Stripe without the portal: flagged for the shop, not a release. */
  readonly acceptedOutsidePortal: boolean;
};

/** One approver's release of a revision that waits for another approver. */
export type Approval = {
  readonly actor: Actor;
  readonly at?: string | undefined;
  readonly poNumber?: string | undefined;
  readonly budgetCode?: string | undefined;
};

/** Who holds which role on a request (invariant 4). Emails identify people. */
export type RoleHolders = {
  readonly technicalEmail: string;
  readonly purchasingEmail: string;
  readonly sameContactForBothRoles: boolean;
  /** The second purchasing approver, once the approval rule names one. */
  readonly secondApproverEmail?: string | undefined;
};

/** Above the threshold a release needs both purchasing approvers (architecture §11). */
export type ApprovalRule = {
  readonly secondApprover: SecondApprover;
  readonly thresholdMinor: number;
  readonly currency: string;
  readonly at?: string | undefined;
};

/** The technical contact's current sign-off and the 3D files it covered (architecture §1, invariant 7). */
export type SignOff = {
  readonly decision: SignOffDecision;
  readonly covers: readonly CoveredFile[];
  /**
   * False for a sign-off recorded before decisions named their files: it is taken to cover the 3D
   * files the event log knew of then.
   */
  readonly namedFiles: boolean;
  readonly at?: string | undefined;
  /** Who gave it (the actor's name), for a later reorder's words. */
  readonly by?: string | undefined;
  /** Set when a reorder inherited this sign-off: the earlier request and the original decision. */
  readonly inherited?: InheritedFrom | undefined;
};

/** Where an inherited sign-off came from: the earlier order, who made the decision and when. */
export type InheritedFrom = {
  readonly fromRequestId: string;
  readonly fromReference: string;
  readonly decidedBy: string;
  readonly decidedAt: string;
};

/** A 3D file that arrived after a sign-off without being covered by it. */
export type Arrival = CoveredFile & {
  /** A covered file had the same name: this is a new version of it, not another part. */
  readonly newVersion: boolean;
  readonly at?: string | undefined;
};

/** Why the technical track is awaiting review again: the sign-off it had and what arrived since. */
export type Reopening = { readonly signOff: SignOff; readonly arrivals: readonly Arrival[] };

/** What the shop recorded of one released lot's production (architecture §2, the production track). */
export type LotProduction = {
  readonly revisionId: string;
  readonly startedAt?: string | undefined;
  readonly note?: string | undefined;
  readonly shipments: readonly ShipmentRecord[];
};

/** One shipment of a lot, and its delivery once recorded. */
export type ShipmentRecord = Shipment & {
  readonly shippedAt?: string | undefined;
  readonly deliveredOn?: string | undefined;
};

/** Both tracks and the quote revisions; rebuilt by replaying the request's events. */
export type WorkflowState = {
  readonly mode: Mode;
  readonly roles: RoleHolders;
  /** The total the customer asked for (possibly provisional), for lot-by-lot remaining quantities. */
  readonly plannedTotal?: number | undefined;
  readonly technical: TechnicalState;
  readonly commercial: CommercialState;
  /** Revisions in issue order; the last one is the one the commercial track follows. */
  readonly revisions: readonly Revision[];
  readonly estimateSent: boolean;
  readonly samplesShipped: number;
  /** The 3D files (with their hashes) the event log knows of: added through links, or named by a sign-off. */
  readonly cadFiles: readonly CoveredFile[];
  /** Present exactly while the technical track is at a go-ahead (`technicalGoAhead`). */
  readonly signOff?: SignOff | undefined;
  /** Present while the track is awaiting review because new geometry arrived after a sign-off. */
  readonly reopened?: Reopening | undefined;
  /** Set once purchasing names a second approver and a threshold. */
  readonly approvalRule?: ApprovalRule | undefined;
  /** Released lots whose production started, in the order it started. */
  readonly production: readonly LotProduction[];
};

/** Whether purchasing can still act on this revision: it is open or on hold. */
export function isOpen(revision: Revision): boolean {
  return revision.status === 'open' || revision.status === 'on_hold';
}
