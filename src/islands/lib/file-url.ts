/**
 * Uploaded files are private: `/api/files/:id` answers only with a link token in the header, so an
 * `<img src>` cannot load them. The page fetches the bytes with the header and shows a blob URL.
 */
import { ApiError, networkError, parseJson, toApiError } from './api.js';

export type FetchFileUrlOptions = {
  /** The file id from the request view. */
  id: string;
  token: string;
  signal?: AbortSignal | undefined;
  fetch?: typeof fetch;
  /** `URL.createObjectURL` in the browser; injected in tests. */
  createObjectURL?: (blob: Blob) => string;
};

/** A blob URL for the file; revoke it with `URL.revokeObjectURL` when the image leaves the page. */
export async function fetchFileUrl({
  id,
  token,
  signal,
  fetch: fetchImpl = globalThis.fetch,
  createObjectURL = (blob) => URL.createObjectURL(blob),
}: FetchFileUrlOptions): Promise<string> {
  let response: Response;
  try {
    response = await fetchImpl(`/api/files/${encodeURIComponent(id)}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw networkError();
  }
  if (!response.ok) throw toApiError(response.status, parseJson(await response.text().catch(() => '')));
  const blob = await response.blob();
  if (blob.size === 0) throw new ApiError(response.status, 'EMPTY_FILE', 'The file is empty.');
  return createObjectURL(blob);
}
