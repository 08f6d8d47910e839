/**
 * Form controls for the review forms: label, hint and error tied to the inputs with
 * `aria-describedby`, and ids the error summary links to (see `inputId`).
 */
import { forwardRef, type ReactNode } from 'react';
import type { FieldErrors, FieldValues, UseFormRegisterReturn } from 'react-hook-form';
import { inputId } from './logic';

/** The message at a dot path of react-hook-form's nested errors. */
export function messageAt(errors: FieldErrors<FieldValues>, path: string): string | undefined {
  let node: unknown = errors;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node !== 'object' || node === null) return undefined;
  const message = (node as { message?: unknown }).message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(' ');
  return list === '' ? undefined : list;
}

export type Option = { value: string; label: string; hint?: string };

export type ChoiceGroupProps = {
  form: string;
  path: string;
  legend: ReactNode;
  hint?: string;
  type: 'radio' | 'checkbox';
  options: readonly Option[];
  registration: UseFormRegisterReturn;
  error?: string | undefined;
  inline?: boolean;
};

/** A fieldset of radios or checkboxes; the whole row is the touch target. */
export function ChoiceGroup({
  form,
  path,
  legend,
  hint,
  type,
  options,
  registration,
  error,
  inline,
}: ChoiceGroupProps) {
  const base = inputId(form, path);
  const hintId = hint ? `${base}-hint` : undefined;
  const errorId = error ? `${base}-error` : undefined;
  return (
    <fieldset
      className={`field choices${inline ? ' choices-inline' : ''}${error ? ' field-invalid' : ''}`}
      aria-describedby={describedBy(hintId, errorId)}
    >
      <legend>{legend}</legend>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="field-error">
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      {options.map((option, index) => {
        const id = index === 0 ? base : `${base}-${option.value}`;
        const optionHint = option.hint ? `${id}-hint` : undefined;
        return (
          <div className="choice" key={option.value}>
            <input
              type={type}
              id={id}
              value={option.value}
              aria-invalid={error ? true : undefined}
              aria-describedby={describedBy(optionHint)}
              {...registration}
            />
            <label htmlFor={id}>
              <span className="choice-label">{option.label}</span>
              {option.hint && (
                <span id={optionHint} className="choice-hint">
                  {option.hint}
                </span>
              )}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

export type NotesFieldProps = {
  form: string;
  label: string;
  hint: string;
  registration: UseFormRegisterReturn;
  error?: string | undefined;
  required?: boolean;
};

export function NotesField({ form, label, hint, registration, error, required }: NotesFieldProps) {
  const id = inputId(form, 'notes');
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {!required && <span className="optional"> (optional)</span>}
      </label>
      <p id={`${id}-hint`} className="hint">
        {hint}
      </p>
      {error && (
        <p id={`${id}-error`} className="field-error">
          <span className="visually-hidden">Error: </span>
          {error}
        </p>
      )}
      <textarea
        id={id}
        rows={5}
        aria-invalid={error ? true : undefined}
        aria-required={required ? true : undefined}
        aria-describedby={describedBy(`${id}-hint`, error && `${id}-error`)}
        {...registration}
      />
    </div>
  );
}

export type SummaryItem = { path: string; message: string };

/** The list of problems after a failed submit; focused so a screen reader reads it at once. */
export const ErrorSummary = forwardRef<HTMLDivElement, { form: string; items: readonly SummaryItem[] }>(
  function ErrorSummary({ form, items }, ref) {
    if (items.length === 0) return null;
    return (
      <div className="error-summary" role="alert" tabIndex={-1} ref={ref} aria-labelledby={`${form}-summary-title`}>
        <h3 id={`${form}-summary-title`}>Before you decide, fix {items.length === 1 ? 'this' : 'these'}:</h3>
        <ul>
          {items.map((item) => (
            <li key={item.path}>
              <a href={`#${inputId(form, item.path)}`}>{item.message}</a>
            </li>
          ))}
        </ul>
      </div>
    );
  },
);
