/**
 * The technical track's decisions (technical review, sample shipped, first article), committed
 * through the one decision path (architecture §11): the files a decision refers to must belong to
 * the request, the commercial track is never touched (invariant 3), nothing here talks to Stripe,
 * and the mails an event causes are queued in its transaction (architecture §10). A sign-off names
 * the request's 3D files by hash as they are at the moment of the decision (invariant 7).
 */
import { and, eq, inArray } from '../db/orm.js';
import { AppError } from '../../domain/errors.js';
import type { WorkflowState } from '../../domain/workflow/state.js';
import { trackOf, openRevision, readyForProduction } from '../../domain/workflow/views.js';
import type { TechnicalEventResult } from '../../domain/contracts/technical-event-result.js';
import type { Actor, CoveredFile, WorkflowEvent } from '../../domain/workflow/vocabulary.js';
import { getConfig } from '../config.js';
import type { Tx } from '../db/index.js';
import { files } from '../db/schema.js';
import type { RequestMeta } from '../http/request-meta.js';
import { verifyLink } from '../links/index.js';
import { deliverOutbox, type QueuedMail } from '../mail/outbox.js';
import {
  decisionApproverMail,
  decisionShopMail,
  type DecisionKind,
  type DecisionMailFacts,
} from '../mail/templates/review-decision.js';
import { commitDecision, type CommittedDecision, type Decision } from '../requests/commit-decision.js';
import type { EventRow } from '../db/event-log.js';
import { requestHandoffNote } from '../requests/handoff.js';
import { COMMERCIAL_LABEL, TECHNICAL_LABEL } from '../../domain/labels.js';
import { isUuid, type LoadedRequest } from '../requests/load-request.js';

export interface RecordTechnicalEventOptions {
  requestId: string;
  /** Builds the event from the locked, freshly loaded request (e.g. the actor from its contacts). */
  build: (loaded: LoadedRequest) => Decision;
  /** Files the decision refers to; each must already belong to this request. */
  fileIds?: readonly string[];
  meta?: RequestMeta | undefined;
  now?: Date;
  /** Turns the domain's refusal into the words this action needs, when they differ. */
  refusalMessage?: (code: string, message: string, state: WorkflowState) => string;
  /** The mails this event causes, written to the outbox in its transaction (not for a repeat). */
  mails?: (tx: Tx, recorded: CommittedDecision) => QueuedMail[] | Promise<QueuedMail[]>;
}

export interface RecordedTechnicalEvent {
  row: EventRow;
  /** The request as it was before this event (contacts, files, prior events). */
  before: LoadedRequest;
  state: WorkflowState;
  /** True when this exact event was already the latest one: nothing was appended. */
  repeated: boolean;
  /** Outbox rows written with the event, for `deliverOutbox` after the commit. */
  mailIds: string[];
}

const FILE_IDS_MESSAGE = 'A file is missing or belongs to another request; remove it and upload it again.';
const NOT_FOUND_MESSAGE = 'There is no request at this address. Check the link in your email.';

export async function recordTechnicalEvent(options: RecordTechnicalEventOptions): Promise<RecordedTechnicalEvent> {
  const outcome = await commitDecision({
    requestId: options.requestId,
    notFoundMessage: NOT_FOUND_MESSAGE,
    meta: options.meta,
    now: options.now,
    refusalMessage: options.refusalMessage,
    decide: async (loaded, tx) => {
      await assertFilesBelong(tx, options.requestId, options.fileIds ?? []);
      const decision = options.build(loaded);
      if (trackOf(decision.event) !== 'technical') throw new Error(`${decision.event.type} is not a technical event`);
      return decision;
    },
    mails: options.mails,
  });
  // A technical repeat is always the latest technical event, so its row exists.
  if (!outcome.row) throw new Error('a technical repeat without its event');
  return {
    row: outcome.row,
    before: outcome.before,
    state: outcome.state,
    repeated: outcome.repeated,
    mailIds: outcome.repeated ? [] : outcome.mailIds,
  };
}

async function assertFilesBelong(tx: Tx, requestId: string, fileIds: readonly string[]): Promise<void> {
  if (fileIds.length === 0) return;
  const found = await tx
    .select({ id: files.id })
    .from(files)
    .where(and(inArray(files.id, [...fileIds]), eq(files.requestId, requestId)));
  if (found.length !== new Set(fileIds).size) {
    throw new AppError('VALIDATION', undefined, { fields: { fileIds: FILE_IDS_MESSAGE } });
  }
}

export type { TechnicalEventResult };

export function technicalEventResult({ row, before, state, repeated }: RecordedTechnicalEvent): TechnicalEventResult {
  return {
    eventId: row.id,
    type: row.type,
    recordedAt: row.createdAt.toISOString(),
    repeated,
    supersedes: before.events.some((earlier) => earlier.type === row.type && earlier.id < row.id),
    technical: { state: state.technical, label: TECHNICAL_LABEL[state.technical] },
    commercial: { state: state.commercial, label: COMMERCIAL_LABEL[state.commercial] },
    readyForProduction: readyForProduction(state),
    handoffNote: requestHandoffNote(state),
  };
}

