/**
 * The two decisions the technical contact makes on this page: the technical review (fit checklist,
 * decision, notes, markups) and the first-article verdict (accept or reject, notes, photos). Each is
 * validated with the same zod schema the function parses with, and posted with the technical link.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState } from 'react';
import { useForm, type FieldValues, type Path, type Resolver, type UseFormReturn } from 'react-hook-form';
import {
  ANSWER_LABEL,
  ANSWERS,
  CHECKLIST_QUESTIONS,
  firstArticleSchema,
  REVIEW_DECISION_TITLE,
  technicalReviewSchema,
  UNKNOWN_LABEL,
  UNKNOWNS,
} from '../../domain/review-schema';
import { ApiError, apiFetch } from '../lib/api';
import { ChoiceGroup, ErrorSummary, messageAt, NotesField, type SummaryItem } from './controls';
import {
  emptyFirstArticleValues,
  emptyReviewValues,
  FIRST_ARTICLE_FIELD_ORDER,
  orderedErrors,
  REVIEW_FIELD_ORDER,
  type FirstArticleFormValues,
  type ReviewFormValues,
} from './logic';
import { UploadField, useUploads, type Uploads } from './uploads';

/** What both functions answer (see TechnicalEventResult on the server). */
export type DecisionResult = {
  eventId: number;
  type: string;
  recordedAt: string;
  repeated: boolean;
  supersedes: boolean;
  technical: { state: string; label: string };
  commercial: { state: string; label: string };
  readyForProduction: boolean;
  handoffNote: string;
};

export type DecisionFormProps = {
  requestId: string;
  token: string;
  /** Called after the function recorded the decision. */
  onDecided: (result: DecisionResult) => void;
  /** Called when the link stopped working (401), so the page can explain how to get a fresh one. */
  onLinkProblem: (error: ApiError) => void;
  /** Whether a decision of this kind already exists (the button then says it replaces it). */
  replaces: boolean;
};

function useDecisionSubmit<V extends FieldValues>(options: {
  form: UseFormReturn<V>;
  uploads: Uploads;
  path: string;
  token: string;
  order: readonly string[];
  empty: V;
  onDecided: (result: DecisionResult) => void;
  onLinkProblem: (error: ApiError) => void;
}) {
  const { form, uploads, path, token, order, empty, onDecided, onLinkProblem } = options;
  const [sending, setSending] = useState(false);
  const [summary, setSummary] = useState<SummaryItem[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const problemRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (summary.length > 0) summaryRef.current?.focus();
  }, [summary]);
  useEffect(() => {
    if (problem) problemRef.current?.focus();
  }, [problem]);

  const showErrors = (fields: Record<string, string>) => setSummary(orderedErrors(fields, order));

  const onSubmit = form.handleSubmit(
    async (values) => {
      setProblem(null);
      if (uploads.busy) {
        setProblem('Wait until the uploads have finished, then send your decision.');
        return;
      }
      setSummary([]);
      setSending(true);
      try {
        const { data } = await apiFetch<DecisionResult>({
          path,
          method: 'POST',
          token,
          body: { ...values, fileIds: uploads.ids },
        });
        uploads.reset();
        form.reset(empty);
        onDecided(data);
      } catch (error) {
        const failure = error instanceof ApiError ? error : new ApiError(0, 'UNKNOWN', String(error));
        if (failure.status === 401) onLinkProblem(failure);
        else if (failure.status === 422 && Object.keys(failure.fields).length > 0) {
          for (const [field, message] of Object.entries(failure.fields)) {
            form.setError(field as Path<V>, { type: 'server', message });
          }
          showErrors(failure.fields);
        } else setProblem(failure.message);
      } finally {
        setSending(false);
      }
    },
    (errors) => {
      const fields: Record<string, string> = {};
      for (const path of order) {
        const message = messageAt(errors, path);
        if (message) fields[path] = message;
      }
      showErrors(fields);
    },
  );

  return { onSubmit, sending, summary, summaryRef, problem, problemRef };
}

