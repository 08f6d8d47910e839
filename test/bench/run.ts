/**
 * `npm run bench`: runs every test/bench/*.bench.ts in turn and prints its figures. Budgets are
 * checked here (reported as OVER BUDGET), never in timed tests. `npm run bench -- health` runs
 * health.bench.ts; a word that names no bench exactly runs every file whose name contains it.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureSiteBuilt } from '../../src/dev/build-site.js';

type Report = (label: string, value: string) => void;

const filter = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const dir = import.meta.dirname;
const all = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .sort();
// A word that names a bench exactly runs that one (`geometry` is not also `geometry-browser`); any
// other word runs every bench whose name contains it.
const matches = (word: string) =>
  all.includes(`${word}.bench.ts`) ? [`${word}.bench.ts`] : all.filter((file) => file.includes(word));
const files = filter.length === 0 ? all : all.filter((file) => filter.some((word) => matches(word).includes(file)));

// The benches serve the product as `npm start` does, from the built site: build it first when it is
// missing or older than its sources (a fresh clone has none).
await ensureSiteBuilt();

let failed = false;
for (const file of files) {
  console.log(`\n== ${file.replace('.bench.ts', '')}`);
  const report: Report = (label, value) => console.log(`  ${label.padEnd(52)} ${value}`);
  const started = Date.now();
  try {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { run(report: Report): Promise<void> };
    await mod.run(report);
    console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed = true;
    console.error(`  FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}
process.exitCode = failed ? 1 : 0;
