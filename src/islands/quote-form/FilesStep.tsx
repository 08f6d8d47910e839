/** Files: drag and drop, file picker and paste; one progress bar, thumbnail and problem per file. */
import { useEffect, useState, type DragEvent } from 'react';
import { ACCEPT, formatBytes } from './files';
import { errorId, fieldId } from './steps';

/** A file on the files step, from choosing it to its upload's outcome. */
export type FileEntry = {
  /** Local key; the server id is only known once the upload finished. */
  key: string;
  name: string;
  size: number;
  contentType: string;
  kind: 'image' | 'cad';
  status: 'uploading' | 'done' | 'failed';
  /** 0..1 */
  progress: number;
  id?: string;
  /** The problem with this file, in the server's words when it answered. */
  error?: string;
  /** Local object URL for an image, until the entry is removed. */
  previewUrl?: string;
};

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
        <label htmlFor={id} className="dropzone-label">
          <span className="choice-label">Choose files</span>
          <span className="choice-hint" id={`${id}-hint`}>
            or drag them here, or paste a screenshot (Ctrl+V / ⌘V).
          </span>
        </label>
        {error && (
          <p id={errorId('fileIds')} className="field-error">
            <span className="visually-hidden">Error: </span>
            {error}
          </p>
        )}
        <input
          id={id}
          type="file"
          multiple
          accept={ACCEPT}
          aria-describedby={[`${id}-hint`, error ? errorId('fileIds') : ''].filter(Boolean).join(' ')}
          aria-invalid={error ? true : undefined}
          onChange={(event) => {
            onAdd(Array.from(event.target.files ?? []));
            // Choosing the same file again after removing it must fire change again.
            event.target.value = '';
          }}
        />
      </div>
      {files.length > 0 && (
        <ul className="file-list" aria-label="Attached files">
          {files.map((file) => (
            <FileItem key={file.key} file={file} onRemove={() => onRemove(file.key)} />
          ))}
        </ul>
      )}
    </>
  );
}

function FileItem({ file, onRemove }: { file: FileEntry; onRemove: () => void }) {
  const statusId = `file-${file.key}-status`;
  const percent = Math.round(file.progress * 100);
  return (
    <li className={`file-item file-${file.status}`}>
      {file.previewUrl ? (
        <img className="file-thumb" src={file.previewUrl} alt="" width={64} height={64} />
      ) : (
        <span className="file-thumb file-icon" aria-hidden="true">
          {file.kind === 'cad' ? 'CAD' : 'IMG'}
        </span>
      )}
      <div className="file-body">
        <p className="file-name">
          {file.name} <span className="meta">({formatBytes(file.size)})</span>
        </p>
        {file.status !== 'failed' && (
          <progress max={100} value={percent} aria-label={`Upload of ${file.name}`} aria-describedby={statusId} />
        )}
        <p id={statusId} className={file.status === 'failed' ? 'field-error' : 'meta'} role="status">
          {file.status === 'uploading' && 'Uploading…'}
          {file.status === 'uploading' && <span aria-hidden="true"> {percent}%</span>}
          {file.status === 'done' && 'Uploaded'}
          {file.status === 'failed' && file.error}
        </p>
      </div>
      <button type="button" className="button-secondary file-remove" onClick={onRemove}>
        Remove<span className="visually-hidden"> {file.name}</span>
      </button>
    </li>
  );
}
