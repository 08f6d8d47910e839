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
    expect(config.uploads).toEqual({
      maxBytes: 4 * 1024 * 1024,
      maxMultipartBytes: 250 * 1024 * 1024,
      maxFiles: 10,
      dailyBytesPerClient: 1024 * 1024 * 1024,
      dailyBytesTotal: 5 * 1024 * 1024 * 1024,
      stepDeadlineMs: undefined,
    });
  });

  it('takes the STEP kernel’s deadline from STEP_DEADLINE_MS', () => {
    expect(parseConfig({ STEP_DEADLINE_MS: '12000' }).uploads.stepDeadlineMs).toBe(12_000);
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
    [{ STEP_DEADLINE_MS: '0' }, 'STEP_DEADLINE_MS must be a positive number of milliseconds'],
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

const PRODUCTION: Record<string, string> = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://u:p@db.example.com:5432/portal',
  STRIPE_SECRET_KEY: 'sk_live_abc123',
  STRIPE_WEBHOOK_SECRET: 'whsec_abc',
  S3_BUCKET: 'portal-files',
  SMTP_URL: 'smtps://u:p@smtp.example.com:465',
  SITE_URL: 'https://quotes.example.com',
  CRON_SECRET: 'c'.repeat(32),
};

describe('production configuration', () => {
  it('takes no embedded default in production', () => {
    const config = parseConfig(PRODUCTION);
    expect(config.production).toBe(true);
    expect(config.database.kind).toBe('postgres');
    expect(config.stripe.kind).toBe('stripe');
    expect(config.mail.kind).toBe('smtp');
    expect(config.storage.kind).toBe('s3');
    expect(config.reconcileSecrets).toEqual(['c'.repeat(32)]);
  });

  it.each(['NODE_ENV', 'VERCEL'])(
    'requires every production variable when %s says production, one line each',
    (flag) => {
      const env: Record<string, string> = flag === 'VERCEL' ? { VERCEL: '1' } : { NODE_ENV: 'production' };
      expect(problems(env)).toMatchInlineSnapshot(`
      [
        "DATABASE_URL is required in production: the PostgreSQL connection URL (without it every request would be lost)",
        "STRIPE_SECRET_KEY is required in production: the Stripe secret key (sk_live_… or sk_test_…)",
        "STRIPE_WEBHOOK_SECRET is required in production: the signing secret of the /api/stripe/webhook endpoint (whsec_…)",
        "S3_BUCKET is required in production: the private bucket for uploaded files",
        "SMTP_URL is required in production: the SMTP server that sends every signed link (smtps://user:password@host:465)",
        "SITE_URL is required in production: the public address mailed links point to (https://quotes.example.com)",
        "CRON_SECRET is required in production: the secret Vercel Cron sends to /api/shop/reconcile (24+ characters; RECONCILE_SECRET for another scheduler)",
      ]
    `);
    },
  );

  it.each(Object.keys(PRODUCTION).filter((name) => name !== 'NODE_ENV'))(
    'names %s alone when only it is missing',
    (name) => {
      const env = { ...PRODUCTION, [name]: '' };
      const lines = problems(env);
      expect(lines).toHaveLength(1);
      expect(lines[0]?.startsWith(`${name} is required in production`)).toBe(true);
    },
  );

  it('lists the missing variables by name for health', () => {
    try {
      parseConfig({ ...PRODUCTION, DATABASE_URL: '', SMTP_URL: '' });
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).variables).toEqual(['DATABASE_URL', 'SMTP_URL']);
    }
  });

  it('accepts RECONCILE_SECRET instead of CRON_SECRET, and both together', () => {
    const { CRON_SECRET: _, ...rest } = PRODUCTION;
    expect(parseConfig({ ...rest, RECONCILE_SECRET: 'r'.repeat(24) }).reconcileSecrets).toEqual(['r'.repeat(24)]);
    expect(parseConfig({ ...PRODUCTION, RECONCILE_SECRET: 'r'.repeat(24) }).reconcileSecrets).toHaveLength(2);
  });

  it('runs production mode on the embedded defaults only with the demo switch, and never on Vercel', () => {
    const demo = parseConfig({ NODE_ENV: 'production', ALLOW_EMBEDDED_DEFAULTS: 'true' });
    expect(demo.production).toBe(true);
    expect(demo.database.kind).toBe('pglite');
    expect(problems({ VERCEL: '1', ALLOW_EMBEDDED_DEFAULTS: 'true' })).toEqual([
      'ALLOW_EMBEDDED_DEFAULTS is for local demos only: Vercel functions keep no disk and run no emulator; set the production variables instead',
    ]);
  });

  it('points the Stripe SDK at STRIPE_API_BASE when set', () => {
    const config = parseConfig({ ...PRODUCTION, STRIPE_API_BASE: 'http://127.0.0.1:12111' });
    expect(config.stripe.apiBase?.origin).toBe('http://127.0.0.1:12111');
    expect(problems({ STRIPE_API_BASE: 'ftp://x' })).toEqual(['STRIPE_API_BASE must be an http:// or https:// URL']);
  });

  it('listens on 127.0.0.1 unless HOST says otherwise', () => {
    expect(parseConfig({}).host).toBe('127.0.0.1');
    expect(parseConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('wants both S3 keys or neither', () => {
    expect(problems({ S3_BUCKET: 'files', S3_ACCESS_KEY_ID: 'AKIA' })).toEqual([
      'S3_SECRET_ACCESS_KEY must be set with the other S3 key',
    ]);
  });
});
