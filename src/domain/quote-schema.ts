/**
 * The shop's input schemas for firm quotes, revisions, cancels and rough estimates: the shop pages
 * validate with them (react-hook-form `zodResolver`) and the functions parse the same bodies.
 * zod/mini for the same bundle reasons as the request form. Money is typed as people type it
 * ("12.50", "12,50") and converted to minor units with `parseMajor` on both sides.
 */
import { z } from 'zod/mini';
import { parseMajor } from './money.js';
import { site } from './site.js';
import { multiLineText, singleLineText } from './text.js';
import { QUOTE_SCOPES } from './workflow/vocabulary.js';

const QUOTE_GARBLED = 'The quote arrived empty or garbled; reload the page and send it again.';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function text(label: string, max: number, empty: string) {
  return singleLineText({ label, max, empty, tooLong: `Shorten this to ${max} characters.` });
}

function optionalText(label: string, max: number, kind: 'single-line' | 'multi-line' = 'single-line') {
  const options = { label, max, tooLong: `Shorten this to ${max} characters.`, notText: `Enter ${label} as text.` };
  return z.optional(kind === 'multi-line' ? multiLineText(options) : singleLineText(options));
}

function whole(what: string, min: number, max: number) {
  const message = `Enter the ${what} as a whole number from ${min} to ${max.toLocaleString('en')}.`;
  return z.number({ error: message }).check(z.int(message), z.minimum(min, message), z.maximum(max, message));
}

/** An amount as typed, in major units of the shop's currency: "12.50", "12,50", "1,234.50". */
export function money(what: string) {
  const message = `Enter the ${what} as an amount, e.g. 12.50.`;
  return z.string({ error: message }).check(
    z.trim(),
    z.refine((value) => (parseMajor(value, site.currency) ?? -1) >= 0, message),
  );
}

/** Minor units of a typed amount that the schema already accepted. */
export function toMinor(value: string): number {
  const minor = parseMajor(value, site.currency);
  if (minor === undefined || minor < 0) throw new RangeError(`not an amount: ${value}`);
  return minor;
}

export const quoteLineSchema = z.object(
  {
    description: text('the line description', 250, 'Describe the line, e.g. "Pump housing bracket, PETG".'),
    quantity: whole('line quantity', 1, 1_000_000),
    unitPrice: money('unit price'),
  },
  { error: 'Describe each line with a description, a quantity and a unit price.' },
);
export type QuoteLineInput = z.infer<typeof quoteLineSchema>;

/** A firm quote or a revision of one: what the purchasing approver will release. */
export const quoteFormSchema = z.object(
  {
    /** Generated once per form, so a double click or a retry issues one quote (our revision id). */
    draftId: z
      .string({ error: 'Reload the page and try again.' })
      .check(z.regex(UUID, 'Reload the page and try again.')),
    scope: z.enum(QUOTE_SCOPES, {
      error: 'Choose what this quote releases: sample, opening lot, full batch or additional lot.',
    }),
    /** Parts this quote releases (the lot), which the request counts as quoted and later released. */
    quantity: whole('quantity this quote releases', 1, 1_000_000),
    lines: z
      .array(quoteLineSchema, { error: 'Add at least one line.' })
      .check(z.minLength(1, 'Add at least one line.'), z.maxLength(20, 'A quote has at most 20 lines.')),
    leadTimeDays: whole('lead time in working days', 1, 365),
    shippingTerms: text(
      'the shipping terms',
      200,
      'Enter the shipping terms, e.g. "DAP your site, shipping included".',
    ),
    paymentTermsDays: whole('payment terms (net days)', 0, 120),
    validDays: whole('validity in days', 1, 90),
    note: optionalText('the note', 300),
    /**
     * Lets purchasing release without a purchase order number (e.g. customers who release by signature
     * or budget code). Absent means the release page requires a PO number.
     */
    poOptional: z._default(
      z.boolean({ error: 'Set "release without a PO number" (poOptional) to true or false.' }),
      false,
    ),
    /** The release page asks for the buyer's purchase-order PDF before it releases. */
    poDocumentRequired: z._default(
      z.boolean({ error: 'Set "PO document required" (poDocumentRequired) to true or false.' }),
      false,
    ),
  },
  { error: QUOTE_GARBLED },
);
export type QuoteFormInput = z.infer<typeof quoteFormSchema>;

export const cancelQuoteSchema = z.object(
  { reason: optionalText('the reason', 300) },
  { error: 'The cancel arrived empty or garbled; reload the page and try again.' },
);
export type CancelQuoteInput = z.infer<typeof cancelQuoteSchema>;

/**
 * A rough estimate as staff adjust and send it: a range and a lead time, never an order. Every field
 * is what the customer reads; the proposal's internal costing (domain/pricing.ts `internal`) has no
 * field here, so an unknown key such as `internal` is dropped, never stored or mailed.
 */
export const estimateFormSchema = z
  .object(
    {
      /** Generated once per form, so a double click or a retry sends the estimate once. */
      sendId: z
        .string({ error: 'Reload the page and try again.' })
        .check(z.regex(UUID, 'Reload the page and try again.')),
      quantity: whole('quantity', 1, 1_000_000),
      low: money('lower end of the range'),
      high: money('upper end of the range'),
      leadDaysMin: whole('shortest lead time in working days', 1, 365),
      leadDaysMax: whole('longest lead time in working days', 1, 365),
      material: text('the material', 120, 'Enter the material the estimate assumes.'),
      assumptions: z
        .array(
          singleLineText({
            label: 'each assumption for the customer',
            max: 300,
            tooLong: 'Shorten each assumption to 300 characters.',
            notText: 'Write each assumption as text.',
          }),
          { error: 'List the assumptions one per line, or leave the list empty.' },
        )
        .check(z.maxLength(20, 'List at most 20 assumptions.')),
      note: optionalText('the note', 1000, 'multi-line'),
    },
    { error: 'The estimate arrived empty or garbled; reload the page and send it again.' },
  )
  .check(
    z.refine((value) => (parseMajor(value.high, site.currency) ?? 0) >= (parseMajor(value.low, site.currency) ?? 0), {
      path: ['high'],
      message: 'The upper end must be at least the lower end.',
    }),
    z.refine((value) => value.leadDaysMax >= value.leadDaysMin, {
      path: ['leadDaysMax'],
      message: 'The longest lead time must be at least the shortest.',
    }),
  );
export type EstimateFormInput = z.infer<typeof estimateFormSchema>;

/** Tracking details for "sample shipped" are the review engineer's `sampleShippedSchema`. */

/** Which contact gets a fresh link. */
export const resendLinksSchema = z.object(
  { role: z.enum(['technical', 'purchasing'], { error: 'Choose whose link to resend.' }) },
  { error: 'Choose whose link to resend.' },
);
export type ResendLinksInput = z.infer<typeof resendLinksSchema>;

/** Sum of line totals in minor units. */
export function quoteTotalMinor(lines: readonly QuoteLineInput[]): number {
  return lines.reduce((sum, line) => sum + toMinor(line.unitPrice) * line.quantity, 0);
}
