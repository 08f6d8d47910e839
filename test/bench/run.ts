/**
 * `npm run bench`: runs every test/bench/*.bench.ts in turn and prints its figures. Budgets are
 * checked here (reported as OVER BUDGET), never in timed tests. `npm run bench -- health` runs only
 * the files whose name contains "health".
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

type Report = (label: string, value: string) => void;

const filter = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const dir = import.meta.dirname;
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filter.length === 0 || filter.some((word) => file.includes(word)))
  .sort();

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
