/**
 * The small pieces the shop's action forms share: a call that shows its error next to the control that
 * made it, the error line itself, a labelled text field, and a form that ties them together.
 */
import { useState, type ReactNode } from 'react';
import { ApiError } from '../lib/api.js';

/** Runs one back-office call; a failure becomes the message to show, never an unhandled rejection. */
export function useApiAction(): [error: string | null, run: (call: () => Promise<void>) => Promise<void>] {
  const [error, setError] = useState<string | null>(null);
  async function run(call: () => Promise<void>) {
    setError(null);
    try {
      await call();
    } catch (caught) {
      setError(caught instanceof ApiError ? caught.message : String(caught));
    }
  }
  return [error, run];
}

export function ErrorAlert({ error }: { error: string | null | undefined }) {
  if (!error) return null;
  return (
    <p role="alert" className="shop-error">
      {error}
    </p>
  );
}

export function TextField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="text" value={value} onChange={(event) => onChange(event.target.value)} />
    </div>
  );
}

/** A shop action as a form: its fields, the error of the last attempt, and one submit button. */
export function ActionForm({
  label,
  submitLabel,
  onSubmit,
  children,
}: {
  /** The form's accessible name. */
  label: string;
  submitLabel: ReactNode;
  onSubmit: () => Promise<void>;
  children: ReactNode;
}) {
  const [error, run] = useApiAction();
  return (
    <form
      className="shop-form"
      onSubmit={(event) => {
        event.preventDefault();
        void run(onSubmit);
      }}
      aria-label={label}
    >
      {children}
      <ErrorAlert error={error} />
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </form>
  );
}
