/** The form's frame: the progress indicator, the error summary, the restored-draft notice and the step navigation. */
import { STEPS, fieldId, stepIndex, stepLabel, type FormStep } from './steps.js';

export function Progress({ step }: { step: FormStep }) {
  const current = stepIndex(step);
  return (
    <nav className="progress" aria-label="Form progress">
      <p className="progress-label">
        {stepLabel(step)}: {STEPS[current]?.title}
      </p>
      <ol>
        {STEPS.map((s, index) => {
          const state = index < current ? 'done' : index === current ? 'current' : 'todo';
          return (
            <li key={s.name} className={`progress-${state}`} aria-current={index === current ? 'step' : undefined}>
              <span className="progress-number" aria-hidden="true">
                {index < current ? '✓' : index + 1}
              </span>
              <span className="progress-title">{s.title}</span>
              {state === 'done' && <span className="visually-hidden"> (done)</span>}
            </li>
          );
        })}
      </ol>
    </nav>
  );
}

export type ErrorSummaryProps = {
  errors: { path: string; message: string }[];
  /** Focuses a field (the link's default jump would not move keyboard focus into a radio group). */
  onJump: (path: string) => void;
};

export function ErrorSummary({ errors, onJump }: ErrorSummaryProps) {
  if (errors.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h3 id="error-summary-title">
        {errors.length === 1 ? 'One thing needs your attention' : `${errors.length} things need your attention`}
      </h3>
      <ul>
        {errors.map(({ path, message }) => (
          <li key={path}>
            <a
              href={`#${fieldId(path)}`}
              onClick={(event) => {
                event.preventDefault();
                onJump(path);
              }}
            >
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export type RestoredNoticeProps = { savedAt: string; onStartOver: () => void };

/**
 * Says a draft from this device was restored, with the way back to an empty form. It appears after
 * the page has drawn the form, so it sits below the form's buttons, where it pushes nothing the
 * person already sees (docs/architecture.md §3.5).
 */
export function RestoredNotice({ savedAt, onStartOver }: RestoredNoticeProps) {
  return (
    <div className="notice restored-notice" role="status">
      <p>
        We restored the draft you started{savedAt ? ` on ${new Date(savedAt).toLocaleString()}` : ''} on this device.
      </p>
      <button type="button" className="button-link" onClick={onStartOver}>
        Start over with an empty form
      </button>
    </div>
  );
}

export type FormNavProps = {
  step: FormStep;
  /** False until the draft is restored. */
  ready: boolean;
  sending: boolean;
  /** The person came here by "Change" on the review step. */
  fromReview: boolean;
  onBack: () => void;
};

/** Next (or Send on the review step) and Back. */
export function FormNav({ step, ready, sending, fromReview, onBack }: FormNavProps) {
  const next = STEPS[stepIndex(step) + 1];
  return (
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
        <button type="button" className="button-secondary" onClick={onBack}>
          Back
        </button>
      )}
    </div>
  );
}
