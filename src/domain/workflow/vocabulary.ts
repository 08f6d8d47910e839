/**
 * The workflow's vocabulary: the states of both tracks, quote scopes, actors, decisions and the
 * event union, as const lists with their types (architecture §2). Everything else in this folder
 * is written in these words; the lists are also what zod schemas and `Record` tables range over.
 */

/** Technical track states (architecture §2). */
export const TECHNICAL_STATES = [
  'awaiting_review',
  'direction_confirmed',
  'sample_required',
  'changes_requested',
  'sample_in_progress',
  'first_article_accepted',
  'first_article_rejected',
] as const;
export type TechnicalState = (typeof TECHNICAL_STATES)[number];

/** Commercial track states (architecture §2). */
export const COMMERCIAL_STATES = [
  'estimate',
  'quoted',
  'on_hold',
  'declined',
  'expired',
  'released',
  'invoiced',
  'paid',
] as const;
export type CommercialState = (typeof COMMERCIAL_STATES)[number];

/** What a quote revision releases. */
export const QUOTE_SCOPES = ['sample', 'opening_lot', 'full_batch', 'additional_lot'] as const;
export type QuoteScope = (typeof QUOTE_SCOPES)[number];

/** The scopes that, once released, allow production (with the technical go-ahead). */
export const PRODUCTION_SCOPES: readonly QuoteScope[] = ['opening_lot', 'full_batch', 'additional_lot'];

/**
 * Who did something; every event records it (invariant 5). The requester is the technical contact
 * submitting the form: the request itself, and an approval rule named at intake (architecture §11).
 */
export const ACTOR_ROLES = ['technical', 'purchasing', 'shop', 'stripe', 'system', 'requester'] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];
export type Actor = { role: ActorRole; name?: string | undefined; email?: string | undefined };

