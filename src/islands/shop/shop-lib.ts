/**
 * Browser-side helpers for the shop pages, DOM-free so they are unit-tested in Node: the sign-in token
 * from the link's fragment, words for groups and states, money and dates for people.
 */
import { formatMoney } from '../../domain/money.js';

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

export function day(iso: string): string {
  return iso.slice(0, 10);
}

export function dateTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

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
