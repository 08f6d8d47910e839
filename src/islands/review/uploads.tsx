/**
 * Markups and photos added with a decision: the same upload rules as intake (pre-check by name and
 * size, the server decides from the bytes), one visible progress bar per file. Files go up with the
 * technical link, so they are attached to the request as the technical contact's.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { MAX_DECISION_FILES } from '../../domain/review-schema.js';
import { ApiError } from '../lib/api.js';
import { Field, fieldDescription } from '../lib/fields.js';
import { uploadFile } from '../lib/upload.js';
import { UploadList, type UploadEntry } from '../lib/upload-list.js';
import { ACCEPT, kindOf, precheckFile } from '../lib/files.js';

export type Uploads = {
  entries: UploadEntry[];
  add: (files: File[]) => void;
  remove: (key: string) => void;
  reset: () => void;
  /** Ids of finished uploads, in the order chosen. */
  ids: string[];
  busy: boolean;
};

export function useUploads(token: string): Uploads {
  const [entries, setEntries] = useState<UploadEntry[]>([]);
  const controllers = useRef(new Map<string, AbortController>());
  const seq = useRef(0);

  useEffect(() => {
    const running = controllers.current;
    return () => running.forEach((controller) => controller.abort());
  }, []);

  const entriesRef = useRef<UploadEntry[]>([]);
  const setTracked = useCallback((change: (current: UploadEntry[]) => UploadEntry[]) => {
    setEntries((current) => {
      const next = change(current);
      entriesRef.current = next;
      return next;
    });
  }, []);

  const update = useCallback(
    (key: string, change: Partial<UploadEntry>) => {
      setTracked((current) => current.map((entry) => (entry.key === key ? { ...entry, ...change } : entry)));
    },
    [setTracked],
  );

  const add = useCallback(
    (files: File[]) => {
      // Counted from a ref, not inside a state updater: starting an upload is a side effect.
      let count = entriesRef.current.filter((entry) => entry.status !== 'failed').length;
      const added: UploadEntry[] = [];
      const starts: [string, File][] = [];
      for (const file of files) {
        seq.current += 1;
        const key = `u${seq.current}`;
        const base = { key, name: file.name, size: file.size, kind: kindOf(file.name, file.type) ?? 'image' };
        const problem =
          count >= MAX_DECISION_FILES
            ? `${file.name}: at most ${MAX_DECISION_FILES} files per decision; remove one first.`
            : precheckFile({ name: file.name, size: file.size, type: file.type, count: 0 });
        if (problem) {
          added.push({ ...base, status: 'failed', progress: 0, error: problem });
          continue;
        }
        count += 1;
        added.push({ ...base, status: 'uploading', progress: 0 });
        starts.push([key, file]);
      }
      setTracked((current) => [...current, ...added]);
      for (const [key, file] of starts) {
        const controller = new AbortController();
        controllers.current.set(key, controller);
        uploadFile({
          file,
          token,
          signal: controller.signal,
          onProgress: (fraction) => update(key, { progress: fraction }),
        })
          .then((stored) => update(key, { status: 'done', progress: 1, id: stored.id, size: stored.size }))
          .catch((error: unknown) => {
            if (controller.signal.aborted) return;
            update(key, {
              status: 'failed',
              error: error instanceof ApiError ? error.message : `${file.name}: the upload failed. Try again.`,
            });
          })
          .finally(() => controllers.current.delete(key));
      }
    },
    [token, update, setTracked],
  );

  const remove = useCallback(
    (key: string) => {
      controllers.current.get(key)?.abort();
      controllers.current.delete(key);
      setTracked((current) => current.filter((entry) => entry.key !== key));
    },
    [setTracked],
  );

  const reset = useCallback(() => setTracked(() => []), [setTracked]);

  return {
    entries,
    add,
    remove,
    reset,
    ids: entries.flatMap((entry) => (entry.status === 'done' && entry.id ? [entry.id] : [])),
    busy: entries.some((entry) => entry.status === 'uploading'),
  };
}

export type UploadFieldProps = {
  id: string;
  label: string;
  hint: string;
  uploads: Uploads;
  error?: string | undefined;
};

export function UploadField({ id, label, hint, uploads, error }: UploadFieldProps) {
  return (
    <Field id={id} label={label} hint={hint} optional error={error}>
      <input
        id={id}
        type="file"
        multiple
        accept={ACCEPT}
        className="review-file-input"
        aria-describedby={fieldDescription(id, { hint, error })}
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          uploads.add(Array.from(event.target.files ?? []));
          event.target.value = '';
        }}
      />
      <UploadList entries={uploads.entries} label="Files added with this decision" onRemove={uploads.remove} />
    </Field>
  );
}
