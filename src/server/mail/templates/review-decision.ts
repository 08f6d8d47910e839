/**
 * The mails a technical decision sends: one to the shop (act on it) and one to the purchasing
 * approver (for awareness only). Both carry the handoff note and say plainly what the decision does
 * NOT authorise (architecture §1): a technical thumbs-up is not a commercial green light.
 */
import { TECHNICAL_LABEL } from '../../../domain/labels.js';
import {
  ANSWER_LABEL,
  CHECKLIST_QUESTIONS,
  REVIEW_DECISION_TITLE,
  UNKNOWN_LABEL,
  type Checklist,
  type Unknown,
} from '../../../domain/review-schema.js';
import type { FirstArticleDecision, ReviewDecision } from '../../../domain/workflow/vocabulary.js';
import type { MailMessage } from '../index.js';
import { html, mailLayout, type SafeHtml } from '../html.js';
import { customerMessage, noteFor, shopMessage } from '../frame.js';

export type DecisionKind =
  | { type: 'technical_review'; decision: ReviewDecision; checklist: Checklist }
  | { type: 'first_article'; decision: FirstArticleDecision; checked: readonly Unknown[] };

export interface DecisionMailFacts {
  reference: string;
  partName: string;
  kind: DecisionKind;
  /** The technical contact who decided. */
  decidedBy: { name: string; company: string };
  notes?: string | undefined;
  fileNames: readonly string[];
  /** The note after the decision. */
  handoffNote: string;
  purchasing: { name: string; email: string };
  sameContactForBothRoles: boolean;
  /** True when an earlier decision of the same kind is superseded by this one. */
  supersedes: boolean;
  /** A quote revision is open for purchasing right now. */
  quoteOpen: boolean;
}

/** "Direction confirmed", "First article accepted", … */
export function decisionTitle(kind: DecisionKind): string {
  if (kind.type === 'technical_review') return REVIEW_DECISION_TITLE[kind.decision];
  return TECHNICAL_LABEL[kind.decision === 'accepted' ? 'first_article_accepted' : 'first_article_rejected'];
}

/** What the decision does not authorise, and who can; every decision mail and the page use these words. */
export function notAuthorisedSentences(
  facts: Pick<DecisionMailFacts, 'kind' | 'purchasing' | 'sameContactForBothRoles' | 'decidedBy'>,
  /** Who reads it: the purchasing approver's own mail says "you". */
  reader: 'shop' | 'purchasing' = 'shop',
): string[] {
  const what =
    facts.kind.type === 'technical_review'
      ? 'This is technical feedback, not an order release.'
      : 'This verdict on the sample is technical feedback, not an order release.';
  const who =
    reader === 'purchasing'
      ? facts.sameContactForBothRoles
        ? 'You also hold the purchasing role (declared on the request), but this decision does not release anything: the release is a separate, explicit step on the quote, through your purchasing link.'
        : 'Only you can release the order, by accepting a quote through your own purchasing link.'
      : facts.sameContactForBothRoles
        ? `${facts.decidedBy.name} also holds the purchasing role (declared on the request), but this decision does not release anything: the release is a separate, explicit step on the quote, through the purchasing link.`
        : `Only ${facts.purchasing.name} (purchasing approver) can release the order, by accepting a quote through their own purchasing link.`;
  return [
    what,
    'It does not accept a price, quantity, delivery date or terms, and it does not authorise production or invoicing.',
    who,
  ];
}

function checklistLines(kind: DecisionKind): string[] {
  if (kind.type === 'first_article') {
    const checked = kind.checked.map((u) => UNKNOWN_LABEL[u].toLowerCase());
    return [`Checked on the sample: ${checked.length ? checked.join(', ') : 'not stated'}`];
  }
  const c = kind.checklist;
  const unknowns = c.remainingUnknowns.map((u) => UNKNOWN_LABEL[u].toLowerCase());
  return [
    `${CHECKLIST_QUESTIONS.conceptSolvesProblem} ${ANSWER_LABEL[c.conceptSolvesProblem]}`,
    `${CHECKLIST_QUESTIONS.rightVersion} ${ANSWER_LABEL[c.rightVersion]}`,
    `${CHECKLIST_QUESTIONS.materialFitsEnvironment} ${ANSWER_LABEL[c.materialFitsEnvironment]}`,
    `${CHECKLIST_QUESTIONS.sampleNeeded} ${ANSWER_LABEL[c.sampleNeeded]}`,
    `Unknowns that remain: ${unknowns.length ? unknowns.join(', ') : 'none'}`,
  ];
}

