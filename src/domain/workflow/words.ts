/**
 * Sentences that tell a person why `applyEvent` refused what they tried, and what a sign-off covers
 * or why it is open again. Only the wording lives here; which event is refused, with which error
 * code, and when a sign-off reopens, is decided in `transitions.ts`.
 */
import type { Reopening, RevisionStatus, SignOff } from './state.js';
import { EVENT_ROLES, type TechnicalMove } from './tables.js';
import type { SignOffDecision, TechnicalState, WorkflowEvent } from './vocabulary.js';
import { TECHNICAL_LABEL } from '../labels.js';

/** How a revision's status reads after "This quote is …". */
export function revisionStatusWords(status: RevisionStatus): string {
  const words: Record<RevisionStatus, string> = {
    open: 'open',
    on_hold: 'on hold',
    declined: 'declined',
    accepted: 'already released',
    superseded: 'replaced by a newer revision',
    canceled: 'canceled',
    expired: 'expired',
  };
  return words[status];
}

/** Why a technical move does not fit the technical track's state. */
export function technicalRefusal(from: TechnicalState, move: TechnicalMove): string {
  if (move === 'first_article') return 'There is no shipped sample to accept or reject yet.';
  if (move === 'inherit') return "An earlier order's sign-off can only carry over when a reorder is submitted.";
  if (from === 'changes_requested') return 'The requested changes need a new technical review before a sample ships.';
  return 'The first article was already accepted; no further sample is needed.';
}

/** Who may record this event instead, for a person acting in a role `EVENT_ROLES` does not allow. */
export function wrongRoleMessage(event: WorkflowEvent): string {
  const allowed = EVENT_ROLES[event.type];
  if (allowed.includes('purchasing')) return 'Only the purchasing approver can release, hold or decline a quote.';
  if (allowed.includes('technical')) return 'Only the technical contact can record a technical decision.';
  if (allowed.includes('shop')) return 'Only the shop can do this.';
  return 'This is recorded from Stripe or the system only.';
}

/** The sign-off mid-sentence, after "after" or alone: who gave it and what they did. */
const SIGN_OFF_WORDS: Record<SignOffDecision, string> = {
  direction_confirmed: 'the technical contact approved',
  first_article_accepted: 'the technical contact accepted the first article',
};

/** The first 8 hex digits of a SHA-256: enough for a person to tell two versions apart. */
export function shortHash(sha256: string): string {
  return sha256.slice(0, 8);
}

/**
 * What the current sign-off covers, e.g. "The technical contact approved on 3 March, for the 3D
 * files listed." The list itself (names and short hashes) is shown beside the sentence.
 */
export function signOffSentence(signOff: SignOff): string {
  if (signOff.inherited) {
    const { fromReference, decidedBy, decidedAt } = signOff.inherited;
    return `Approved on the earlier order ${fromReference} by ${decidedBy}${onDay(decidedAt)}; same files.`;
  }
  const what = `${capitalize(SIGN_OFF_WORDS[signOff.decision])}${onDay(signOff.at)}`;
  if (!signOff.namedFiles) {
    return `${what}, before sign-offs named their files; it covers the 3D files the request had then.`;
  }
  if (signOff.covers.length === 0) return `${what}; the request had no 3D file then.`;
  return `${what}, for ${signOff.covers.length === 1 ? 'this 3D file' : `these ${signOff.covers.length} 3D files`}:`;
}

/**
 * Why the technical review is open again, e.g. "A new version of bracket.stl arrived after the
 * technical contact approved on 3 March; the review is open again."
 */
export function reopenedSentence({ signOff, arrivals }: Reopening): string {
  // One phrase per name: two uploads of bracket.stl are one new version of it to a reader.
  const byName = new Map<string, Reopening['arrivals'][number]>();
  for (const arrival of arrivals) if (!byName.has(arrival.name)) byName.set(arrival.name, arrival);
  const phrases = [...byName.values()].map((arrival) =>
    arrival.newVersion ? `a new version of ${arrival.name}` : `a new 3D file named ${arrival.name}`,
  );
  const latest = arrivals.at(-1)?.at;
  const after = signOff.inherited
    ? `the approval carried over from the earlier order ${signOff.inherited.fromReference}`
    : SIGN_OFF_WORDS[signOff.decision];
  return `${capitalize(listWords(phrases))} arrived after ${after}${onDay(signOff.at, latest)}; the review is open again.`;
}

/**
 * " on 3 March" (UTC, the event log's clock); with the year when `since` (a later date the sentence
 * also speaks of) falls in another year. Nothing when the date is unknown (a decision being made).
 */
function onDay(at: string | undefined, since?: string): string {
  if (!at) return '';
  const date = new Date(at);
  if (Number.isNaN(date.getTime())) return '';
  const sameYear = since === undefined || new Date(since).getUTCFullYear() === date.getUTCFullYear();
  const words = date.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
    timeZone: 'UTC',
  });
  return ` on ${words}`;
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;
}

function capitalize(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** Why the production track refuses a start, a shipment or a delivery (`production.ts`). */
export const PRODUCTION_REFUSAL = {
  unknownLot: 'That lot is not part of this request; reload the page and pick one of its released lots.',
  notReleased: (status: string) =>
    `This quote is ${status}; production starts only on a lot purchasing has released through their link.`,
  sampleScope:
    'This release is for a sample, not a production lot; record the sample as shipped on the technical track instead.',
  reopened:
    'New 3D geometry arrived after the technical sign-off; production waits until the technical contact reviews it again.',
  noGoAhead: (technical: TechnicalState) =>
    `The technical contact has not given the go-ahead (${TECHNICAL_LABEL[technical].toLowerCase()}); production waits until they confirm the direction or accept the first article.`,
  alreadyStarted: 'Production of this lot is already recorded as started; record its shipments instead.',
  notStarted: 'Record production of this lot as started before recording a shipment of it.',
  wholeQuantity: 'A shipment carries a whole number of pieces, at least 1.',
  sameShipment: 'This shipment is already recorded; reload the page to see it.',
  sameTracking: 'This carrier and tracking reference are already recorded for another shipment; check the reference.',
  tooMany: (remaining: number, shipped: number) =>
    remaining === 0
      ? `Every piece of this lot has already shipped (${shipped}); nothing remains to ship.`
      : `Only ${remaining} of this lot remain to ship (${shipped} already shipped); enter ${remaining} or fewer.`,
  unknownShipment: 'That shipment is not recorded on this request; reload the page and pick one of its shipments.',
  alreadyDelivered: (day: string) => `This shipment is already recorded as delivered on ${day}.`,
  deliveryDate: 'Enter the delivery date as a calendar day.',
  deliveredBeforeShipped: (day: string) => `The delivery date is before the shipment left on ${day}; check the date.`,
} as const;
