/**
 * `npm start`: validates the environment, builds the site if needed, starts the runtime, and says
 * where everything is. `npm run dev` runs it under `tsx watch` (server code changes restart the
 * process) and rebuilds the site when a page source changes.
 */
import { ConfigError, parseConfig } from '../server/config.js';
import { ensureSiteBuilt, watchSite } from './build-site.js';
import { startRuntime } from './runtime.js';

const dev = process.argv.includes('--dev');

async function main(): Promise<void> {
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
