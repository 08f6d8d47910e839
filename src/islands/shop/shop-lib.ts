/**
 * Browser-side helpers for the shop pages, DOM-free so they are unit-tested in Node: the sign-in token
 * from the link's fragment, words for groups and states, money, dates, lots and part facts for people.
 */
import type { ShopRequestView } from '../../domain/contracts/inbox.js';
import { formatMoney } from '../../domain/money.js';
import type { QuoteRequest } from '../../domain/request-schema.js';
import { formatDate, formatDateTime, type DateFormatOptions } from '../lib/format.js';

/** The sign-in token in `#token=…`, or null. */
export function signInTokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token !== null && /^[A-Za-z0-9_-]{16,200}$/.test(token) ? token : null;
}

export const GROUP_TITLE: Record<'shop' | 'technical' | 'purchasing' | 'none', string> = {
  shop: 'Waiting on the shop',
  technical: 'Waiting on the technical contact',
  purchasing: 'Waiting on the purchasing approver',
  none: 'Nothing pending',
};

export const GROUP_ORDER = ['shop', 'technical', 'purchasing', 'none'] as const;

export function money(minor: number, currency: string): string {
  return formatMoney(minor, currency);
}

/** A day in the reader's locale and zone, as the customer pages show it. */
export function day(iso: string, options?: DateFormatOptions): string {
  return formatDate(iso, options);
}

/** A moment in the reader's locale and zone, as the customer pages show it. */
export function dateTime(iso: string, options?: DateFormatOptions): string {
  return formatDateTime(iso, options);
}

/**
 * The production lots in words: "Planned 500 (provisional) · Quoted and open 50 · Released 0 of 500 ·
 * 500 remaining". Without a planned total there is nothing to count down from, so only what is known.
 */
export function lotWords(lots: ShopRequestView['lots'], provisional: boolean): string {
  const parts =
    lots.planned === undefined
      ? ['Planned total not given', `Quoted and open ${lots.openQuoted}`, `Released ${lots.released}`]
      : [
          `Planned ${lots.planned}${provisional ? ' (provisional)' : ''}`,
          `Quoted and open ${lots.openQuoted}`,
          `Released ${lots.released} of ${lots.planned}`,
          `${lots.remaining ?? Math.max(0, lots.planned - lots.released)} remaining`,
        ];
  return parts.join(' · ');
}

type Part = QuoteRequest['part'];
type Condition = Exclude<keyof Part['environment'], 'notes'>;

const CONDITION_WORDS: Record<Condition, string> = {
  heat: 'heat',
  load: 'load',
  motion: 'motion or vibration',
  outdoorUv: 'outdoor use or sunlight (UV)',
  chemicals: 'oils, solvents or chemicals',
};

/** "a, b and c" */
function listWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** Every fact the customer gave about the part, in the order the quote form asks, as label and words. */
export function partFacts(part: Part): { label: string; value: string }[] {
  const conditions = (Object.keys(CONDITION_WORDS) as Condition[]).filter((key) => part.environment[key]);
  const exposed = conditions.map((key) => CONDITION_WORDS[key]);
  const environmentNotes = part.environment.notes?.trim();
  const finish = part.finish?.trim();
  return [
    { label: 'Problem', value: part.problem },
    { label: 'Replacement or new', value: part.kind === 'replacement' ? 'Replaces an existing part' : 'A new part' },
    { label: 'Size', value: `${part.size.lengthMm} × ${part.size.widthMm} × ${part.size.heightMm} mm` },
    { label: 'Material', value: part.material === 'help_me_choose' ? 'Help me choose' : part.material },
    {
      label: 'Environment',
      value: exposed.length
        ? `Exposed to ${listWords(exposed)}`
        : 'None of heat, load, motion, outdoor use or chemicals',
    },
    ...(environmentNotes ? [{ label: 'Environment notes', value: environmentNotes }] : []),
    { label: 'Finish', value: finish || 'Not specified' },
  ];
}

/** Technical states in which a sample is what the shop works on. */
const SAMPLE_STATES: readonly string[] = ['sample_required', 'sample_in_progress', 'first_article_rejected'];

export interface SampleRelease {
  /** Purchasing released a quote for a sample. */
  released: boolean;
  /** What is still missing for the sample, when it matters on this request. */
  missing?: string;
}

/** Whether purchasing released a sample, and what is still missing when a sample is in play. */
export function sampleRelease(view: Pick<ShopRequestView, 'lots' | 'quotes' | 'mode' | 'technical'>): SampleRelease {
  if (view.lots.lots.some((lot) => lot.scope === 'sample')) return { released: true };
  const sampleQuotes = view.quotes.filter((quote) => quote.scope === 'sample');
  const relevant = view.mode === 'sample' || SAMPLE_STATES.includes(view.technical.state) || sampleQuotes.length > 0;
  if (!relevant) return { released: false };
  const open = sampleQuotes.find((quote) => quote.status === 'open' || quote.status === 'on_hold');
  return {
    released: false,
    missing: open
      ? `A purchasing release of the sample quote (revision ${open.revision}) before the sample ships.`
      : 'A sample quote released by purchasing: none yet, so shipping the sample now is at the shop’s own cost.',
  };
}

/** The question the "sample shipped" action asks when purchasing has not released a sample. */
export const SHIP_WITHOUT_RELEASE =
  'No purchasing release for a sample yet: no sample quote has been accepted by purchasing. Ship anyway?';

/** The inbox query string for the filters, leaving out empty ones. */
export function inboxQuery(filters: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value.trim() !== '') params.set(key, value.trim());
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A fresh id for a quote form, so a double click or retry is the same revision on the server. */
export function newDraftId(): string {
  return crypto.randomUUID();
}

/** "1 request", "3 requests". */
export function countWords(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** A wait in words: hours under two days, whole days after; a dash when nothing waits. */
export function waitWords(hours: number | null): string {
  if (hours === null) return '–';
  if (hours < 48) return countWords(hours, 'hour');
  return countWords(Math.floor(hours / 24), 'day');
}

/** A conversion share as a whole percentage, or "No estimates yet" when nothing was offered. */
export function conversionWords(share: number | null): string {
  return share === null ? 'No estimates yet' : `${Math.round(share * 100)} %`;
}
