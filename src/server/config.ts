/**
 * Deployed code's only reader of process.env (architecture §9). Validated once with zod; a bad or missing variable stops
 * start-up with one line per variable naming it and what is expected.
 *
 * With nothing set, every adapter takes its embedded default (PGlite, the Stripe emulator,
 * local disk, the mail outbox), so `npm start` needs no configuration at all. In production
 * (`VERCEL=1` or `NODE_ENV=production`) those defaults would lose every request, so there the
 * production variables are required instead, unless the local demo switch says otherwise
 * (docs/architecture.md §9).
 */
import path from 'node:path';
import { z } from 'zod';

const emptyToUndefined = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

const port = (fallback: number) =>
  z.preprocess(
    emptyToUndefined,
    z.coerce
      .number({ error: 'must be a whole number between 1 and 65535' })
      .int('must be a whole number between 1 and 65535')
      .min(0, 'must be a whole number between 1 and 65535')
      .max(65535, 'must be a whole number between 1 and 65535')
      .default(fallback),
  );

const databaseUrl = z
  .string()
  .refine((value) => /^postgres(ql)?:\/\/[^/]+/.test(value), 'must be a postgres:// or postgresql:// connection URL');

const smtpUrl = z.string().refine((value) => /^smtps?:\/\/[^/]+/.test(value), 'must be an smtp:// or smtps:// URL');

const emailList = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim().toLowerCase())
          .filter(Boolean)
      : value,
  z.array(z.email('must be a comma-separated list of email addresses')).min(1, 'must list at least one email address'),
);

const secret = (name: string) => optional(z.string().min(24, `must be at least 24 characters (a random ${name})`));

