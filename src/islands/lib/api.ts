/**
 * JSON calls to the portal's functions from the browser. Every failure becomes one `ApiError` with the
 * server's `{ error: { code, message, fields } }` (architecture §5), or a network/unknown error with a
 * message a person can act on, so pages switch on `status`/`code` and never parse bodies themselves.
 */

/** A failed call: `status` 0 means the network failed before any answer arrived. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** Field dot path → message, from 422 bodies (e.g. `technicalContact.email`). */
  readonly fields: Record<string, string>;

  constructor(status: number, code: string, message: string, fields: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
  }
}

/** Default wording when a body carries no usable message. */
const STATUS_MESSAGE: Record<number, string> = {
  0: 'We could not reach the server. Check your connection and try again.',
  400: 'The request could not be read. Reload the page and try again.',
  401: 'This link is not valid any more. Ask the shop for a fresh link.',
  403: 'Your link does not allow this action.',
  404: 'We could not find that. Check the link, or ask the shop for a fresh one.',
  409: 'This changed in the meantime. Reload the page to see where things stand.',
  413: 'The file or request is too large. Make it smaller and try again.',
  415: 'This file type is not accepted. Use PNG, JPEG, WebP, STL, 3MF or STEP.',
  422: 'Some fields need your attention.',
  429: 'Too many attempts in a short time. Wait a minute and try again.',
};
const FALLBACK_MESSAGE = 'Something went wrong on our side. Please try again; if it keeps happening, contact the shop.';

/** The network failed before any answer (offline, DNS, connection reset). */
export function networkError(): ApiError {
  return new ApiError(0, 'NETWORK', STATUS_MESSAGE[0] ?? FALLBACK_MESSAGE);
}

/** A non-2xx status and its parsed body (or anything else) → `ApiError`. */
export function toApiError(status: number, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : {};
  const code = typeof error.code === 'string' && error.code !== '' ? error.code : `HTTP_${status}`;
  const message =
    typeof error.message === 'string' && error.message.trim() !== ''
      ? error.message
      : (STATUS_MESSAGE[status] ?? FALLBACK_MESSAGE);
  const fields: Record<string, string> = {};
  if (isRecord(error.fields)) {
    for (const [path, text] of Object.entries(error.fields)) {
      if (typeof text === 'string') fields[path] = text;
    }
  }
  return new ApiError(status, code, message, fields);
}

/** Reads a body as JSON, or undefined when it is empty or not JSON (e.g. a proxy's HTML error page). */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export type ApiFetchOptions = {
  /** Path or URL, e.g. `/api/requests/abc`. */
  path: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** The signed-link token, sent as `Authorization: Bearer`. */
  token?: string | null | undefined;
  /** Sent as JSON when given. */
  body?: unknown;
  signal?: AbortSignal | undefined;
  /** Injected in tests; the browser's fetch otherwise. */
  fetch?: typeof fetch;
};

/** A JSON call; resolves with the parsed 2xx body, rejects with `ApiError`. */
export async function apiFetch<T>({
  path,
  method = 'GET',
  token,
  body,
  signal,
  fetch: fetchImpl = globalThis.fetch,
}: ApiFetchOptions): Promise<{ status: number; data: T }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetchImpl(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw networkError();
  }
  const parsed = parseJson(await response.text().catch(() => ''));
  if (!response.ok) throw toApiError(response.status, parsed);
  return { status: response.status, data: parsed as T };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
