/**
 * The two decisions the technical contact makes on this page: the technical review (fit checklist,
 * decision, notes, markups) and the first-article verdict (accept or reject, notes, photos). Each is
 * validated with the same zod schema the function parses with, and posted with the technical link.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import {
  useForm,
  type DefaultValues,
  type FieldValues,
  type Path,
  type Resolver,
  type UseFormReturn,
} from 'react-hook-form';
import {
  ANSWER_LABEL,
  ANSWERS,
  CHECKLIST_QUESTIONS,
  firstArticleSchema,
  REVIEW_DECISION_TITLE,
  technicalReviewSchema,
  UNKNOWN_LABEL,
  UNKNOWNS,
} from '../../domain/review-schema.js';
import type { TechnicalEventResult } from '../../domain/contracts/technical-event-result.js';
import { ApiError, apiFetch } from '../lib/api.js';
import { messageAt, type ChoiceOption } from '../lib/fields.js';
import { ChoiceGroup, ErrorSummary, NotesField, type SummaryItem } from './controls.js';
import {
  emptyFirstArticleValues,
  emptyReviewValues,
  FIRST_ARTICLE_FIELD_ORDER,
  inputId,
  orderedErrors,
  REVIEW_FIELD_ORDER,
  type FirstArticleFormValues,
  type ReviewFormValues,
} from './logic.js';
import { UploadField, useUploads, type Uploads } from './uploads.js';

export type DecisionFormProps = {
  requestId: string;
  token: string;
  /** Called after the function recorded the decision. */
  onDecided: (result: TechnicalEventResult) => void;
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
  onDecided: (result: TechnicalEventResult) => void;
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
      if (uploads.problem) {
        setProblem(uploads.problem);
        return;
      }
      setSummary([]);
      setSending(true);
      try {
        const { data } = await apiFetch<TechnicalEventResult>({
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

const ANSWER_OPTIONS = ANSWERS.map((value) => ({ value, label: ANSWER_LABEL[value] }));
const UNKNOWN_OPTIONS = UNKNOWNS.map((value) => ({ value, label: UNKNOWN_LABEL[value] }));

/** What every decision form holds besides its own fields: the verdict, the notes it may require, files. */
type DecisionValues = FieldValues & { decision: string | null; notes: string; fileIds: string[] };

/** What one decision form says and asks; the frame, submit and upload handling are shared. */
type DecisionSpec<V extends DecisionValues> = {
  /** Prefix of the form's element ids (see `inputId`), e.g. 'review' → #review-notes. */
  form: string;
  /** The function under /api/requests/:id/ that records it. */
  endpoint: 'technical-review' | 'first-article';
  resolver: Resolver<V>;
  empty: () => V;
  /** The values the form opens with, when something is known already (see `prefilledReview`). */
  defaults?: V | undefined;
  /** Field paths in page order, for the error summary. */
  order: readonly string[];
  title: string;
  intro: string | null;
  /** This form's own questions, between the error summary and the decision. */
  fields: (form: UseFormReturn<V>) => ReactNode;
  decisionLegend: string;
  decisionOptions: readonly ChoiceOption[];
  /** The decision that makes the notes required. */
  notesRequiredFor: string;
  notesHint: string;
  uploadLabel: string;
  uploadHint: string;
  /** What sending does and does not do, next to the button. */
  scope: string;
  submitLabel: string;
};

function DecisionForm<V extends DecisionValues>({
  spec,
  requestId,
  token,
  onDecided,
  onLinkProblem,
}: Omit<DecisionFormProps, 'replaces'> & { spec: DecisionSpec<V> }) {
  const form = useForm<V>({
    defaultValues: (spec.defaults ?? spec.empty()) as DefaultValues<V>,
    resolver: spec.resolver,
    shouldFocusError: false,
    reValidateMode: 'onChange',
  });
  const uploads = useUploads(token);
  const submit = useDecisionSubmit({
    form,
    uploads,
    path: `/api/requests/${encodeURIComponent(requestId)}/${spec.endpoint}`,
    token,
    order: spec.order,
    empty: spec.empty(),
    onDecided,
    onLinkProblem,
  });
  const errors = form.formState.errors;
  const decision = form.watch('decision' as Path<V>);
  const f = spec.form;
  return (
    <form
      className="review-form"
      noValidate
      onSubmit={(event) => void submit.onSubmit(event)}
      aria-labelledby={`${f}-form-title`}
    >
      <h2 id={`${f}-form-title`}>{spec.title}</h2>
      {spec.intro && <p className="hint">{spec.intro}</p>}
      <ErrorSummary form={f} items={submit.summary} ref={submit.summaryRef} />
      {spec.fields(form)}
      <ChoiceGroup
        form={f}
        path="decision"
        legend={spec.decisionLegend}
        type="radio"
        options={spec.decisionOptions}
        registration={form.register('decision' as Path<V>)}
        error={messageAt(errors, 'decision')}
      />
      <NotesField
        form={f}
        label="Notes for the shop"
        hint={spec.notesHint}
        registration={form.register('notes' as Path<V>)}
        error={messageAt(errors, 'notes')}
        required={decision === spec.notesRequiredFor}
      />
      <UploadField
        id={inputId(f, 'fileIds')}
        label={spec.uploadLabel}
        hint={spec.uploadHint}
        uploads={uploads}
        error={messageAt(errors, 'fileIds')}
      />
      <p id={`${f}-scope`} className="notice">
        {spec.scope}
      </p>
      {submit.problem && (
        <p className="field-error review-problem" role="alert" tabIndex={-1} ref={submit.problemRef}>
          {submit.problem}
        </p>
      )}
      <div className="form-nav">
        <button type="submit" className="button" disabled={submit.sending} aria-describedby={`${f}-scope`}>
          {submit.sending ? (
            <>
              <span className="spinner" aria-hidden="true" /> Sending…
            </>
          ) : (
            spec.submitLabel
          )}
        </button>
      </div>
    </form>
  );
}

// zod/mini's input type is not the form's (radios hold null until chosen); the schema checks the values.
const reviewResolver = zodResolver(technicalReviewSchema) as unknown as Resolver<ReviewFormValues>;
const firstArticleResolver = zodResolver(firstArticleSchema) as unknown as Resolver<FirstArticleFormValues>;

export type TechnicalReviewFormProps = DecisionFormProps & {
  /** The form prefilled from what is known, and what it was prefilled from (in words). */
  prefill?: { values: ReviewFormValues; from: string[] } | undefined;
};

export function TechnicalReviewForm({ replaces, prefill, ...props }: TechnicalReviewFormProps) {
  const intro = [
    replaces ? 'A new decision replaces the current one for the shop; the earlier one stays in the history.' : '',
    prefill && prefill.from.length > 0
      ? `Some answers are filled in from ${prefill.from.join(' and ')}; change anything that is not right.`
      : '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <DecisionForm
      {...props}
      spec={{
        form: 'review',
        endpoint: 'technical-review',
        resolver: reviewResolver,
        empty: emptyReviewValues,
        defaults: prefill?.values,
        order: REVIEW_FIELD_ORDER,
        title: replaces ? 'Change your technical decision' : 'Your technical review',
        intro: intro || null,
        fields: checklistFields,
        decisionLegend: 'What should the shop do?',
        decisionOptions: [
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
        ],
        notesRequiredFor: 'changes_requested',
        notesHint: 'What to keep, what to change, dimensions to check. Required for “Changes needed”.',
        uploadLabel: 'Screenshots or markups',
        uploadHint: 'PNG, JPEG or WebP markups and CAD files (STL, 3MF, STEP), up to 4 MB each.',
        scope: 'Sending this records a technical decision only. It does not release an order.',
        submitLabel: replaces ? 'Send the new decision' : 'Send my decision',
      }}
    />
  );
}

function checklistFields(form: UseFormReturn<ReviewFormValues>) {
  const errors = form.formState.errors;
  const f = 'review';
  return (
    <>
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
    </>
  );
}

export function FirstArticleForm({ replaces, ...props }: DecisionFormProps) {
  return (
    <DecisionForm
      {...props}
      spec={{
        form: 'first-article',
        endpoint: 'first-article',
        resolver: firstArticleResolver,
        empty: emptyFirstArticleValues,
        order: FIRST_ARTICLE_FIELD_ORDER,
        title: replaces ? 'Change your verdict on the sample' : 'Your verdict on the sample',
        intro: 'Check the physical part where it will be used, then accept or reject it.',
        fields: (form) => (
          <ChoiceGroup
            form="first-article"
            path="checked"
            legend="What did you check on the sample?"
            hint="Tick what you tried; it tells the shop what the verdict covers."
            type="checkbox"
            inline
            options={UNKNOWN_OPTIONS}
            registration={form.register('checked')}
            error={messageAt(form.formState.errors, 'checked')}
          />
        ),
        decisionLegend: 'Does the sample work?',
        decisionOptions: [
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
        ],
        notesRequiredFor: 'rejected',
        notesHint: 'What worked and what did not. Required when you reject the sample.',
        uploadLabel: 'Photos of the sample',
        uploadHint: 'PNG, JPEG or WebP photos, up to 4 MB each.',
        scope: 'Sending this records a technical verdict only. It does not release an order.',
        submitLabel: replaces ? 'Send the new verdict' : 'Send my verdict',
      }}
    />
  );
}
