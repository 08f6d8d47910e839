/**
 * The draft autosaved in localStorage: the values, the step, the uploaded files (id and name, so they
 * are still attached after a reload) and the `clientDraftId` that makes submitting idempotent.
 * Storage is passed in, so the round trip is unit-tested without a browser.
 */
import { MODES, type Mode } from '../../domain/request-fields.js';
import type { QueuedFile } from '../lib/upload-queue.js';
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

/**
 * Removes the saved draft; with `id`, only when the saved one is that draft, so a form left blank
 * never removes a draft another tab (or a later visit in this one) has saved since.
 */
export function clearDraft({ storage, id }: DraftStoreOptions & { id?: string }): void {
  try {
    if (id !== undefined && loadDraft({ storage })?.values.clientDraftId !== id) return;
    storage?.removeItem(DRAFT_KEY);
  } catch {
    // Nothing to do: a draft that cannot be removed could not have been saved either.
  }
}

/** The list's finished uploads, as the draft remembers them. */
export function draftFiles(entries: readonly QueuedFile[]): DraftFile[] {
  return entries.flatMap((file) =>
    file.status === 'done' && file.id
      ? [{ id: file.id, name: file.name, size: file.size, contentType: file.contentType, kind: file.kind }]
      : [],
  );
}

/** A restored draft's files as list entries, already uploaded. */
export function restoredFiles(files: readonly DraftFile[]): QueuedFile[] {
  return files.map((file, index) => ({ ...file, key: `d${index}`, status: 'done', progress: 1 }));
}

export type StartingValuesOptions = {
  draft: Draft | null;
  /** The page's `?mode=` parameter, from a "Ask for a rough estimate" link. */
  urlMode: string | null;
  newId: () => string;
};

/** Where the form starts: the draft's values, or empty ones with a new id; a linked mode fills an unchosen mode. */
export function startingValues({ draft, urlMode, newId }: StartingValuesOptions): FormValues {
  const values = draft ? draft.values : emptyValues(newId());
  if (values.mode === undefined && isMode(urlMode)) values.mode = urlMode;
  return values;
}

/**
 * Whether a draft holds nothing the person entered: the first step, no files, and the values the
 * form starts with on this address (a linked `?mode=` is the link's choice, not theirs). Such a
 * draft is never kept, so opening the form and leaving does not greet the next visit with
 * "we restored your draft" over an empty form.
 */
export function isBlankDraft(draft: Pick<Draft, 'values' | 'step' | 'files'>, urlMode: string | null): boolean {
  if (draft.step !== 'mode' || draft.files.length > 0) return false;
  const fresh = startingValues({ draft: null, urlMode, newId: () => draft.values.clientDraftId });
  return JSON.stringify(normalised(draft.values)) === JSON.stringify(normalised(fresh));
}

/** Values as JSON compares them: an empty number input may read '' or undefined, both nothing. */
function normalised(value: unknown): unknown {
  if (value === '' || value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(normalised);
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .map(([key, inner]) => [key, normalised(inner)] as const)
        .filter(([, inner]) => inner !== undefined)
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  }
  return value;
}

/** A version-4 UUID for `clientDraftId`; older browsers without `randomUUID` get one from `getRandomValues`. */
export function newDraftId(random: Pick<Crypto, 'getRandomValues'> & { randomUUID?: () => string } = crypto): string {
  if (typeof random.randomUUID === 'function') return random.randomUUID();
  // The same entropy randomUUID uses, with the version and variant bits set.
  const bytes = random.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function isMode(value: unknown): value is Mode {
  return MODES.some((mode) => mode === value);
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
