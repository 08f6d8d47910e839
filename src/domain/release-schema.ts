/**
 * The purchasing approver's inputs on `/release/`: accept (PO number, budget code, name, job title,
 * "I am authorised"), hold and decline, each with a reason. The release island validates with these
 * (react-hook-form `zodResolver`) and the functions parse the same bodies with them.
 *
 * zod/mini like the other form schemas: the release island shares the site's bundle budget.
 */
import { z } from 'zod/mini';
import { multiLineText, singleLineText } from './text.js';

export const MAX_PO_NUMBER = 60;
export const MAX_BUDGET_CODE = 60;
export const MAX_REASON_NOTE = 2000;

/** Why purchasing puts a quote on hold. */
export const HOLD_REASONS = ['internal_sign_off', 'budget', 'quantity', 'other'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** Why purchasing declines a quote or asks for changes. */
export const DECLINE_REASONS = ['price', 'lead_time', 'quantity', 'terms', 'changes_needed', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

export const HOLD_REASON_LABEL: Record<HoldReason, string> = {
  internal_sign_off: 'Waiting for internal sign-off',
  budget: 'Waiting for budget',
  quantity: 'Quantity still being decided',
  other: 'Other reason',
};

export const DECLINE_REASON_LABEL: Record<DeclineReason, string> = {
  price: 'Price',
  lead_time: 'Lead time',
  quantity: 'Quantity',
  terms: 'Payment or shipping terms',
  changes_needed: 'Please change the quote',
  other: 'Other reason',
};

/**
 * Bookkeeping events of the accept → invoice step machine that the workflow does not fold: the
 * custom fields on the draft invoice, a Stripe fault between steps, a release Stripe refused.
 */
export const RELEASE_EVENT_TYPES = [
  'invoice_fields_set',
  'release_step_failed',
  'release_failed',
  // A purchase-order PDF the approver attached before releasing, with what reading it found.
  'po_document_added',
  // The release certificate's SHA-256, recorded when the release completes.
  'release_certificate_issued',
] as const;
export type ReleaseEventType = (typeof RELEASE_EVENT_TYPES)[number];

function text(label: string, max: number, tooLong: string) {
  return singleLineText({ label, max, tooLong, notText: `Enter ${label} as text.` });
}

export interface AcceptSchemaOptions {
  /** False when the shop allows this quote to be released without a purchase order number. */
  poRequired: boolean;
  /** True when the shop's terms ask for the PO as a PDF. */
  poDocumentRequired?: boolean | undefined;
}

/** Accept: what goes on the invoice (PO number, budget code) and who releases with what authority. */
export function acceptSchema({ poRequired, poDocumentRequired = false }: AcceptSchemaOptions) {
  return z
    .object(
      {
        poNumber: z._default(
          text('the PO number', MAX_PO_NUMBER, `Shorten the PO number to ${MAX_PO_NUMBER} characters or fewer.`),
          '',
        ),
        budgetCode: z._default(
          text(
            'the budget or project code',
            MAX_BUDGET_CODE,
            `Shorten the budget or project code to ${MAX_BUDGET_CODE} characters or fewer.`,
          ),
          '',
        ),
        name: singleLineText({
          label: 'your name',
          max: 120,
          empty: 'Enter your name as it should appear on the release.',
          tooLong: 'Shorten your name to 120 characters or fewer.',
        }),
        jobTitle: singleLineText({
          label: 'your job title',
          max: 120,
          empty: 'Enter your job title, e.g. Purchasing manager.',
          tooLong: 'Shorten the job title to 120 characters or fewer.',
        }),
        /** The PO PDF attached on the page (`POST /api/quotes/:id/po-document`), when there is one. */
        poDocumentId: z.optional(
          z
            .string({ error: 'Attach the purchase-order PDF again.' })
            .check(z.regex(/^[a-f0-9-]{36}\.pdf$/, 'Attach the purchase-order PDF again.')),
        ),
        authorised: z.literal(true, {
          error: 'Confirm that you are authorised to release this order; without it nothing is released.',
        }),
      },
      { error: 'The release arrived empty or garbled; reload the page and send it again.' },
    )
    .check(
      z.superRefine((value, ctx) => {
        if (poRequired && value.poNumber === '') {
          ctx.addIssue({
            code: 'custom',
            path: ['poNumber'],
            message: 'Enter the purchase order number; the shop needs it on the invoice.',
          });
        }
        if (poDocumentRequired && !value.poDocumentId) {
          ctx.addIssue({
            code: 'custom',
            path: ['poDocumentId'],
            message: 'Attach your purchase order as a PDF; the shop’s terms for this quote ask for it.',
          });
        }
      }),
    );
}
export type AcceptInput = z.output<ReturnType<typeof acceptSchema>>;

const note = z._default(
  multiLineText({
    label: 'the note',
    max: MAX_REASON_NOTE,
    tooLong: `Shorten the note to ${MAX_REASON_NOTE} characters or fewer.`,
    notText: 'Write the note as text.',
  }),
  '',
);

export const holdSchema = z
  .object(
    {
      reason: z.enum(HOLD_REASONS, {
        error: 'Choose why the quote is on hold: internal sign-off, budget, quantity, or another reason.',
      }),
      note,
      /** The day purchasing means to come back to it: they are reminded then (architecture §14). */
      followUpOn: z._default(
        z.string({ error: 'Enter the follow-up date as a date.' }).check(
          z.refine((value) => value === '' || isCalendarDate(value), {
            error: 'Enter the follow-up date as a date, e.g. 2026-07-01.',
          }),
        ),
        '',
      ),
    },
    { error: 'The hold arrived empty or garbled; reload the page and send it again.' },
  )
  .check(
    z.superRefine((value, ctx) => {
      if (value.reason === 'other' && value.note === '') {
        ctx.addIssue({ code: 'custom', path: ['note'], message: 'Say in a few words why the quote is on hold.' });
      }
    }),
  );
export type HoldInput = z.output<typeof holdSchema>;

/** `YYYY-MM-DD` naming a day that exists (no 31 April). */
export function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

export const declineSchema = z
  .object(
    {
      reason: z.enum(DECLINE_REASONS, {
        error: 'Choose why you decline or what should change: price, lead time, quantity, terms, or another reason.',
      }),
      note,
    },
    { error: 'The answer arrived empty or garbled; reload the page and send it again.' },
  )
  .check(
    z.superRefine((value, ctx) => {
      if ((value.reason === 'other' || value.reason === 'changes_needed') && value.note === '') {
        ctx.addIssue({
          code: 'custom',
          path: ['note'],
          message: 'Say what the shop should change, so the next revision can fit.',
        });
      }
    }),
  );
export type DeclineInput = z.output<typeof declineSchema>;

/** The words stored and mailed for a hold or decline: "Waiting for budget: Q3 budget opens 1 July". */
export function reasonWords(label: string, noteText: string): string {
  return noteText ? `${label}: ${noteText}` : label;
}

/** Same input, same fingerprint: the key the release claim compares a repeated accept with. */
export function acceptFingerprintSource(input: AcceptInput): string {
  const base = [input.poNumber, input.budgetCode, input.name.toLowerCase(), input.jobTitle.toLowerCase()];
  // A PO document joins the fingerprint only when there is one, so releases without one keep theirs.
  return JSON.stringify(input.poDocumentId ? [...base, input.poDocumentId] : base);
}

// Approval by amount (architecture §11): the schema is shared with the quote form's approver step.
export { secondApproverSchema, thresholdMinorOf, type SecondApproverInput } from './second-approver-schema.js';
