/**
 * The technical contact's decisions as the shop prices from them: each technical review and
 * first-article verdict read back from its event row with the schema of what
 * `review/record-technical-event.ts` stores (the decision, notes, the checklist or what was checked,
 * and the file ids), put into words with the review page's own labels. Newest first; a decision is
 * superseded when a later one of the same kind exists (the history stays, architecture §1 invariant 5).
 */
import { z } from 'zod/mini';
import type { TechnicalDecisionView } from '../../domain/contracts/inbox.js';
import { TECHNICAL_LABEL } from '../../domain/labels.js';
import {
  ANSWER_LABEL,
  CHECKLIST_QUESTIONS,
  REVIEW_DECISION_TITLE,
  UNKNOWNS,
  UNKNOWN_LABEL,
  checklistSchema,
} from '../../domain/review-schema.js';
import { parseStoredJson } from '../../domain/stored-json.js';
import { FIRST_ARTICLE_DECISIONS, REVIEW_DECISIONS } from '../../domain/workflow/vocabulary.js';
import type { EventRow } from '../db/event-log.js';
import type { FileView } from '../requests/files.js';

export type { TechnicalDecisionView };

const storedFileIds = z._default(z.array(z.string()), []);
const storedNotes = z.optional(z.string());

/** `events.payload` of a technical review: the event's decision and notes, the checklist and files beside it. */
export const storedReviewPayloadSchema = z.object({
  decision: z.enum(REVIEW_DECISIONS),
  notes: storedNotes,
  checklist: checklistSchema,
  fileIds: storedFileIds,
});

/** `events.payload` of a first-article verdict: decision and notes, what was checked, the photos. */
export const storedFirstArticlePayloadSchema = z.object({
  decision: z.enum(FIRST_ARTICLE_DECISIONS),
  notes: storedNotes,
  checked: z._default(z.array(z.enum(UNKNOWNS)), []),
  fileIds: storedFileIds,
});

const QUESTION_ORDER = ['conceptSolvesProblem', 'rightVersion', 'materialFitsEnvironment', 'sampleNeeded'] as const;

type DecisionRow = Pick<EventRow, 'id' | 'type' | 'payload' | 'createdAt' | 'actorName' | 'actorEmail'>;

export interface TechnicalDecisionsOptions {
  /** The request's event rows, oldest first (as `loadRequest` returns them). */
  events: readonly DecisionRow[];
  /** The request's files, to name the ones a decision refers to. */
  files: readonly Pick<FileView, 'id' | 'name' | 'size'>[];
}

export function technicalDecisions({ events, files }: TechnicalDecisionsOptions): TechnicalDecisionView[] {
  const decisions: TechnicalDecisionView[] = [];
  const seen = new Set<string>();
  for (const row of [...events].reverse()) {
    const view = decisionView(row, files);
    if (!view) continue;
    decisions.push({ ...view, superseded: seen.has(view.type) });
    seen.add(view.type);
  }
  return decisions;
}

function decisionView(
  row: DecisionRow,
  files: TechnicalDecisionsOptions['files'],
): Omit<TechnicalDecisionView, 'superseded'> | undefined {
  const common = (fileIds: readonly string[], notes: string | undefined) => ({
    eventId: row.id,
    at: row.createdAt.toISOString(),
    by: { ...(row.actorName ? { name: row.actorName } : {}), ...(row.actorEmail ? { email: row.actorEmail } : {}) },
    ...(notes?.trim() ? { notes: notes.trim() } : {}),
    files: fileIds.flatMap((id) => {
      const file = files.find((candidate) => candidate.id === id);
      return file ? [{ id: file.id, name: file.name, size: file.size }] : [];
    }),
  });
  if (row.type === 'technical_review') {
    const p = parseStoredJson(storedReviewPayloadSchema, row.payload, 'events.payload', row.id);
    return {
      ...common(p.fileIds, p.notes),
      type: 'technical_review',
      kindLabel: 'Technical review',
      decision: p.decision,
      decisionLabel: REVIEW_DECISION_TITLE[p.decision],
      answers: QUESTION_ORDER.map((key) => ({
        question: CHECKLIST_QUESTIONS[key],
        answer: ANSWER_LABEL[p.checklist[key]],
        attention: p.checklist[key] === 'unsure' || (key !== 'sampleNeeded' && p.checklist[key] === 'no'),
      })),
      openUnknowns: p.checklist.remainingUnknowns.map((unknown) => UNKNOWN_LABEL[unknown]),
      checked: [],
    };
  }
  if (row.type === 'first_article') {
    const p = parseStoredJson(storedFirstArticlePayloadSchema, row.payload, 'events.payload', row.id);
    return {
      ...common(p.fileIds, p.notes),
      type: 'first_article',
      kindLabel: 'First article',
      decision: p.decision,
      decisionLabel: TECHNICAL_LABEL[p.decision === 'accepted' ? 'first_article_accepted' : 'first_article_rejected'],
      answers: [],
      openUnknowns: [],
      checked: p.checked.map((unknown) => UNKNOWN_LABEL[unknown]),
    };
  }
  return undefined;
}
