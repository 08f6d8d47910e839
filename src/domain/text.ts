/**
 * The one rule for what free text the portal accepts, used by every schema with a text field (the
 * forms validate with the same schemas) and by query parameters such as the inbox search.
 *
 * Refused, with a message naming the field:
 * - control characters (U+0000–U+001F, U+007F–U+009F): PostgreSQL cannot store U+0000 at all, and
 *   the others are invisible, break mails and CSV exports, and are never typed on purpose;
 * - line breaks and tabs in single-line fields (multi-line fields keep them; CR counts as part of a
 *   line break, since Windows clients send CRLF);
 * - unpaired surrogates (half of an emoji, left by cutting a string in the wrong place): they are
 *   not text in UTF-8, so PostgreSQL refuses them in JSON and mails would garble them.
 *
 * zod/mini, and no String.prototype.isWellFormed, so the forms' bundles stay small and old browsers
 * still validate.
 */
import { z } from 'zod/mini';

/** Single-line fields (names, references, one-line notes) or multi-line ones (textareas). */
export type TextKind = 'single-line' | 'multi-line';

/** What is wrong with a text, in the words the message uses. */
export type TextFault = 'control character' | 'line break' | 'tab' | 'broken character';

/** The first reason this text cannot be accepted in a field of this kind, or undefined when it can. */
export function textFault(text: string, kind: TextKind): TextFault | undefined {
  const multiLine = kind === 'multi-line';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code < 0x7f) continue;
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return 'broken character';
    }
    if (code >= 0xdc00 && code <= 0xdfff) return 'broken character';
    if (code === 0x0a || code === 0x0d) {
      if (multiLine) continue;
      return 'line break';
    }
    if (code === 0x09) {
      if (multiLine) continue;
      return 'tab';
    }
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return 'control character';
  }
  return undefined;
}

/**
 * The message for a refused text. `label` names the field as it reads mid-sentence, e.g.
 * "the part name", "your job title".
 */
export function textFaultMessage(label: string, fault: TextFault): string {
  switch (fault) {
    case 'line break':
      return `Put ${label} on one line: remove the line break and try again.`;
    case 'tab':
      return `Put ${label} on one line: remove the tab and try again.`;
    case 'broken character':
      return `There is a character we cannot store in ${label} (a broken character, such as half of an emoji). Retype that part and try again.`;
    case 'control character':
      return `There is a character we cannot store in ${label} (an invisible control character). Remove it and try again.`;
  }
}

/** A zod/mini check refusing text this rule does not accept, with a message naming the field. */
export function acceptableText(label: string, kind: TextKind) {
  return z.superRefine<string>((value, ctx) => {
    const fault = textFault(value, kind);
    if (fault) ctx.addIssue({ code: 'custom', message: textFaultMessage(label, fault), input: value });
  });
}

export interface TextFieldOptions {
  /** The field as it reads mid-sentence, for the refusal messages: "the part name". */
  label: string;
  max: number;
  /** Shown when the text is longer than `max`. */
  tooLong: string;
  /** Shown when the text is empty after trimming; without it, empty text is accepted. */
  empty?: string;
  /** Shown when the value is not text at all; defaults to `empty`, else to a sentence naming the field. */
  notText?: string;
}

function textField(kind: TextKind, { label, max, tooLong, empty, notText }: TextFieldOptions) {
  const checks = [z.trim(), acceptableText(label, kind)];
  if (empty !== undefined) checks.push(z.minLength(1, empty));
  checks.push(z.maxLength(max, tooLong));
  return z.string({ error: notText ?? empty ?? `Enter ${label} as text.` }).check(...checks);
}

/** A trimmed single-line text field: no control characters, line breaks or tabs. */
export function singleLineText(options: TextFieldOptions) {
  return textField('single-line', options);
}

/** A trimmed multi-line text field (a textarea): line breaks and tabs allowed, other controls not. */
export function multiLineText(options: TextFieldOptions) {
  return textField('multi-line', options);
}

/** Where in a value the first unacceptable text sits (as a field path), for checks after parsing. */
export interface TextFaultAt {
  path: string[];
  fault: TextFault;
}

/**
 * The first string in a parsed value that even the multi-line rule refuses. `parseOrThrow` runs it
 * on whatever a schema accepted, as a last line of defence: a schema that forgot the rule still
 * cannot hand PostgreSQL a NUL or a broken character.
 */
export function findTextFault(value: unknown, path: string[] = []): TextFaultAt | undefined {
  if (typeof value === 'string') {
    const fault = textFault(value, 'multi-line');
    return fault ? { path, fault } : undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const found = findTextFault(child, [...path, key]);
    if (found) return found;
  }
  return undefined;
}
