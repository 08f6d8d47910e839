/**
 * Words for states, once, for the pages, the mails and the event history. `Record`s over the
 * domain's state lists, so a new state does not compile until it has words. Where a sentence needs a
 * state's words mid-sentence and a heading needs them capitalised, the lower-case table is the
 * source and the sentence-case one is derived from it.
 */
import type { Mode, PoStatus } from './request-schema.js';
import type { ActorRole, CommercialState, QuoteScope, TechnicalState } from './workflow/vocabulary.js';

/** The technical track's state, as a heading or a status line: "Direction confirmed". */
export const TECHNICAL_LABEL: Record<TechnicalState, string> = {
  awaiting_review: 'Awaiting technical review',
  direction_confirmed: 'Direction confirmed',
  sample_required: 'Sample required',
  changes_requested: 'Changes requested',
  sample_in_progress: 'Sample shipped, awaiting first-article decision',
  first_article_accepted: 'First article accepted',
  first_article_rejected: 'First article rejected',
};

/** The commercial track's state, as a heading or a status line: "Quote open, awaiting purchasing". */
export const COMMERCIAL_LABEL: Record<CommercialState, string> = {
  estimate: 'No quote yet',
  quoted: 'Quote open, awaiting purchasing',
  on_hold: 'Quote on hold by purchasing',
  declined: 'Quote declined by purchasing',
  expired: 'Quote expired',
  released: 'Released by purchasing',
  invoiced: 'Invoiced',
  paid: 'Paid',
};

/** What was asked for, mid-sentence: "submitted for a rough estimate". */
export const MODE_LABEL: Record<Mode, string> = {
  rough_estimate: 'rough estimate',
  sample: 'sample or first article',
  production: 'production quote',
};

/** What was asked for, as a title: "Rough estimate". */
export const MODE_TITLE: Record<Mode, string> = sentenceCase(MODE_LABEL);

/** What happens next in each mode, for the person choosing it: one line under its title. */
export const MODE_NEXT: Record<Mode, string> = {
  rough_estimate: 'The shop replies with a price range. Nothing is ordered and nobody commits to anything.',
  sample:
    'Your technical contact confirms the direction, the shop makes a sample, and your technical contact accepts or rejects it before any batch is ordered.',
  production:
    'The shop sends a firm quote; only your purchasing approver can release it, with a PO, through their own link.',
};

/** What a quote revision releases, mid-sentence: "the opening lot of 50". */
export const SCOPE_LABEL: Record<QuoteScope, string> = {
  sample: 'sample',
  opening_lot: 'opening lot',
  full_batch: 'full batch',
  additional_lot: 'additional lot',
};

/** Where the purchase order stands, as the requester declared it. */
export const PO_STATUS_LABEL: Record<PoStatus, string> = {
  none: 'No purchase order yet',
  in_progress: 'Purchase order in progress',
  issued: 'Purchase order issued',
};

/** Who acted, as the history names them: "Technical contact". */
export const ROLE_LABEL: Record<ActorRole | 'requester', string> = {
  technical: 'Technical contact',
  purchasing: 'Purchasing approver',
  shop: 'Shop',
  stripe: 'Billing (Stripe)',
  requester: 'Requester',
  system: 'Portal',
};

/** Who acted, mid-sentence: "added by the technical contact". */
export const ROLE_IN_SENTENCE: Record<ActorRole | 'requester', string> = {
  technical: 'the technical contact',
  purchasing: 'purchasing',
  shop: 'the shop',
  stripe: 'Stripe',
  system: 'the portal',
  requester: 'the requester',
};

/** A role as the history names it; a role without words (a newer server's) reads as itself. */
export function roleWords(role: string): string {
  return Object.hasOwn(ROLE_LABEL, role) ? ROLE_LABEL[role as keyof typeof ROLE_LABEL] : role;
}

/** The same table with each value's first letter capitalised. */
export function sentenceCase<K extends string>(table: Record<K, string>): Record<K, string> {
  const entries = (Object.keys(table) as K[]).map((key) => {
    const words = table[key];
    return [key, words.charAt(0).toUpperCase() + words.slice(1)] as const;
  });
  return Object.fromEntries(entries) as Record<K, string>;
}
