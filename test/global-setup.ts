/**
 * Runs once before the suite: builds the static site when dist/ is missing or stale (the e2e layer and
 * the local runtime serve it), and prepares the migrated PGlite template the test servers copy.
 */
import { ensureSiteBuilt } from '../src/dev/build-site.js';
import { ensureDbTemplate } from './support/db-template.js';

export default async function setup(): Promise<void> {
  await Promise.all([ensureSiteBuilt({ quiet: true }), ensureDbTemplate()]);
}
