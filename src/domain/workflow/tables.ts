/**
 * The transition tables `applyEvent` reads: `Record<State, …>` and `Record<EventType, …>`, so a new
 * state or event type does not compile until its moves and its permitted roles are decided.
 */
import type { InvoiceStatus } from './state.js';
import type {
  ActorRole,
  CommercialEventType,
  CommercialState,
  InvoiceEventType,
  TechnicalState,
  WorkflowEventType,
} from './vocabulary.js';

/** `inherit`: a reorder starting at the earlier request's sign-off, only before anything else happened. */
export type TechnicalMove = 'review' | 'sample_shipped' | 'first_article' | 'inherit';

/** Which technical moves each technical state allows; a later review always supersedes an earlier one. */
export const TECHNICAL_TRANSITIONS: Record<TechnicalState, readonly TechnicalMove[]> = {
  awaiting_review: ['review', 'sample_shipped', 'inherit'],
  direction_confirmed: ['review', 'sample_shipped'],
  sample_required: ['review', 'sample_shipped'],
  changes_requested: ['review'],
  sample_in_progress: ['review', 'sample_shipped', 'first_article'],
  first_article_accepted: ['review', 'first_article'],
  first_article_rejected: ['review', 'sample_shipped', 'first_article'],
};

/**
 * Commercial state → event → next state, for events about the newest revision (or about no revision).
 * A missing entry means the event is refused in that state.
 */
export const COMMERCIAL_TRANSITIONS: Record<CommercialState, Partial<Record<CommercialEventType, CommercialState>>> = {
  estimate: { estimate_sent: 'estimate', quote_issued: 'quoted', approval_rule_set: 'estimate' },
  quoted: {
    quote_revised: 'quoted',
    quote_canceled: 'estimate',
    quote_expired: 'expired',
    purchasing_accepted: 'released',
    purchasing_approved: 'quoted',
    purchasing_hold: 'on_hold',
    purchasing_declined: 'declined',
    accepted_outside_portal: 'quoted',
    approval_rule_set: 'quoted',
  },
  on_hold: {
    quote_revised: 'quoted',
    quote_canceled: 'estimate',
    quote_expired: 'expired',
    purchasing_accepted: 'released',
    purchasing_approved: 'on_hold',
    purchasing_hold: 'on_hold',
    purchasing_declined: 'declined',
    accepted_outside_portal: 'on_hold',
    approval_rule_set: 'on_hold',
  },
  declined: {
    estimate_sent: 'declined',
    quote_issued: 'quoted',
    quote_revised: 'quoted',
    quote_canceled: 'estimate',
    accepted_outside_portal: 'declined',
    approval_rule_set: 'declined',
  },
  expired: {
    estimate_sent: 'expired',
    quote_issued: 'quoted',
    accepted_outside_portal: 'expired',
    approval_rule_set: 'expired',
  },
  released: {
    estimate_sent: 'released',
    approval_rule_set: 'released',
    quote_issued: 'quoted',
    invoice_created: 'released',
    invoice_finalized: 'invoiced',
    invoice_sent: 'invoiced',
    invoice_payment_failed: 'invoiced',
    invoice_paid: 'paid',
    invoice_voided: 'released',
  },
  invoiced: {
    estimate_sent: 'invoiced',
    approval_rule_set: 'invoiced',
    quote_issued: 'quoted',
    invoice_created: 'invoiced',
    invoice_finalized: 'invoiced',
    invoice_sent: 'invoiced',
    invoice_payment_failed: 'invoiced',
    invoice_paid: 'paid',
    invoice_voided: 'released',
  },
  paid: {
    estimate_sent: 'paid',
    approval_rule_set: 'paid',
    quote_issued: 'quoted',
    invoice_created: 'paid',
    invoice_finalized: 'paid',
    invoice_sent: 'paid',
    invoice_payment_failed: 'paid',
    invoice_paid: 'paid',
  },
};

/** Which roles may record each event; `Record` so a new event type must say who may cause it. */
export const EVENT_ROLES: Record<WorkflowEventType, readonly ActorRole[]> = {
  technical_review: ['technical'],
  first_article: ['technical'],
  sample_shipped: ['shop'],
  sign_off_inherited: ['system'],
  estimate_sent: ['shop'],
  quote_issued: ['shop'],
  quote_revised: ['shop'],
  quote_canceled: ['shop', 'stripe', 'system'],
  quote_expired: ['stripe', 'system'],
  purchasing_accepted: ['purchasing'],
  purchasing_approved: ['purchasing'],
  approval_rule_set: ['purchasing', 'requester'],
  purchasing_hold: ['purchasing'],
  purchasing_declined: ['purchasing'],
  invoice_created: ['stripe', 'system'],
  invoice_finalized: ['stripe', 'system'],
  invoice_sent: ['stripe', 'system'],
  invoice_paid: ['stripe', 'system'],
  invoice_voided: ['stripe', 'system'],
  invoice_payment_failed: ['stripe', 'system'],
  accepted_outside_portal: ['stripe', 'system'],
  production_started: ['shop'],
  lot_shipped: ['shop'],
  lot_delivered: ['shop'],
};

// Invoice statuses only move forward, so a late or repeated webhook cannot undo a later fact.
export const INVOICE_RANK: Record<InvoiceStatus, number> = {
  none: 0,
  draft: 1,
  open: 2,
  payment_failed: 3,
  sent: 3,
  paid: 5,
  void: 5,
};
export const INVOICE_STATUS_OF: Record<InvoiceEventType, InvoiceStatus> = {
  invoice_created: 'draft',
  invoice_finalized: 'open',
  invoice_sent: 'sent',
  invoice_payment_failed: 'payment_failed',
  invoice_paid: 'paid',
  invoice_voided: 'void',
};
