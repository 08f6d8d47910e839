import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig, setConfig } from '../../src/server/config.js';
import { AppError } from '../../src/domain/errors.js';
import {
  assertSameOrigin,
  cookieIsSecure,
  sessionCookie,
  sessionCookieName,
} from '../../src/server/staff-auth/session.js';
import type { IncomingMessage } from 'node:http';

afterEach(() => setConfig(parseConfig({})));

const withOrigin = (origin?: string) => ({ headers: origin === undefined ? {} : { origin } }) as IncomingMessage;

describe('staff session cookie', () => {
  it.each([
    ['http://localhost:4321', false],
    ['http://127.0.0.1:8080', false],
    ['https://quotes.example.com', true],
    ['http://quotes.example.com', true],
  ])('%s → Secure %s', (siteUrl, secure) => {
    expect(cookieIsSecure(siteUrl)).toBe(secure);
  });

  it('is HttpOnly, SameSite=Strict, Secure and __Host- prefixed on a public https site', () => {
    setConfig(parseConfig({ SITE_URL: 'https://quotes.example.com' }));
    const cookie = sessionCookie('a'.repeat(43), new Date(Date.now() + 3_600_000));
    expect(cookie).toMatch(/^__Host-shop_session=a{43}; /);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/Max-Age=(3599|3600);/);
    expect(sessionCookieName()).toBe('__Host-shop_session');
  });
});

describe('Origin check', () => {
  it('accepts the site origin only', () => {
    setConfig(parseConfig({ SITE_URL: 'https://quotes.example.com/' }));
    expect(() => assertSameOrigin(withOrigin('https://quotes.example.com'))).not.toThrow();
    for (const origin of [
      undefined,
      'null',
      'https://evil.example',
      'http://quotes.example.com',
      'https://quotes.example.com.evil.example',
    ]) {
      let error: unknown;
      try {
        assertSameOrigin(withOrigin(origin));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('FORBIDDEN_ORIGIN');
    }
  });
});
