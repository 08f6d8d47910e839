/**
 * Runs before the tests (docs/architecture.md §8). For every project: builds the static site when
 * dist/ is missing or stale (the e2e layer, the local runtime and the CSP unit test read it) and
 * prepares the migrated PGlite template the embedded test servers copy; both are no-ops once done.
 * For the `system` project only, so a run of unit files starts neither: the run's one PostgreSQL
 * server, with a migrated template database every other test server clones, and its one Chromium.
 * Their addresses reach the test processes in TEST_POSTGRES_URL and TEST_BROWSER_WS_ENDPOINT.
 */
import type { TestProject } from 'vitest/node';
import { ensureSiteBuilt } from '../src/dev/build-site.js';
import { requireBinary } from './support/binaries.js';
import { ensureDbTemplate } from './support/db-template.js';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const prepared = Promise.all([ensureSiteBuilt({ quiet: true }), ensureDbTemplate()]);
  if (project.name !== 'system') {
    await prepared;
    return undefined;
  }
  // Loaded here, so a run of unit files does not load playwright-core and the PostgreSQL driver.
  const [{ browserAvailable, launchBrowserServer, SHARED_BROWSER_ENV }, postgresSupport] = await Promise.all([
    import('./support/browser.js'),
    import('./support/postgres.js'),
  ]);
  const { INITDB, PG_CTL, SHARED_POSTGRES_ENV, startSharedPostgres } = postgresSupport;
  const postgres = requireBinary(
    'test servers on PostgreSQL (they use embedded PGlite instead)',
    PG_CTL && INITDB,
    'initdb/pg_ctl not found (install PostgreSQL 15 server binaries)',
  );
  const started = await Promise.allSettled([
    prepared,
    postgres ? startSharedPostgres() : Promise.resolve(undefined),
    browserAvailable ? launchBrowserServer() : Promise.resolve(undefined),
  ] as const);
  const [, sharedStart, browserStart] = started;
  const shared = sharedStart.status === 'fulfilled' ? sharedStart.value : undefined;
  const browser = browserStart.status === 'fulfilled' ? browserStart.value : undefined;
  const stop = async () => {
    delete process.env[SHARED_POSTGRES_ENV];
    delete process.env[SHARED_BROWSER_ENV];
    await Promise.all([shared?.stop(), browser?.close()]);
  };
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  if (shared) process.env[SHARED_POSTGRES_ENV] = shared.url;
  if (browser) process.env[SHARED_BROWSER_ENV] = browser.wsEndpoint();
  return stop;
}
