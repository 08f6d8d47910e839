/**
 * Lets /quote/ fetch every module its form starts with at once (docs/architecture.md §3.5, "Islands
 * in one round trip"). Astro's island bootstrap imports the before-hydration module first, then the
 * component and its renderer, and each module names its own imports only once it has arrived: on a
 * slow line every level of that chain is one more round trip before the form works. At the end of
 * the build this writes a `<link rel="modulepreload" fetchpriority="low">` into the head of each page
 * with an island hydrated on load (`client:load`), one for every module the island imports
 * statically (the closure over the client chunks' static imports, which the bundle records), so the
 * browser requests them all with the page.
 *
 * - Low priority: the page paints from its HTML and inline CSS; the modules only make it work, and
 *   must not be counted among what the first paint waits for.
 * - Only `client:load` islands: a `client:only` island (status, review, release, shop) draws its
 *   content after an API answer, and Lighthouse measured those pages worse with the preloads.
 * - Dynamic imports (later steps, validation, 3D tools) stay out: they load when needed.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import type { Plugin } from 'vite';

/** Client chunk file (as under dist/, e.g. `_astro/client.abc.js`) → its size and the chunks it imports statically. */
export type StaticImports = Map<string, { bytes: number; imports: readonly string[] }>;

/** Islands rendered on the server and hydrated as the page loads. */
const ON_LOAD = 'load';
const ISLAND = /<astro-island\b[^>]*>/g;
const ISLAND_MODULES = ['before-hydration-url', 'component-url', 'renderer-url'] as const;
/** Where the links go: right after the charset (which must stay within the first 1024 bytes). */
const CHARSET = /<meta charset="[^"]*">/i;

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1];
}

/**
 * The modules a page's on-load islands import before they run, each once, largest first: a line
 * that allows a few connections at a time finishes soonest when the longest transfer starts first.
 */
export function preloadsFor(html: string, imports: StaticImports, base = '/'): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const next of imports.get(file)?.imports ?? []) visit(next);
  };
  const entries: string[] = [];
  for (const [tag] of html.matchAll(ISLAND)) {
    if (attribute(tag, 'client') !== ON_LOAD) continue;
    for (const name of ISLAND_MODULES) {
      const url = attribute(tag, name);
      if (url?.startsWith(base)) entries.push(url.slice(base.length));
    }
  }
  for (const entry of entries) visit(entry);
  const bytes = (file: string) => imports.get(file)?.bytes ?? 0;
  return [...seen].sort((a, b) => bytes(b) - bytes(a)).map((file) => `${base}${file}`);
}

/** The page with a modulepreload for each of these modules after its charset; unchanged when there are none. */
export function withPreloads(html: string, urls: readonly string[]): string {
  if (urls.length === 0) return html;
  const match = CHARSET.exec(html);
  if (!match) throw new Error('module-preload: a page with islands has no <meta charset> to put its preloads after');
  const links = urls.map((url) => `<link rel="modulepreload" href="${url}" fetchpriority="low">`).join('');
  const at = match.index + match[0].length;
  return `${html.slice(0, at)}${links}${html.slice(at)}`;
}

/** The Vite plugin: records each client chunk's static imports as the bundle is written. */
function recordImports(imports: StaticImports): Plugin {
  return {
    name: 'module-preload-imports',
    apply: 'build',
    generateBundle(_options, bundle) {
      // The server build's chunks never reach a browser.
      if ((this.environment as { name?: string } | undefined)?.name === 'ssr') return;
      for (const output of Object.values(bundle)) {
        if (output.type === 'chunk') {
          imports.set(output.fileName, { bytes: Buffer.byteLength(output.code), imports: output.imports });
        }
      }
    },
  };
}

/** The astro.config.mjs integration. */
export function modulePreload(): AstroIntegration {
  const imports: StaticImports = new Map();
  let base = '/';
  return {
    name: 'module-preload',
    hooks: {
      'astro:config:setup': ({ updateConfig }) => {
        updateConfig({ vite: { plugins: [recordImports(imports)] } });
      },
      'astro:config:done': ({ config }) => {
        base = config.base.endsWith('/') ? config.base : `${config.base}/`;
      },
      'astro:build:done': ({ dir }) => {
        const distDir = fileURLToPath(dir);
        for (const entry of readdirSync(distDir, { recursive: true, withFileTypes: true })) {
          if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
          const file = path.join(entry.parentPath, entry.name);
          const html = readFileSync(file, 'utf8');
          const preloaded = withPreloads(html, preloadsFor(html, imports, base));
          if (preloaded !== html) writeFileSync(file, preloaded);
        }
      },
    },
  };
}
