/**
 * The inputs of the technical contact's decisions: the review (fit checklist + decision) and the
 * first-article verdict, plus the shop's "sample shipped" record. The review island validates with
 * these (react-hook-form `zodResolver`) and the functions parse the same bodies with them.
 *
 * zod/mini like request-schema.ts: the review island shares the form's bundle budget. Every message
 * is a sentence a person can act on.
 */
import { z } from 'zod/mini';
import { multiLineText, singleLineText } from './text.js';
import { FIRST_ARTICLE_DECISIONS, REVIEW_DECISIONS, type ReviewDecision } from './workflow/vocabulary.js';
import { TECHNICAL_LABEL } from './labels.js';

/** The unknowns the checklist asks about: what only a physical part or a test can settle. */
export const UNKNOWNS = ['fit', 'finish', 'load', 'heat', 'motion', 'installation'] as const;
export type Unknown = (typeof UNKNOWNS)[number];

/** A checklist answer; "not sure" is honest and allowed. */
export const ANSWERS = ['yes', 'no', 'unsure'] as const;
export type Answer = (typeof ANSWERS)[number];

/** Files added with one decision (markups, photos of the sample). */
export const MAX_DECISION_FILES = 10;
export const MAX_NOTES = 4000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function answer(question: string) {
  return z.enum(ANSWERS, { error: `Answer: ${question}` });
}

const notesSchema = z.optional(
  multiLineText({
    label: 'the notes',
    max: MAX_NOTES,
    tooLong: `Shorten the notes to ${MAX_NOTES} characters or fewer.`,
    notText: `Write the notes as text, up to ${MAX_NOTES} characters.`,
  }),
);

/** Files uploaded through the review page (`POST /api/uploads` with the technical link). */
export const decisionFileIdsSchema = z._default(
  z
    .array(
      z
        .string({ error: 'A file is missing; remove it and upload it again.' })
        .check(z.regex(UUID, 'A file is missing; remove it and upload it again.')),
      { error: 'Attach files with the file picker, or leave the list empty.' },
    )
    .check(
      z.maxLength(MAX_DECISION_FILES, `Attach at most ${MAX_DECISION_FILES} files; remove some and try again.`),
      z.refine((ids) => new Set(ids).size === ids.length, 'Each file can be attached only once; remove the duplicate.'),
    ),
  [],
);

/** The fit checklist: the questions a technical contact answers before deciding. */
export const checklistSchema = z.object(
  {
    conceptSolvesProblem: answer('does the part concept solve the actual problem?'),
    rightVersion: answer('do the screenshots or dimensions point at the right version?'),
    materialFitsEnvironment: answer('does the material fit the environment?'),
    sampleNeeded: z.enum(['yes', 'no'], {
      error: 'Answer: is a sample needed before quantity production?',
    }),
    remainingUnknowns: z._default(
      z.array(z.enum(UNKNOWNS, { error: 'Choose unknowns from the list.' }), {
        error: 'Choose the unknowns that remain, or none.',
      }),
      [],
    ),
  },
  { error: 'Answer the fit checklist before deciding.' },
);
export type Checklist = z.output<typeof checklistSchema>;

type ReviewShape = { decision?: unknown; notes?: unknown; checklist?: unknown };

