/**
 * Runs once before the suite: builds the static site when dist/ is missing or stale, so the
 * e2e layer and the local runtime serve the current pages.
 */
import { ensureSiteBuilt } from '../src/dev/build-site';

export default async function setup(): Promise<void> {
  await ensureSiteBuilt({ quiet: true });
}
