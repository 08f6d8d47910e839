/**
 * The draft autosaved in localStorage: the values, the step, the uploaded files (id and name, so they
 * are still attached after a reload) and the `clientDraftId` that makes submitting idempotent.
 * Storage is passed in, so the round trip is unit-tested without a browser.
 */
import { isStep, type FormStep } from './steps.js';
import { emptyValues, mergeValues, type FormValues } from './values.js';

export const DRAFT_KEY = 'quote-form-draft-v1';

/** An uploaded file as the draft remembers it; the local preview is not kept (blob URLs die with the page). */
export type DraftFile = {
  id: string;
  name: string;
  size: number;
  contentType: string;
  kind: 'image' | 'cad';
};

export type Draft = {
  values: FormValues;
  step: FormStep;
  files: DraftFile[];
  /** ISO time of the save, shown as "Draft saved". */
  savedAt: string;
};

export type DraftStorage = {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
};

export function serializeDraft(draft: Draft): string {
  return JSON.stringify({ version: 1, ...draft });
}

/** A saved draft, or null when there is none or it cannot be trusted (other version, broken JSON, no id). */
export function parseDraft(text: string | null): Draft | null {
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const data = raw as Record<string, unknown>;
  if (data.version !== 1 || typeof data.values !== 'object' || data.values === null) return null;
  const id = (data.values as Record<string, unknown>).clientDraftId;
  if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  const files = Array.isArray(data.files) ? data.files.filter(isDraftFile) : [];
  const values = mergeValues(emptyValues(id), data.values);
  // The file list is the truth for attachments: ids without a remembered file are dropped.
  values.fileIds = files.map((file) => file.id);
  return {
    values,
    step: isStep(data.step) ? data.step : 'mode',
    files,
    savedAt: typeof data.savedAt === 'string' ? data.savedAt : '',
  };
}

export type DraftStoreOptions = { storage: DraftStorage | null };

export function loadDraft({ storage }: DraftStoreOptions): Draft | null {
  try {
    return parseDraft(storage?.getItem(DRAFT_KEY) ?? null);
  } catch {
    return null;
  }
}

/** Saves; false when the browser refused (quota, privacy mode), so the page can say the draft is not kept. */
export function saveDraft({ storage, draft }: DraftStoreOptions & { draft: Draft }): boolean {
  try {
    if (!storage) return false;
    storage.setItem(DRAFT_KEY, serializeDraft(draft));
    return true;
  } catch {
    return false;
  }
}

export function clearDraft({ storage }: DraftStoreOptions): void {
  try {
    storage?.removeItem(DRAFT_KEY);
  } catch {
    // Nothing to do: a draft that cannot be removed could not have been saved either.
  }
}

function isDraftFile(value: unknown): value is DraftFile {
  if (typeof value !== 'object' || value === null) return false;
  const f = value as Record<string, unknown>;
  return (
    typeof f.id === 'string' &&
    typeof f.name === 'string' &&
    typeof f.size === 'number' &&
    typeof f.contentType === 'string' &&
    (f.kind === 'image' || f.kind === 'cad')
  );
}
