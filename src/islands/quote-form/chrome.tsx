/** The form's frame: the progress indicator and the error summary. */
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
