/**
 * The mails of a new request: one per role (once when one person holds both) and the shop's. They
 * are written to the outbox in the request's own transaction and delivered after the commit, so a
 * stored request always gets its links out (architecture §10).
 */
import { initialWorkflowState } from '../../domain/workflow/transitions.js';
import { approverContact, intakeSecondApprover, type QuoteRequest } from '../../domain/request-schema.js';
import { formatMoney } from '../../domain/money.js';
import { thresholdMinorOf } from '../../domain/second-approver-schema.js';
import { site } from '../../domain/site.js';
import { getConfig } from '../config.js';
import type { QueuedMail } from '../mail/outbox.js';
import {
  approverNoteMail,
  bothRolesMail,
  shopNotificationMail,
  technicalReviewMail,
  type IntakeMailFacts,
} from '../mail/templates/intake.js';
import { requestHandoffNote } from '../requests/handoff.js';
import { MODE_LABEL } from '../../domain/labels.js';

export interface IntakeMailsOptions {
  reference: string;
  /** The request's id, for the shop's link to it; read from the review link when not given. */
  requestId?: string;
  input: QuoteRequest;
  links: { reviewUrl: string; submitterStatusUrl: string; approverStatusUrl: string };
}

export function intakeMails(options: IntakeMailsOptions): QueuedMail[] {
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
  const second = intakeSecondApprover(input);
  const facts: IntakeMailFacts = {
    reference,
    partName: input.part.name,
    modeLabel: MODE_LABEL[input.mode],
    handoffNote: requestHandoffNote(state),
    technical: input.technicalContact,
    purchasing: approver,
    secondApprover: second && {
      name: second.name,
      email: second.email,
      threshold: formatMoney(thresholdMinorOf(second), site.currency),
    },
  };
  const config = getConfig();
  const requestId = options.requestId ?? new URL(links.reviewUrl).searchParams.get('id') ?? '';
  const customers: QueuedMail[] = input.sameContactForBothRoles
    ? [
        {
          recipient: 'the technical contact and purchasing approver',
          message: bothRolesMail({ ...facts, reviewUrl: links.reviewUrl, statusUrl: links.submitterStatusUrl }),
        },
      ]
    : [
        { recipient: 'the technical contact', message: technicalReviewMail({ ...facts, reviewUrl: links.reviewUrl }) },
        {
          recipient: 'the purchasing approver',
          message: approverNoteMail({ ...facts, statusUrl: links.approverStatusUrl }),
        },
      ];
  return [
    ...customers.map((mail) => ({ ...mail, announce: true })),
    {
      recipient: 'the shop',
      message: shopNotificationMail({
        ...facts,
        to: config.shopNotifyEmail,
        requestUrl: `${config.siteUrl}/shop/request/?id=${encodeURIComponent(requestId)}`,
        fileCount: input.fileIds.length,
        neededBy: input.neededBy,
        sameContactForBothRoles: input.sameContactForBothRoles,
        material: input.part.material,
        quantities: input.quantities,
        poStatus: input.purchasingApprover.poStatus,
        poNumber: input.purchasingApprover.poNumber,
      }),
    },
  ];
}
