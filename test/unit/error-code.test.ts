/** What a log line may say about an error (src/server/error-code.ts): class, codes, place; never values. */
import { describe, expect, it } from 'vitest';
import { errorCode } from '../../src/server/error-code.js';

class DrizzleQueryError extends Error {
  readonly query: string;
  readonly params: unknown[];

  constructor(query: string, params: unknown[], cause: unknown) {
    super(`Failed query: ${query}\nparams: ${params.join(',')}`, { cause });
    this.query = query;
    this.params = params;
  }
}

class StripeAdapterError extends Error {
  readonly operation: string;
  readonly kind: string;

  constructor(operation: string, kind: string) {
    super(`${operation}: the customer tina@acme.example could not be read`);
    this.operation = operation;
    this.kind = kind;
  }
}

describe('errorCode', () => {
  // The place ("at src/…:line") names frames in src/ and api/ only; error-logs.test.ts shows one.
  it('names class, SQLSTATE or system code and adapter words, and nothing the customer typed', () => {
    const driver = Object.assign(new Error('unsupported Unicode escape sequence'), {
      code: '22P05',
      detail: '\\u0000 cannot be converted to text.',
    });
    const database = new DrizzleQueryError('insert into contacts values ($1)', ['tina@acme.example'], driver);
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:5432'), { code: 'ECONNREFUSED' });
    expect({
      database: errorCode(database),
      system: errorCode(refused),
      stripe: errorCode(new StripeAdapterError('retrieveQuote', 'unavailable')),
      plain: errorCode(new TypeError('Cannot read properties of undefined (reading "name")')),
      thrown: errorCode('a string with tina@acme.example'),
      nothing: errorCode(undefined),
    }).toMatchInlineSnapshot(`
      {
        "database": "DrizzleQueryError 22P05",
        "nothing": "undefined",
        "plain": "TypeError",
        "stripe": "StripeAdapterError retrieveQuote unavailable",
        "system": "Error ECONNREFUSED",
        "thrown": "string",
      }
    `);
    expect(errorCode(database)).not.toMatch(/tina|insert|Unicode/);
  });
});
