/**
 * Runs before the tests (docs/architecture.md §8). For every project: builds the static site when
 * dist/ is missing or stale (the e2e layer, the local runtime and the CSP unit test read it) and
 * prepares the migrated PGlite template the embedded test servers copy; both are no-ops once done.
 * For the `system` project only, so a run of unit files does not start it: the run's one PostgreSQL
 * server, with a migrated template database every other test server clones. Its address reaches the
 * test processes in TEST_POSTGRES_URL.
 * For the `deploy` project: `vercel build`, as a layer of its own before any test starts (vitest
 * runs every project's global setup before the first test file), so the suite's own time can be
 * told apart from the build's; the line printed at the end gives both.
 */
import type { TestProject } from 'vitest/node';
import { ensureSiteBuilt } from '../src/dev/build-site.js';
import { requireBinary } from './support/binaries.js';
import { ensureDbTemplate } from './support/db-template.js';

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const prepared = Promise.all([ensureSiteBuilt({ quiet: true }), ensureDbTemplate()]);
  if (project.name === 'deploy') return buildLayer(prepared);
  if (project.name !== 'system') {
    await prepared;
    return undefined;
  }
  // Loaded here, so a run of unit files does not load the PostgreSQL driver.
  const postgresSupport = await import('./support/postgres.js');
  const { INITDB, PG_CTL, SHARED_POSTGRES_ENV, startSharedPostgres } = postgresSupport;
  const postgres = requireBinary(
    'test servers on PostgreSQL (they use embedded PGlite instead)',
    PG_CTL && INITDB,
    'initdb/pg_ctl not found (install PostgreSQL 15 server binaries)',
  );
  const started = await Promise.allSettled([
    prepared,
    postgres ? startSharedPostgres() : Promise.resolve(undefined),
  ] as const);
  const [, sharedStart] = started;
  const shared = sharedStart.status === 'fulfilled' ? sharedStart.value : undefined;
  const stop = async () => {
    delete process.env[SHARED_POSTGRES_ENV];
    await shared?.stop();
  };
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  if (shared) process.env[SHARED_POSTGRES_ENV] = shared.url;
  return stop;
}

/** Builds with `vercel build` once per content (the deploy file then reuses it) and reports the layers' times. */
async function buildLayer(prepared: Promise<unknown>): Promise<() => Promise<void>> {
  const { ensureVercelBuild } = await import('./support/vercel-build.js');
  await prepared;
  const started = Date.now();
  const build = await ensureVercelBuild();
  const built = Date.now();
  const buildMs = build.reused ? 0 : built - started;
  return async () => {
    // Everything this run did but the build: the process's whole life minus the build's.
    const rest = ((process.uptime() * 1000 - buildMs) / 1000).toFixed(1);
    const layer = build.reused ? 'reused an earlier build of this content' : `${(buildMs / 1000).toFixed(1)} s`;
    console.log(`Vercel build: ${layer}. Everything else in this run: ${rest} s.`);
  };
}
