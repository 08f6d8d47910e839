/**
 * Builds the static site with Astro when dist/ is missing, older than any source it is built from,
 * or built for another address than SITE_URL's (its pages name the canonical host).
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, watch } from 'node:fs';
import path from 'node:path';
import { buildSiteUrl } from '../build/site-url.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SOURCES = ['src', 'content', 'public', 'astro.config.mjs', 'package.json'];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

/** The origin dist/ was built for, from the home page's canonical link (undefined: not known). */
function builtOrigin(marker: string): string | undefined {
  const href = /<link rel="canonical" href="([^"]+)"/.exec(readFileSync(marker, 'utf8'))?.[1];
  try {
    return href ? new URL(href).origin : undefined;
  } catch {
    return undefined;
  }
}

export function siteIsStale(): boolean {
  const marker = path.join(ROOT, 'dist', 'index.html');
  if (!existsSync(marker)) return true;
  const built = statSync(marker).mtimeMs;
  if (SOURCES.some((source) => newestMtime(path.join(ROOT, source)) > built)) return true;
  const origin = builtOrigin(marker);
  return origin !== undefined && origin !== new URL(buildSiteUrl()).origin;
}

export interface EnsureSiteBuiltOptions {
  quiet?: boolean;
  force?: boolean;
}

export async function ensureSiteBuilt({ quiet = false, force = false }: EnsureSiteBuiltOptions = {}): Promise<void> {
  if (!force && !siteIsStale()) return;
  if (!quiet) console.log('Building the site (astro build)…');
  // Build beside dist/ and swap it in, so a server (or another test run) serving the old dist/
  // never sees a half-emptied folder.
  const staging = path.join(ROOT, `.dist-build-${process.pid}-${Date.now()}`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', staging],
      // Always a production build: under vitest NODE_ENV is "test", and Vite would then ship
      // development React (twice the size, slower) to the pages the e2e tests and users load.
      {
        cwd: ROOT,
        stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit',
        env: { ...process.env, NODE_ENV: 'production' },
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`astro build failed with exit code ${code}\n${output}`)),
    );
  }).catch((error: unknown) => {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  });
  const dist = path.join(ROOT, 'dist');
  const retired = `${staging}-old`;
  if (existsSync(dist)) renameSync(dist, retired);
  renameSync(staging, dist);
  rmSync(retired, { recursive: true, force: true });
}

/**
 * `npm run dev`: rebuilds the static site whenever a page source changes, one build at a time,
 * while the old dist/ keeps being served (each build is swapped in whole). Server code changes restart the process (tsx watch).
 */
export function watchSite(): () => void {
  const watched = ['src', 'content', 'public'].map((dir) => path.join(ROOT, dir)).filter((dir) => existsSync(dir));
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  const rebuild = () => {
    if (running) {
      again = true;
      return;
    }
    const started = Date.now();
    running = ensureSiteBuilt({ quiet: true, force: true })
      .then(() => console.log(`Site rebuilt in ${((Date.now() - started) / 1000).toFixed(1)} s`))
      .catch((error: unknown) => console.error(error instanceof Error ? error.message : error))
      .finally(() => {
        running = undefined;
        if (again) {
          again = false;
          rebuild();
        }
      });
  };
  const watchers = watched.map((dir) =>
    watch(dir, { recursive: true }, (_event, file) => {
      if (!file || file.includes('node_modules')) return;
      clearTimeout(timer);
      timer = setTimeout(rebuild, 300);
    }),
  );
  return () => watchers.forEach((watcher) => watcher.close());
}
