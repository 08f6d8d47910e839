/**
 * The one schema for a quote request: the React form validates each step with it (react-hook-form
 * `zodResolver`) and `POST /api/requests` parses the same body with it.
 *
 * zod/mini, not classic zod: the form fetches it right after /quote/ starts (docs/architecture.md
 * §3.5), and classic zod costs ~24 KB gzip, mini ~7 KB. @hookform/resolvers 7 accepts zod/mini
 * schemas as-is.
 * Every message is a sentence a person can act on; no zod default message should ever reach a user.
 */
import { z } from 'zod/mini';
import { emailField } from './email-field.js';
import { AppError } from './errors.js';
import { FORM_ERROR_KEY, fieldErrors } from './field-errors.js';

export { FORM_ERROR_KEY, fieldErrors } from './field-errors.js';
import { secondApproverSchema, type SecondApproverInput } from './second-approver-schema.js';
import {
  addDays,
  EXAMPLE_DAYS_AHEAD,
  MAX_FILES,
  MAX_QUANTITY,
  MAX_SIZE_MM,
  MODES,
  PART_KINDS,
  PO_STATUSES,
  type PoStatus,
} from './request-fields.js';
import { findTextFault, multiLineText, singleLineText, textFaultMessage, type TextKind } from './text.js';

export { emailField, emailProblem } from './email-field.js';
// The plain values (no zod) live in request-fields.ts so the first screen of /quote/ loads without zod.
export {
  MODES,
  PART_KINDS,
  PO_STATUSES,
  HELP_ME_CHOOSE,
  MAX_SIZE_MM,
  MAX_FILES,
  MAX_QUANTITY,
  EXAMPLE_DAYS_AHEAD,
  QUANTITY_NEED,
  toOptionalNumber,
  addDays,
  type Mode,
  type PartKind,
  type PoStatus,
  type QuantityNeed,
  type QuantityField,
} from './request-fields.js';

/** What a person reads when a form arrives as something other than an object. */
export const GARBLED_FORM_MESSAGE = 'The form arrived empty or garbled; reload the page and send it again.';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const UPLOAD_ID = /^[A-Za-z0-9_-]{1,100}$/;
// Digits with the separators people actually type; anything else is most likely a typo.
const PHONE = /^$|^\+?[0-9][0-9 ()./-]{4,38}$/;

function requiredText(label: string, max: number, empty: string, tooLong: string) {
  return singleLineText({ label, max, empty, tooLong });
}

// An empty string from a form input means "not given", so it passes.
function optionalText(label: string, max: number, tooLong: string, kind: TextKind = 'single-line') {
  const options = { label, max, tooLong, notText: `Enter ${label} as text, or leave it empty.` };
  return z.optional(kind === 'multi-line' ? multiLineText(options) : singleLineText(options));
}

function dimension(label: string) {
  return z
    .number({ error: `Enter the approximate ${label} in millimetres, e.g. 120.` })
    .check(
      z.positive(`The ${label} must be more than 0 mm.`),
      z.maximum(
        MAX_SIZE_MM,
        `The ${label} must be ${MAX_SIZE_MM} mm or less; for a larger part, describe it in the problem field.`,
      ),
    );
}

function quantity(what: string) {
  const message = `Enter the ${what} as a whole number, e.g. 50, or leave it empty.`;
  return z.optional(
    z
      .number({ error: message })
      .check(
        z.int(message),
        z.minimum(1, `The ${what} must be at least 1, or leave it empty.`),
        z.maximum(MAX_QUANTITY, `The ${what} must be ${MAX_QUANTITY.toLocaleString('en')} or less.`),
      ),
  );
}

function contactFields(role: string) {
  return {
    name: requiredText(
      `the ${role}'s name`,
      120,
      `Enter the ${role}'s name.`,
      `Shorten the ${role}'s name to 120 characters or fewer.`,
    ),
    email: emailField(role),
    company: requiredText(
      `the ${role}'s company`,
      160,
      `Enter the ${role}'s company, e.g. Acme Pumps GmbH.`,
      `Shorten the company name to 160 characters or fewer.`,
    ),
    jobTitle: optionalText(`the ${role}'s job title`, 120, `Shorten the job title to 120 characters or fewer.`),
  };
}

/** Step 1: the mode on its own. */
export const modeSchema = z.enum(MODES, {
  error: 'Choose what you need now: a rough estimate, a sample, or a production quote.',
});

