/**
 * The wrapper every Vercel function in api/ uses: method dispatch, one error shape, 500s masked.
 *
 * Error body (architecture §5): { "error": { "code", "message", "fields"? } }.
 * - AppError → its status from the closed code table.
 * - a zod error (classic or mini) → 422 with field paths a form can show beside each field.
 * - a body that is not valid JSON → 400.
 * - an incomplete production configuration → 503, its lines logged once per instance.
 * - anything else → 500 with a message that leaks nothing.
 *
 * Every 5xx is logged as one line with a short random incident id, which the body also carries so a
 * person can quote it to the shop. The line holds only the method, the path without its query
 * string, the error's class, code and place (`errorCode`): never a message, a query's parameters or
 * a search term, since those are what the customer typed.
 */
import { randomBytes } from 'node:crypto';
import type { VercelRequest, VercelResponse } from '@vercel/node';
import { $ZodError } from 'zod/v4/core';
import { AppError, ERROR_STATUS } from '../../domain/errors.js';
import { fieldErrors } from '../../domain/field-errors.js';
import { ConfigError } from '../config.js';
import { errorCode } from '../error-code.js';
import { logError } from '../log.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type MethodHandler = (req: VercelRequest, res: VercelResponse) => Promise<unknown>;
export type VercelFunction = (req: VercelRequest, res: VercelResponse) => Promise<void>;

const INTERNAL_MESSAGE = 'Something went wrong on our side. Please try again; if it keeps happening, contact the shop.';

const NOT_CONFIGURED_MESSAGE =
  'The portal is not fully set up yet, so nothing can be saved. Please contact the shop by email or phone.';

export interface ErrorBody {
  error: {
    code: string;
    message: string;
    fields?: Record<string, string>;
    /** On 5xx answers: the id of the log line, for support. */
    incident?: string;
  };
}

export function errorBody(error: unknown): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (error instanceof AppError) {
    const headers: Record<string, string> = {};
    if (error.retryAfterSeconds !== undefined) headers['Retry-After'] = String(error.retryAfterSeconds);
    return {
      status: ERROR_STATUS[error.code],
      headers,
      body: { error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } },
    };
  }
  if (error instanceof $ZodError) {
    return {
      status: 422,
      headers: {},
      body: {
        error: { code: 'VALIDATION', message: 'Some fields need your attention.', fields: fieldErrors(error) },
      },
    };
  }
  if (error instanceof ConfigError) {
    return {
      status: 503,
      headers: {},
      body: { error: { code: 'UNAVAILABLE', message: NOT_CONFIGURED_MESSAGE } },
    };
  }
  if (isBodyParseError(error)) {
    return {
      status: 400,
      headers: {},
      body: { error: { code: 'BAD_REQUEST', message: 'The request body is not valid JSON.' } },
    };
  }
  return { status: 500, headers: {}, body: { error: { code: 'INTERNAL', message: INTERNAL_MESSAGE } } };
}

/** Vercel's lazy body parser throws an error carrying statusCode 400 for malformed JSON. */
function isBodyParseError(error: unknown): boolean {
  return (
    error instanceof SyntaxError || (error instanceof Error && (error as { statusCode?: number }).statusCode === 400)
  );
}

let configLogged = false;

/** One line per bad variable, once per function instance (every request would repeat them). */
export function logConfigErrorOnce(error: ConfigError): void {
  if (configLogged) return;
  configLogged = true;
  for (const line of error.lines) logError(`config: ${line}`);
}

/** Builds a Vercel function from one handler per HTTP method. */
export function route(handlers: Partial<Record<Method, MethodHandler>>): VercelFunction {
  const allowed = Object.keys(handlers).join(', ');
  return async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const handler = handlers[(req.method ?? 'GET').toUpperCase() as Method];
    if (!handler) {
      res.setHeader('Allow', allowed);
      res.status(405).json({ error: { code: 'METHOD_NOT_ALLOWED', message: `Use ${allowed} for this address.` } });
      return;
    }
    try {
      await handler(req, res);
    } catch (error) {
      const { status, body, headers } = errorBody(error);
      if (error instanceof ConfigError) logConfigErrorOnce(error);
      else if (status >= 500) withIncident(body, logIncident(req, error));
      if (res.headersSent) {
        res.end();
        return;
      }
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      res.status(status).json(body);
    }
  };
}

/** A short random id: enough to find one log line, too short to mean anything else. */
export function newIncidentId(): string {
  return randomBytes(4).toString('hex');
}

/** Logs one line for a failed request, with no request values in it (see the header), and returns its id. */
export function logIncident(req: { method?: string | undefined; url?: string | undefined }, error: unknown): string {
  const incident = newIncidentId();
  const path = (req.url ?? '/').split('?')[0]?.slice(0, 200) ?? '/';
  logError(`${req.method ?? 'GET'} ${path} failed: incident ${incident}, ${errorCode(error)}`);
  return incident;
}

/** Adds the incident id to a 5xx body, in the message too, so a person can quote it to the shop. */
export function withIncident(body: ErrorBody, incident: string): ErrorBody {
  body.error.incident = incident;
  body.error.message = `${body.error.message} (Incident ${incident}.)`;
  return body;
}

/** Reads the JSON body (Vercel parses it lazily; a malformed body throws on access). */
export function jsonBody(req: VercelRequest): unknown {
  const contentType = String(req.headers['content-type'] ?? '');
  if (!contentType.includes('application/json')) {
    throw new AppError('UNSUPPORTED_TYPE', 'Send the request body as JSON (Content-Type: application/json).');
  }
  const body: unknown = req.body;
  if (body === undefined || body === null || body === '') {
    throw new AppError('BAD_REQUEST', 'The request body is empty.');
  }
  return body;
}