// A decision that contradicts its own checklist would mislead the shop; say which answer to change.
const decisionMatchesChecklist = z.superRefine<ReviewShape>(
  (value, ctx) => {
    const checklist = value.checklist as Partial<Checklist> | undefined;
    const notes = typeof value.notes === 'string' ? value.notes.trim() : '';
    if (value.decision === 'changes_requested' && notes === '') {
      ctx.addIssue({
        code: 'custom',
        path: ['notes'],
        message: 'Say what needs to change, so the shop can act on it.',
      });
    }
    if (!checklist) return;
    if (value.decision === 'direction_confirmed') {
      if (checklist.conceptSolvesProblem === 'no') {
        ctx.addIssue({
          code: 'custom',
          path: ['decision'],
          message:
            'You answered that the concept does not solve the problem: choose "Changes needed", or change that answer.',
        });
      } else if (checklist.rightVersion === 'no') {
        ctx.addIssue({
          code: 'custom',
          path: ['decision'],
          message:
            'You answered that the files point at the wrong version: choose "Changes needed", or change that answer.',
        });
      } else if (checklist.sampleNeeded === 'yes') {
        ctx.addIssue({
          code: 'custom',
          path: ['decision'],
          message:
            'You answered that a sample is needed before quantity production: choose "Sample first", or change that answer.',
        });
      }
    }
    if (value.decision === 'sample_required' && checklist.sampleNeeded === 'no') {
      ctx.addIssue({
        code: 'custom',
        path: ['checklist', 'sampleNeeded'],
        message: 'You chose "Sample first": answer yes here, or choose another decision.',
      });
    }
  },
  { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
);

/** `POST /api/requests/:id/technical-review`. Who decides comes from the link, never from the body. */
export const technicalReviewSchema = z
  .object(
    {
      decision: z.enum(REVIEW_DECISIONS, {
        error: 'Choose a decision: direction confirmed, sample first, or changes needed.',
      }),
      checklist: checklistSchema,
      notes: notesSchema,
      fileIds: decisionFileIdsSchema,
    },
    { error: 'The review arrived empty or garbled; fill in the checklist and decide again.' },
  )
  .check(decisionMatchesChecklist);
export type TechnicalReviewInput = z.output<typeof technicalReviewSchema>;

/** `POST /api/requests/:id/first-article`: the verdict on a shipped sample. */
export const firstArticleSchema = z
  .object(
    {
      decision: z.enum(FIRST_ARTICLE_DECISIONS, { error: 'Choose whether you accept or reject the sample.' }),
      /** What was checked on the physical part. */
      checked: z._default(
        z.array(z.enum(UNKNOWNS, { error: 'Choose what you checked from the list.' }), {
          error: 'Choose what you checked on the sample, or none.',
        }),
        [],
      ),
      notes: notesSchema,
      fileIds: decisionFileIdsSchema,
    },
    { error: 'The verdict arrived empty or garbled; choose accept or reject and send it again.' },
  )
  .check(
    z.superRefine((value, ctx) => {
      if (value.decision === 'rejected' && (value.notes ?? '').trim() === '') {
        ctx.addIssue({
          code: 'custom',
          path: ['notes'],
          message: 'Say what is wrong with the sample, so the shop can fix it.',
        });
      }
    }),
  );
export type FirstArticleInput = z.output<typeof firstArticleSchema>;

/** The shop's record of a shipped sample (the shop inbox's button posts this). */
export const sampleShippedSchema = z.object(
  {
    trackingReference: z.optional(
      singleLineText({
        label: 'the tracking reference',
        max: 120,
        tooLong: 'Shorten the tracking reference to 120 characters or fewer.',
        notText: 'Enter the tracking reference as text.',
      }),
    ),
    carrier: z.optional(
      singleLineText({
        label: 'the carrier',
        max: 80,
        tooLong: 'Shorten the carrier name to 80 characters or fewer.',
        notText: 'Enter the carrier as text.',
      }),
    ),
    note: notesSchema,
  },
  { error: 'The shipment details arrived empty or garbled; reload the page and send them again.' },
);
export type SampleShippedInput = z.output<typeof sampleShippedSchema>;

/** How each review decision reads in a heading, a mail subject and on a button. */
export const REVIEW_DECISION_TITLE: Record<ReviewDecision, string> = {
  direction_confirmed: TECHNICAL_LABEL.direction_confirmed,
  sample_required: 'Sample first',
  changes_requested: 'Changes needed',
};

export const UNKNOWN_LABEL: Record<Unknown, string> = {
  fit: 'Fit',
  finish: 'Finish',
  load: 'Load',
  heat: 'Heat',
  motion: 'Motion',
  installation: 'Installation',
};

export const ANSWER_LABEL: Record<Answer, string> = { yes: 'Yes', no: 'No', unsure: 'Not sure' };

/** The checklist questions in page order, shared by the page, the mails and the event summary. */
export const CHECKLIST_QUESTIONS: Record<Exclude<keyof Checklist, 'remainingUnknowns'>, string> = {
  conceptSolvesProblem: 'Does the part concept solve the actual problem?',
  rightVersion: 'Do the screenshots or dimensions point at the right version?',
  materialFitsEnvironment: 'Does the material fit the environment?',
  sampleNeeded: 'Is a sample needed before quantity production?',
};
