/**
 * The review page's decisions that are not markup: which step the technical contact sees, who
 * releases the order (in words), the decision history with superseded entries marked, and the
 * form's values → the function's body. Pure, so it is unit-tested in Node.
 */
import type { Answer, Unknown } from '../../domain/review-schema.js';
import { TECHNICAL_STATES, type ReviewDecision, type TechnicalState } from '../../domain/workflow/vocabulary.js';
import type { EventView, RequestView } from '../../domain/contracts/request-view.js';

/** What the page offers now: the technical review, or the verdict on a shipped sample. */
export type ReviewStep = 'review' | 'first_article';

const STEP_OF: Record<TechnicalState, ReviewStep> = {
  awaiting_review: 'review',
  direction_confirmed: 'review',
  sample_required: 'review',
  changes_requested: 'review',
  sample_in_progress: 'first_article',
  first_article_accepted: 'first_article',
  first_article_rejected: 'first_article',
};

export function asTechnicalState(state: string): TechnicalState {
  return TECHNICAL_STATES.find((s) => s === state) ?? 'awaiting_review';
}

export function stepFor(state: string): ReviewStep {
  return STEP_OF[asTechnicalState(state)];
}

/** True once this person has decided something the form would replace. */
export function hasDecided(state: string, step: ReviewStep): boolean {
  const s = asTechnicalState(state);
  return step === 'review' ? s !== 'awaiting_review' : s === 'first_article_accepted' || s === 'first_article_rejected';
}

/** The plain statement of what this page does not do, and who releases the order. */
export function authorityText(view: Pick<RequestView, 'contacts' | 'sameContactForBothRoles'>): {
  limit: string;
  releaser: string;
} {
  const limit =
    'Your decision here is technical feedback, not an order release. It does not accept a price, quantity, delivery date or terms, and it does not authorise production or invoicing.';
  if (view.sameContactForBothRoles) {
    return {
      limit,
      releaser:
        'You also approve the purchase (you declared both roles). Releasing the order is a separate, explicit step on the quote, through the purchasing link you get by email with the quote; nothing on this page releases it.',
    };
  }
  const approver = view.contacts.purchasing;
  const who = [approver.name, approver.jobTitle, approver.company].filter(Boolean).join(', ');
  return {
    limit,
    releaser: `The order is released only by ${who} (purchasing approver), by accepting a quote through their own link.`,
  };
}

const DECISION_TYPES = ['technical_review', 'sample_shipped', 'first_article'] as const;

export type HistoryEntry = EventView & {
  /** A later decision of the same kind replaced this one; it stays in the history. */
  superseded: boolean;
  /** The decision that applies now. */
  current: boolean;
};

/** The technical track's events, newest first; earlier decisions of each kind are marked superseded. */
export function decisionHistory(events: readonly EventView[]): HistoryEntry[] {
  const technical = events.filter((event) => (DECISION_TYPES as readonly string[]).includes(event.type));
  const latestId = (type: string) => technical.findLast((event) => event.type === type)?.id;
  const latestDecision = technical.findLast((event) => event.type !== 'sample_shipped')?.id;
  return technical
    .map((event) => {
      const isDecision = event.type !== 'sample_shipped';
      return {
        ...event,
        superseded: isDecision && event.id !== latestId(event.type),
        current: isDecision && event.id === latestDecision,
      };
    })
    .reverse();
}

/** The form as react-hook-form holds it: radios are null until chosen. */
export type ReviewFormValues = {
  decision: ReviewDecision | null;
  checklist: {
    conceptSolvesProblem: Answer | null;
    rightVersion: Answer | null;
    materialFitsEnvironment: Answer | null;
    sampleNeeded: 'yes' | 'no' | null;
    remainingUnknowns: Unknown[];
  };
  notes: string;
  fileIds: string[];
};

export type FirstArticleFormValues = {
  decision: 'accepted' | 'rejected' | null;
  checked: Unknown[];
  notes: string;
  fileIds: string[];
};

export function emptyReviewValues(): ReviewFormValues {
  return {
    decision: null,
    checklist: {
      conceptSolvesProblem: null,
      rightVersion: null,
      materialFitsEnvironment: null,
      sampleNeeded: null,
      remainingUnknowns: [],
    },
    notes: '',
    fileIds: [],
  };
}

export function emptyFirstArticleValues(): FirstArticleFormValues {
  return { decision: null, checked: [], notes: '', fileIds: [] };
}

