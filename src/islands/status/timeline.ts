/**
 * The status page's picture of both tracks: two lanes of steps, each done, current or still to come
 * (or stopped, e.g. a declined quote), with words for every state so colour is never the only cue.
 * Pure, so every state of both tracks is unit-tested.
 */
import type { CommercialState, TechnicalState } from '../../domain/workflow/vocabulary.js';
import { TECHNICAL_LABEL } from '../../domain/labels.js';
import type { Mode } from '../../domain/request-schema.js';

export type StepStatus = 'done' | 'current' | 'todo' | 'stopped';
export type TimelineStep = { label: string; status: StepStatus; detail?: string };
export type Lane = { title: string; summary: string; steps: TimelineStep[] };

/** The words a status is read as, beside its icon. */
export const STATUS_WORDS: Record<StepStatus, string> = {
  done: 'Done',
  current: 'Now',
  todo: 'Still to come',
  stopped: 'Needs attention',
};

const SAMPLE_PATH: readonly TechnicalState[] = [
  'sample_required',
  'sample_in_progress',
  'first_article_accepted',
  'first_article_rejected',
];

// How far along the commercial track is; side states sit where the quote stopped.
const COMMERCIAL_RANK: Record<CommercialState, number> = {
  estimate: 0,
  quoted: 1,
  on_hold: 1,
  declined: 1,
  expired: 1,
  released: 2,
  invoiced: 3,
  paid: 4,
};

export type TimelineOptions = {
  mode: Mode;
  technical: { state: TechnicalState; label: string };
  commercial: { state: CommercialState; label: string };
  /** The shop sent a rough estimate (a price range, never an order). */
  estimateSent?: boolean | undefined;
};

/** The technical lane: review, then (when a sample is involved) sample and first article, then the go-ahead. */
export function technicalLane({ mode, technical }: TimelineOptions): Lane {
  const s = technical.state;
  // A sample-mode request shows the sample steps ahead of time, until review decides without one.
  const sample = SAMPLE_PATH.includes(s) || (mode === 'sample' && s === 'awaiting_review');
  const steps: TimelineStep[] = [{ label: 'Request received', status: 'done' }];
  const reviewDetail: Partial<Record<TechnicalState, string>> = {
    direction_confirmed: TECHNICAL_LABEL.direction_confirmed,
    sample_required: 'A sample is needed first',
    changes_requested: 'Changes requested; the shop works them in',
  };
  steps.push({
    label: 'Technical review',
    status: s === 'awaiting_review' ? 'current' : s === 'changes_requested' ? 'stopped' : 'done',
    detail: reviewDetail[s],
  });
  if (sample) {
    steps.push({
      label: 'Sample made and shipped',
      status:
        s === 'sample_required'
          ? 'current'
          : s === 'sample_in_progress' || s.startsWith('first_article')
            ? 'done'
            : 'todo',
    });
    steps.push({
      label: 'First article check',
      status:
        s === 'sample_in_progress'
          ? 'current'
          : s === 'first_article_accepted'
            ? 'done'
            : s === 'first_article_rejected'
              ? 'stopped'
              : 'todo',
      detail: s === 'first_article_rejected' ? 'First article rejected; the shop reworks the sample' : undefined,
    });
  }
  const goAhead = s === 'direction_confirmed' || s === 'first_article_accepted';
  steps.push({ label: 'Technical go-ahead', status: goAhead ? 'done' : 'todo' });
  return { title: 'Technical track', summary: technical.label, steps };
}

/**
 * The commercial lane: price, purchasing release, invoice, payment. A rough estimate is a price range
 * with nothing to release, invoice or pay, so until the shop issues a firm quote its lane is the
 * estimate alone.
 */
