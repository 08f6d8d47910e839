/**
 * Everything /quote/ makes the browser download as JavaScript before it is interactive, gzip-compressed
 * (zlib level 9), against the 100 KB goal: external scripts, modulepreloads, the island's component,
 * renderer and before-hydration URLs (loaded by Astro's island runtime), inline scripts (not JSON data
 * blocks), and every static import reachable from them. Apart from it, the lazy part: chunks reached
 * only through a dynamic `import()` or a worker URL (later steps, validation, the 3D preview and
 * geometry workers), fetched when needed or after the page starts. Each chunk is labelled by the packages its modules come from (the map
 * src/build/chunk-modules.ts writes). `QUOTE_BUNDLE_DIST=/other/dist` measures another build.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { CHUNK_MODULES_FILE, type ChunkModules } from '../../src/build/chunk-modules.js';
import { ensureSiteBuilt } from '../../src/dev/build-site.js';

const GOAL_BYTES = 100 * 1024;
const ROOT = path.resolve(import.meta.dirname, '../..');

export type BundleFile = { file: string; raw: number; gzip: number; contains: string };

export interface PageScripts {
  /** What the page loads before it runs: the initial JavaScript. */
  initial: BundleFile[];
  /** Reached only through dynamic imports and worker URLs, from the initial files or each other. */
  lazy: BundleFile[];
}