/** The technical contact's review outcomes. */
export const REVIEW_DECISIONS = ['direction_confirmed', 'sample_required', 'changes_requested'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

/** The technical contact's verdict on a shipped sample. */
export const FIRST_ARTICLE_DECISIONS = ['accepted', 'rejected'] as const;
export type FirstArticleDecision = (typeof FIRST_ARTICLE_DECISIONS)[number];

/** Invoice events, in the order Stripe normally sends them. */
export const INVOICE_EVENT_TYPES = [
  'invoice_created',
  'invoice_finalized',
  'invoice_sent',
  'invoice_paid',
  'invoice_voided',
  'invoice_payment_failed',
] as const;
export type InvoiceEventType = (typeof INVOICE_EVENT_TYPES)[number];

/**
 * `at`: when the event log recorded the event (ISO 8601). Replay sets it from the row; an event being
 * decided has none yet, so no decision depends on it. Only words use it ("approved on 3 March").
 */
type Base = { actor: Actor; at?: string | undefined };
type RevisionRef = { revisionId: string };
/**
 * What a revision releases. `totalMinor`/`currency` (the revision's total) let the approval rule
 * decide whether a second approver is needed; absent on rows written before the rule existed.
 */
export type QuoteTerms = RevisionRef & {
  scope: QuoteScope;
  quantity: number;
  totalMinor?: number | undefined;
  currency?: string | undefined;
};

/** The customer's second purchasing approver, needed above the rule's threshold (architecture §11). */
export type SecondApprover = { name: string; email: string; jobTitle?: string | undefined };

/** The outcomes that sign the geometry off: the technical go-ahead states of the technical track (§2). */
export const SIGN_OFF_DECISIONS = ['direction_confirmed', 'first_article_accepted'] as const;
export type SignOffDecision = (typeof SIGN_OFF_DECISIONS)[number];

/**
 * A 3D file as a sign-off names it (architecture §1, invariant 7): which file, under which name, and
 * the SHA-256 (hex) of its stored bytes, so a later file with other bytes is seen to be new geometry.
 */
export type CoveredFile = { fileId: string; name: string; sha256: string };

/** What a file is, as the upload check classified it (`files.kind`). */
export const FILE_KINDS = ['image', 'cad'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** One shipment of a lot as the shop records it; `shipmentId` is ours, the tracking is the carrier's. */
export type Shipment = {
  shipmentId: string;
  carrier: string;
  trackingReference: string;
  quantity: number;
  trackingUrl?: string | undefined;
};

/** Everything that can happen to a request; the server stores each as an append-only event row. */
export type WorkflowEvent =
  | (Base & {
      type: 'technical_review';
      decision: ReviewDecision;
      notes?: string | undefined;
      /** The request's 3D files the decision covered; set on a sign-off (absent on older rows). */
      covers?: CoveredFile[] | undefined;
    })
  | (Base & { type: 'sample_shipped'; trackingReference?: string | undefined })
  | (Base & {
      type: 'first_article';
      decision: FirstArticleDecision;
      notes?: string | undefined;
      /** As for `technical_review`: the 3D files an acceptance covered. */
      covers?: CoveredFile[] | undefined;
    })
  /**
   * A reorder's technical track starting at the earlier request's go-ahead (architecture §11,
   * "Reorders"): recorded at intake, by the system, when every 3D file's hash and the material match
   * that request's current sign-off. `decidedAt`/`decidedBy` are the original decision's, `covers`
   * names this request's own file ids with the same hashes.
   */
  | (Base & {
      type: 'sign_off_inherited';
      fromRequestId: string;
      fromReference: string;
      decision: SignOffDecision;
      decidedAt: string;
      decidedBy: string;
      covers: CoveredFile[];
    })
  | (Base & { type: 'estimate_sent' })
  | (Base & QuoteTerms & { type: 'quote_issued' })
  | (Base & QuoteTerms & { type: 'quote_revised'; previousRevisionId: string })
  | (Base & RevisionRef & { type: 'quote_canceled' })
  | (Base & RevisionRef & { type: 'quote_expired' })
  | (Base &
      RevisionRef & { type: 'purchasing_accepted'; poNumber?: string | undefined; budgetCode?: string | undefined })
  /** One approver's release while another required approver has still to release (architecture §11). */
  | (Base &
      RevisionRef & { type: 'purchasing_approved'; poNumber?: string | undefined; budgetCode?: string | undefined })
  /** Above `thresholdMinor` (in `currency`) a release needs the second approver too. */
  | (Base & { type: 'approval_rule_set'; secondApprover: SecondApprover; thresholdMinor: number; currency: string })
  | (Base & RevisionRef & { type: 'purchasing_hold'; reason: string })
  | (Base & RevisionRef & { type: 'purchasing_declined'; reason: string })
  | (Base & RevisionRef & { type: InvoiceEventType; invoiceId: string })
  | (Base & RevisionRef & { type: 'accepted_outside_portal' })
  /** The shop started making a released production lot (architecture §2, the production track). */
  | (Base & RevisionRef & { type: 'production_started'; note?: string | undefined })
  /** Part of a released lot left the shop: one parcel or pallet with its carrier's tracking. */
  | (Base & RevisionRef & Shipment & { type: 'lot_shipped' })
  /** A shipment arrived; `deliveredOn` is the calendar day (YYYY-MM-DD) the shop was told. */
  | (Base & RevisionRef & { type: 'lot_delivered'; shipmentId: string; deliveredOn: string });

export type WorkflowEventType = WorkflowEvent['type'];
/** One event type's shape, e.g. `EventOf<'quote_issued'>`. */
export type EventOf<T extends WorkflowEventType> = Extract<WorkflowEvent, { type: T }>;

/** The technical track's event types; every other event type is commercial (invariant 3). */
export const TECHNICAL_EVENT_TYPES = [
  'technical_review',
  'sample_shipped',
  'first_article',
  'sign_off_inherited',
] as const;
export type TechnicalEventType = (typeof TECHNICAL_EVENT_TYPES)[number];
/**
 * The production track's event types: what the shop makes and ships of released lots. They move
 * neither the technical nor the commercial state; they hang off a released revision (§2).
 */
export const PRODUCTION_EVENT_TYPES = ['production_started', 'lot_shipped', 'lot_delivered'] as const;
export type ProductionEventType = (typeof PRODUCTION_EVENT_TYPES)[number];
export type CommercialEventType = Exclude<WorkflowEventType, TechnicalEventType | ProductionEventType>;

/**
 * A file attached to a submitted request through a link (`POST /api/uploads`). A fact, not a
 * decision: it is appended beside the upload, never through `commitDecision`, and replay folds it into
 * the technical track, where a new 3D file reopens a sign-off that did not cover it (invariant 7).
 * `kind` and `sha256` are absent on rows written before uploads recorded them; such a row cannot be
 * compared with a sign-off and changes nothing.
 */
export type FileAdded = Base & {
  type: 'file_added';
  fileId: string;
  name: string;
  kind?: FileKind | undefined;
  sha256?: string | undefined;
};

/** What replay folds: the workflow's events and the file facts beside them. */
export type ReplayedEvent = WorkflowEvent | FileAdded;
