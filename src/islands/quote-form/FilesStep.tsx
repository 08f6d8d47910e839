/** Files: drag and drop, file picker and paste; one progress bar, thumbnail and problem per file. */
import { useEffect, useState, type DragEvent } from 'react';
import { UploadList } from '../lib/upload-list.js';
import type { QueuedFile } from '../lib/upload-queue.js';
import { ACCEPT } from '../lib/files.js';
import { errorId, fieldId } from './steps.js';

/** A file on the files step, from choosing it to its upload's outcome. */
export type FileEntry = QueuedFile;

export type FilesStepProps = {
  files: readonly FileEntry[];
  onAdd: (files: File[]) => void;
  onRemove: (key: string) => void;
  /** A problem with the list as a whole (e.g. uploads still running, or the server's `fileIds` message). */
  error?: string | undefined;
};

export function FilesStep({ files, onAdd, onRemove, error }: FilesStepProps) {
  const [dragging, setDragging] = useState(false);

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
    </>
  );
}