export function commercialLane({ mode, commercial, estimateSent = false }: TimelineOptions): Lane {
  const s = commercial.state;
  const rank = COMMERCIAL_RANK[s];
  if (mode === 'rough_estimate' && rank === 0) {
    return {
      title: 'Commercial track',
      summary: estimateSent ? 'Rough estimate sent' : 'Rough estimate being prepared by the shop',
      steps: [
        {
          label: 'Rough estimate from the shop',
          status: estimateSent ? 'done' : 'current',
          detail: 'A price range, not an order: nothing to release, invoice or pay',
        },
      ],
    };
  }
  const at = (index: number): StepStatus => (rank > index ? 'done' : rank === index ? 'current' : 'todo');
  const sideDetail: Partial<Record<CommercialState, string>> = {
    on_hold: 'On hold by purchasing',
    declined: 'Declined by purchasing',
    expired: 'The quote expired',
  };
  const quoteStopped = s === 'declined' || s === 'expired';
  const estimateOnly = rank === 0 && estimateSent;
  return {
    title: 'Commercial track',
    summary: estimateOnly ? 'Rough estimate sent; no firm quote yet' : commercial.label,
    steps: [
      {
        label: mode === 'rough_estimate' ? 'Estimate or quote from the shop' : 'Quote from the shop',
        status: rank > 0 ? 'done' : 'current',
        ...(estimateOnly ? { detail: 'A rough estimate was sent; the firm quote follows' } : {}),
      },
      {
        label: 'Purchasing release',
        status: quoteStopped ? 'stopped' : at(1),
        detail: sideDetail[s] ?? (s === 'quoted' ? 'Waiting for the purchasing approver' : undefined),
      },
      { label: 'Invoice', status: at(2) },
      { label: 'Payment', status: at(3) },
    ],
  };
}

/** Who must act next, in words. */
export const NEXT_ACTOR_WORDS: Record<'shop' | 'technical' | 'purchasing' | 'none', string> = {
  shop: 'The shop',
  technical: 'The technical contact',
  purchasing: 'The purchasing approver',
  none: 'Nobody: everything is done',
};

/** What the production lane reads: the released lots' totals (architecture §2, "Production and delivery"). */
export type ProductionLaneOptions = {
  readyForProduction: boolean;
  lots: readonly { released: number; shipped: number; delivered: number; started: boolean }[];
};

/**
 * The third lane, once purchasing released a production lot: production, shipping, delivery, over
 * every released lot together. The per-lot figures and each shipment are listed beside it.
 */
export function productionLane({ readyForProduction, lots }: ProductionLaneOptions): Lane {
  const released = lots.reduce((sum, lot) => sum + lot.released, 0);
  const shipped = lots.reduce((sum, lot) => sum + lot.shipped, 0);
  const delivered = lots.reduce((sum, lot) => sum + lot.delivered, 0);
  const started = lots.some((lot) => lot.started);
  const allShipped = released > 0 && shipped >= released;
  const allDelivered = released > 0 && delivered >= released;
  const production: TimelineStep = !started
    ? readyForProduction
      ? { label: 'Production', status: 'current', detail: 'Ready for production; the shop starts next' }
      : { label: 'Production', status: 'todo', detail: 'Waits for the technical go-ahead' }
    : { label: 'Production', status: shipped > 0 ? 'done' : 'current', detail: 'Started by the shop' };
  const shipping: TimelineStep = {
    label: 'Shipping',
    status: allShipped ? 'done' : shipped > 0 ? 'current' : 'todo',
    ...(shipped > 0
      ? { detail: allShipped ? `All ${released} pcs shipped` : `${shipped} of ${released} pcs shipped` }
      : {}),
  };
  const delivery: TimelineStep = {
    label: 'Delivery',
    status: allDelivered ? 'done' : delivered > 0 || allShipped ? 'current' : 'todo',
    ...(delivered > 0
      ? { detail: allDelivered ? `All ${released} pcs delivered` : `${delivered} of ${released} pcs delivered` }
      : {}),
  };
  const summary = allDelivered
    ? 'Delivered'
    : shipped > 0
      ? `${shipped} of ${released} pcs shipped, ${delivered} delivered`
      : started
        ? 'In production'
        : readyForProduction
          ? 'Ready for production'
          : 'Released; production waits for the technical go-ahead';
  return { title: 'Production and delivery', summary, steps: [production, shipping, delivery] };
}
