/**
 * Everything /quote/ makes the browser download as JavaScript, gzip-compressed (zlib level 9), against
 * the 85 KB budget for /quote/: external scripts, modulepreloads, the island's component and renderer
 * URLs (loaded by Astro's island runtime), inline scripts, and every static import reachable from them.
 * `QUOTE_BUNDLE_DIST=/other/dist` measures another build.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureSiteBuilt } from '../../src/dev/build-site.js';

const BUDGET_BYTES = 85 * 1024;
const ROOT = path.resolve(import.meta.dirname, '../..');

export type BundleFile = { file: string; raw: number; gzip: number; contains: string };

/** The JS files (and inline scripts) a built page loads, with their sizes; pure over a dist folder. */
export function measurePageScripts(distDir: string, pagePath: string): BundleFile[] {
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

  const files: BundleFile[] = [];
  const inline = [
    ...html.matchAll(/<script(?![^>]*\ssrc=)(?![^>]*type="application\/ld\+json")[^>]*>([\s\S]*?)<\/script>/g),
  ]
    .map((match) => match[1] ?? '')
    .join('\n');
  if (inline.trim() !== '') files.push(sizes('(inline scripts in index.html)', Buffer.from(inline)));

  const seen = new Set<string>();
  const queue = [...urls].filter((url) => url.startsWith('/'));
  while (queue.length > 0) {
    const url = queue.shift() ?? '';
    if (seen.has(url)) continue;
    seen.add(url);
    const file = path.join(distDir, url);
    if (!existsSync(file)) throw new Error(`${pagePath} loads ${url}, which is not in ${distDir}`);
    const code = readFileSync(file);
    files.push(sizes(url, code));
    // Static imports only (`import x from"./a.js"`, `import"./a.js"`, `export … from"./a.js"`);
    // dynamic `import()` chunks load only when used, so they are not counted.
    for (const match of code
      .toString('utf8')
      .matchAll(/(?:import|export)\s*(?:[\w*{}\s,$]+from\s*)?["']([^"']+\.js)["']/g)) {
      const spec = match[1] ?? '';
      if (spec.startsWith('.') || spec.startsWith('/')) queue.push(path.posix.join(path.posix.dirname(url), spec));
    }
  }
  return files;
}

function sizes(file: string, code: Buffer): BundleFile {
  return {
    file,
    raw: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    contains: guessContents(code.toString('utf8')),
  };
}

// A quick look at the content, since chunk names are hashes (and Rollup names shared chunks after
// whichever module it met first): one marker string per library.
const MARKERS: [string, string][] = [
  ['__reactFiber', 'react-dom'],
  ['react.transitional.element', 'react'],
  ['$ZodObject', 'zod/mini'],
  ['Choose what you need now', 'domain schemas'],
  ['shouldUnregister', 'react-hook-form (+ resolvers)'],
  ['Purchasing approver', 'portal islands (ours)'],
  ['astro-island', 'astro island runtime'],
];

function guessContents(code: string): string {
  const found = MARKERS.filter(([marker]) => code.includes(marker)).map(([, name]) => name);
  // react-dom's chunk embeds the react marker too; name it once.
  if (found.includes('react-dom')) found.splice(found.indexOf('react'), found.includes('react') ? 1 : 0);
  return found.join(' + ') || 'bundler runtime / shared helpers';
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function run(report: (label: string, value: string) => void): Promise<void> {
  const dist = process.env.QUOTE_BUNDLE_DIST ?? path.join(ROOT, 'dist');
  if (!process.env.QUOTE_BUNDLE_DIST) await ensureSiteBuilt({ quiet: true });
  const files = measurePageScripts(dist, 'quote/index.html');
  const total = files.reduce((sum, file) => sum + file.gzip, 0);
  const raw = files.reduce((sum, file) => sum + file.raw, 0);
  report('/quote/ JS files loaded', String(files.length));
  report('/quote/ JS total, raw', kb(raw));
  report(
    '/quote/ JS total, gzip -9 (budget 85 KB)',
    `${kb(total)} (${Math.round((total / BUDGET_BYTES) * 100)}% of budget)${total > BUDGET_BYTES ? ' OVER BUDGET' : ''}`,
  );
  const largest = [...files].sort((a, b) => b.gzip - a.gzip).slice(0, 3);
  largest.forEach((file, index) =>
    report(`  largest #${index + 1}: ${path.posix.basename(file.file)}`, `${kb(file.gzip)} gzip (${file.contains})`),
  );
}
