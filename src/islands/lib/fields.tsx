/**
 * The field markup every form island shares, with the accessibility plumbing done once: a visible
 * label, a hint and an error tied to the control with `aria-describedby`, `aria-invalid`, and ids
 * derived from one base id (`<id>-hint`, `<id>-error`) that error summaries link to. The forms keep
 * their own id schemes and react-hook-form wiring; these components only render.
 */
import type { ReactNode } from 'react';
import type { FieldErrors, FieldValues, UseFormRegisterReturn } from 'react-hook-form';

/** The message at a dot path of react-hook-form's nested errors. */
export function messageAt<V extends FieldValues>(errors: FieldErrors<V>, path: string): string | undefined {
  let node: unknown = errors;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node !== 'object' || node === null) return undefined;
  const message = (node as { message?: unknown }).message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}

/** An `aria-describedby` value from the ids that apply, or undefined when none does. */
export function describedBy(...ids: (string | false | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(' ');
  return list === '' ? undefined : list;
}

/** The ids describing a field's control: its hint when it has one, its error while one shows. */
export function fieldDescription(id: string, { hint, error }: { hint: unknown; error: string | undefined }) {
  return describedBy(hint ? `${id}-hint` : undefined, error && `${id}-error`);
}

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error">
      <span className="visually-hidden">Error: </span>
      {message}
    </p>
  );
}

export type FieldProps = {
  /** The control's id; the hint and error get `<id>-hint` and `<id>-error`. */
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  optional?: boolean;
  error?: string | undefined;
  className?: string | undefined;
  /** The control (describe it with `fieldDescription`), and anything shown under it. */
  children: ReactNode;
};

/** A labelled control with its hint and error above it. */
export function Field({ id, label, hint, optional = false, error, className, children }: FieldProps) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional && <span className="optional"> (optional)</span>}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
      {children}
    </div>
  );
}

export type ChoiceProps = {
  id: string;
  type: 'radio' | 'checkbox';
  /** The submitted value; a lone checkbox has none. */
  value?: string;
  label: ReactNode;
  hint?: ReactNode;
  invalid: boolean;
  /** The error that also describes this input, when there is one. */
  errorId?: string | false | undefined;
  registration: UseFormRegisterReturn;
  className?: string | undefined;
  children?: ReactNode;
};

/** One radio or checkbox with its label and hint; the whole row is the touch target. */
export function Choice({
  id,
  type,
  value,
  label,
  hint,
  invalid,
  errorId,
  registration,
  className,
  children,
}: ChoiceProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  return (
    <div className={`choice${className ? ` ${className}` : ''}`}>
      <input
        type={type}
        id={id}
        value={value}
        aria-invalid={invalid ? true : undefined}
        aria-describedby={describedBy(hintId, errorId)}
        {...registration}
      />
      <label htmlFor={id}>
        <span className="choice-label">{label}</span>
        {hint && (
          <span id={hintId} className="choice-hint">
            {hint}
          </span>
        )}
      </label>
      {children}
    </div>
  );
}

export type ChoiceOption = { value: string; label: string; hint?: string | undefined };

export type ChoiceGroupProps = {
  /** The first input's id; the others get `<id>-<value>`. */
  id: string;
  legend: ReactNode;
  hint?: string | undefined;
  type: 'radio' | 'checkbox';
  options: readonly ChoiceOption[];
  registration: UseFormRegisterReturn;
  error?: string | undefined;
  className?: string | undefined;
  /** Also name the group's error on each input, not only on the fieldset. */
  errorOnChoices?: boolean;
};

/** A fieldset of radios or checkboxes with its legend, hint and error. */
export function ChoiceGroup({
  id,
  legend,
  hint,
  type,
  options,
  registration,
  error,
  className,
  errorOnChoices = false,
}: ChoiceGroupProps) {
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  return (
    <fieldset
      className={`field choices${error ? ' field-invalid' : ''}${className ? ` ${className}` : ''}`}
      aria-describedby={describedBy(hintId, errorId)}
    >
      <legend>{legend}</legend>
      {hint && (
        <p id={hintId} className="hint">
          {hint}
        </p>
      )}
      <FieldError id={`${id}-error`} message={error} />
      {options.map((option, index) => (
        <Choice
          key={option.value}
          id={index === 0 ? id : `${id}-${option.value}`}
          type={type}
          value={option.value}
          label={option.label}
          hint={option.hint}
          invalid={Boolean(error)}
          errorId={errorOnChoices && errorId}
          registration={registration}
        />
      ))}
    </fieldset>
  );
}