function subjectText(value: string, max = 60): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function body(
  facts: DecisionMailFacts,
  reader: 'shop' | 'purchasing',
  intro: string,
  extra: string[],
): { text: string; html: SafeHtml } {
  const title = decisionTitle(facts.kind);
  const limits = notAuthorisedSentences(facts, reader);
  const note =
    reader === 'shop'
      ? facts.handoffNote
      : noteFor(facts.handoffNote, facts.sameContactForBothRoles ? 'both_roles' : 'purchasing');
  const lines = checklistLines(facts.kind);
  const text = [
    intro,
    '',
    `Decision: ${title}${facts.supersedes ? ' (replaces the earlier decision; the history stays on the status page)' : ''}`,
    ...lines.map((line) => `- ${line}`),
    ...(facts.notes ? ['', 'Notes:', facts.notes] : []),
    ...(facts.fileNames.length ? ['', `Files added: ${facts.fileNames.join(', ')}`] : []),
    '',
    `What this does not authorise: ${limits.join(' ')}`,
    '',
    `Where things stand: ${note}`,
    ...(extra.length ? ['', ...extra] : []),
  ].join('\n');
  const markup = html`<p>${intro}</p>
    <p>
      <strong>Decision: ${title}</strong>${
        facts.supersedes ? ' (replaces the earlier decision; the history stays on the status page)' : ''
      }
    </p>
    <ul>
      ${lines.map((line) => html`<li>${line}</li>`)}
    </ul>
    ${
      facts.notes
        ? html`<p><strong>Notes:</strong></p>
            <p style="white-space:pre-line">${facts.notes}</p>`
        : ''
    }
    ${facts.fileNames.length ? html`<p>Files added: ${facts.fileNames.join(', ')}</p>` : ''}
    <p style="border:2px solid #b45309;padding:.5rem .75rem;border-radius:.3rem">
      <strong>What this does not authorise:</strong> ${limits.join(' ')}
    </p>
    <p style="border-left:4px solid #c9d1da;padding-left:.75rem"><strong>Where things stand:</strong> ${note}</p>
    ${extra.map((line) => html`<p>${line}</p>`)}`;
  return { text, html: markup };
}

/** To the shop: the decision to act on, and the reminder that production still needs the release. */
export function decisionShopMail(
  facts: DecisionMailFacts & {
    to: string;
    /** The request's page in the shop. */
    shopUrl: string;
  },
): MailMessage {
  const title = decisionTitle(facts.kind);
  const subject = `${facts.reference}: ${title} by ${subjectText(facts.decidedBy.name, 40)}`;
  const intro = `${facts.decidedBy.name} (${facts.decidedBy.company}), the technical contact, recorded a decision on ${facts.reference} (${facts.partName}).`;
  const { text, html: markup } = body(facts, 'shop', intro, [
    'Do not start production or invoice on the strength of this decision alone; wait for the purchasing release in the portal.',
    `Open the request: ${facts.shopUrl}`,
  ]);
  return shopMessage({
    to: facts.to,
    subject,
    text,
    html: mailLayout(
      subject,
      html`<h1 style="font-size:1.3rem">${subject}</h1>
        ${markup}`,
    ),
  });
}

/** To the purchasing approver, for awareness: nothing is asked of them by this decision. */
export function decisionApproverMail(facts: DecisionMailFacts): MailMessage {
  const title = decisionTitle(facts.kind);
  const subject = `${facts.reference}: technical update (${title}), for your information`;
  const intro = facts.sameContactForBothRoles
    ? `Hello ${facts.purchasing.name}, you recorded a technical decision on ${facts.reference} (${facts.partName}). As you hold both roles, this note confirms what it does and does not do.`
    : `Hello ${facts.purchasing.name}, ${facts.decidedBy.name}, the technical contact, recorded a technical decision on ${facts.reference} (${facts.partName}). This is for your information; nothing is asked of you by it.`;
  const { text, html: markup } = body(facts, 'purchasing', intro, [
    facts.quoteOpen
      ? 'A quote is open for your decision: use the link in the quote email to release it, put it on hold or decline it.'
      : 'When the shop sends a quote, you will get a separate email with your own link to release it, put it on hold or decline it.',
  ]);
  return customerMessage({
    to: facts.purchasing.email,
    subject,
    text,
    html: mailLayout(
      subject,
      html`<h1 style="font-size:1.3rem">${facts.reference}: technical update</h1>
        ${markup}`,
    ),
  });
}
