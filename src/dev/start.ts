/**
 * `npm start`: reads `.env` when present, validates the environment, builds the site if needed,
 * starts the runtime, and says where everything is. `npm run dev` runs it under `tsx watch` (server code changes restart the
 * process) and rebuilds the site when a page source changes.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { ConfigError, parseConfig } from '../server/config.js';

const dev = process.argv.includes('--dev');

/** `.env` in the working folder, with Node's own parser; a variable already set in the shell wins. */
function loadDotEnv(): number {
  const file = path.resolve('.env');
  if (!existsSync(file)) return 0;
  let count = 0;
  for (const [name, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) {
    if (process.env[name] !== undefined) continue;
    process.env[name] = value;
    count += 1;
  }
  return count;
}

async function main(): Promise<void> {
  const fromDotEnv = loadDotEnv();
  try {
    parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }

  const started = Date.now();
  // Loaded only once the configuration holds: a bad variable is refused without loading the runtime.
  const [{ ensureSiteBuilt, watchSite }, { startRuntime }] = await Promise.all([
    import('./build-site.js'),
    import('./runtime.js'),
  ]);
  await ensureSiteBuilt();
  const runtime = await startRuntime({ dev });
  if (dev) watchSite();
  const { config, adapters } = runtime;
  const describe = {
    database:
      adapters.database === 'pglite'
        ? `PGlite (embedded) in ${config.database.kind === 'pglite' ? config.database.dir : ''}`
        : 'PostgreSQL (DATABASE_URL)',
    billing: runtime.emulator ? `Stripe emulator at ${runtime.emulator.url}` : 'Stripe (STRIPE_SECRET_KEY)',
    files:
      config.storage.kind === 'local' ? `local disk in ${config.storage.dir}` : `S3 bucket ${config.storage.bucket}`,
    mail: config.mail.kind === 'outbox' ? `outbox in ${config.mail.dir}` : 'SMTP (SMTP_URL)',
  };
  console.log(
    [
      '',
      `  Quote portal ready in ${((Date.now() - started) / 1000).toFixed(1)} s${dev ? ' (dev: pages rebuild and functions restart on change)' : ''}`,
      '',
      `  Site     ${config.siteUrl}/`,
      ...(config.mail.kind === 'outbox' ? [`  Outbox   ${config.siteUrl}/_dev/outbox/`] : []),
      `  Health   ${config.siteUrl}/api/health`,
      `  Data     ${config.dataDir}`,
      `  Listens  ${config.host}:${config.port}${config.host === '127.0.0.1' ? ' (this machine only; HOST=0.0.0.0 opens it)' : ''}`,
      ...(fromDotEnv > 0 ? [`  .env     ${fromDotEnv} variable${fromDotEnv === 1 ? '' : 's'} read`] : []),
      '',
      `  Database ${describe.database}`,
      `  Billing  ${describe.billing}`,
      `  Files    ${describe.files}`,
      `  Mail     ${describe.mail}`,
      '',
    ].join('\n'),
  );

  const stop = () => {
    void runtime.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
