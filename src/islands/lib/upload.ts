/**
 * One file to `POST /api/uploads` with XMLHttpRequest: fetch cannot report upload progress, and a
 * person sending a 4 MB STEP file over a phone connection needs a real progress bar.
 */
import type { UploadedFileView } from '../../domain/contracts/file-view.js';
import { ApiError, networkError, parseJson, toApiError } from './api.js';

/** What `POST /api/uploads` answers with 201. */
export type UploadedFile = UploadedFileView;

export type UploadFileOptions = {
  file: Blob;
  /** The name sent in the multipart part (File objects carry their own). */
  name?: string | undefined;
  /** A link token when the uploader is a role on an existing request. */
  token?: string | null | undefined;
  /** Called with 0..1 while the bytes go out. */
  onProgress?: ((fraction: number) => void) | undefined;
  signal?: AbortSignal | undefined;
  url?: string;
};

/** Resolves with the stored file, rejects with `ApiError` (the server's message names the file). */
export function uploadFile({
  file,
  name,
  token,
  onProgress,
  signal,
  url = '/api/uploads',
}: UploadFileOptions): Promise<UploadedFile> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('Accept', 'application/json');
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress?.(event.loaded / event.total);
    };
    xhr.onload = () => {
      const body = parseJson(xhr.responseText);
      if (xhr.status >= 200 && xhr.status < 300 && isUploadedFile(body)) {
        onProgress?.(1);
        resolve(body);
      } else if (xhr.status >= 200 && xhr.status < 300) {
        reject(new ApiError(xhr.status, 'BAD_RESPONSE', 'The upload answer could not be read. Try again.'));
      } else {
        reject(toApiError(xhr.status, body));
      }
    };
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', 'The upload was cancelled.'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    const form = new FormData();
    form.append('file', file, name ?? (file instanceof File ? file.name : 'file'));
    xhr.send(form);
  });
}

function isUploadedFile(value: unknown): value is UploadedFile {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && typeof v.name === 'string' && typeof v.size === 'number';
}
