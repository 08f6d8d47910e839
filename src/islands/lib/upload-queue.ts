/**
 * The upload queue's bookkeeping, DOM-free so it is unit-tested in Node: which chosen files join the
 * list, which of them start uploading, and how an upload's outcome changes its entry. The quote form
 * and the review forms differ only in their `QueuePolicy`; `use-upload-queue.ts` runs the uploads.
 */
import { ApiError } from './api.js';
import { kindOf } from './files.js';
import type { UploadedFile } from './upload.js';
import type { UploadEntry } from './upload-list.js';

/** A file in the queue, from choosing it to its upload's outcome, with the type it was sent as. */
export type QueuedFile = UploadEntry & { contentType: string };

/** What the queue reads of a chosen file (a browser `File` has all of it). */
export type ChosenFile = { name: string; size: number; type: string };

/** How one page's queue names, checks and reports its files. */
export type QueuePolicy = {
  /** Local keys are this letter and a running number: `f1`, `f2`, … */
  keyPrefix: string;
  /** The name a file is listed and uploaded under (a pasted screenshot has no name of its own). */
  nameOf: (file: ChosenFile) => string;
  /** Why this file may not go up when `count` files are already kept, or null when it may. */
  precheck: (file: ChosenFile & { name: string }, count: number) => string | null;
  /** The sentence for a failed upload the server gave no message for. */
  failed: (name: string) => string;
  /** Show a local thumbnail of an image while it goes up and after. */
  previews: boolean;
};

/** Files that count towards a limit: uploading or uploaded, not the failed ones. */
export function keptCount(entries: readonly QueuedFile[]): number {
  return entries.filter((entry) => entry.status !== 'failed').length;
}

export type PlanAddOptions<F extends ChosenFile> = {
  files: readonly F[];
  entries: readonly QueuedFile[];
  policy: QueuePolicy;
  /** The running number of the last key handed out. */
  seq: number;
  /** A local preview URL for an accepted image, when the policy shows previews. */
  preview?: ((file: F) => string) | undefined;
};

export type PlannedAdd<F extends ChosenFile> = {
  /** Entries to append, in the order chosen: refused files as failed, the rest as uploading. */
  added: QueuedFile[];
  /** The uploads to start: the entry's key, the file and the name it goes up under. */
  starts: { key: string; file: F; name: string }[];
  seq: number;
};

/** The entries a batch of chosen files adds and which of them start uploading. */
export function planAdd<F extends ChosenFile>({
  files,
  entries,
  policy,
  seq,
  preview,
}: PlanAddOptions<F>): PlannedAdd<F> {
  let count = keptCount(entries);
  let next = seq;
  const added: QueuedFile[] = [];
  const starts: PlannedAdd<F>['starts'] = [];
  for (const file of files) {
    next += 1;
    const key = `${policy.keyPrefix}${next}`;
    const name = policy.nameOf(file);
    const kind = kindOf(name, file.type) ?? 'image';
    const base = { key, name, size: file.size, contentType: file.type, kind, progress: 0 };
    const problem = policy.precheck({ name, size: file.size, type: file.type }, count);
    if (problem) {
      added.push({ ...base, status: 'failed', error: problem });
      continue;
    }
    count += 1;
    const previewUrl = policy.previews && kind === 'image' ? preview?.(file) : undefined;
    added.push({ ...base, status: 'uploading', ...(previewUrl ? { previewUrl } : {}) });
    starts.push({ key, file, name });
  }
  return { added, starts, seq: next };
}

/**
 * The entries with one upload failed: its problem in words and no local preview any more (the
 * browser could not show a refused file, so a broken thumbnail would be all that is left).
 */
export function failEntry(
  entries: readonly QueuedFile[],
  key: string,
  change: Pick<QueuedFile, 'status' | 'error'>,
): QueuedFile[] {
  return entries.map((entry) => {
    if (entry.key !== key) return entry;
    const { previewUrl: _dropped, ...rest } = entry;
    return { ...rest, ...change };
  });
}

/** The entries with one entry changed; an entry removed meanwhile stays removed. */
export function patchEntry(entries: readonly QueuedFile[], key: string, change: Partial<QueuedFile>): QueuedFile[] {
  return entries.map((entry) => (entry.key === key ? { ...entry, ...change } : entry));
}

/** A finished upload: the server's id, and its word on the file's kind, type and size. */
export function uploadedPatch(stored: UploadedFile): Partial<QueuedFile> {
  return {
    status: 'done',
    progress: 1,
    id: stored.id,
    kind: stored.kind,
    contentType: stored.contentType,
    size: stored.size,
  };
}

/** A failed upload, in the server's words when it answered. */
export function failedPatch(
  error: unknown,
  name: string,
  policy: Pick<QueuePolicy, 'failed'>,
): Pick<QueuedFile, 'status' | 'error'> {
  return { status: 'failed', error: error instanceof ApiError ? error.message : policy.failed(name) };
}

/** Ids of finished uploads, in the order chosen. */
export function uploadedIds(entries: readonly QueuedFile[]): string[] {
  return entries.flatMap((entry) => (entry.status === 'done' && entry.id ? [entry.id] : []));
}

export function isBusy(entries: readonly QueuedFile[]): boolean {
  return entries.some((entry) => entry.status === 'uploading');
}

/** The files that were refused (by the pre-check or the server) and are still listed. */
export function refusedFiles(entries: readonly QueuedFile[]): QueuedFile[] {
  return entries.filter((entry) => entry.status === 'failed');
}

/**
 * Why the list cannot be sent as it is, or null when it can: uploads still running, or refused
 * files still listed (they would silently be left out, so the person removes them first).
 */
export function queueProblem(entries: readonly QueuedFile[]): string | null {
  if (isBusy(entries)) return 'Wait until every file has finished uploading, or remove the ones still uploading.';
  const refused = refusedFiles(entries);
  if (refused.length === 0) return null;
  const names = refused.map((entry) => entry.name).join(', ');
  return refused.length === 1
    ? `1 file was not attached: ${names}. Remove it to continue, or choose a file that is accepted.`
    : `${refused.length} files were not attached: ${names}. Remove them to continue, or choose files that are accepted.`;
}
