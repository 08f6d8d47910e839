/**
 * Markups and photos added with a decision: the same upload rules as intake (pre-check by name and
 * size, the server decides from the bytes), one visible progress bar per file. Files go up with the
 * technical link, so they are attached to the request as the technical contact's.
 */
import { useEffect, useState } from 'react';
import { MAX_DECISION_FILES } from '../../domain/review-schema.js';
import { Field, fieldDescription } from '../lib/fields.js';
import { ACCEPT, precheckFile } from '../lib/files.js';
import { UploadList } from '../lib/upload-list.js';
import type { QueuePolicy } from '../lib/upload-queue.js';
import { useUploadQueue, type UploadQueue } from '../lib/use-upload-queue.js';

export type Uploads = UploadQueue;

/** A decision's files: at most `MAX_DECISION_FILES`, each checked like an intake file. */
const DECISION_FILES: QueuePolicy = {
  keyPrefix: 'u',
  nameOf: (file) => file.name,
  precheck: (file, count) =>
    count >= MAX_DECISION_FILES
      ? `${file.name}: at most ${MAX_DECISION_FILES} files per decision; remove one first.`
      : precheckFile({ ...file, count: 0 }),
  failed: (name) => `${name}: the upload failed. Try again.`,
  previews: false,
};

export function useUploads(token: string): Uploads {
  return useUploadQueue({ policy: DECISION_FILES, token });
}

export type UploadFieldProps = {
  id: string;
  label: string;
  hint: string;
  uploads: Uploads;
  error?: string | undefined;
};

/** Optional files, one click away: a button opens the field; it stays open once it holds files or a problem. */
export function UploadField({ id, label, hint, uploads, error }: UploadFieldProps) {
  const [opened, setOpened] = useState(false);
  // The button that opened the field is gone: keyboard focus goes to the file input it revealed.
  useEffect(() => {
    if (opened) document.getElementById(id)?.focus();
  }, [opened, id]);
  if (!opened && uploads.entries.length === 0 && !error) {
    return (
      <p className="review-add-files">
        <button type="button" className="button-link" aria-expanded={false} onClick={() => setOpened(true)}>
          Add {label.toLowerCase()} (optional)
        </button>
      </p>
    );
  }
  return (
    <Field id={id} label={label} hint={hint} optional error={error}>
      {/* Unseen but focusable and labelled: the native "No file chosen" text never shows. */}
      <input
        id={id}
        type="file"
        multiple
        accept={ACCEPT}
        className="visually-hidden file-input"
        aria-describedby={fieldDescription(id, { hint, error })}
        aria-invalid={error ? true : undefined}
        onChange={(event) => {
          uploads.add(Array.from(event.target.files ?? []));
          event.target.value = '';
        }}
      />
      <label htmlFor={id} className="button-secondary file-button" aria-hidden="true">
        Choose files
      </label>
      <UploadList entries={uploads.entries} label="Files added with this decision" onRemove={uploads.remove} />
    </Field>
  );
}
