import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { VercelRequest, VercelResponse } from '@vercel/node';
import { describe, expect, it } from 'vitest';
import {
  AppError,
  ERROR_MESSAGE,
  ERROR_STATUS,
  isAppError,
  isAppErrorCode,
  type AppErrorCode,
} from '../../src/domain/errors.js';
import { route } from '../../src/server/http/route.js';
import { allowLogs } from '../support/logs.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ARCHITECTURE = path.join(ROOT, 'docs/architecture.md');

function sourceFiles(dirs: string[]): string[] {
  return dirs.flatMap((dir) =>
    readdirSync(dir).flatMap((entry) => {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) return sourceFiles([full]);
      return /\.(ts|tsx)$/.test(entry) ? [full] : [];
    }),
  );
}

/** What a function built with route() answers when its handler throws `error`. */
async function throughRoute(error: unknown): Promise<{ status: number; body: unknown }> {
  const answer = { status: 200, body: undefined as unknown };
  const res = {
    headersSent: false,
    setHeader: () => res,
    status(status: number) {
      answer.status = status;
      return res;
    },
    json(body: unknown) {
      answer.body = body;
      return res;
    },
    end: () => res,
  };
  const fn = route({
    POST: () => {
      throw error;
    },
  });
  await fn({ method: 'POST', url: '/api/test', headers: {} } as VercelRequest, res as unknown as VercelResponse);
  return answer;
}

describe('application errors', () => {
  it('maps every code to the status of architecture §5', () => {
    // Written out by hand, not read back from the table: changing a status means changing it here too.
    const expected: Record<string, number> = {
      ALREADY_DECIDED: 409,
      BAD_REQUEST: 400,
      CONFLICT: 409,
      FORBIDDEN_ORIGIN: 403,
      INTERNAL: 500,
      INVALID_TRANSITION: 409,
      LINK_EXPIRED: 401,
      LINK_REVOKED: 401,
      METHOD_NOT_ALLOWED: 405,
      NOT_FOUND: 404,
      PAYLOAD_TOO_LARGE: 413,
      QUOTE_NOT_OPEN: 409,
      QUOTE_SUPERSEDED: 409,
      RATE_LIMITED: 429,
      UNAUTHENTICATED: 401,
      UNAVAILABLE: 503,
      UNSUPPORTED_TYPE: 415,
      VALIDATION: 422,
      WRONG_ROLE: 403,
    };
    expect(ERROR_STATUS).toEqual(expected);
  });

  it('uses only the client error statuses architecture §5 lists', () => {
    const section = /## 5\. HTTP contract[\s\S]*?(?=\n## 6\.)/.exec(readFileSync(ARCHITECTURE, 'utf8'))?.[0] ?? '';
    const listed = new Set([...section.matchAll(/\b(4\d\d) [a-z]/g)].map((match) => Number(match[1])));
    expect(listed.size).toBeGreaterThan(5);
    // 405 is the HTTP answer to a wrong method, not a contract decision; every other 4xx is listed.
    const used = new Set(
      Object.values(ERROR_STATUS).filter((status) => status >= 400 && status < 500 && status !== 405),
    );
    expect([...used].filter((status) => !listed.has(status))).toEqual([]);
  });

  it('every code the server throws is in the closed list, and route() answers it with its status', async () => {
    const thrown = new Set<string>();
    for (const file of sourceFiles([path.join(ROOT, 'src'), path.join(ROOT, 'api')])) {
      for (const match of readFileSync(file, 'utf8').matchAll(/new AppError\(\s*'([A-Za-z_]+)'/g)) {
        thrown.add(match[1] ?? '');
      }
    }
    // The scan finds the throws (a broken pattern would make the loop below check nothing).
    expect([...thrown]).toEqual(expect.arrayContaining(['NOT_FOUND', 'UNAUTHENTICATED', 'VALIDATION']));
    // route() logs a 5xx with an incident id and the code; a 4xx is the caller's problem and is not logged.
    const logged = allowLogs(/^POST \/api\/test failed: incident [0-9a-f]+, /);
    for (const code of thrown) {
      expect(isAppErrorCode(code), `${code} is thrown in src but not in the closed list`).toBe(true);
      const before = logged.lines.length;
      const answer = await throughRoute(new AppError(code as AppErrorCode));
      const status = ERROR_STATUS[code as AppErrorCode];
      expect(answer, code).toMatchObject({ status, body: { error: { code } } });
      const lines = logged.lines.slice(before);
      if (status >= 500) expect(lines).toEqual([expect.stringMatching(new RegExp(`, AppError ${code}$`))]);
      else expect(lines).toEqual([]);
    }
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
