/**
 * The wrapper every Vercel function in api/ uses: method dispatch, one error shape, 500s masked.
 *
 * Error body (architecture §5): { "error": { "code", "message", "fields"? } }.
 * - AppError → its status from the closed code table.
 * - a zod error (classic or mini) → 422 with field paths a form can show beside each field.
 * - a body that is not valid JSON → 400.
 * - an incomplete production configuration → 503, its lines logged once per instance.
 * - anything else → logged here, 500 with a message that leaks nothing.
 */
import type { VercelRequest, VercelResponse } from '@vercel/node';
import { $ZodError } from 'zod/v4/core';
import { AppError, ERROR_STATUS } from '../../domain/errors.js';
import { fieldErrors } from '../../domain/request-schema.js';
import { ConfigError } from '../config.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type MethodHandler = (req: VercelRequest, res: VercelResponse) => Promise<unknown>;
export type VercelFunction = (req: VercelRequest, res: VercelResponse) => Promise<void>;

const INTERNAL_MESSAGE = 'Something went wrong on our side. Please try again; if it keeps happening, contact the shop.';

const NOT_CONFIGURED_MESSAGE =
  'The portal is not fully set up yet, so nothing can be saved. Please contact the shop by email or phone.';

export interface ErrorBody {
  error: { code: string; message: string; fields?: Record<string, string> };
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
function logConfigErrorOnce(error: ConfigError): void {
  if (configLogged) return;
  configLogged = true;
  for (const line of error.lines) console.error(`config: ${line}`);
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
      else if (status >= 500) console.error(`${req.method} ${req.url} failed:`, error);
      if (res.headersSent) {
        res.end();
        return;
      }
      for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
      res.status(status).json(body);
    }
  };
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
