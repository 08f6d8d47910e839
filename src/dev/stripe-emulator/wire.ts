/**
 * Stripe's wire format: form-encoded bodies with nested brackets in, JSON out, and the error
 * envelope `{ error: { type, code, message, param } }` with the HTTP status Stripe uses.
 */

export type FormValue = string | FormValue[] | { [key: string]: FormValue };
export type FormParams = { [key: string]: FormValue };

export type StripeErrorType = 'invalid_request_error' | 'idempotency_error' | 'api_error' | 'card_error';

/** Thrown by handlers; the HTTP layer turns it into Stripe's error envelope. */
export class StripeApiError extends Error {
  readonly status: number;
  readonly type: StripeErrorType;
  readonly code?: string;
  readonly param?: string;

  constructor(status: number, type: StripeErrorType, message: string, code?: string, param?: string) {
    super(message);
    this.name = 'StripeApiError';
    this.status = status;
    this.type = type;
    this.code = code;
    this.param = param;
  }

  toBody(): { error: Record<string, string> } {
    const error: Record<string, string> = { type: this.type, message: this.message };
    if (this.code) {
      error.code = this.code;
      error.doc_url = `https://stripe.com/docs/error-codes/${this.code.replace(/_/g, '-')}`;
    }
    if (this.param) error.param = this.param;
    return { error };
  }
}

export const invalidRequest = (message: string, param?: string, code?: string) =>
  new StripeApiError(400, 'invalid_request_error', message, code, param);

export const resourceMissing = (kind: string, id: string, param = 'id') =>
  new StripeApiError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, 'resource_missing', param);

/** Splits `a[b][0][c]` into ['a', 'b', '0', 'c']; `expand[]` gives ['expand', '']. */
function splitKey(key: string): string[] {
  const first = key.indexOf('[');
  if (first === -1) return [key];
  const parts = [key.slice(0, first)];
  const re = /\[([^\]]*)\]/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(key.slice(first))) !== null) parts.push(match[1] ?? '');
  return parts;
}

type Tree = { [key: string]: Tree | string } | string;

/** Parses `application/x-www-form-urlencoded` (or a query string) into nested objects and arrays. */
export function parseForm(body: string): FormParams {
  const root: { [key: string]: Tree } = {};
  const appendCounters = new Map<object, number>();
  for (const [rawKey, value] of new URLSearchParams(body)) {
    const parts = splitKey(rawKey);
    let node: { [key: string]: Tree } = root;
    for (let i = 0; i < parts.length; i += 1) {
      let part = parts[i] ?? '';
      if (part === '') {
        // `expand[]=a&expand[]=b`: append in order.
        const next = appendCounters.get(node) ?? 0;
        appendCounters.set(node, next + 1);
        part = String(1_000_000 + next);
      }
      if (i === parts.length - 1) {
        node[part] = value;
      } else {
        const existing = node[part];
        if (existing === undefined || typeof existing === 'string') node[part] = {};
        node = node[part] as { [key: string]: Tree };
      }
    }
  }
  return normalise(root) as FormParams;
}

/** Objects whose keys are all integers become arrays ordered by index. */
function normalise(tree: Tree): FormValue {
  if (typeof tree === 'string') return tree;
  const keys = Object.keys(tree);
  const values = keys.map((key) => normalise(tree[key] as Tree));
  if (keys.length > 0 && keys.every((key) => /^\d+$/.test(key))) {
    return keys
      .map((key, index) => [Number(key), values[index] as FormValue] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, value]) => value);
  }
  const out: { [key: string]: FormValue } = {};
  keys.forEach((key, index) => {
    out[key] = values[index] as FormValue;
  });
  return out;
}

/** A stable fingerprint of the parameters, so a reused idempotency key can be compared. */
export function fingerprint(method: string, path: string, params: FormParams): string {
  const sortKeys = (value: FormValue): unknown => {
    if (typeof value === 'string') return value;
    if (Array.isArray(value)) return value.map(sortKeys);
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys(value[key] as FormValue)]),
    );
  };
  return JSON.stringify([method, path, sortKeys(params)]);
}

// ---- Reading parameters the way Stripe validates them ----

export function rejectUnknown(params: FormParams, allowed: readonly string[]): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) {
      throw invalidRequest(`Received unknown parameter: ${key}`, key, 'parameter_unknown');
    }
  }
}

export function str(value: FormValue | undefined, param: string, maxLength = 5000): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${param} must be a string`, param);
  if (value.length > maxLength) {
    throw invalidRequest(
      `Invalid string: ${value.slice(0, 20)}...; must be at most ${maxLength} characters`,
      param,
      'string_length_exceeds_maximum',
    );
  }
  return value;
}

export function requiredStr(value: FormValue | undefined, param: string, maxLength = 5000): string {
  const result = str(value, param, maxLength);
  if (result === undefined || result === '')
    throw invalidRequest(`Missing required param: ${param}.`, param, 'parameter_missing');
  return result;
}

export function int(value: FormValue | undefined, param: string, min = Number.MIN_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) {
    throw invalidRequest(
      `Invalid integer: ${typeof value === 'string' ? value : param}`,
      param,
      'parameter_invalid_integer',
    );
  }
  const parsed = Number(value);
  if (!Number.isSafeInteger(parsed))
    throw invalidRequest(`Invalid integer: ${value}`, param, 'parameter_invalid_integer');
  if (parsed < min) throw invalidRequest(`This value must be greater than or equal to ${min}.`, param);
  return parsed;
}

export function bool(value: FormValue | undefined, param: string): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidRequest(`Invalid boolean: ${typeof value === 'string' ? value : param}`, param);
}

export function obj(value: FormValue | undefined, param: string): { [key: string]: FormValue } | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' || Array.isArray(value)) throw invalidRequest(`Invalid object: ${param}`, param);
  return value;
}

export function arr(value: FormValue | undefined, param: string): FormValue[] | undefined {
  if (value === undefined) return undefined;
  if (value === '') return [];
  if (!Array.isArray(value)) throw invalidRequest(`Invalid array: ${param}`, param);
  return value;
}

export function oneOf<T extends string>(
  value: FormValue | undefined,
  param: string,
  allowed: readonly T[],
): T | undefined {
  const text = str(value, param);
  if (text === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(text)) {
    throw invalidRequest(`Invalid ${param}: must be one of ${allowed.join(', ')}`, param);
  }
  return text as T;
}

/** Stripe's metadata rules: at most 50 keys, key up to 40 characters, value up to 500; '' unsets. */
export function metadataUpdate(
  current: Record<string, string>,
  value: FormValue | undefined,
  param = 'metadata',
): Record<string, string> {
  if (value === undefined) return current;
  if (value === '') return {};
  const update = obj(value, param) ?? {};
  const next = { ...current };
  for (const [key, raw] of Object.entries(update)) {
    if (key.length > 40) throw invalidRequest(`Metadata keys can have up to 40 characters: ${key}`, `${param}[${key}]`);
    const text = str(raw, `${param}[${key}]`, 500) ?? '';
    if (text === '') delete next[key];
    else next[key] = text;
  }
  if (Object.keys(next).length > 50) throw invalidRequest('Metadata can have up to 50 keys', param);
  return next;
}

export function expandList(params: FormParams): string[] {
  const value = params.expand;
  if (value === undefined) return [];
  const list = Array.isArray(value) ? value : [value];
  return list.filter((item): item is string => typeof item === 'string');
}
