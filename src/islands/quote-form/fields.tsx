/**
 * The quote form's fields: the shared field markup (../lib/fields) wired to react-hook-form's context,
 * with ids from the field path so the error summary can link to them.
 */
import type { HTMLInputTypeAttribute, ReactNode } from 'react';
import { useFormContext, type Path } from 'react-hook-form';
import { toOptionalNumber } from '../../domain/request-fields.js';
import {
  Choice,
  ChoiceGroup,
  Field,
  FieldError,
  fieldDescription,
  messageAt,
  type ChoiceOption,
} from '../lib/fields.js';
import { errorId, fieldId } from './steps.js';
import type { FormValues } from './values.js';

type FieldPath = Path<FormValues>;

/** The registration and current error message of one field path. */
function useField(path: FieldPath, options?: { number: boolean }) {
  const {
    register,
    formState: { errors },
  } = useFormContext<FormValues>();
  return {
    id: fieldId(path),
    message: messageAt(errors, path),
    registration: register(path, options?.number ? { setValueAs: toOptionalNumber } : {}),
  };
}

export type TextFieldProps = {
  path: FieldPath;
  label: string;
  hint?: ReactNode;
  optional?: boolean;
  /** Whether the input is announced as required; defaults to "not optional" (one of a set is neither). */
  required?: boolean;
  type?: HTMLInputTypeAttribute;
  autoComplete?: string;
  inputMode?: 'text' | 'numeric' | 'decimal' | 'email' | 'tel';
  number?: boolean;
  multiline?: boolean;
  className?: string;
  min?: string;
  list?: string;
};

export function TextField({
  path,
  label,
  hint,
  optional = false,
  required = !optional,
  type = 'text',
  autoComplete,
  inputMode,
  number = false,
  multiline = false,
  className,
  min,
  list,
}: TextFieldProps) {
  const { id, message, registration } = useField(path, { number });
  const common = {
    id,
    'aria-invalid': message ? true : undefined,
    'aria-describedby': fieldDescription(id, { hint, error: message }),
    'aria-required': required ? true : undefined,
    ...registration,
  };
  return (
    <Field id={id} label={label} hint={hint} optional={optional} error={message} className={className}>
      {multiline ? (
        <textarea rows={4} {...common} />
      ) : (
        <input
          type={type}
          autoComplete={autoComplete}
          inputMode={inputMode}
          min={min}
          step={number ? 'any' : undefined}
          list={list}
          {...common}
        />
      )}
    </Field>
  );
}

export type Choice<V extends string> = ChoiceOption & { value: V };

export type RadioGroupProps<V extends string> = {
  path: FieldPath;
  legend: string;
  hint?: string;
  choices: readonly Choice<V>[];
  className?: string;
};

export function RadioGroup<V extends string>({ path, legend, hint, choices, className }: RadioGroupProps<V>) {
  const { id, message, registration } = useField(path);
  return (
    <ChoiceGroup
      id={id}
      legend={legend}
      hint={hint}
      type="radio"
      options={choices}
      registration={registration}
      error={message}
      className={className}
      errorOnChoices
    />
  );
}

export type CheckboxProps = { path: FieldPath; label: string; hint?: string };

export function Checkbox({ path, label, hint }: CheckboxProps) {
  const { id, message, registration } = useField(path);
  return (
    <Choice
      id={id}
      type="checkbox"
      label={label}
      hint={hint}
      invalid={Boolean(message)}
      errorId={message && errorId(path)}
      registration={registration}
      className={message ? 'field-invalid' : undefined}
    >
      <FieldError id={errorId(path)} message={message} />
    </Choice>
  );
}
