/**
 * The human reference of a request, e.g. `PF-2026-0042`: short enough to read out on the phone,
 * unique per year, and what customers quote in emails. The database keeps the (year, sequence) pair.
 */

/** The prefix every reference starts with. */
export const REFERENCE_PREFIX = 'PF';

/** A reference's parts. */
export type ReferenceParts = { year: number; sequence: number };

/** `PF-2026-0042` from (2026, 42); sequences past 9999 simply grow wider. */
export function formatReference({ year, sequence }: ReferenceParts): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999)
    throw new RangeError(`year must have four digits, got ${year}`);
  if (!Number.isSafeInteger(sequence) || sequence < 1)
    throw new RangeError(`sequence must be 1 or more, got ${sequence}`);
  return `${REFERENCE_PREFIX}-${year}-${String(sequence).padStart(4, '0')}`;
}

/**
 * Reads a reference as people type it ("pf-2026-42", " PF 2026 0042 ", "PF20260042" is too ambiguous
 * and refused), or undefined. Used by the shop search and by support tools.
 */
export function parseReference(text: string): ReferenceParts | undefined {
  const match = /^PF[-\s]?(\d{4})[-\s](\d{1,9})$/i.exec(text.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const sequence = Number(match[2]);
  if (year < 1000 || sequence < 1) return undefined;
  return { year, sequence };
}

/** The canonical spelling of whatever reference was typed, or undefined when it is not one. */
export function normalizeReference(text: string): string | undefined {
  const parts = parseReference(text);
  return parts ? formatReference(parts) : undefined;
}
