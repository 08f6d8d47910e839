/**
 * The quote request form (/quote/): six steps over one react-hook-form instance, validated per step
 * with the shared domain schema. Step logic, drafts and review text live in plain modules beside this
 * file; this component wires them to React: navigation and focus, uploads, autosave, submit.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useRef, useState } from 'react';
import { FormProvider, useForm, type FieldErrors, type Path, type Resolver } from 'react-hook-form';
import { MODES, type Mode } from '../../domain/request-schema.js';
import { ApiError, apiFetch } from '../lib/api.js';
import { uploadFile } from '../lib/upload.js';
import { ErrorSummary, Progress } from './chrome.js';
import { clearDraft, loadDraft, saveDraft, type DraftFile, type DraftStorage } from './draft.js';
import { FilesStep, type FileEntry } from './FilesStep.js';
import { kindOf, pastedFileName, precheckFile } from '../lib/files.js';
import { ReviewStep } from './ReviewStep.js';
import { ModeStep, PartStep, PurchasingStep, TechnicalStep } from './step-fields.js';
import {
  STEPS,
  fieldId,
  firstStepWithError,
  flattenErrors,
  localToday,
  nextStep,
  normaliseFieldPath,
  orderErrors,
  previousStep,
  schemaForStep,
  stepIndex,
  stepOfField,
  type FormStep,
} from './steps.js';
import { Success, type SubmitResult } from './Success.js';
import { emptyValues, type FormValues } from './values.js';

const SAVE_DELAY_MS = 400;
const UPLOADS_RUNNING = 'Wait until every file has finished uploading, or remove the ones still uploading.';

export default function QuoteForm() {
  const [step, setStep] = useState<FormStep>('mode');
  const [files, setFiles] = useState<FileEntry[]>([]);
  const [showSummary, setShowSummary] = useState(false);
  const [sending, setSending] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [result, setResult] = useState<{ result: SubmitResult; values: FormValues } | null>(null);
  const [restoredAt, setRestoredAt] = useState<string | null>(null);
  const [today, setToday] = useState('');
  const [ready, setReady] = useState(false);
  // Set by "Change" on the review step: Next then goes straight back to the review.
  const [fromReview, setFromReview] = useState(false);

  const stepRef = useRef<FormStep>('mode');
  const filesRef = useRef<FileEntry[]>([]);
  const readyRef = useRef(false);
  const sendingRef = useRef(false);
  const focusAfterStep = useRef<{ path: string | null } | null>(null);
  const uploads = useRef(new Map<string, AbortController>());
  const saveTimer = useRef<number | undefined>(undefined);
  const heading = useRef<HTMLHeadingElement>(null);
  const summaryRef = useRef<HTMLDivElement>(null);
  const keySeq = useRef(0);

  // The schema follows the step on screen; a ref so the resolver identity stays stable.
  const resolver = useCallback<Resolver<FormValues>>((values, context, options) => {
    // zod/mini's input type is not FormValues (inputs hold '' and undefined where the output has
    // optional fields); the schema checks the values, so widening the resolver's type is safe.
    const resolve = zodResolver(
      schemaForStep(stepRef.current, localToday(new Date())),
    ) as unknown as Resolver<FormValues>;
    return resolve(values, context, options);
  }, []);

  const form = useForm<FormValues>({
    defaultValues: emptyValues(''),
    resolver,
    shouldFocusError: false,
    reValidateMode: 'onChange',
  });

  const setFilesTracked = useCallback((update: (current: FileEntry[]) => FileEntry[]) => {
    setFiles((current) => {
      const next = update(current);
      filesRef.current = next;
      return next;
    });
  }, []);

  const saveNow = useCallback(() => {
    window.clearTimeout(saveTimer.current);
    if (!readyRef.current) return;
    saveDraft({
      storage: browserStorage(),
      draft: {
        values: form.getValues(),
        step: stepRef.current,
        files: filesRef.current.flatMap(toDraftFile),
        savedAt: new Date().toISOString(),
      },
    });
  }, [form]);

  const scheduleSave = useCallback(() => {
    window.clearTimeout(saveTimer.current);
    saveTimer.current = window.setTimeout(saveNow, SAVE_DELAY_MS);
  }, [saveNow]);

  // Restore the draft (or start one) after hydration: localStorage does not exist on the server.
  useEffect(() => {
    const draft = loadDraft({ storage: browserStorage() });
    const urlMode = new URLSearchParams(window.location.search).get('mode');
    const values = draft ? draft.values : emptyValues(newDraftId());
    if (values.mode === undefined && isMode(urlMode)) values.mode = urlMode;
    form.reset(values);
    if (draft) {
      const restored = draft.files.map((file, index) => fromDraftFile(file, index));
      filesRef.current = restored;
      setFiles(restored);
      stepRef.current = draft.step;
      setStep(draft.step);
      setRestoredAt(draft.savedAt);
    }
    setToday(localToday(new Date()));
    readyRef.current = true;
    setReady(true);
  }, [form]);

  useEffect(() => {
    const subscription = form.watch(() => scheduleSave());
    return () => subscription.unsubscribe();
  }, [form, scheduleSave]);

  useEffect(() => {
    if (ready) scheduleSave();
  }, [ready, step, files, scheduleSave]);

  // A reload or a closed tab must not lose the last keystrokes still waiting for the debounce.
  useEffect(() => {
    const flush = () => {
      if (document.visibilityState === 'hidden') saveNow();
    };
    window.addEventListener('pagehide', saveNow);
    document.addEventListener('visibilitychange', flush);
    return () => {
      window.removeEventListener('pagehide', saveNow);
      document.removeEventListener('visibilitychange', flush);
    };
  }, [saveNow]);

  // Attached files are whatever finished uploading; the schema sees only their ids.
  useEffect(() => {
    if (!ready) return;
    const ids = files.flatMap((file) => (file.status === 'done' && file.id ? [file.id] : []));
    form.setValue('fileIds', ids, { shouldDirty: true });
  }, [files, form, ready]);

  useEffect(() => {
    const controllers = uploads.current;
    return () => {
      for (const controller of controllers.values()) controller.abort();
      for (const file of filesRef.current) if (file.previewUrl) URL.revokeObjectURL(file.previewUrl);
    };
  }, []);

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
      let count = filesRef.current.filter((file) => file.status !== 'failed').length;
      const added: FileEntry[] = [];
      for (const file of list) {
        const name = file.name && file.name !== 'image.png' ? file.name : pastedFileName(file.type, new Date());
        const kind = kindOf(name, file.type) ?? 'image';
        const problem = precheckFile({ name, size: file.size, type: file.type, count });
        const key = `f${++keySeq.current}`;
        added.push({
          key,
          name,
          size: file.size,
          contentType: file.type,
          kind,
          status: problem ? 'failed' : 'uploading',
          progress: 0,
          error: problem ?? undefined,
          previewUrl: !problem && kind === 'image' ? URL.createObjectURL(file) : undefined,
        });
        if (problem) continue;
        count += 1;
        const controller = new AbortController();
        uploads.current.set(key, controller);
        const patch = (change: Partial<FileEntry>) =>
          setFilesTracked((current) => current.map((entry) => (entry.key === key ? { ...entry, ...change } : entry)));
        uploadFile({ file, name, signal: controller.signal, onProgress: (progress) => patch({ progress }) })
          .then((uploaded) =>
            patch({
              status: 'done',
              progress: 1,
              id: uploaded.id,
              kind: uploaded.kind,
              contentType: uploaded.contentType,
              size: uploaded.size,
            }),
          )
          .catch((error: unknown) =>
            patch({
              status: 'failed',
              error:
                error instanceof ApiError
                  ? error.message
                  : `${name}: the upload failed. Remove the file and try again.`,
            }),
          )
          .finally(() => uploads.current.delete(key));
      }
      setFilesTracked((current) => [...current, ...added]);
      form.clearErrors('fileIds');
    },
    [form, setFilesTracked],
  );

  const removeFile = useCallback(
    (key: string) => {
      uploads.current.get(key)?.abort();
      setFilesTracked((current) =>
        current.filter((file) => {
          if (file.key === key && file.previewUrl) URL.revokeObjectURL(file.previewUrl);
          return file.key !== key;
        }),
      );
      // The remove button vanishes with its row; keep keyboard focus on the step.
      document.getElementById(fieldId('fileIds'))?.focus();
    },
    [setFilesTracked],
  );

  const send = async (data: FormValues) => {
    if (sendingRef.current) return;
    sendingRef.current = true;
    setSending(true);
    setSendError(null);
    try {
      const { data: body } = await apiFetch<SubmitResult>({ path: '/api/requests', method: 'POST', body: data });
      const values = form.getValues();
      readyRef.current = false;
      window.clearTimeout(saveTimer.current);
      clearDraft({ storage: browserStorage() });
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
    if (stepRef.current === 'files' && filesRef.current.some((file) => file.status === 'uploading')) {
      showErrors({ fileIds: UPLOADS_RUNNING });
      return;
    }
    goTo(fromReview ? 'review' : nextStep(stepRef.current));
  };

  const onInvalid = (errors: FieldErrors<FormValues>) => showErrors(flattenErrors(errors));

  const startOver = () => {
    for (const controller of uploads.current.values()) controller.abort();
    for (const file of filesRef.current) if (file.previewUrl) URL.revokeObjectURL(file.previewUrl);
    clearDraft({ storage: browserStorage() });
    filesRef.current = [];
    setFiles([]);
    setRestoredAt(null);
    setResult(null);
    setFromReview(false);
    form.reset(emptyValues(newDraftId()));
    readyRef.current = true;
    goTo('mode');
  };

  if (result) return <Success result={result.result} values={result.values} onNew={startOver} />;

  const flat = flattenErrors(form.formState.errors);
  const stepErrors = orderErrors(flat).filter((error) => stepOfField(error.path) === step);
  const filesError = Object.entries(flat).find(([path]) => normaliseFieldPath(path) === 'fileIds')?.[1];
  const title = STEPS[stepIndex(step)]?.title ?? '';
  const next = STEPS[stepIndex(step) + 1];

  return (
    <FormProvider {...form}>
      <Progress step={step} />
      {restoredAt !== null && (
        <div className="notice">
          <p>
            We restored the draft you started{restoredAt ? ` on ${new Date(restoredAt).toLocaleString()}` : ''} on this
            device.
          </p>
          <button type="button" className="button-link" onClick={startOver}>
            Start over with an empty form
          </button>
        </div>
      )}
      <form className="quote-form" noValidate onSubmit={form.handleSubmit(onValid, onInvalid)}>
        <section aria-labelledby="step-title">
          <h2 id="step-title" ref={heading} tabIndex={-1}>
            {title}
          </h2>
          <div ref={summaryRef} tabIndex={-1}>
            {showSummary && <ErrorSummary errors={stepErrors} onJump={focusField} />}
          </div>
          {step === 'mode' && <ModeStep />}
          {step === 'part' && <PartStep today={today} />}
          {step === 'files' && <FilesStep files={files} onAdd={addFiles} onRemove={removeFile} error={filesError} />}
          {step === 'technical' && <TechnicalStep />}
          {step === 'purchasing' && <PurchasingStep />}
          {step === 'review' && (
            <ReviewStep
              values={form.getValues()}
              files={files.flatMap(toDraftFile)}
              onEdit={(s) => {
                setFromReview(true);
                goTo(s);
              }}
            />
          )}
        </section>
        {sendError && (
          <div className="error-summary" role="alert">
            <p>{sendError}</p>
          </div>
        )}
        <div className="form-nav">
          {step === 'review' ? (
            <button type="submit" className="button" disabled={sending || !ready} aria-disabled={sending || undefined}>
              {sending ? (
                <>
                  <span className="spinner" aria-hidden="true" /> Sending your request…
                </>
              ) : (
                'Send request'
              )}
            </button>
          ) : (
            <button type="submit" className="button" disabled={!ready}>
              {fromReview ? (
                'Save and return to review'
              ) : (
                <>Next{next ? <span className="next-title">: {next.title}</span> : null}</>
              )}
            </button>
          )}
          {step !== 'mode' && (
            <button type="button" className="button-secondary" onClick={() => goTo(previousStep(step))}>
              Back
            </button>
          )}
        </div>
        <p className="meta autosave-note">Your answers are saved on this device as you type.</p>
      </form>
    </FormProvider>
  );
}

function browserStorage(): DraftStorage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

function newDraftId(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  // Older browsers: a version-4 UUID from getRandomValues, the same entropy randomUUID uses.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function isMode(value: unknown): value is Mode {
  return MODES.some((mode) => mode === value);
}

function toDraftFile(file: FileEntry): DraftFile[] {
  if (file.status !== 'done' || !file.id) return [];
  return [{ id: file.id, name: file.name, size: file.size, contentType: file.contentType, kind: file.kind }];
}

function fromDraftFile(file: DraftFile, index: number): FileEntry {
  return { ...file, key: `d${index}`, status: 'done', progress: 1 };
}
