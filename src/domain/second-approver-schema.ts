/**
 * Approval by amount (architecture §11): a second purchasing approver from the customer's company and
 * the amount above which a release needs both. One schema for the release page (the first approver
 * names them, `POST /api/quotes/:id/approvers`) and the quote form's approver step (the requester
 * names them at intake, `POST /api/requests`).
 *
 * zod/mini like the other form schemas: both islands share the site's bundle budget.
 */
import { z } from 'zod/mini';
import { emailField } from './email-field.js';
import { money, toMinor } from './quote-schema.js';
import { singleLineText } from './text.js';

const JOB_TITLE_LABEL = "the second approver's job title";

export const secondApproverSchema = z.object(
  {
    name: singleLineText({
      label: "the second approver's name",
      max: 120,
      empty: "Enter the second approver's name.",
      tooLong: 'Shorten the name to 120 characters or fewer.',
    }),
    email: emailField('second approver'),
    jobTitle: z._default(
      singleLineText({
        label: JOB_TITLE_LABEL,
        max: 120,
        tooLong: 'Shorten the job title to 120 characters or fewer.',
        notText: `Enter ${JOB_TITLE_LABEL} as text.`,
      }),
      '',
    ),
    threshold: money('amount above which both of you must release'),
  },
  { error: 'The second approver arrived empty or garbled; reload the page and send it again.' },
);
export type SecondApproverInput = z.output<typeof secondApproverSchema>;

/** The threshold of a parsed second-approver form, in minor units of the shop's currency. */
export function thresholdMinorOf(input: SecondApproverInput): number {
  return toMinor(input.threshold);
}