const envSchema = z.object({
  NODE_ENV: optional(z.enum(['development', 'production', 'test'])),
  VERCEL: optional(z.string()),
  ALLOW_EMBEDDED_DEFAULTS: optional(z.enum(['true', 'false'], 'must be true or false')),
  HOST: optional(z.string().regex(/^[\w.:[\]-]+$/, 'must be a host name or IP address such as 127.0.0.1')),
  PORT: port(4321),
  DATA_DIR: optional(z.string()),
  SITE_URL: optional(z.url('must be an absolute URL such as https://quotes.example.com')),
  DATABASE_URL: optional(databaseUrl),
  STRIPE_SECRET_KEY: optional(
    z.string().regex(/^(sk|rk)_(test|live)_\w+$/, 'must start with sk_test_, sk_live_, rk_test_ or rk_live_'),
  ),
  STRIPE_WEBHOOK_SECRET: optional(z.string().regex(/^whsec_\w+$/, 'must start with whsec_')),
  STRIPE_EMULATOR_PORT: port(12111),
  STRIPE_API_BASE: optional(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' })),
  SMTP_URL: optional(smtpUrl),
  MAIL_FROM: optional(z.string().min(3, 'must be a sender such as "Print Works <quotes@example.com>"')),
  SHOP_NOTIFY_EMAIL: optional(z.email('must be an email address')),
  SHOP_STAFF_EMAILS: optional(emailList),
  UPLOAD_MAX_BYTES: optional(z.coerce.number().int().positive('must be a positive number of bytes')),
  UPLOAD_MAX_MB: optional(
    z.coerce
      .number()
      .int()
      .min(1, 'must be a whole number of megabytes')
      .max(5000, 'must be at most 5000 (S3 takes 10,000 parts)'),
  ),
  UPLOAD_MAX_FILES: optional(z.coerce.number().int().positive('must be a positive whole number')),
  UPLOAD_DAILY_BYTES_PER_CLIENT: optional(z.coerce.number().int().positive('must be a positive number of bytes')),
  UPLOAD_DAILY_BYTES_TOTAL: optional(z.coerce.number().int().positive('must be a positive number of bytes')),
  STEP_DEADLINE_MS: optional(z.coerce.number().int().positive('must be a positive number of milliseconds')),
  S3_BUCKET: optional(z.string().min(3, 'must be a bucket name')),
  S3_REGION: optional(z.string()),
  S3_ENDPOINT: optional(z.url('must be an absolute URL')),
  S3_ACCESS_KEY_ID: optional(z.string()),
  S3_SECRET_ACCESS_KEY: optional(z.string()),
  S3_FORCE_PATH_STYLE: optional(z.enum(['true', 'false'], 'must be true or false')),
  RECONCILE_SECRET: secret('secret'),
  CRON_SECRET: secret('secret'),
  RATE_LIMIT_PER_MINUTE: optional(z.coerce.number().int().positive('must be a positive whole number')),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  /** Production rules apply: on Vercel or with NODE_ENV=production. */
  production: boolean;
  /** Where the local runtime listens (127.0.0.1 unless HOST says otherwise). */
  host: string;
  port: number;
  dataDir: string;
  siteUrl: string;
  database: { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string };
  stripe: {
    kind: 'emulator' | 'stripe';
    secretKey: string;
    webhookSecret: string;
    emulatorPort: number;
    /** STRIPE_API_BASE: another Stripe API address (the emulator in contract and deploy tests). */
    apiBase?: URL;
  };
  mail: { kind: 'outbox'; dir: string } | { kind: 'smtp'; url: string };
  mailFrom: string;
  shopNotifyEmail: string;
  shopStaffEmails: string[];
  /** `dailyBytesPerClient` / `dailyBytesTotal`: what anonymous uploads may add per client IP and in all, per UTC day. */
  /**
   * `maxBytes`: one file through the function body (images and small files); `maxMultipartBytes`
   * (UPLOAD_MAX_MB): one 3D file uploaded straight to storage (architecture §15).
   */
  uploads: {
    maxBytes: number;
    maxMultipartBytes: number;
    maxFiles: number;
    dailyBytesPerClient: number;
    dailyBytesTotal: number;
    /** What the STEP kernel may take per file; unset: its own deadline (architecture §5). */
    stepDeadlineMs: number | undefined;
  };
  storage:
    | { kind: 'local'; dir: string }
    | {
        kind: 's3';
        bucket: string;
        region: string;
        endpoint: string | undefined;
        accessKeyId: string | undefined;
        secretAccessKey: string | undefined;
        forcePathStyle: boolean;
      };
  /** Bearer secrets the scheduled reconciler accepts: RECONCILE_SECRET and Vercel Cron's CRON_SECRET. */
  reconcileSecrets: string[];
  rateLimitPerMinute: number;
}

/** Raised when the environment is invalid; `lines` name each bad variable, `variables` just the names. */
export class ConfigError extends Error {
  readonly lines: string[];
  readonly variables: string[];
  constructor(lines: string[]) {
    super(`Invalid configuration:\n${lines.map((line) => `  ${line}`).join('\n')}`);
    this.lines = lines;
    this.name = 'ConfigError';
    this.variables = [...new Set(lines.map((line) => line.split(/[\s.]/, 1)[0] ?? line))];
  }
}

/**
 * What production needs instead of each embedded default, one line per variable. Order is the
 * README's deploy order.
 */
const PRODUCTION_REQUIRED: { name: keyof Env; why: string }[] = [
  { name: 'DATABASE_URL', why: 'the PostgreSQL connection URL (without it every request would be lost)' },
  { name: 'STRIPE_SECRET_KEY', why: 'the Stripe secret key (sk_live_… or sk_test_…)' },
  { name: 'STRIPE_WEBHOOK_SECRET', why: 'the signing secret of the /api/stripe/webhook endpoint (whsec_…)' },
  { name: 'S3_BUCKET', why: 'the private bucket for uploaded files' },
  { name: 'SMTP_URL', why: 'the SMTP server that sends every signed link (smtps://user:password@host:465)' },
  { name: 'SITE_URL', why: 'the public address mailed links point to (https://quotes.example.com)' },
];

function productionProblems(e: Env, onVercel: boolean): string[] {
  if (e.ALLOW_EMBEDDED_DEFAULTS === 'true') {
    return onVercel
      ? [
          'ALLOW_EMBEDDED_DEFAULTS is for local demos only: Vercel functions keep no disk and run no emulator; set the production variables instead',
        ]
      : [];
  }
  const problems = PRODUCTION_REQUIRED.filter(({ name }) => !e[name]).map(
    ({ name, why }) => `${name} is required in production: ${why}`,
  );
  if (!e.CRON_SECRET && !e.RECONCILE_SECRET) {
    problems.push(
      'CRON_SECRET is required in production: the secret Vercel Cron sends to /api/shop/reconcile (24+ characters; RECONCILE_SECRET for another scheduler)',
    );
  }
  return problems;
}

/** Local-only secrets for the emulator: they sign nothing that leaves this machine. */
const EMULATOR_SECRET_KEY = 'sk_test_emulator';
const EMULATOR_WEBHOOK_SECRET = 'whsec_emulator_local_signing_secret';

/** Production's "is required" line already says what a later rule about the same variable would. */
function firstLinePerVariable(lines: string[]): string[] {
  const seen = new Set<string>();
  return lines.filter((line) => {
    const name = line.split(' ', 1)[0] ?? line;
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'} ${issue.message}`);
    throw new ConfigError(lines);
  }
  const e = parsed.data;
  const nodeEnv = e.NODE_ENV ?? 'development';
  const onVercel = e.VERCEL === '1';
  const production = onVercel || nodeEnv === 'production';
  const problems = production ? productionProblems(e, onVercel) : [];
  const dataDir = path.resolve(e.DATA_DIR ?? '.data');
  const port = e.PORT;

  if (e.STRIPE_SECRET_KEY && !e.STRIPE_WEBHOOK_SECRET) {
    problems.push(
      'STRIPE_WEBHOOK_SECRET must be set when STRIPE_SECRET_KEY is set (whsec_… from the webhook endpoint)',
    );
  }
  const s3Set = [e.S3_BUCKET, e.S3_REGION, e.S3_ENDPOINT].some(Boolean);
  if (s3Set && !e.S3_BUCKET) problems.push('S3_BUCKET must be set when any S3_ variable is set');
  if (Boolean(e.S3_ACCESS_KEY_ID) !== Boolean(e.S3_SECRET_ACCESS_KEY)) {
    problems.push(
      `${e.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'} must be set with the other S3 key`,
    );
  }
  if (problems.length > 0) throw new ConfigError(firstLinePerVariable(problems));

  return {
    nodeEnv,
    production,
    host: e.HOST ?? '127.0.0.1',
    port,
    dataDir,
    siteUrl: (e.SITE_URL ?? `http://localhost:${port}`).replace(/\/+$/, ''),
    database: e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL }
      : { kind: 'pglite', dir: path.join(dataDir, 'db') },
    stripe: e.STRIPE_SECRET_KEY
      ? {
          kind: 'stripe',
          secretKey: e.STRIPE_SECRET_KEY,
          webhookSecret: e.STRIPE_WEBHOOK_SECRET ?? '',
          emulatorPort: e.STRIPE_EMULATOR_PORT,
          apiBase: e.STRIPE_API_BASE ? new URL(e.STRIPE_API_BASE) : undefined,
        }
      : {
          kind: 'emulator',
          secretKey: EMULATOR_SECRET_KEY,
          webhookSecret: e.STRIPE_WEBHOOK_SECRET ?? EMULATOR_WEBHOOK_SECRET,
          emulatorPort: e.STRIPE_EMULATOR_PORT,
        },
    mail: e.SMTP_URL ? { kind: 'smtp', url: e.SMTP_URL } : { kind: 'outbox', dir: path.join(dataDir, 'outbox') },
    mailFrom: e.MAIL_FROM ?? 'Layerline Print Works <quotes@layerline.example>',
    shopNotifyEmail: e.SHOP_NOTIFY_EMAIL ?? e.SHOP_STAFF_EMAILS?.[0] ?? 'shop@localhost',
    shopStaffEmails: e.SHOP_STAFF_EMAILS ?? ['shop@localhost'],
    uploads: {
      maxBytes: e.UPLOAD_MAX_BYTES ?? 4 * 1024 * 1024,
      maxMultipartBytes: (e.UPLOAD_MAX_MB ?? 250) * 1024 * 1024,
      maxFiles: e.UPLOAD_MAX_FILES ?? 10,
      // Four files at the direct upload's default limit.
      dailyBytesPerClient: e.UPLOAD_DAILY_BYTES_PER_CLIENT ?? 1024 * 1024 * 1024,
      dailyBytesTotal: e.UPLOAD_DAILY_BYTES_TOTAL ?? 5 * 1024 * 1024 * 1024,
      stepDeadlineMs: e.STEP_DEADLINE_MS,
    },
    storage: e.S3_BUCKET
      ? {
          kind: 's3',
          bucket: e.S3_BUCKET,
          region: e.S3_REGION ?? 'us-east-1',
          endpoint: e.S3_ENDPOINT,
          accessKeyId: e.S3_ACCESS_KEY_ID,
          secretAccessKey: e.S3_SECRET_ACCESS_KEY,
          forcePathStyle: e.S3_FORCE_PATH_STYLE === 'true',
        }
      : { kind: 'local', dir: path.join(dataDir, 'uploads') },
    reconcileSecrets: [e.RECONCILE_SECRET, e.CRON_SECRET].filter((value): value is string => Boolean(value)),
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE ?? 30,
  };
}

let cached: Config | undefined;

/** The process-wide configuration, parsed from process.env on first use. */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}

/** Tests and the local runtime set an explicit configuration (e.g. a temp DATA_DIR). */
export function setConfig(config: Config): void {
  cached = config;
}
