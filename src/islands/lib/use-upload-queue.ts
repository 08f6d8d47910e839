/**
 * One upload queue for a page: files join it by `add`, go up one request each with a visible
 * progress bar (`uploadFile`), and leave it by `remove` or `reset`, which cancel what is still
 * running. Rendered with `UploadList`; the bookkeeping is in `upload-queue.ts`.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { goesDirect } from './files.js';
import { uploadFile } from './upload.js';
import {
  failEntry,
  failedPatch,
  isBusy,
  patchEntry,
  planAdd,
  queueProblem,
  uploadedIds,
  uploadedPatch,
  type QueuedFile,
  type QueuePolicy,
} from './upload-queue.js';

export type UploadQueue = {
  entries: QueuedFile[];
  /** The entries as they are now, for handlers that run between renders. */
  snapshot: () => QueuedFile[];
  add: (files: File[]) => void;
  remove: (key: string) => void;
  /** Cancels what is running and empties the list, or puts `entries` in its place (a restored draft). */
  reset: (entries?: QueuedFile[]) => void;
  /** Ids of finished uploads, in the order chosen. */
  ids: string[];
  busy: boolean;
  /**
   * The file chosen for an entry, refused ones included, while it is listed (not for entries restored
   * from a draft): the quote form measures 3D files in the browser, even those too big to upload.
   */
  sourceOf: (key: string) => File | undefined;
  /** Why the list cannot be sent yet (uploads running, refused files listed), or null. */
  problem: string | null;
};

export type UseUploadQueueOptions = {
  /** Keep the same object between renders (a module constant), so the queue's functions stay stable. */
  policy: QueuePolicy;
  /** A link token when the uploader is a role on an existing request. */
  token?: string | null | undefined;
};

export function useUploadQueue({ policy, token }: UseUploadQueueOptions): UploadQueue {
  const [entries, setEntries] = useState<QueuedFile[]>([]);
  const entriesRef = useRef<QueuedFile[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const seq = useRef(0);
  const sources = useRef(new Map<string, File>());

  const setTracked = useCallback((change: (current: QueuedFile[]) => QueuedFile[]) => {
    setEntries((current) => {
      const next = change(current);
      entriesRef.current = next;
      return next;
    });
  }, []);

  const update = useCallback(
    (key: string, change: Partial<QueuedFile>) => setTracked((current) => patchEntry(current, key, change)),
    [setTracked],
  );

  const stopAll = useCallback(() => {
    for (const controller of controllers.current.values()) controller.abort();
    controllers.current.clear();
    for (const entry of entriesRef.current) if (entry.previewUrl) URL.revokeObjectURL(entry.previewUrl);
  }, []);

  useEffect(() => stopAll, [stopAll]);

  const add = useCallback(
    (files: File[]) => {
      // Planned from the ref, not inside a state updater: starting an upload is a side effect.
      const plan = planAdd({
        files,
        entries: entriesRef.current,
        policy,
        seq: seq.current,
        preview: (file) => URL.createObjectURL(file),
      });
      seq.current = plan.seq;
      // planAdd keeps the files' order, one entry each.
      plan.added.forEach((entry, index) => {
        const file = files[index];
        if (file) sources.current.set(entry.key, file);
      });
      setTracked((current) => [...current, ...plan.added]);
      for (const { key, file, name } of plan.starts) {
        const controller = new AbortController();
        controllers.current.set(key, controller);
        const onProgress = (progress: number) => update(key, { progress });
        // A large 3D file goes straight to storage in parts, resumable (architecture §15); that code
        // loads with the first such file, not with every page that takes uploads.
        const upload = goesDirect({ name, size: file.size, type: file.type })
          ? import('./direct-upload.js').then(({ uploadDirect }) =>
              uploadDirect({
                file,
                name,
                token,
                signal: controller.signal,
                onProgress,
                onChecking: () => update(key, { checking: true }),
              }),
            )
          : uploadFile({ file, name, token, signal: controller.signal, onProgress });
        upload
          .then((stored) => update(key, { ...uploadedPatch(stored), checking: false }))
          .catch((error: unknown) => {
            if (controller.signal.aborted) return;
            const preview = entriesRef.current.find((entry) => entry.key === key)?.previewUrl;
            if (preview) URL.revokeObjectURL(preview);
            setTracked((current) => failEntry(current, key, failedPatch(error, name, policy)));
          })
          .finally(() => controllers.current.delete(key));
      }
    },
    [policy, token, update, setTracked],
  );

  const remove = useCallback(
    (key: string) => {
      controllers.current.get(key)?.abort();
      controllers.current.delete(key);
      sources.current.delete(key);
      setTracked((current) =>
        current.filter((entry) => {
          if (entry.key === key && entry.previewUrl) URL.revokeObjectURL(entry.previewUrl);
          return entry.key !== key;
        }),
      );
    },
    [setTracked],
  );

  const reset = useCallback(
    (next: QueuedFile[] = []) => {
      stopAll();
      sources.current.clear();
      setTracked(() => next);
    },
    [stopAll, setTracked],
  );

  const snapshot = useCallback(() => entriesRef.current, []);
  const sourceOf = useCallback((key: string) => sources.current.get(key), []);

  return {
    entries,
    snapshot,
    add,
    remove,
    reset,
    ids: uploadedIds(entries),
    busy: isBusy(entries),
    sourceOf,
    problem: queueProblem(entries),
  };
}
