/**
 * Form controls for the review forms: the shared field markup (../lib/fields) with ids the error
 * summary links to (see `inputId`).
 */
import { forwardRef, type ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { ChoiceGroup as Choices, Field, fieldDescription, type ChoiceOption } from '../lib/fields.js';
import { inputId } from './logic.js';

export type ChoiceGroupProps = {
  form: string;
  path: string;
  legend: ReactNode;
  hint?: string;
  type: 'radio' | 'checkbox';
  options: readonly ChoiceOption[];
  registration: UseFormRegisterReturn;
  error?: string | undefined;
  inline?: boolean;
};

/** A fieldset of radios or checkboxes; the whole row is the touch target. */
export function ChoiceGroup({ form, path, inline, ...group }: ChoiceGroupProps) {
  return <Choices id={inputId(form, path)} className={inline ? 'choices-inline' : undefined} {...group} />;
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
    <Field id={id} label={label} hint={hint} optional={!required} error={error}>
      <textarea
        id={id}
        rows={5}
        aria-invalid={error ? true : undefined}
        aria-required={required ? true : undefined}
        aria-describedby={fieldDescription(id, { hint, error })}
        {...registration}
      />
    </Field>
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