/** The part: what it is, what it must survive, how big it is. */
export const partSchema = z.object(
  {
    name: requiredText(
      'the part name',
      120,
      'Enter a name for the part, e.g. "Pump housing bracket".',
      'Shorten the part name to 120 characters or fewer.',
    ),
    problem: multiLineText({
      label: 'the problem description',
      max: 4000,
      empty: 'Describe the problem the part solves, e.g. "The original clip cracks after a week near the heater."',
      tooLong: 'Shorten the problem description to 4000 characters or fewer.',
    }),
    kind: z.enum(PART_KINDS, { error: 'Choose whether the part replaces an existing one or is new.' }),
    size: z.object(
      { lengthMm: dimension('length'), widthMm: dimension('width'), heightMm: dimension('height') },
      { error: 'Enter the approximate size: length, width and height in millimetres.' },
    ),
    material: requiredText(
      'the material preference',
      120,
      'Enter a material preference, e.g. PETG, or choose "Help me choose".',
      'Shorten the material preference to 120 characters or fewer.',
    ),
    environment: z.object(
      {
        heat: z.boolean({ error: 'Say whether the part is exposed to heat.' }),
        load: z.boolean({ error: 'Say whether the part carries a load.' }),
        motion: z.boolean({ error: 'Say whether the part moves or sees vibration.' }),
        outdoorUv: z.boolean({ error: 'Say whether the part is used outdoors or in sunlight.' }),
        chemicals: z.boolean({ error: 'Say whether the part touches oils, solvents or other chemicals.' }),
        notes: optionalText(
          'the environment notes',
          2000,
          'Shorten the environment notes to 2000 characters or fewer.',
          'multi-line',
        ),
      },
      { error: 'Say which conditions the part is exposed to: heat, load, motion, outdoor use, chemicals.' },
    ),
    finish: optionalText('the finish description', 300, 'Shorten the finish description to 300 characters or fewer.'),
  },
  { error: 'Describe the part: its name, the problem it solves, its size and material.' },
);

/** Quantities; which ones are required depends on the mode (see `quantityRules`). */
export const quantitiesSchema = z.object(
  {
    sample: quantity('sample quantity'),
    openingLot: quantity('opening lot'),
    total: quantity('total quantity'),
    provisional: z.boolean({ error: 'Say whether the quantity is still moving.' }),
  },
  { error: 'Enter the quantities you need.' },
);

/** Uploaded file ids from `POST /api/uploads`. */
export const fileIdsSchema = z
  .array(
    z
      .string({ error: 'A file is missing; remove it and upload it again.' })
      .check(z.regex(UPLOAD_ID, 'A file is missing; remove it and upload it again.')),
    {
      error: 'Attach files with the file picker, or leave the list empty.',
    },
  )
  .check(
    z.maxLength(MAX_FILES, `Attach at most ${MAX_FILES} files; remove some and try again.`),
    z.refine((ids) => new Set(ids).size === ids.length, 'Each file can be attached only once; remove the duplicate.'),
  );

/** The person who answers "is this the right part?". */
export const technicalContactSchema = z.object(
  {
    ...contactFields('technical contact'),
    phone: z.optional(
      z
        .string({ error: 'Enter the phone number, e.g. +49 30 1234567, or leave it empty.' })
        .check(z.trim(), z.regex(PHONE, 'Enter the phone number with digits, e.g. +49 30 1234567, or leave it empty.')),
    ),
  },
  { error: "Enter the technical contact's name, email address and company." },
);

const poStatus = z.enum(PO_STATUSES, {
  error: 'Choose the purchase order status: none yet, in progress, or issued.',
});
const poNumber = optionalText('the PO number', 60, 'Shorten the PO number to 60 characters or fewer.');

type PoFields = { poStatus: PoStatus; poNumber?: string | undefined };

// Shared by both branches so the rule "issued needs its number" is stated once.
const poNumberWhenIssued = z.superRefine<PoFields>((value, ctx) => {
  if (value.poStatus === 'issued' && !value.poNumber) {
    ctx.addIssue({
      code: 'custom',
      path: ['poNumber'],
      message: 'Enter the PO number, or choose "In progress" if it is not issued yet.',
    });
  }
});

/** The person who releases the order, when it is someone other than the technical contact. */
export const purchasingApproverSchema = z
  .object(
    { ...contactFields('approver'), poStatus, poNumber },
    { error: "Enter the approver's name, email address, company and purchase order status." },
  )
  .check(poNumberWhenIssued);

