/**
 * The words of the release page, kept out of the component so they are unit-tested: what the
 * technical track means for this release, what each revision state allows, and money.
 */
import type {
  ApprovalsView,
  ApproverView,
  QuoteReleaseView,
  QuoteRevisionView,
} from '../../domain/contracts/quote-view.js';
import { formatMoney } from '../../domain/money.js';

/** The technical track in plain words, for the person who releases the order. */
export function technicalWords(state: string): { text: string; tone: 'ok' | 'wait' } {
  switch (state) {
    case 'direction_confirmed':
      return { text: 'Technical review confirmed the direction: once you release, the shop can produce.', tone: 'ok' };
    case 'first_article_accepted':
      return { text: 'The first article was accepted: once you release, the shop can produce.', tone: 'ok' };
    case 'awaiting_review':
      return {
        text: 'Technical review is still pending: you can release now, production waits for it.',
        tone: 'wait',
      };
    case 'sample_required':
      return {
        text: 'The technical contact asked for a sample first: you can release now, production waits for an accepted sample.',
        tone: 'wait',
      };
    case 'sample_in_progress':
      return {
        text: 'A sample is with the technical contact: you can release now, production waits for their verdict.',
        tone: 'wait',
      };
    case 'changes_requested':
      return {
        text: 'The technical contact asked for changes: you can release now, production waits until they are settled.',
        tone: 'wait',
      };
    case 'first_article_rejected':
      return {
        text: 'The first article was rejected: you can release now, production waits for a sample the technical contact accepts.',
        tone: 'wait',
      };
    default:
      return { text: 'The technical track is in progress; production waits for it.', tone: 'wait' };
  }
}

/** Whether the revision can still be decided here, and if not, why, in words. */
export function decidable(view: Pick<QuoteRevisionView, 'status' | 'expiresAt'>, now: Date): string | null {
  if (new Date(view.expiresAt) <= now)
    return 'This quote has expired, so it can no longer be released. Ask the shop for a new revision; it comes with a new link.';
  switch (view.status) {
    case 'open':
    case 'on_hold':
      return null;
    case 'accepted':
      return 'This quote is released.';
    case 'declined':
      return 'You declined this quote. The shop can send a revised one.';
    case 'superseded':
      return 'A newer revision replaced this quote. Open the link in the newest quote email.';
    case 'canceled':
      return 'The shop canceled this quote. Ask the shop for a current quote.';
    default:
      return 'This quote can no longer be decided here.';
  }
}

export function money(minor: number, currency: string): string {
  return formatMoney(minor, currency);
}

export function validUntil(iso: string): string {
  return new Date(iso).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** The page's heading: what the approver is here to do, or what they did. */
export function releaseHeading(view: Pick<QuoteReleaseView, 'status' | 'partName' | 'release'>): string {
  if (view.release || view.status === 'accepted') return `Order released: ${view.partName}`;
  if (view.status === 'declined') return `Quote declined: ${view.partName}`;
  if (view.status === 'open' || view.status === 'on_hold') return `Release the order: ${view.partName}`;
  return `Quote for ${view.partName}`;
}

/**
 * What the release form starts from: the name, job title and PO number given with the request; for
 * the second approver their own name, and the PO number of a release that waits for this one.
 */
export function acceptDefaults(
  approver: ApproverView,
  approvals?: Pick<ApprovalsView, 'viewer' | 'rule' | 'waitingPoNumber'>,
) {
  const second = approvals?.viewer === 'second' ? approvals.rule?.secondApprover : undefined;
  return {
    poNumber: approvals?.waitingPoNumber ?? (second ? '' : (approver.poNumber ?? '')),
    budgetCode: '',
    name: second?.name ?? approver.name,
    jobTitle: (second ? second.jobTitle : approver.jobTitle) ?? '',
    authorised: false,
  };
}

/** The PO field's hint, from what the request said about the purchase order. */
export function poHint(approver: Pick<ApproverView, 'poStatus' | 'poNumber'>, waitingPoNumber?: string): string {
  if (waitingPoNumber) return 'The PO the other approver released under; both releases use the same number.';
  if (approver.poNumber) return 'From your request. Change it if the invoice needs another number.';
  if (approver.poStatus === 'in_progress')
    return 'Your request said the PO was in progress: enter its number as it should appear on the invoice.';
  return 'As it should appear on the invoice, e.g. PO-4411.';
}

/** "400 pcs remain for later lots" when the order is released lot by lot, else null. */
export function laterLotsWords(lots: QuoteRevisionView['lots']): string | null {
  if (lots.planned === undefined) return null;
  const later = lots.laterLots ?? lots.remaining ?? 0;
  return `of a planned ${lots.planned} pcs (provisional; ${later} pcs remain for later lots, each released separately)`;
}

/** "1 December 2026, 14:05 UTC": when a decision was made. */
export function decidedAt(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const day = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const time = date.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit', timeZone: 'UTC' });
  return `${day}, ${time} UTC`;
}