function SubmitRow({
  sending,
  label,
  problem,
  problemRef,
  scopeId,
}: {
  scopeId: string;
  sending: boolean;
  label: string;
  problem: string | null;
  problemRef: React.RefObject<HTMLParagraphElement | null>;
}) {
  return (
    <>
      {problem && (
        <p className="field-error review-problem" role="alert" tabIndex={-1} ref={problemRef}>
          {problem}
        </p>
      )}
      <div className="form-nav">
        <button type="submit" className="button" disabled={sending} aria-describedby={scopeId}>
          {sending ? (
            <>
              <span className="spinner" aria-hidden="true" /> Sending…
            </>
          ) : (
            label
          )}
        </button>
      </div>
    </>
  );
}

const ANSWER_OPTIONS = ANSWERS.map((value) => ({ value, label: ANSWER_LABEL[value] }));
const UNKNOWN_OPTIONS = UNKNOWNS.map((value) => ({ value, label: UNKNOWN_LABEL[value] }));

export function TechnicalReviewForm({ requestId, token, onDecided, onLinkProblem, replaces }: DecisionFormProps) {
  const form = useForm<ReviewFormValues>({
    defaultValues: emptyReviewValues(),
    // zod/mini's input type is not the form's (radios hold null until chosen); the schema checks the values.
    resolver: zodResolver(technicalReviewSchema) as unknown as Resolver<ReviewFormValues>,
    shouldFocusError: false,
    reValidateMode: 'onChange',
  });
  const uploads = useUploads(token);
  const submit = useDecisionSubmit({
    form,
    uploads,
    path: `/api/requests/${encodeURIComponent(requestId)}/technical-review`,
    token,
    order: REVIEW_FIELD_ORDER,
    empty: emptyReviewValues(),
    onDecided,
    onLinkProblem,
  });
  const errors = form.formState.errors;
  const decision = form.watch('decision');
  const f = 'review';
  return (
    <form
      className="review-form"
      noValidate
      onSubmit={(event) => void submit.onSubmit(event)}
      aria-labelledby="review-form-title"
    >
      <h2 id="review-form-title">{replaces ? 'Change your technical decision' : 'Your technical review'}</h2>
      {replaces && (
        <p className="hint">
          A new decision replaces the current one for the shop; the earlier one stays in the history.
        </p>
      )}
      <ErrorSummary form={f} items={submit.summary} ref={submit.summaryRef} />

      <h3>Fit checklist</h3>
      {(['conceptSolvesProblem', 'rightVersion', 'materialFitsEnvironment'] as const).map((key) => (
        <ChoiceGroup
          key={key}
          form={f}
          path={`checklist.${key}`}
          legend={CHECKLIST_QUESTIONS[key]}
          type="radio"
          inline
          options={ANSWER_OPTIONS}
          registration={form.register(`checklist.${key}`)}
          error={messageAt(errors, `checklist.${key}`)}
        />
      ))}
      <ChoiceGroup
        form={f}
        path="checklist.sampleNeeded"
        legend={CHECKLIST_QUESTIONS.sampleNeeded}
        type="radio"
        inline
        options={[
          { value: 'yes', label: 'Yes' },
          { value: 'no', label: 'No' },
        ]}
        registration={form.register('checklist.sampleNeeded')}
        error={messageAt(errors, 'checklist.sampleNeeded')}
      />
      <ChoiceGroup
        form={f}
        path="checklist.remainingUnknowns"
        legend="Which unknowns remain?"
        hint="Tick every one a drawing cannot settle; leave all empty if none."
        type="checkbox"
        inline
        options={UNKNOWN_OPTIONS}
        registration={form.register('checklist.remainingUnknowns')}
        error={messageAt(errors, 'checklist.remainingUnknowns')}
      />

      <h3>Decision</h3>
      <ChoiceGroup
        form={f}
        path="decision"
        legend="What should the shop do?"
        type="radio"
        options={[
          {
            value: 'direction_confirmed',
            label: REVIEW_DECISION_TITLE.direction_confirmed,
            hint: 'The part and direction are right. Production still waits for the purchasing release.',
          },
          {
            value: 'sample_required',
            label: REVIEW_DECISION_TITLE.sample_required,
            hint: 'Make a sample first; you accept or reject it here before any quantity is produced.',
          },
          {
            value: 'changes_requested',
            label: REVIEW_DECISION_TITLE.changes_requested,
            hint: 'Something must change before anything is made; say what in the notes.',
          },
        ]}
        registration={form.register('decision')}
        error={messageAt(errors, 'decision')}
      />
      <NotesField
        form={f}
        label="Notes for the shop"
        hint="What to keep, what to change, dimensions to check. Required for “Changes needed”."
        registration={form.register('notes')}
        error={messageAt(errors, 'notes')}
        required={decision === 'changes_requested'}
      />
      <UploadField
        id="review-fileIds"
        label="Screenshots or markups"
        hint="PNG, JPEG or WebP markups and CAD files (STL, 3MF, STEP), up to 4 MB each."
        uploads={uploads}
        error={messageAt(errors, 'fileIds')}
      />
      <p id="review-scope" className="notice">
        Sending this records a technical decision only. It does not release an order.
      </p>
      <SubmitRow
        sending={submit.sending}
        scopeId="review-scope"
        label={replaces ? 'Send the new decision' : 'Send my decision'}
        problem={submit.problem}
        problemRef={submit.problemRef}
      />
    </form>
  );
}

