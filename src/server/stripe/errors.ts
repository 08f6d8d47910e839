/**
 * One error type out of the adapter, with a closed list of kinds a use case can act on:
 *
 * - `invalid_request`: our parameters are wrong or the object does not exist (`code` says which,
 *   e.g. 'resource_missing'). Retrying will not help.
 * - `conflict`: the object's state forbids it (quote not open, invoice finalized) or another
 *   request with the same key is in flight. Read the object and converge.
 * - `idempotency`: a key was reused with different parameters: a bug in how keys are derived.
 * - `unavailable`: Stripe could not be reached or asked us to slow down, and nothing changed.
 * - `unknown_outcome`: a change may or may not have happened (timeout, dropped connection, 5xx).
 *   Read the object back before retrying.
 * - `auth`: the key is wrong or lacks permission.
 */
import Stripe from 'stripe';

export type StripeAdapterErrorKind =
  'invalid_request' | 'idempotency' | 'conflict' | 'unavailable' | 'unknown_outcome' | 'auth';

export class StripeAdapterError extends Error {
  readonly kind: StripeAdapterErrorKind;
  readonly operation: string;
  readonly code: string | undefined;
  readonly param: string | undefined;
  readonly statusCode: number | undefined;
  readonly requestId: string | undefined;

  constructor(options: {
    kind: StripeAdapterErrorKind;
    operation: string;
    message: string;
    code?: string;
    param?: string;
    statusCode?: number;
    requestId?: string;
    cause?: unknown;
  }) {
    super(`${options.operation}: ${options.message}`, { cause: options.cause });
    this.name = 'StripeAdapterError';
    this.kind = options.kind;
    this.operation = options.operation;
    this.code = options.code;
    this.param = options.param;
    this.statusCode = options.statusCode;
    this.requestId = options.requestId;
  }
}

/** Stripe reports refused state transitions as invalid_request_error without a dedicated code. */
const STATE_CODES = new Set([
  'invoice_not_editable',
  'status_transition_invalid',
  'lock_timeout',
  'idempotency_key_in_use',
]);
const STATE_MESSAGE =
  /status|already|no longer|expired|cannot be (accepted|finalized|canceled|updated)|only (send|pay|finalize|void)/i;

function classify(error: InstanceType<typeof Stripe.errors.StripeError>, mutating: boolean): StripeAdapterErrorKind {
  const status = error.statusCode ?? 0;
  if (
    error instanceof Stripe.errors.StripeAuthenticationError ||
    error instanceof Stripe.errors.StripePermissionError
  ) {
    return 'auth';
  }
  if (error instanceof Stripe.errors.StripeIdempotencyError) return status === 409 ? 'conflict' : 'idempotency';
  if (error instanceof Stripe.errors.StripeRateLimitError) return 'unavailable';
  if (error instanceof Stripe.errors.StripeConnectionError) {
    const detail = error.detail;
    const refused = typeof detail === 'object' && detail !== null && 'code' in detail && detail.code === 'ECONNREFUSED';
    return refused || !mutating ? 'unavailable' : 'unknown_outcome';
  }
  // The SDK raises a 409 (key in flight, lock timeout) as a StripeAPIError: test the status first.
  if (status === 409 || (error.code && STATE_CODES.has(error.code))) return 'conflict';
  if (status >= 500 || error instanceof Stripe.errors.StripeAPIError)
    return mutating ? 'unknown_outcome' : 'unavailable';
  if (error instanceof Stripe.errors.StripeInvalidRequestError && !error.code && STATE_MESSAGE.test(error.message)) {
    return 'conflict';
  }
  return 'invalid_request';
}

export function toAdapterError(error: unknown, operation: string, mutating: boolean): StripeAdapterError {
  if (error instanceof StripeAdapterError) return error;
  if (error instanceof Stripe.errors.StripeError) {
    return new StripeAdapterError({
      kind: classify(error, mutating),
      operation,
      message: error.message,
      code: error.code,
      param: error.param,
      statusCode: error.statusCode,
      requestId: error.requestId,
      cause: error,
    });
  }
  return new StripeAdapterError({
    kind: mutating ? 'unknown_outcome' : 'unavailable',
    operation,
    message: error instanceof Error ? error.message : String(error),
    cause: error,
  });
}

/** Refuses bad input before it leaves the process, with the same error type as Stripe's refusals. */
export function invalid(operation: string, message: string, param?: string): StripeAdapterError {
  return new StripeAdapterError({ kind: 'invalid_request', operation, message, ...(param ? { param } : {}) });
}
