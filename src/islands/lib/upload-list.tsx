/**
 * The list of files a person is adding: per file a thumbnail or kind icon, name and size, a visible
 * progress bar while it goes up, and its outcome announced politely (`role="status"`), then "Remove".
 * A refused file shows a refusal mark and its reason, never its (unreadable) preview.
 * The quote form and the review forms keep their own upload state; both render it with this list.
 */
import { useId } from 'react';
import { formatBytes } from './format.js';

/** A file from choosing it to its upload's outcome. */
export type UploadEntry = {
  /** Local key; the server id is only known once the upload finished. */
  key: string;
  name: string;
  size: number;
  kind: 'image' | 'cad';
  status: 'uploading' | 'done' | 'failed';
  /** 0..1 */
  progress: number;
  /** A direct upload's bytes all landed and the server is checking the file (architecture §15). */
  checking?: boolean;
  id?: string;
  /** The problem with this file, in the server's words when it answered. */
  error?: string;
  /** Local object URL for an image, until the entry is removed. */
  previewUrl?: string;
};

export type UploadListProps = {
  entries: readonly UploadEntry[];
  /** The list's accessible name, e.g. "Attached files". */
  label: string;
  onRemove: (key: string) => void;
};

export function UploadList({ entries, label, onRemove }: UploadListProps) {
  if (entries.length === 0) return null;
  return (
    <ul className="file-list" aria-label={label}>
      {entries.map((entry) => (
        <UploadItem key={entry.key} entry={entry} onRemove={() => onRemove(entry.key)} />
      ))}
    </ul>
  );
}

function UploadItem({ entry, onRemove }: { entry: UploadEntry; onRemove: () => void }) {
  // Unique per page: two forms on one page number their files from the same first key.
  const statusId = useId();
  const percent = Math.round(entry.progress * 100);
  return (
    <li className={`file-item file-${entry.status}`}>
      {entry.status === 'failed' ? (
        <span className="file-thumb file-icon file-icon-refused" aria-hidden="true">
          ✕
        </span>
      ) : entry.previewUrl ? (
        <img className="file-thumb" src={entry.previewUrl} alt="" width={64} height={64} />
      ) : (
        <span className="file-thumb file-icon" aria-hidden="true">
          {entry.kind === 'cad' ? 'CAD' : 'IMG'}
        </span>
      )}
      <div className="file-body">
        <p className="file-name">
          {entry.name} <span className="meta">({formatBytes(entry.size)})</span>
        </p>
        {entry.status !== 'failed' && (
          <progress max={100} value={percent} aria-label={`Upload of ${entry.name}`} aria-describedby={statusId} />
        )}
        <p id={statusId} className={entry.status === 'failed' ? 'field-error' : 'meta'} role="status">
          {entry.status === 'uploading' && (entry.checking ? 'Checking the file…' : 'Uploading…')}
          {entry.status === 'uploading' && !entry.checking && <span aria-hidden="true"> {percent}%</span>}
          {entry.status === 'done' && 'Uploaded'}
          {entry.status === 'failed' && (
            <>
              <span className="file-refused">Not attached: </span>
              {entry.error}
            </>
          )}
        </p>
      </div>
      <button type="button" className="button-secondary file-remove" onClick={onRemove}>
        Remove<span className="visually-hidden"> {entry.name}</span>
      </button>
    </li>
  );
}