export interface DecisionMailsOptions {
  recorded: Pick<CommittedDecision, 'before' | 'state'>;
  kind: DecisionKind;
  notes?: string | undefined;
  fileIds: readonly string[];
}

/** The shop's and the purchasing approver's mails for a technical contact's decision. */
export function decisionMails({ recorded, kind, notes, fileIds }: DecisionMailsOptions): QueuedMail[] {
  const { before, state } = recorded;
  const config = getConfig();
  const facts: DecisionMailFacts = {
    reference: before.request.reference,
    partName: before.details.part.name,
    kind,
    decidedBy: { name: before.technical.name, company: before.technical.company },
    notes,
    fileNames: before.files.filter((file) => fileIds.includes(file.id)).map((file) => file.name),
    handoffNote: requestHandoffNote(state),
    purchasing: { name: before.purchasing.name, email: before.purchasing.email },
    sameContactForBothRoles: before.request.sameContactForBothRoles,
    supersedes: before.events.some((row) => row.type === kind.type),
    quoteOpen: openRevision(state) !== undefined,
  };
  return [
    {
      recipient: 'the shop',
      message: decisionShopMail({
        ...facts,
        to: config.shopNotifyEmail,
        shopUrl: `${config.siteUrl}/shop/request/?id=${encodeURIComponent(before.request.id)}`,
      }),
    },
    { recipient: 'the purchasing approver', message: decisionApproverMail(facts) },
  ];
}

/** What both technical decision forms carry besides the decision itself. */
interface DecisionInput {
  notes?: string | undefined;
  fileIds: readonly string[];
}

export interface RecordTechnicalDecisionOptions<I extends DecisionInput> {
  requestId: string;
  token: string | undefined;
  body: unknown;
  meta: RequestMeta;
  now?: Date;
  /** Parses the body; runs only once the link is known to be a technical link for this request. */
  parse: (body: unknown) => I;
  /** The decision in the mails' terms; its facts besides type and decision are stored with the event. */
  kind: (input: I) => DecisionKind;
  refusalMessage?: RecordTechnicalEventOptions['refusalMessage'];
}

/**
 * The technical contact's decision through their link (technical review, first article): check the
 * link, record the event, tell the shop and purchasing once, and answer with both tracks.
 */
export async function recordTechnicalDecision<I extends DecisionInput>(
  options: RecordTechnicalDecisionOptions<I>,
): Promise<TechnicalEventResult> {
  const { requestId, meta, now } = options;
  const link = await verifyLink({ token: options.token, purposes: ['technical'], now });
  if (!isUuid(requestId) || link.requestId !== requestId) {
    throw new AppError(
      'UNAUTHENTICATED',
      'This link belongs to another request. Open the link from the email about this one.',
    );
  }
  const input = options.parse(options.body);
  const kind = options.kind(input);
  const notes = input.notes || undefined;
  const { type: _type, decision: _decision, ...facts } = kind;

  const recorded = await recordTechnicalEvent({
    requestId,
    fileIds: input.fileIds,
    meta,
    now,
    build: (loaded) => ({
      event: decisionEvent(
        kind,
        { role: 'technical', name: loaded.technical.name, email: link.recipientEmail },
        notes,
        coveredFiles(loaded),
      ),
      details: { ...facts, fileIds: input.fileIds },
    }),
    refusalMessage: options.refusalMessage,
    mails: (_tx, recorded) => decisionMails({ recorded, kind, notes, fileIds: input.fileIds }),
  });
  await deliverOutbox({ ids: recorded.mailIds, now });
  return technicalEventResult(recorded);
}

// One branch per type keeps the event a checked member of the WorkflowEvent union. Only a sign-off
// names the files it covered: the other outcomes approve no geometry (architecture §1, invariant 7).
function decisionEvent(
  kind: DecisionKind,
  actor: Actor,
  notes: string | undefined,
  files: CoveredFile[],
): WorkflowEvent {
  return kind.type === 'technical_review'
    ? {
        type: kind.type,
        actor,
        decision: kind.decision,
        notes,
        ...(kind.decision === 'direction_confirmed' ? { covers: files } : {}),
      }
    : {
        type: kind.type,
        actor,
        decision: kind.decision,
        notes,
        ...(kind.decision === 'accepted' ? { covers: files } : {}),
      };
}

/**
 * The request's 3D files as the locked, freshly loaded request holds them: every one the technical
 * contact could see when deciding, including any they uploaded with the decision. A file stored
 * before files kept their hash cannot be named by it and is left out.
 */
function coveredFiles(loaded: LoadedRequest): CoveredFile[] {
  return loaded.files.flatMap((file) =>
    file.kind === 'cad' && file.sha256 ? [{ fileId: file.id, name: file.name, sha256: file.sha256 }] : [],
  );
}
