/**
 * The mails of a new request, sent after the commit. Each mail is independent: one failing does not
 * stop the others, nothing is thrown (the request is already safe), and the outcome is recorded as
 * events so the status page and the shop see whether the links went out.
 */
import { initialWorkflowState } from '../../domain/workflow.js';
import { approverContact, type QuoteRequest } from '../../domain/request-schema.js';
import { getConfig } from '../config.js';
import { sendMail, type MailMessage } from '../mail/index.js';
import {
  approverNoteMail,
  bothRolesMail,
  shopNotificationMail,
  technicalReviewMail,
  type IntakeMailFacts,
} from '../mail/templates/intake.js';
import { recordEvent } from './events.js';
import { requestHandoffNote } from './handoff.js';
import { MODE_LABEL } from './labels.js';

export interface SendIntakeMailsOptions {
  requestId: string;
  reference: string;
  input: QuoteRequest;
  links: { reviewUrl: string; submitterStatusUrl: string; approverStatusUrl: string };
  /** A mail that takes longer than this counts as failed for the event log (it may still arrive). */
  timeoutMs?: number;
}

type Recipient =
  'the technical contact' | 'the purchasing approver' | 'the technical contact and purchasing approver' | 'the shop';

export async function sendIntakeMails(options: SendIntakeMailsOptions): Promise<void> {
  const { input, links, reference } = options;
  const approver = approverContact(input);
  const state = initialWorkflowState({
    mode: input.mode,
    roles: {
      technicalEmail: input.technicalContact.email,
      purchasingEmail: approver.email,
      sameContactForBothRoles: input.sameContactForBothRoles,
    },
  });
  const facts: IntakeMailFacts = {
    reference,
    partName: input.part.name,
    modeLabel: MODE_LABEL[input.mode],
    handoffNote: requestHandoffNote(state),
    technical: input.technicalContact,
    purchasing: approver,
  };
  const config = getConfig();
  const mails: [Recipient, MailMessage][] = input.sameContactForBothRoles
    ? [
        [
          'the technical contact and purchasing approver',
          bothRolesMail({ ...facts, reviewUrl: links.reviewUrl, statusUrl: links.submitterStatusUrl }),
        ],
      ]
    : [
        ['the technical contact', technicalReviewMail({ ...facts, reviewUrl: links.reviewUrl })],
        ['the purchasing approver', approverNoteMail({ ...facts, statusUrl: links.approverStatusUrl })],
      ];
  mails.push([
    'the shop',
    shopNotificationMail({
      ...facts,
      to: config.shopNotifyEmail,
      shopUrl: `${config.siteUrl}/shop/`,
      fileCount: input.fileIds.length,
      neededBy: input.neededBy,
      sameContactForBothRoles: input.sameContactForBothRoles,
    }),
  ]);

  const timeoutMs = options.timeoutMs ?? 15_000;
  const outcomes = await Promise.allSettled(mails.map(([, message]) => withTimeout(sendMail(message), timeoutMs)));
  const sent: Recipient[] = [];
  const failures: { recipient: Recipient; error: unknown }[] = [];
  outcomes.forEach((outcome, index) => {
    const recipient = mails[index]![0];
    if (outcome.status === 'fulfilled') sent.push(recipient);
    else failures.push({ recipient, error: outcome.reason });
  });

  try {
    const customers = sent.filter((recipient) => recipient !== 'the shop');
    if (customers.length > 0) {
      await recordEvent({
        requestId: options.requestId,
        type: 'links_sent',
        role: 'system',
        payload: { recipients: customers },
      });
    }
    for (const failure of failures) {
      console.error(`${reference}: mail to ${failure.recipient} failed:`, failure.error);
      await recordEvent({
        requestId: options.requestId,
        type: 'mail_failed',
        role: 'system',
        payload: { recipient: failure.recipient, error: errorText(failure.error) },
      });
    }
  } catch (error) {
    console.error(`${reference}: could not record the mail outcome:`, error);
  }
}

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`mail not accepted within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
