import { describe, expect, it } from 'vitest';
import { AppError, ERROR_MESSAGE, ERROR_STATUS, isAppError, isAppErrorCode } from '../../src/domain/errors.js';

describe('application errors', () => {
  it('maps every code to the status of architecture §5', () => {
    expect(ERROR_STATUS).toMatchInlineSnapshot(`
      {
        "ALREADY_DECIDED": 409,
        "BAD_REQUEST": 400,
        "CONFLICT": 409,
        "FORBIDDEN_ORIGIN": 403,
        "INTERNAL": 500,
        "INVALID_TRANSITION": 409,
        "LINK_EXPIRED": 401,
        "LINK_REVOKED": 401,
        "METHOD_NOT_ALLOWED": 405,
        "NOT_FOUND": 404,
        "PAYLOAD_TOO_LARGE": 413,
        "QUOTE_NOT_OPEN": 409,
        "QUOTE_SUPERSEDED": 409,
        "RATE_LIMITED": 429,
        "UNAUTHENTICATED": 401,
        "UNAVAILABLE": 503,
        "UNSUPPORTED_TYPE": 415,
        "VALIDATION": 422,
        "WRONG_ROLE": 403,
      }
    `);
  });

  it('has a default message for every code that tells a person what to do', () => {
    for (const code of Object.keys(ERROR_STATUS)) {
      expect(isAppErrorCode(code)).toBe(true);
      expect(ERROR_MESSAGE[code as keyof typeof ERROR_MESSAGE]).toMatch(/^[A-Z].{20,}\.$/);
    }
  });

  it('carries code, status, default message, fields and retry hint', () => {
    const plain = new AppError('QUOTE_SUPERSEDED');
    expect(plain).toBeInstanceOf(Error);
    expect({ code: plain.code, status: plain.status, message: plain.message, name: plain.name }).toEqual({
      code: 'QUOTE_SUPERSEDED',
      status: 409,
      message: ERROR_MESSAGE.QUOTE_SUPERSEDED,
      name: 'AppError',
    });
    const validation = new AppError('VALIDATION', 'Fix the fields.', { 'part.name': 'Enter a name.' });
    expect(validation.fields).toEqual({ 'part.name': 'Enter a name.' });
    const limited = new AppError('RATE_LIMITED', undefined, { retryAfterSeconds: 30 });
    expect(limited.retryAfterSeconds).toBe(30);
    expect(limited.fields).toBeUndefined();
    const cause = new Error('socket hang up');
    expect(new AppError('UNAVAILABLE', undefined, { cause }).cause).toBe(cause);
  });

  it('recognises app errors, including copies from another bundle', () => {
    expect(isAppError(new AppError('NOT_FOUND'))).toBe(true);
    const foreign = Object.assign(new Error('x'), { name: 'AppError', code: 'NOT_FOUND' });
    expect(isAppError(foreign)).toBe(true);
    expect(isAppError(Object.assign(new Error('x'), { name: 'AppError', code: 'NOPE' }))).toBe(false);
    expect(isAppError(new Error('x'))).toBe(false);
    expect(isAppErrorCode('toString')).toBe(false);
  });
});