/** Only the PO facts, when the technical contact also approves the purchase. */
export const purchaseOrderSchema = z
  .object({ poStatus, poNumber }, { error: 'Choose the purchase order status: none yet, in progress, or issued.' })
  .check(poNumberWhenIssued);

/**
 * The purchasing step. `sameContactForBothRoles: true` is the requester's explicit declaration that
 * one person holds both roles (invariant 4); the approver's name, email and company then come from
 * the technical contact, and only the PO facts are asked for.
 */
export const purchasingStepSchema = z.discriminatedUnion(
  'sameContactForBothRoles',
  [
    z.object({ sameContactForBothRoles: z.literal(false), purchasingApprover: purchasingApproverSchema }),
    z.object({ sameContactForBothRoles: z.literal(true), purchasingApprover: purchaseOrderSchema }),
  ],
  { error: 'Say whether you will also approve the purchase, or name the purchasing approver.' },
);

/**
 * Optional on the approver step: orders above an amount need a second purchasing approver as well
 * (architecture §11), with the release page's own schema. Ticked, the second approver and the amount
 * are required; unticked or absent (a client that predates the box), nothing is asked or kept.
 */
export const secondApproverStepSchema = z.discriminatedUnion(
  'needsSecondApprover',
  [
    z.object({ needsSecondApprover: z.literal(true), secondApprover: secondApproverSchema }),
    z.object({ needsSecondApprover: z.optional(z.literal(false)) }),
  ],
  { error: 'Say whether orders above an amount need a second approver.' },
);

/** Options for the schemas that check the needed-by date. */
export type RequestSchemaOptions = {
  /** The earliest acceptable needed-by date, `YYYY-MM-DD`: the form passes the local date, the server `serverToday(now)`. */
  today: string;
  /**
   * How a date reads in the messages: the form passes the date picker's own format (the browser's
   * locale, e.g. 03/31/2027), so an example can be typed as shown; the server keeps `YYYY-MM-DD`.
   */
  formatDate?: ((isoDate: string) => string) | undefined;
};

/** The needed-by date: a real calendar date, not before `today`, and not absurdly far out. */
export function neededBySchema({ today, formatDate = (date) => date }: RequestSchemaOptions) {
  const latest = addYears(today, 5);
  const example = formatDate(addDays(today, EXAMPLE_DAYS_AHEAD));
  const missing = `Enter the date you need the parts by, e.g. ${example}.`;
  return z.string({ error: missing }).check(
    z.regex(ISO_DATE, missing),
    z.refine(isCalendarDate, `Enter a real calendar date, e.g. ${example}.`),
    z.refine((date) => date >= today, `Choose a date from today (${formatDate(today)}) onwards.`),
    z.refine(
      (date) => date <= latest,
      `Choose a date before ${formatDate(latest)}; for a longer horizon, say so in the problem field.`,
    ),
  );
}

type QuantityFields = { mode?: unknown; quantities?: unknown };

// Runs even when other fields are invalid (`when`), so one 422 names every problem at once; hence it
// reads its input defensively.
function quantityRules<T extends QuantityFields>() {
  return z.superRefine<T>(
    (value, ctx) => {
      const q = isRecord(value.quantities) ? value.quantities : {};
      const has = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
      if (value.mode === 'sample' && !has(q.sample)) {
        ctx.addIssue({
          code: 'custom',
          path: ['quantities', 'sample'],
          message: 'Enter how many samples you need, e.g. 2.',
        });
      }
      if (value.mode === 'production' && !has(q.total) && !has(q.openingLot)) {
        ctx.addIssue({
          code: 'custom',
          path: ['quantities', 'total'],
          message: 'Enter the total quantity or the opening lot you want quoted, e.g. 500.',
        });
      }
      if (value.mode === 'rough_estimate' && !has(q.total) && !has(q.openingLot) && !has(q.sample)) {
        ctx.addIssue({
          code: 'custom',
          path: ['quantities', 'total'],
          message: 'Enter the quantity you want priced, e.g. 100; a rough figure is fine.',
        });
      }
      if (has(q.openingLot) && has(q.total) && q.openingLot > q.total) {
        ctx.addIssue({
          code: 'custom',
          path: ['quantities', 'openingLot'],
          message: `The opening lot (${q.openingLot}) cannot be larger than the total quantity (${q.total}).`,
        });
      }
    },
    { when: (payload) => isRecord(payload.value) },
  );
}

/**
 * Step 1 of the form, what the customer needs now: the mode, the quantities (checked against the
 * mode) and the needed-by date.
 */
