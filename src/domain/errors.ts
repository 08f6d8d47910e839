/**
 * The closed list of application error codes, their HTTP status and a default message.
 * One table so every function answers the same problem with the same status (architecture §5),
 * and a new code cannot be added without deciding its status.
 */

/** Every error code a function may return in `{ error: { code } }`. */
export type AppErrorCode =
  | 'BAD_REQUEST'
  | 'UNAUTHENTICATED'
  | 'LINK_EXPIRED'
  | 'LINK_REVOKED'
  | 'WRONG_ROLE'
  | 'FORBIDDEN_ORIGIN'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'QUOTE_SUPERSEDED'
  | 'QUOTE_NOT_OPEN'
  | 'ALREADY_DECIDED'
  | 'INVALID_TRANSITION'
  | 'CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNSUPPORTED_TYPE'
  | 'VALIDATION'
  | 'RATE_LIMITED'
  | 'INTERNAL'
  | 'UNAVAILABLE';

/** Code → HTTP status; `Record` so a new code breaks the build until it has a status. */
export const ERROR_STATUS: Record<AppErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  LINK_EXPIRED: 401,
  LINK_REVOKED: 401,
  WRONG_ROLE: 403,
  FORBIDDEN_ORIGIN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  QUOTE_SUPERSEDED: 409,
  QUOTE_NOT_OPEN: 409,
  ALREADY_DECIDED: 409,
  INVALID_TRANSITION: 409,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_TYPE: 415,
  VALIDATION: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
};

/** Code → a message a person can act on, used when the thrower has nothing more specific to say. */
export const ERROR_MESSAGE: Record<AppErrorCode, string> = {
  BAD_REQUEST: 'The request could not be read. Reload the page and try again.',
  UNAUTHENTICATED: 'This page needs the link from your email. Open the link again, or ask the shop for a fresh one.',
  LINK_EXPIRED: 'This link has expired. Ask the shop to send you a fresh link.',
  LINK_REVOKED: 'This link is no longer valid; a newer one was sent. Use the latest email from the shop.',
  WRONG_ROLE: 'Your link does not allow this action. Each role decides only through its own link.',
  FORBIDDEN_ORIGIN: 'This action must come from the portal itself. Reload the page and try again.',
  NOT_FOUND: 'We could not find that. Check the link, or ask the shop for a fresh one.',
  METHOD_NOT_ALLOWED: 'This address does not accept that kind of request.',
  QUOTE_SUPERSEDED: 'This quote has been replaced by a newer revision. Open the latest quote email to review it.',
  QUOTE_NOT_OPEN: 'This quote is no longer open, so it cannot be accepted. Ask the shop for a current quote.',
  ALREADY_DECIDED: 'A different decision was already recorded for this. Reload the page to see it.',
  INVALID_TRANSITION: 'This step is not possible at the current stage. Reload the page to see where things stand.',
  CONFLICT: 'Someone else changed this at the same time. Reload the page and try again.',
  PAYLOAD_TOO_LARGE: 'The file or request is too large. Make it smaller and try again.',
  UNSUPPORTED_TYPE: 'This file type is not accepted. Use PNG, JPEG, WebP, STL, 3MF or STEP.',
  VALIDATION: 'Some fields need your attention.',
  RATE_LIMITED: 'Too many attempts in a short time. Wait a minute and try again.',
  INTERNAL: 'Something went wrong on our side. Please try again; if it keeps happening, contact the shop.',
  UNAVAILABLE: 'The service is briefly unavailable. Please try again in a minute.',
};

/** Extra facts an error may carry to its HTTP reply. */
export type AppErrorOptions = {
  /** Field path → message, for 422 bodies. */
  fields?: Record<string, string>;
  /** Seconds for the `Retry-After` header (429, 503). */
  retryAfterSeconds?: number;
  /** The underlying error, kept for logs; never sent to the client. */
  cause?: unknown;
};

/** The one error type use cases throw; the HTTP wrapper turns it into status + body. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  readonly fields: Record<string, string> | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(code: AppErrorCode, message?: string, options: AppErrorOptions | Record<string, string> = {}) {
    const opts = isOptions(options) ? options : { fields: options };
    super(message ?? ERROR_MESSAGE[code], opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.fields = opts.fields;
    this.retryAfterSeconds = opts.retryAfterSeconds;
  }
}

/** Narrowing that also works across module copies (bundlers may duplicate the class). */
export function isAppError(error: unknown): error is AppError {
  if (error instanceof AppError) return true;
  return error instanceof Error && error.name === 'AppError' && 'code' in error && isAppErrorCode(error.code);
}

/** Whether a string is one of the closed codes, e.g. when reading `{ error: { code } }` in a browser. */
export function isAppErrorCode(value: unknown): value is AppErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, value);
}

// `new AppError(code, message, fields)` is the short form for field errors; an object whose
// keys are only option names is read as options.
function isOptions(value: AppErrorOptions | Record<string, string>): value is AppErrorOptions {
  const keys = Object.keys(value);
  return keys.every((key) => key === 'fields' || key === 'retryAfterSeconds' || key === 'cause');
}
