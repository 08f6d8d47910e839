/**
 * Form controls wired to react-hook-form with the accessibility plumbing done once: a visible label,
 * hint and error tied to the input with `aria-describedby`, `aria-invalid`, and the id the error
 * summary links to.
 */
import type { HTMLInputTypeAttribute, ReactNode } from 'react';
import { useFormContext, type FieldErrors, type Path } from 'react-hook-form';
import { toOptionalNumber } from '../../domain/request-schema';
import { errorId, fieldId } from './steps';
import type { FormValues } from './values';

type FieldPath = Path<FormValues>;

/** The message for one field path in react-hook-form's nested errors. */
export function errorMessage(errors: FieldErrors<FormValues>, path: string): string | undefined {
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

function FieldError({ path, message }: { path: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={errorId(path)} className="field-error">
      <span className="visually-hidden">Error: </span>
      {message}
    </p>
  );
}

export type TextFieldProps = {
  path: FieldPath;
  label: string;
  hint?: ReactNode;
  optional?: boolean;
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
  type = 'text',
  autoComplete,
  inputMode,
  number = false,
  multiline = false,
  className,
  min,
  list,
}: TextFieldProps) {
  const {
    register,
    formState: { errors },
  } = useFormContext<FormValues>();
  const message = errorMessage(errors, path);
  const id = fieldId(path);
  const hintId = hint ? `${id}-hint` : undefined;
  const common = {
    id,
    'aria-invalid': message ? true : undefined,
    'aria-describedby': describedBy(hintId, message && errorId(path)),
    'aria-required': optional ? undefined : true,
    ...register(path, number ? { setValueAs: toOptionalNumber } : {}),
  };
  return (
    <div className={`field${message ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional"> (optional)</span>}
      </label>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <FieldError path={path} message={message} />
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
    </div>
  );
}

export type Choice<V extends string> = { value: V; label: string; hint?: string };

export type RadioGroupProps<V extends string> = {
  path: FieldPath;
  legend: string;
  hint?: string;
  choices: readonly Choice<V>[];
  className?: string;
};

export function RadioGroup<V extends string>({ path, legend, hint, choices, className }: RadioGroupProps<V>) {
  const {
    register,
    formState: { errors },
  } = useFormContext<FormValues>();
  const message = errorMessage(errors, path);
  const base = fieldId(path);
  const hintId = hint ? `${base}-hint` : undefined;
  return (
    <fieldset
      className={`field choices${message ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}
      aria-describedby={describedBy(hintId, message && errorId(path))}
    >
      <legend>{legend}</legend>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <FieldError path={path} message={message} />
      {choices.map((choice, index) => {
        const id = index === 0 ? base : `${base}-${choice.value}`;
        const choiceHint = choice.hint ? `${id}-hint` : undefined;
        return (
          <div className="choice" key={choice.value}>
            <input
              type="radio"
              id={id}
              value={choice.value}
              aria-invalid={message ? true : undefined}
              aria-describedby={describedBy(choiceHint, message && errorId(path))}
              {...register(path)}
            />
            <label htmlFor={id}>
              <span className="choice-label">{choice.label}</span>
              {choice.hint && (
                <span id={choiceHint} className="choice-hint">
                  {choice.hint}
                </span>
              )}
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}

export type CheckboxProps = { path: FieldPath; label: string; hint?: string };

export function Checkbox({ path, label, hint }: CheckboxProps) {
  const {
    register,
    formState: { errors },
  } = useFormContext<FormValues>();
  const message = errorMessage(errors, path);
  const id = fieldId(path);
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={`choice${message ? ' field-invalid' : ''}`}>
      <input
        type="checkbox"
        id={id}
        aria-invalid={message ? true : undefined}
        aria-describedby={describedBy(hintId, message && errorId(path))}
        {...register(path)}
      />
      <label htmlFor={id}>
        <span className="choice-label">{label}</span>
        {hint && (
          <span id={hintId} className="choice-hint">
            {hint}
          </span>
        )}
      </label>
      <FieldError path={path} message={message} />
    </div>
  );
}
