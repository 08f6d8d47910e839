/**
 * The request's files as thumbnails, and a full-size viewer in a modal `<dialog>`: the browser traps
 * focus and closes it on Escape; arrow keys step through the files; focus returns to the thumbnail
 * that opened it. Files are private, so every image is fetched with the link and shown as a blob URL.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchFileUrl } from '../lib/file-url.js';
import { formatBytes } from '../lib/format.js';
import type { FileView } from '../../domain/contracts/file-view.js';
import { fileOrigin } from './logic.js';

/** File id → blob URL, or `FAILED` when it could not be loaded. */
type Urls = Record<string, string>;
const FAILED = 'failed';

/** Blob URLs for the files, revoked when the gallery leaves the page. */
function useBlobUrls(files: readonly FileView[], token: string): [Urls, (id: string) => void] {
  const [urls, setUrls] = useState<Urls>({});
  const created = useRef(new Map<string, string>());
  const load = useCallback(
    (id: string) => {
      if (created.current.has(id)) return;
      created.current.set(id, '');
      fetchFileUrl({ id, token })
        .then((url) => {
          created.current.set(id, url);
          setUrls((current) => ({ ...current, [id]: url }));
        })
        .catch(() => setUrls((current) => ({ ...current, [id]: FAILED })));
    },
    [token],
  );
  useEffect(() => {
    for (const file of files) if (file.kind === 'image') load(file.id);
  }, [files, load]);
  useEffect(() => {
    const map = created.current;
    return () => map.forEach((url) => url && URL.revokeObjectURL(url));
  }, []);
  return [urls, load];
}

export function FileGallery({ files, token }: { files: readonly FileView[]; token: string }) {
  const [urls, load] = useBlobUrls(files, token);
  const [open, setOpen] = useState<number | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const openers = useRef<(HTMLButtonElement | null)[]>([]);
  const returnTo = useRef<number | null>(null);

  const show = (index: number) => {
    returnTo.current = index;
    setOpen(index);
    const file = files[index];
    if (file) load(file.id);
    if (!dialog.current?.open) dialog.current?.showModal();
  };

  const step = useCallback(
    (delta: number) => {
      setOpen((current) => {
        if (current === null || files.length === 0) return current;
        const next = (current + delta + files.length) % files.length;
        const file = files[next];
        if (file) load(file.id);
        return next;
      });
    },
    [files, load],
  );

  const onClose = () => {
    setOpen(null);
    const index = returnTo.current;
    if (index !== null) openers.current[index]?.focus();
  };

  if (files.length === 0) return <p>No files attached yet.</p>;
  const current = open === null ? undefined : files[open];
  const currentUrl = current ? urls[current.id] : undefined;
  return (
    <>
      <ul className="review-gallery">
        {files.map((file, index) => {
          const url = urls[file.id];
          return (
            <li key={file.id}>
              <button
                type="button"
                className="review-thumb"
                ref={(element) => {
                  openers.current[index] = element;
                }}
                onClick={() => show(index)}
              >
                {url && url !== FAILED && file.kind === 'image' ? (
                  <img src={url} alt="" width={120} height={90} />
                ) : (
                  <span className="review-thumb-icon" aria-hidden="true">
                    {file.kind === 'cad' ? 'CAD' : 'IMG'}
                  </span>
                )}
                <span className="review-thumb-name">
                  <span className="visually-hidden">View </span>
                  {file.name}
                </span>
                <span className="meta">
                  {formatBytes(file.size)} · {fileOrigin(file.uploadedByRole)}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
      <dialog
        ref={dialog}
        className="review-viewer"
        aria-labelledby="viewer-title"
        onClose={onClose}
        onKeyDown={(event) => {
          if (event.key === 'ArrowRight') step(1);
          if (event.key === 'ArrowLeft') step(-1);
        }}
      >
        {current && (
          <>
            <div className="review-viewer-head">
              <h2 id="viewer-title">{current.name}</h2>
              <button type="button" className="button-secondary" onClick={() => dialog.current?.close()}>
                Close<span className="visually-hidden"> the viewer</span>
              </button>
            </div>
            <p className="meta">
              File {(open ?? 0) + 1} of {files.length} · {formatBytes(current.size)}
              {current.width && current.height ? ` · ${current.width} × ${current.height} px` : ''} ·{' '}
              {fileOrigin(current.uploadedByRole)}
            </p>
            <div className="review-viewer-body">
              {current.kind === 'image' && currentUrl && currentUrl !== FAILED ? (
                <img src={currentUrl} alt={`${current.name}, full size`} />
              ) : current.kind === 'image' && currentUrl === undefined ? (
                <p role="status">Loading the image…</p>
              ) : current.kind === 'image' ? (
                <p>The image could not be loaded. Close the viewer and try again.</p>
              ) : (
                <p>
                  CAD files have no preview here. <DownloadLink file={current} token={token} /> to open it in your CAD
                  program.
                </p>
              )}
            </div>
            {files.length > 1 && (
              <div className="review-viewer-nav">
                <button type="button" className="button-secondary" onClick={() => step(-1)}>
                  Previous file
                </button>
                <button type="button" className="button-secondary" onClick={() => step(1)}>
                  Next file
                </button>
                <span className="meta">Arrow keys also work; Escape closes.</span>
              </div>
            )}
          </>
        )}
      </dialog>
    </>
  );
}

function DownloadLink({ file, token }: { file: FileView; token: string }) {
  const [problem, setProblem] = useState<string | null>(null);
  const download = async () => {
    try {
      const url = await fetchFileUrl({ id: file.id, token });
      const anchor = document.createElement('a');
      anchor.href = url;
      anchor.download = file.name;
      anchor.click();
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch {
      setProblem('The download failed; try again.');
    }
  };
  return (
    <>
      <button type="button" className="button-link" onClick={() => void download()}>
        Download {file.name}
      </button>
      {problem && <span className="field-error"> {problem}</span>}
    </>
  );
}
