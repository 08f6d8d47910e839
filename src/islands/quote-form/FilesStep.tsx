/**
 * Files: drag and drop, file picker and paste; one progress bar, thumbnail and problem per file; and for
 * each 3D file an instant estimate from the measured model (`ModelEstimate`, loaded only once a 3D file
 * is added, with the worker and three.js behind it).
 */
import { Component, Suspense, useEffect, useMemo, useState, type DragEvent, type ReactNode } from 'react';
import { useFormContext } from 'react-hook-form';
import { UploadList } from '../lib/upload-list.js';
import type { QueuedFile } from '../lib/upload-queue.js';
import { ACCEPT, formatBytes, MAX_DIRECT_UPLOAD_BYTES } from '../lib/files.js';
import { errorId, fieldId } from './steps.js';
import type { FormValues } from './values.js';
import './model-estimate.css';
import { deferred } from './deferred.js';

// Fetched as soon as the files step opens, so dropping a 3D file does not wait for (and parse) the
// estimate's chunk in the same task as the drop; three.js stays in the preview worker.
const ModelEstimate = deferred(async () => (await import('./ModelEstimate.js')).default);

/** Whatever goes wrong with the estimate (its code failed to load, a bug) costs the estimate, never the form. */
class ModelBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? (
      <p className="meta">The instant estimate is not available right now; the shop prices from your file.</p>
    ) : (
      this.props.children
    );
  }
}

/** A file on the files step, from choosing it to its upload's outcome. */
export type FileEntry = QueuedFile;

export type FilesStepProps = {
  files: readonly FileEntry[];
  onAdd: (files: File[]) => void;
  onRemove: (key: string) => void;
  /** The file chosen for an entry (absent for entries restored from a draft). */
  sourceOf: (key: string) => File | undefined;
  /** A problem with the list as a whole (e.g. uploads still running, or the server's `fileIds` message). */
  error?: string | undefined;
};

export function FilesStep({ files, onAdd, onRemove, sourceOf, error }: FilesStepProps) {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    // A failed prefetch (offline for a moment) is tried again when a 3D file needs the estimate.
    ModelEstimate.preload().catch(() => undefined);
  }, []);

  // Paste works anywhere on the step: a screenshot straight from the clipboard is the common case.
  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const pasted = Array.from(event.clipboardData?.files ?? []);
      if (pasted.length > 0) {
        event.preventDefault();
        onAdd(pasted);
      }
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [onAdd]);

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    onAdd(Array.from(event.dataTransfer.files));
  };

  const id = fieldId('fileIds');
  // The price depends on answers from earlier steps, which cannot change while this step is shown;
  // read once per change of what they say (getValues hands out a fresh object every time).
  const { getValues } = useFormContext<FormValues>();
  const { mode, quantities, part } = getValues();
  const key = JSON.stringify([mode, quantities, part.material, part.environment]);
  const values = useMemo(() => ({ mode, quantities, part }), [key]);
  const models = files.flatMap((entry) => {
    const file = entry.kind === 'cad' ? sourceOf(entry.key) : undefined;
    return file && file.size > 0 ? [{ key: entry.key, file, name: entry.name }] : [];
  });
  return (
    <>
      <p className="step-intro">
        Screenshots, photos and markups (PNG, JPEG, WebP) and CAD files (STL, 3MF, STEP), up to 4 MB each. Files are
        optional but help the shop price the part.
      </p>
      <div
        className={`dropzone${dragging ? ' dropzone-active' : ''}${error ? ' field-invalid' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        {/* The native input stays focusable and labelled but unseen: its "No file chosen" text never shows. */}
        <input
          id={id}
          type="file"
          multiple
          accept={ACCEPT}
          className="visually-hidden file-input"
          aria-describedby={[`${id}-hint`, error ? errorId('fileIds') : ''].filter(Boolean).join(' ')}
          aria-invalid={error ? true : undefined}
          onChange={(event) => {
            onAdd(Array.from(event.target.files ?? []));
            // Choosing the same file again after removing it must fire change again.
            event.target.value = '';
          }}
        />
        <label htmlFor={id} className="button-secondary file-button">
          Choose files
        </label>
        <p className="choice-hint dropzone-hint" id={`${id}-hint`}>
          or drag them here, or paste a screenshot (Ctrl+V / ⌘V).
        </p>
        {error && (
          <p id={errorId('fileIds')} className="field-error">
            <span className="visually-hidden">Error: </span>
            {error}
          </p>
        )}
      </div>
      <UploadList entries={files} label="Attached files" onRemove={onRemove} />
      {models.length > 0 && (
        <ModelBoundary>
          <Suspense fallback={<p className="meta">Loading the 3D preview…</p>}>
            {models.map(({ key, file, name }) => (
              <ModelEstimate
                key={key}
                file={file}
                name={name}
                values={values}
                overLimit={
                  file.size > MAX_DIRECT_UPLOAD_BYTES
                    ? `${formatBytes(file.size)}, over the ${formatBytes(MAX_DIRECT_UPLOAD_BYTES)} upload limit`
                    : undefined
                }
              />
            ))}
          </Suspense>
        </ModelBoundary>
      )}
    </>
  );
}