export function modeStepSchema(options: RequestSchemaOptions) {
  return z
    .object(
      { mode: modeSchema, quantities: quantitiesSchema, neededBy: neededBySchema(options) },
      { error: GARBLED_FORM_MESSAGE },
    )
    .check(quantityRules());
}

/** Step 2 of the form: the part itself. */
export const partStepSchema = z.object({ part: partSchema }, { error: GARBLED_FORM_MESSAGE });

/** Step 3 of the form. */
export const filesStepSchema = z.object({ fileIds: fileIdsSchema }, { error: GARBLED_FORM_MESSAGE });

/** Step 4 of the form. */
export const technicalStepSchema = z.object(
  { technicalContact: technicalContactSchema },
  { error: GARBLED_FORM_MESSAGE },
);

type RolesFields = { technicalContact?: unknown; sameContactForBothRoles?: unknown; purchasingApprover?: unknown };

// Invariant 4 at intake: one email in both roles is only allowed with the explicit declaration.
function distinctPeopleUnlessDeclared<T extends RolesFields>() {
  return z.superRefine<T>(
    (value, ctx) => {
      const technical = isRecord(value.technicalContact) ? value.technicalContact.email : undefined;
      const approver = isRecord(value.purchasingApprover) ? value.purchasingApprover.email : undefined;
      if (
        value.sameContactForBothRoles === false &&
        typeof technical === 'string' &&
        typeof approver === 'string' &&
        technical.trim() !== '' &&
        sameEmail(technical, approver)
      ) {
        ctx.addIssue({
          code: 'custom',
          path: ['purchasingApprover', 'email'],
          message:
            'This is the technical contact\'s email. If you will also approve the purchase, tick "I will also approve the purchase"; otherwise enter the approver\'s own email.',
        });
      }
    },
    { when: (payload) => isRecord(payload.value) },
  );
}

type SecondApproverFields = RolesFields & { needsSecondApprover?: unknown; secondApprover?: unknown };

// The second approver is a third person: neither the (first) purchasing approver nor the technical contact.
function secondApproverIsAnotherPerson<T extends SecondApproverFields>() {
  return z.superRefine<T>(
    (value, ctx) => {
      if (value.needsSecondApprover !== true || !isRecord(value.secondApprover)) return;
      const second = value.secondApprover.email;
      if (typeof second !== 'string' || second.trim() === '') return;
      const technical = isRecord(value.technicalContact) ? value.technicalContact.email : undefined;
      const approver =
        value.sameContactForBothRoles === true
          ? technical
          : isRecord(value.purchasingApprover)
            ? value.purchasingApprover.email
            : undefined;
      const path = ['secondApprover', 'email'];
      if (typeof approver === 'string' && sameEmail(approver, second)) {
        ctx.addIssue({ code: 'custom', path, message: SECOND_IS_FIRST });
      } else if (typeof technical === 'string' && sameEmail(technical, second)) {
        ctx.addIssue({ code: 'custom', path, message: SECOND_IS_TECHNICAL });
      }
    },
    { when: (payload) => isRecord(payload.value) },
  );
}

export const SECOND_IS_FIRST =
  "This is the purchasing approver's email. The second approver must be another person: enter their own email address.";
export const SECOND_IS_TECHNICAL =
  "This is the technical contact's email. The second approver must be another person: enter their own email address.";

/** The whole request, as the form submits it and `POST /api/requests` receives it. */
export function createRequestSchema(options: RequestSchemaOptions) {
  const base = z.object(
    {
      clientDraftId: z.uuid({ error: 'The form lost its draft id; reload the page and submit again.' }),
      mode: modeSchema,
      part: partSchema,
      quantities: quantitiesSchema,
      neededBy: neededBySchema(options),
      fileIds: fileIdsSchema,
      technicalContact: technicalContactSchema,
    },
    { error: 'The request arrived empty or garbled; fill in the form and submit it again.' },
  );
  const whole = z.intersection(
    z.intersection(base.check(quantityRules()), purchasingStepSchema),
    secondApproverStepSchema,
  );
  return whole.check(
    distinctPeopleUnlessDeclared<z.output<typeof whole>>(),
    secondApproverIsAnotherPerson<z.output<typeof whole>>(),
  );
}

/** The per-step schemas in form order, so the form can validate the step it shows. */
export function stepSchemas(options: RequestSchemaOptions) {
  return {
    mode: modeStepSchema(options),
    part: partStepSchema,
    files: filesStepSchema,
    technical: technicalStepSchema,
    purchasing: purchasingStepSchema,
  } as const;
}