/** The form's field paths in page order, for the error summary (server 422 paths included). */
export const REVIEW_FIELD_ORDER = [
  'checklist.conceptSolvesProblem',
  'checklist.rightVersion',
  'checklist.materialFitsEnvironment',
  'checklist.sampleNeeded',
  'checklist.remainingUnknowns',
  'checklist',
  'decision',
  'notes',
  'fileIds',
] as const;

export const FIRST_ARTICLE_FIELD_ORDER = ['checked', 'decision', 'notes', 'fileIds'] as const;

/** Error messages in page order; unknown paths (e.g. `_form`) last, so nothing is dropped. */
export function orderedErrors(
  fields: Record<string, string>,
  order: readonly string[],
): { path: string; message: string }[] {
  const rank = (path: string) => {
    const index = order.findIndex((known) => path === known || path.startsWith(`${known}.`));
    return index === -1 ? order.length : index;
  };
  return Object.entries(fields)
    .map(([path, message]) => ({ path, message }))
    .sort((a, b) => rank(a.path) - rank(b.path));
}

/** The DOM id of a field (the first radio of a group), so an error summary can link to it. */
export function inputId(form: string, path: string): string {
  const known = path.replace(/\.\d+$/, '');
  return `${form}-${known.replace(/[^A-Za-z0-9]+/g, '-')}`;
}

/** Where a file came from, as a phrase after its size: "sent with the request", "from the technical contact". */
export function fileOrigin(uploadedByRole: string): string {
  switch (uploadedByRole) {
    case 'anonymous':
    case 'requester':
      return 'sent with the request';
    case 'technical':
      return 'from the technical contact';
    case 'purchasing':
      return 'from the purchasing approver';
    case 'shop':
      return 'from the shop';
    default:
      return `from ${uploadedByRole.replace(/_/g, ' ')}`;
  }
}

/** The conditions a request names that a technical contact would most likely still have to check. */
const UNKNOWN_OF_CONDITION: Partial<Record<string, Unknown>> = { heat: 'heat', load: 'load', motion: 'motion' };

/**
 * The review form prefilled from what is known: the decision that applies now when one is being
 * replaced (or "sample first" for a sample request), "sample needed" for a sample request, and the
 * conditions the request names as unknowns to check. The checklist's judgement questions stay open.
 */
export function prefilledReview(view: Pick<RequestView, 'mode' | 'part' | 'technical'>): {
  values: ReviewFormValues;
  from: string[];
} {
  const values = emptyReviewValues();
  const from: string[] = [];
  const state = asTechnicalState(view.technical.state);
  if (state === 'direction_confirmed' || state === 'sample_required' || state === 'changes_requested') {
    values.decision = state;
    from.push('your current decision');
  } else if (view.mode === 'sample') {
    values.decision = 'sample_required';
  }
  if (view.mode === 'sample') {
    values.checklist.sampleNeeded = 'yes';
    from.push('the request asks for a sample');
  }
  const environment = (view.part as { environment?: Record<string, unknown> }).environment ?? {};
  const unknowns = Object.entries(UNKNOWN_OF_CONDITION).flatMap(([condition, unknown]) =>
    environment[condition] === true && unknown ? [unknown] : [],
  );
  if (unknowns.length > 0) {
    values.checklist.remainingUnknowns = unknowns;
    from.push('the conditions the request names');
  }
  return { values, from };
}

/** What happens after a technical decision, in the words the receipt uses. */
export function nextAfterDecision(state: string, approver: string): string {
  switch (asTechnicalState(state)) {
    case 'direction_confirmed':
      return `The shop prepares the quote. Nothing is produced until ${approver} accepts it through the purchasing link.`;
    case 'sample_required':
      return 'The shop makes a sample and emails you when it ships; this same link then asks for your verdict on it.';
    case 'changes_requested':
      return 'The shop reads your notes and comes back with a revised proposal; you review it again through this link.';
    case 'first_article_accepted':
      return `The sample is accepted technically. Production still waits until ${approver} releases the order.`;
    case 'first_article_rejected':
      return 'The shop reads what did not work and comes back with a fix or a new sample.';
    default:
      return 'The shop has been told and picks the request up from here.';
  }
}

/** Who releases the order, as a name for the receipt. */
export function approverName(view: Pick<RequestView, 'contacts' | 'sameContactForBothRoles'>): string {
  return view.sameContactForBothRoles ? 'you, as purchasing approver,' : view.contacts.purchasing.name;
}
