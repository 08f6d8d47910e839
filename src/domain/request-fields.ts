/**
 * The plain values of a quote request that the form shows before anything is validated: modes,
 * kinds, limits, which quantities a mode needs, and two small helpers. No zod here: /quote/'s first
 * screen imports these, and the schema (request-schema.ts, which re-exports them) loads only when a
 * step is checked (docs/architecture.md §3.5).
 */
/** What the customer asks for now; drives which quantities are required. */
export const MODES = ['rough_estimate', 'sample', 'production'] as const;
export type Mode = (typeof MODES)[number];

/** Whether the part replaces an existing one or is new. */
export const PART_KINDS = ['replacement', 'new'] as const;
export type PartKind = (typeof PART_KINDS)[number];

/** Where the purchase order stands when the request is made. */
export const PO_STATUSES = ['none', 'in_progress', 'issued'] as const;
export type PoStatus = (typeof PO_STATUSES)[number];

/** The material value meaning "the shop should recommend one". */
export const HELP_ME_CHOOSE = 'help_me_choose';

/** The largest edge the shop prints, and the most files one request carries. */
export const MAX_SIZE_MM = 2000;
export const MAX_FILES = 10;
export const MAX_QUANTITY = 1_000_000;

/** How many days after today the needed-by examples point: a date a person could really choose. */
export const EXAMPLE_DAYS_AHEAD = 30;

/** Which quantity a mode asks for: one that must be given, one of a set, or one that may be left empty. */
export type QuantityNeed = 'required' | 'one_of' | 'optional';
export type QuantityField = 'sample' | 'openingLot' | 'total';

/**
 * The quantities each mode needs, as the form labels them and `quantityRules` enforces them: a
 * sample request must say how many samples; a production quote needs the total or the opening lot;
 * a rough estimate needs any one figure.
 */
export const QUANTITY_NEED: Record<Mode, Record<QuantityField, QuantityNeed>> = {
  sample: { sample: 'required', openingLot: 'optional', total: 'optional' },
  production: { sample: 'optional', openingLot: 'one_of', total: 'one_of' },
  rough_estimate: { sample: 'one_of', openingLot: 'one_of', total: 'one_of' },
};

/**
 * A number input's value → number, or undefined when empty, for react-hook-form's `setValueAs`.
 * Garbage becomes NaN (not undefined) so the schema names the field instead of silently dropping it.
 */
export function toOptionalNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return value === null || value === undefined ? undefined : Number.NaN;
  const text = value.trim();
  return text === '' ? undefined : Number(text);
}

/** `YYYY-MM-DD` plus whole days, on the calendar (no time zone involved). */
export function addDays(date: string, days: number): string {
  const parsed = new Date(`${date}T00:00:00Z`);
  parsed.setUTCDate(parsed.getUTCDate() + days);
  return parsed.toISOString().slice(0, 10);
}
