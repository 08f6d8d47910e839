/**
 * External binaries the suite needs (Chromium, PostgreSQL). The rule for both: where one is missing,
 * its layer says so loudly and is skipped; under CI=true a missing one fails the run.
 */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export const IN_CI = process.env.CI === 'true';

export function findBinary(name: string, candidates: string[] = []): string | undefined {
  for (const candidate of candidates) if (candidate && existsSync(candidate)) return candidate;
  try {
    return execFileSync('which', [name], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Returns true when the layer can run. When it cannot: throws under CI, otherwise prints a loud
 * warning and returns false so the caller registers its tests with `describe.skipIf`.
 */
export function requireBinary(layer: string, found: string | undefined, hint: string): boolean {
  if (found) return true;
  const message = `${layer}: ${hint}`;
  if (IN_CI) throw new Error(`${message} (CI=true: a missing binary fails the run)`);
  console.warn(`\n${'!'.repeat(72)}\n!! SKIPPING ${message}\n${'!'.repeat(72)}\n`);
  return false;
}
