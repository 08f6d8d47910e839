/**
 * A large 3D file straight to storage (architecture §15): the function signs part URLs, the browser PUTs
 * the parts (three at a time, each with XMLHttpRequest for real progress), and the function completes
 * and checks the file. The upload id is kept in localStorage under the file's name, size and date, so a
 * reload (the same file chosen again) or a dropped connection resumes where it stopped: the server's
 * ListParts says which parts landed and signs fresh URLs for the rest.
 */
import type { UploadedFileView } from '../../domain/contracts/file-view.js';
import type { MultipartUploadView, PartUrl } from '../../domain/contracts/multipart-upload.js';
import { ApiError, networkError, parseJson, toApiError } from './api.js';

export type DirectUploadOptions = {
  file: Blob & { lastModified?: number };
  name: string;
  token?: string | null | undefined;
  /** 0..1 of the file's bytes in storage, parts in flight included. */
  onProgress?: ((fraction: number) => void) | undefined;
  /** Every byte landed; the server is checking the file. */
  onChecking?: (() => void) | undefined;
  signal?: AbortSignal | undefined;
};

const PARALLEL_PARTS = 3;
/** Waits between attempts while the network is away: 1 s, 2 s, 4 s, then every 5 s. */
const RETRY_MS = [1000, 2000, 4000, 5000];

function stateKey(file: DirectUploadOptions['file'], name: string): string {
  return `direct-upload:${name}:${file.size}:${file.lastModified ?? 0}`;
}

function remembered(key: string): string | undefined {
  try {
    return localStorage.getItem(key) ?? undefined;
  } catch {
    return undefined;
  }
}

function remember(key: string, id: string | undefined): void {
  try {
    if (id) localStorage.setItem(key, id);
    else localStorage.removeItem(key);
  } catch {
    // Private windows may refuse storage: the upload still works, it just cannot resume after a reload.
  }
}

async function call<T>(url: string, body: unknown, token: string | null | undefined, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify(body),
      signal: signal ?? null,
    });
  } catch {
    if (signal?.aborted) throw new ApiError(0, 'ABORTED', 'The upload was cancelled.');
    throw networkError();
  }
  const parsed = parseJson(await response.text());
  if (!response.ok) throw toApiError(response.status, parsed);
  return parsed as T;
}

function isNetwork(error: unknown): boolean {
  return error instanceof ApiError && error.status === 0 && error.code !== 'ABORTED';
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new ApiError(0, 'ABORTED', 'The upload was cancelled.'));
      },
      { once: true },
    );
  });
}

/** PUTs one part; reports its bytes as they go. */
function putPart(part: PartUrl, body: Blob, onBytes: (loaded: number) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', part.url);
    xhr.upload.onprogress = (event) => onBytes(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(toApiError(xhr.status, parseJson(xhr.responseText)));
    };
    xhr.onerror = () => reject(networkError());
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', 'The upload was cancelled.'));
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(body);
  });
}

export async function uploadDirect({
  file,
  name,
  token,
  onProgress,
  onChecking,
  signal,
}: DirectUploadOptions): Promise<UploadedFileView> {
  const key = stateKey(file, name);
  let view: MultipartUploadView | undefined;
  let failures = 0;
  const retry = async (error: unknown) => {
    if (!isNetwork(error)) throw error;
    await wait(RETRY_MS[Math.min(failures, RETRY_MS.length - 1)] ?? 5000, signal);
    failures += 1;
  };

  for (;;) {
    try {
      const id = view?.id ?? remembered(key);
      if (id) {
        view = await call<MultipartUploadView>(`/api/uploads/multipart/${id}/parts`, {}, token, signal).catch(
          (error: unknown) => {
            // Completed, aborted or swept meanwhile: start over.
            if (error instanceof ApiError && error.status === 404) return undefined;
            throw error;
          },
        );
        if (!view) remember(key, undefined);
      }
      view ??= await call<MultipartUploadView>(
        '/api/uploads/multipart',
        { name, size: file.size, type: file.type },
        token,
        signal,
      );
      remember(key, view.id);
      if (view.urls.length === 0) break;
      await sendParts(view, file, onProgress, signal);
      failures = 0;
    } catch (error) {
      await retry(error);
    }
  }

  onProgress?.(1);
  onChecking?.();
  const parts = view.landed.map(({ partNumber, etag }) => ({ partNumber, etag }));
  for (;;) {
    try {
      const stored = await call<UploadedFileView>(
        `/api/uploads/multipart/${view.id}/complete`,
        { parts },
        token,
        signal,
      );
      remember(key, undefined);
      return stored;
    } catch (error) {
      if (!isNetwork(error)) remember(key, undefined);
      await retry(error);
    }
  }
}

async function sendParts(
  view: MultipartUploadView,
  file: Blob,
  onProgress: DirectUploadOptions['onProgress'],
  signal?: AbortSignal,
): Promise<void> {
  const landedBytes = view.landed.reduce((sum, part) => sum + part.size, 0);
  const inFlight = new Map<number, number>();
  let doneBytes = landedBytes;
  const report = () => {
    let flying = 0;
    for (const bytes of inFlight.values()) flying += bytes;
    onProgress?.(Math.min(1, (doneBytes + flying) / file.size));
  };
  report();
  const queue = [...view.urls];
  // After one part fails no worker takes another: the caller resumes from what landed.
  let failed = false;
  const worker = async () => {
    for (let part = queue.shift(); part && !failed; part = queue.shift()) {
      const start = (part.partNumber - 1) * view.partSize;
      const body = file.slice(start, Math.min(file.size, start + view.partSize));
      const partNumber = part.partNumber;
      await putPart(
        part,
        body,
        (loaded) => {
          inFlight.set(partNumber, loaded);
          report();
        },
        signal,
      )
        .catch((error: unknown) => {
          failed = true;
          throw error;
        })
        .finally(() => inFlight.delete(partNumber));
      doneBytes += body.size;
      report();
    }
  };
  const outcomes = await Promise.allSettled(Array.from({ length: Math.min(PARALLEL_PARTS, queue.length) }, worker));
  const problem = outcomes.find((outcome) => outcome.status === 'rejected');
  if (problem) throw problem.reason;
}
