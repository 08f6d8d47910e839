import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../src/server/config.js';

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.lines;
    throw error;
  }
  return [];
}

describe('configuration', () => {
  it('takes every embedded default with nothing set', () => {
    const config = parseConfig({});
    expect(config.port).toBe(4321);
    expect(config.database.kind).toBe('pglite');
    expect(config.stripe.kind).toBe('emulator');
    expect(config.stripe.secretKey).toMatch(/^sk_test_/);
    expect(config.mail.kind).toBe('outbox');
    expect(config.storage.kind).toBe('local');
    expect(config.siteUrl).toBe('http://localhost:4321');
    expect(config.uploads).toEqual({ maxBytes: 4 * 1024 * 1024, maxFiles: 10 });
  });

  it('switches each adapter when its variable is set', () => {
    const config = parseConfig({
      DATABASE_URL: 'postgres://u:p@db.example.com:5432/portal',
      STRIPE_SECRET_KEY: 'sk_test_abc123',
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      SMTP_URL: 'smtps://u:p@smtp.example.com:465',
      S3_BUCKET: 'portal-files',
      SITE_URL: 'https://quotes.example.com/',
    });
    expect(config.database).toEqual({ kind: 'postgres', url: 'postgres://u:p@db.example.com:5432/portal' });
    expect(config.stripe.kind).toBe('stripe');
    expect(config.mail.kind).toBe('smtp');
    expect(config.storage.kind).toBe('s3');
    expect(config.siteUrl).toBe('https://quotes.example.com');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT must be a whole number between 1 and 65535'],
    [{ PORT: '70000' }, 'PORT must be a whole number between 1 and 65535'],
    [{ DATABASE_URL: 'nonsense' }, 'DATABASE_URL must be a postgres:// or postgresql:// connection URL'],
    [
      { STRIPE_SECRET_KEY: 'pk_test_123' },
      'STRIPE_SECRET_KEY must start with sk_test_, sk_live_, rk_test_ or rk_live_',
    ],
    [
      { STRIPE_SECRET_KEY: 'sk_test_123' },
      'STRIPE_WEBHOOK_SECRET must be set when STRIPE_SECRET_KEY is set (whsec_… from the webhook endpoint)',
    ],
    [{ SMTP_URL: 'mail.example.com' }, 'SMTP_URL must be an smtp:// or smtps:// URL'],
    [
      { SHOP_STAFF_EMAILS: 'ana@example.com, not-an-email' },
      'SHOP_STAFF_EMAILS.1 must be a comma-separated list of email addresses',
    ],
    [{ SITE_URL: 'quotes.example.com' }, 'SITE_URL must be an absolute URL such as https://quotes.example.com'],
  ])('names the bad variable: %o', (env, line) => {
    expect(problems(env)).toEqual([line]);
  });

  it('reports every bad variable at once, one line each', () => {
    expect(problems({ PORT: 'abc', DATABASE_URL: 'nonsense' })).toHaveLength(2);
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ DATABASE_URL: '', PORT: '' }).database.kind).toBe('pglite');
  });
});