// Static imports (`import x from"./a.js"`, `import"./a.js"`, `export … from"./a.js"`).
const STATIC_IMPORT = /(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g;
// Any other quoted chunk address: `import("./a.js")`, Vite's preload dependency lists, worker URLs.
const ANY_CHUNK = /["'`]((?:\.{1,2}\/|\/?_astro\/)[^"'`]+\.js)["'`]/g;

/** The JS files (and inline scripts) a built page loads, with their sizes; pure over a dist folder. */
export function measurePageScripts(
  distDir: string,
  pagePath: string,
  label: (file: string, code: string) => string = () => '',
): PageScripts {
  const html = readFileSync(path.join(distDir, pagePath), 'utf8');
  const urls = new Set<string>();
  const attr = (pattern: RegExp) => {
    for (const match of html.matchAll(pattern)) if (match[1]) urls.add(match[1]);
  };
  attr(/<script[^>]*\ssrc="([^"]+)"/g);
  attr(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g);
  attr(/<link[^>]*href="([^"]+)"[^>]*rel="modulepreload"/g);
  attr(/\scomponent-url="([^"]+)"/g);
  attr(/\srenderer-url="([^"]+)"/g);
  attr(/\sbefore-hydration-url="([^"]+)"/g);

  const initial: BundleFile[] = [];
  const lazy: BundleFile[] = [];
  const inline = [
    ...html.matchAll(/<script(?![^>]*\ssrc=)(?![^>]*type="application\/(?:ld\+)?json")[^>]*>([\s\S]*?)<\/script>/g),
  ]
    .map((match) => match[1] ?? '')
    .join('\n');
  if (inline.trim() !== '') initial.push(sizes('(inline scripts in index.html)', Buffer.from(inline), label));

  const seen = new Set<string>();
  const later: string[] = [];
  const resolve = (from: string, spec: string) =>
    spec.startsWith('.') ? path.posix.join(path.posix.dirname(from), spec) : `/${spec.replace(/^\//, '')}`;
  const walk = (start: string[], into: BundleFile[]) => {
    const queue = [...start];
    while (queue.length > 0) {
      const url = queue.shift() ?? '';
      if (seen.has(url)) continue;
      seen.add(url);
      const file = path.join(distDir, url);
      if (!existsSync(file)) throw new Error(`${pagePath} loads ${url}, which is not in ${distDir}`);
      const code = readFileSync(file);
      into.push(sizes(url, code, label));
      const text = code.toString('utf8');
      const statics = new Set<string>();
      for (const match of text.matchAll(STATIC_IMPORT)) {
        const spec = match[1] ?? '';
        if (spec.startsWith('.') || spec.startsWith('/')) statics.add(resolve(url, spec));
      }
      queue.push(...statics);
      for (const match of text.matchAll(ANY_CHUNK)) {
        const target = resolve(url, match[1] ?? '');
        if (!statics.has(target) && existsSync(path.join(distDir, target))) later.push(target);
      }
    }
  };
  walk(
    [...urls].filter((url) => url.startsWith('/')),
    initial,
  );
  while (later.length > 0) walk(later.splice(0), lazy);
  return { initial, lazy };
}

function sizes(file: string, code: Buffer, label: (file: string, code: string) => string): BundleFile {
  return {
    file,
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    contains: label(file, code.toString('utf8')),
  };
}

/** The package (or our source folder) a module id belongs to. */
export function ownerOf(moduleId: string): string {
  const inPackage = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(moduleId);
  if (inPackage?.[1]) return inPackage[1];
  const ours = /^src\/([^/]+)(?:\/([^/]+)\/)?/.exec(moduleId);
  if (ours?.[1]) return ours[2] ? `src/${ours[1]}/${ours[2]}` : `src/${ours[1]}`;
  return 'bundler runtime';
}

/**
 * What a chunk holds, by the packages (and our folders) of its modules, largest first, from the map
 * the build writes (src/build/chunk-modules.ts); chunk names are hashes and Rollup names a shared
 * chunk after whichever module it met first, so the name says little.
 */
export function chunkLabeller(chunks: ChunkModules | undefined): (file: string, code: string) => string {
  return (file, code) => {
    if (file.startsWith('(')) return code.includes('astro-island') ? 'astro island runtime (inline)' : 'inline';
    const modules = chunks?.[file.replace(/^\//, '')];
    if (!modules) return 'unknown (no chunk map: build with this checkout)';
    const owners = new Map<string, number>();
    for (const [id, bytes] of Object.entries(modules)) owners.set(ownerOf(id), (owners.get(ownerOf(id)) ?? 0) + bytes);
    const total = [...owners.values()].reduce((sum, bytes) => sum + bytes, 0) || 1;
    const ranked = [...owners].sort((a, b) => b[1] - a[1]);
    const shown = ranked.slice(0, 3).map(([owner, bytes]) => `${owner} ${Math.round((bytes / total) * 100)}%`);
    return ranked.length > 3 ? `${shown.join(', ')}, +${ranked.length - 3} more` : shown.join(', ');
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function readChunkMap(distDir: string): ChunkModules | undefined {
  const file = path.join(distDir, '..', CHUNK_MODULES_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ChunkModules) : undefined;
}

export async function run(report: (label: string, value: string) => void): Promise<void> {
  const dist = process.env.QUOTE_BUNDLE_DIST ?? path.join(ROOT, 'dist');
  if (!process.env.QUOTE_BUNDLE_DIST) await ensureSiteBuilt({ quiet: true });
  const { initial, lazy } = measurePageScripts(dist, 'quote/index.html', chunkLabeller(readChunkMap(dist)));
  const sum = (files: BundleFile[], key: 'raw' | 'gzip') => files.reduce((total, file) => total + file[key], 0);
  const initialGzip = sum(initial, 'gzip');
  report('/quote/ initial JS files', String(initial.length));
  report('/quote/ initial JS, raw', kb(sum(initial, 'raw')));
  report(
    '/quote/ initial JS, gzip -9 (goal ≤ 100 KB)',
    `${kb(initialGzip)} (${Math.round((initialGzip / GOAL_BYTES) * 100)}% of goal)${initialGzip > GOAL_BYTES ? '  OVER BUDGET' : ''}`,
  );
  report('/quote/ lazy JS (loaded when needed), gzip -9', `${kb(sum(lazy, 'gzip'))} in ${lazy.length} files`);
  for (const [title, files] of [
    ['initial', initial],
    ['lazy', lazy],
  ] as const) {
    for (const file of [...files].sort((a, b) => b.gzip - a.gzip)) {
      report(`  ${title}: ${path.posix.basename(file.file)}`, `${kb(file.gzip).padStart(8)}  ${file.contains}`);
    }
  }
}
