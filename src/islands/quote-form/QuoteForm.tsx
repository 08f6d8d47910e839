/**
 * The quote request form (/quote/): six steps over one react-hook-form instance, validated per step
 * with the shared domain schema. Step logic, drafts and review text live in plain modules beside this
 * file, uploads in `use-upload-queue.ts`, autosave in `use-draft-autosave.ts`; this component wires
 * them to React: navigation and focus, submit.
 */
import { Suspense, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { FormProvider, useForm, type FieldErrors, type Path, type Resolver } from 'react-hook-form';
import { addDays, EXAMPLE_DAYS_AHEAD } from '../../domain/request-fields.js';
import { ApiError, apiFetch } from '../lib/api.js';
import { queueProblem, uploadedIds } from '../lib/upload-queue.js';
import { useUploadQueue } from '../lib/use-upload-queue.js';
import { ErrorSummary, FormNav, Progress, RestoredNotice } from './chrome.js';
import { draftFiles, restoredFiles, type Draft } from './draft.js';
import { FilesStep } from './FilesStep.js';
import { measuredOnly, REQUEST_FILES } from './request-files.js';
import { deferred } from './deferred.js';
import type { ReviewStepProps } from './ReviewStep.js';
import { ModeStep } from './mode-step.js';
import {
  STEPS,
  fieldId,
  firstStepWithError,
  flattenErrors,
  localToday,
  nextStep,
  normaliseFieldPath,
  orderErrors,
  pickerDate,
  previousStep,
  stepIndex,
  stepOfField,
  type FormStep,
} from './steps.js';
import type { SubmitResult, SuccessProps } from './Success.js';
import { useDraftAutosave } from './use-draft-autosave.js';
import { emptyValues, type FormValues } from './values.js';

// The review step and the receipt come after five steps: loaded once the page runs, not with it.
const ReviewStep = deferred<ReviewStepProps>(() => import('./ReviewStep.js').then((module) => module.ReviewStep));
const Success = deferred<SuccessProps>(() => import('./Success.js').then((module) => module.Success));
// So are the later field steps (the page opens on the first, mode-step.tsx).
const PartStep = deferred(() => import('./step-fields.js').then((module) => module.PartStep));
const TechnicalStep = deferred(() => import('./step-fields.js').then((module) => module.TechnicalStep));
const PurchasingStep = deferred(() => import('./step-fields.js').then((module) => module.PurchasingStep));
// So is validation (zod and the request schema): fetched on mount, awaited by the first check.
const loadStepSchema = () => import('./step-schema.js');

export default function QuoteForm() {
  const [step, setStep] = useState<FormStep>('mode');
  const [showSummary, setShowSummary] = useState(false);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [result, setResult] = useState<{ result: SubmitResult; values: FormValues } | null>(null);
  const [today, setToday] = useState('');
  // Set by "Change" on the review step: Next then goes straight back to the review.
  const [fromReview, setFromReview] = useState(false);
  // The step whose fields are on screen: a step loaded on demand shows "Loading this step…" first.
  const [shownStep, setShownStep] = useState<FormStep>('mode');

  const stepRef = useRef<FormStep>('mode');
  const sendingRef = useRef(false);
  const focusAfterStep = useRef<{ path: string | null } | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);

  // The schema follows the step on screen; a ref so the resolver identity stays stable.
  const resolver = useCallback<Resolver<FormValues>>(async (values, context, options) => {
    const { resolverForStep } = await loadStepSchema();
    return resolverForStep(stepRef.current)(values, context, options);
  }, []);

  const form = useForm<FormValues>({
    defaultValues: emptyValues(''),
    resolver,
    shouldFocusError: false,
    reValidateMode: 'onChange',
  });

  const queue = useUploadQueue({ policy: REQUEST_FILES });
  const { entries: files, snapshot, add: addToQueue, remove: removeFromQueue, reset: resetFiles, sourceOf } = queue;
  const current = useCallback(() => ({ step: stepRef.current, files: draftFiles(snapshot()) }), [snapshot]);
  const onRestore = useCallback(
    (draft: Draft) => {
      resetFiles(restoredFiles(draft.files));
      stepRef.current = draft.step;
      setStep(draft.step);
    },
    [resetFiles],
  );
  const autosave = useDraftAutosave({ form, current, step, files, onRestore });
  // Next works once the draft is in the form and the step's fields are on screen (a draft restored at
  // a later step, or a step still loading, would otherwise check fields nobody can see).
  const ready = autosave.ready && shownStep === step;
  const marked = useRef(false);
  // The first moment Next works: the Lighthouse bench reads this mark.
  useEffect(() => {
    if (ready && !marked.current) {
      marked.current = true;
      performance.mark('quote-form-ready');
    }
  }, [ready]);

  useEffect(() => {
    setToday(localToday(new Date()));
    // Fetched while the first steps are filled in; if it fails now, showing the step tries again.
    ReviewStep.preload().catch(() => undefined);
    Success.preload().catch(() => undefined);
    for (const part of [PartStep, TechnicalStep, PurchasingStep]) part.preload().catch(() => undefined);
    loadStepSchema().catch(() => undefined);
  }, []);

  // Attached files are whatever finished uploading; the schema sees only their ids.
  useEffect(() => {
    if (!autosave.ready) return;
    form.setValue('fileIds', uploadedIds(files), { shouldDirty: true });
  }, [files, form, autosave.ready]);

  const focusField = useCallback((path: string) => {
    const element = document.getElementById(fieldId(path));
    if (element) {
      element.focus();
      element.scrollIntoView?.({ block: 'center' });
    } else {
      summaryRef.current?.focus();
    }
  }, []);

  // After a step change: focus the step heading, or the field an error sent us to.
  useEffect(() => {
    const pending = focusAfterStep.current;
    if (!pending) return;
    focusAfterStep.current = null;
    if (pending.path) focusField(pending.path);
    else {
      heading.current?.focus();
      heading.current?.scrollIntoView?.({ block: 'start' });
    }
  }, [step, focusField]);

  const goTo = useCallback(
    (next: FormStep, focusPath: string | null = null) => {
      // A fresh step starts without errors and without live re-validation of untouched fields.
      form.reset(undefined, { keepValues: true, keepDefaultValues: true, keepDirty: true });
      setShowSummary(false);
      setSendError(null);
      stepRef.current = next;
      if (next === 'review') setFromReview(false);
      focusAfterStep.current = { path: focusPath };
      setStep(next);
    },
    [form],
  );

  /** Field errors (from the schema or a 422) shown on the step that holds the first one. */
  const showErrors = useCallback(
    (fields: Record<string, string>) => {
      const target = firstStepWithError(fields) ?? stepRef.current;
      const ordered = orderErrors(fields);
      const first = ordered.find((error) => stepOfField(error.path) === target)?.path ?? null;
      if (target !== stepRef.current) {
        // Errors found on the review (or a 422 after sending) send the person to the field and back.
        if (stepRef.current === 'review') setFromReview(true);
        goTo(target, first);
      }
      for (const { path, message } of ordered) {
        form.setError(normaliseFieldPath(path) as Path<FormValues>, { type: 'validate', message });
      }
      setShowSummary(true);
      if (target === stepRef.current && first) window.setTimeout(() => focusField(first), 0);
    },
    [form, goTo, focusField],
  );

  const addFiles = useCallback(
    (list: File[]) => {
      addToQueue(list);
      form.clearErrors('fileIds');
    },
    [addToQueue, form],
  );

  const removeFile = useCallback(
    (key: string) => {
      removeFromQueue(key);
      // The remove button vanishes with its row; keep keyboard focus on the step.
      document.getElementById(fieldId('fileIds'))?.focus();
    },
    [removeFromQueue],
  );

  const send = async (data: FormValues) => {
    if (sendingRef.current) return;
    sendingRef.current = true;
    setSending(true);
    setSendError(null);
    try {
      const { data: body } = await apiFetch<SubmitResult>({ path: '/api/requests', method: 'POST', body: data });
      const values = form.getValues();
      autosave.finish();
      setResult({ result: body, values });
    } catch (error) {
      if (error instanceof ApiError && Object.keys(error.fields).length > 0) showErrors(error.fields);
      else
        setSendError(
          error instanceof ApiError
            ? `${error.message} Your draft is kept; sending again will not create a second request.`
            : 'Sending failed. Try again; your draft is kept.',
        );
    } finally {
      sendingRef.current = false;
      setSending(false);
    }
  };

  const onValid = async (data: FormValues) => {
    if (stepRef.current === 'review') return send(data);
    // A 3D file over the upload limit stays listed for its estimate and is not a reason to stop.
    const filesProblem =
      stepRef.current === 'files' ? queueProblem(snapshot().filter((entry) => !measuredOnly(entry))) : null;
    if (filesProblem) {
      showErrors({ fileIds: filesProblem });
      return;
    }
    goTo(fromReview ? 'review' : nextStep(stepRef.current));
  };

  const onInvalid = (errors: FieldErrors<FormValues>) => showErrors(flattenErrors(errors));

  const startOver = () => {
    resetFiles();
    autosave.restart();
    setResult(null);
    setFromReview(false);
    goTo('mode');
  };

  if (result) {
    return (
      <Suspense fallback={<p role="status">Request received. Loading your receipt…</p>}>
        <Success result={result.result} values={result.values} onNew={startOver} />
      </Suspense>
    );
  }

  const flat = flattenErrors(form.formState.errors);
  const stepErrors = orderErrors(flat).filter((error) => stepOfField(error.path) === step);
  const filesError = Object.entries(flat).find(([path]) => normaliseFieldPath(path) === 'fileIds')?.[1];
  const title = STEPS[stepIndex(step)]?.title ?? '';

  return (
    <FormProvider {...form}>
      <Progress step={step} />
      <form className="quote-form" noValidate onSubmit={form.handleSubmit(onValid, onInvalid)}>
        <section aria-labelledby="step-title">
          <h2 id="step-title" ref={heading} tabIndex={-1}>
            {title}
          </h2>
          <div ref={summaryRef} tabIndex={-1}>
            {showSummary && <ErrorSummary errors={stepErrors} onJump={focusField} />}
          </div>
          {step === 'mode' && (
            <ModeStep today={today} dateExample={today ? pickerDate(addDays(today, EXAMPLE_DAYS_AHEAD)) : ''} />
          )}
          <Suspense fallback={<p role="status">Loading this step…</p>}>
            {step === 'part' && <PartStep />}
            {step === 'files' && (
              <FilesStep files={files} onAdd={addFiles} onRemove={removeFile} sourceOf={sourceOf} error={filesError} />
            )}
            {step === 'technical' && <TechnicalStep />}
            {step === 'purchasing' && <PurchasingStep />}
            {step !== 'review' && <StepShown step={step} onShown={setShownStep} />}
          </Suspense>
          {step === 'review' && (
            <Suspense fallback={<p role="status">Loading the summary…</p>}>
              <ReviewStep
                values={form.getValues()}
                files={draftFiles(files)}
                onEdit={(s) => {
                  setFromReview(true);
                  goTo(s);
                }}
              />
              <StepShown step="review" onShown={setShownStep} />
            </Suspense>
          )}
        </section>
        {sendError && (
          <div className="error-summary" role="alert">
            <p>{sendError}</p>
          </div>
        )}
        <FormNav
          step={step}
          ready={ready}
          sending={sending}
          fromReview={fromReview}
          onBack={() => goTo(previousStep(step))}
        />
        <p className="meta autosave-note">Your answers are saved on this device as you type.</p>
        {autosave.restoredAt !== null && <RestoredNotice savedAt={autosave.restoredAt} onStartOver={startOver} />}
      </form>
    </FormProvider>
  );
}

/**
 * Renders nothing; placed after a step inside its Suspense boundary, it commits only together with
 * the step's fields, so its effect says when they are on screen. A layout effect: the form renders
 * again before the browser paints, so a step that loaded long ago never shows Next dimmed for a frame.
 */
function StepShown({ step, onShown }: { step: FormStep; onShown: (step: FormStep) => void }) {
  useLayoutEffect(() => onShown(step), [step, onShown]);
  return null;
}