export function FirstArticleForm({ requestId, token, onDecided, onLinkProblem, replaces }: DecisionFormProps) {
  const form = useForm<FirstArticleFormValues>({
    defaultValues: emptyFirstArticleValues(),
    resolver: zodResolver(firstArticleSchema) as unknown as Resolver<FirstArticleFormValues>,
    shouldFocusError: false,
    reValidateMode: 'onChange',
  });
  const uploads = useUploads(token);
  const submit = useDecisionSubmit({
    form,
    uploads,
    path: `/api/requests/${encodeURIComponent(requestId)}/first-article`,
    token,
    order: FIRST_ARTICLE_FIELD_ORDER,
    empty: emptyFirstArticleValues(),
    onDecided,
    onLinkProblem,
  });
  const errors = form.formState.errors;
  const decision = form.watch('decision');
  const f = 'first-article';
  return (
    <form
      className="review-form"
      noValidate
      onSubmit={(event) => void submit.onSubmit(event)}
      aria-labelledby="fa-form-title"
    >
      <h2 id="fa-form-title">{replaces ? 'Change your verdict on the sample' : 'Your verdict on the sample'}</h2>
      <p className="hint">Check the physical part where it will be used, then accept or reject it.</p>
      <ErrorSummary form={f} items={submit.summary} ref={submit.summaryRef} />
      <ChoiceGroup
        form={f}
        path="checked"
        legend="What did you check on the sample?"
        hint="Tick what you tried; it tells the shop what the verdict covers."
        type="checkbox"
        inline
        options={UNKNOWN_OPTIONS}
        registration={form.register('checked')}
        error={messageAt(errors, 'checked')}
      />
      <ChoiceGroup
        form={f}
        path="decision"
        legend="Does the sample work?"
        type="radio"
        options={[
          {
            value: 'accepted',
            label: 'Accept the first article',
            hint: 'The physical part works. Production still waits for the purchasing release.',
          },
          {
            value: 'rejected',
            label: 'Reject the first article',
            hint: 'It does not work yet; say what is wrong so the shop can fix it.',
          },
        ]}
        registration={form.register('decision')}
        error={messageAt(errors, 'decision')}
      />
      <NotesField
        form={f}
        label="Notes for the shop"
        hint="What worked and what did not. Required when you reject the sample."
        registration={form.register('notes')}
        error={messageAt(errors, 'notes')}
        required={decision === 'rejected'}
      />
      <UploadField
        id="first-article-fileIds"
        label="Photos of the sample"
        hint="PNG, JPEG or WebP photos, up to 4 MB each."
        uploads={uploads}
        error={messageAt(errors, 'fileIds')}
      />
      <p id="first-article-scope" className="notice">
        Sending this records a technical verdict only. It does not release an order.
      </p>
      <SubmitRow
        sending={submit.sending}
        scopeId="first-article-scope"
        label={replaces ? 'Send the new verdict' : 'Send my verdict'}
        problem={submit.problem}
        problemRef={submit.problemRef}
      />
    </form>
  );
}