/** The parsed request: what the server stores. */
export type QuoteRequest = z.output<ReturnType<typeof createRequestSchema>>;
/** What the form holds before parsing (react-hook-form's field values). */
export type QuoteRequestInput = z.input<ReturnType<typeof createRequestSchema>>;
/**
 * The form's field values: every field the form can hold at once, whichever way the "I will also
 * approve the purchase" box is ticked (`QuoteRequestInput` is a union, awkward for `useForm`).
 */
export type QuoteFormValues = Omit<
  QuoteRequestInput,
  'sameContactForBothRoles' | 'purchasingApprover' | 'needsSecondApprover' | 'secondApprover'
> & {
  sameContactForBothRoles: boolean;
  needsSecondApprover: boolean;
  secondApprover: {
    name?: string | undefined;
    email?: string | undefined;
    jobTitle?: string | undefined;
    threshold?: string | undefined;
  };
  purchasingApprover: {
    name?: string | undefined;
    email?: string | undefined;
    company?: string | undefined;
    jobTitle?: string | undefined;
    poStatus: PoStatus;
    poNumber?: string | undefined;
  };
};
/** A form step's name. */
export type StepName = keyof ReturnType<typeof stepSchemas>;

/** A contact as stored: both roles resolve to this shape. */
export type Contact = {
  name: string;
  email: string;
  company: string;
  jobTitle?: string | undefined;
  phone?: string | undefined;
};

/** The purchasing approver as a person, whether named separately or declared to be the technical contact. */
export function approverContact(request: QuoteRequest): Contact & PoFields {
  if (request.sameContactForBothRoles) {
    const { name, email, company, jobTitle, phone } = request.technicalContact;
    return { name, email, company, jobTitle, phone, ...request.purchasingApprover };
  }
  return request.purchasingApprover;
}

/** The second approver the requester named at intake, when orders above an amount need one (§11). */
export function intakeSecondApprover(request: QuoteRequest): SecondApproverInput | undefined {
  return request.needsSecondApprover === true ? request.secondApprover : undefined;
}

/**
 * True for any zod 4 error, classic or mini. `instanceof ZodError` from classic 'zod' is FALSE for
 * errors thrown by these (zod/mini) schemas, so servers must test with this instead.
 */
export function isSchemaError(error: unknown): error is z.core.$ZodError {
  return error instanceof z.core.$ZodError;
}

/**
 * Parses or throws `AppError('VALIDATION')` with `fields`, so a function's 422 needs no zod knowledge.
 *
 * Two guarantees on top of the schema, for any schema (the unit tests keep our own schemas from
 * needing them): a problem the schema has no message for gets a plain one naming the field instead
 * of zod's default, and text the schema let through that PostgreSQL cannot store (a NUL, a broken
 * character; `findTextFault`) is refused rather than reaching the database.
 */
export function parseOrThrow<S extends z.ZodMiniType>(schema: S, data: unknown): z.output<S> {
  const result = schema.safeParse(data, { error: fallbackMessage });
  if (!result.success) throw new AppError('VALIDATION', undefined, { fields: fieldErrors(result.error) });
  const fault = findTextFault(result.data);
  if (fault) {
    const key = fault.path.length === 0 ? FORM_ERROR_KEY : fault.path.join('.');
    throw new AppError('VALIDATION', undefined, { fields: { [key]: textFaultMessage('this field', fault.fault) } });
  }
  return result.data;
}

function fallbackMessage(issue: { readonly path?: readonly PropertyKey[] | undefined }): string {
  const path = issue.path ?? [];
  if (path.length === 0) return GARBLED_FORM_MESSAGE;
  const key = [...path].reverse().find((part): part is string => typeof part === 'string');
  const words = key ? key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase() : 'this list';
  return `Check the "${words}" field: it is missing or not in the form we expect.`;
}

/**
 * The server's `today` for the needed-by check: the date at UTC−12, the last place on Earth where
 * a day is still going, so nobody's own "today" is refused because the server runs on UTC.
 */
export function serverToday(now: Date): string {
  return new Date(now.getTime() - 12 * 60 * 60 * 1000).toISOString().slice(0, 10);
}

/** Emails compare case-insensitively and without surrounding spaces. */
export function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isCalendarDate(date: string): boolean {
  const parsed = new Date(`${date}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === date;
}

function addYears(date: string, years: number): string {
  const year = Number(date.slice(0, 4));
  return `${String(year + years).padStart(4, '0')}${date.slice(4)}`;
}
