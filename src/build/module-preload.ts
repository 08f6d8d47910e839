/**
 * Lets /quote/ fetch every module its form starts with at once (docs/architecture.md §3.5, "Islands
 * in one round trip"). Astro's island bootstrap imports the before-hydration module first, then the
 * component and its renderer, and each module names its own imports only once it has arrived: on a
 * slow line every level of that chain is one more round trip before the form works. At the end of
 * the build this writes into the head of each page with an island hydrated on load (`client:load`)
 * the list of every module the island imports statically (the closure over the client chunks' static
 * imports, which the bundle records), as a JSON data block, and one fixed inline script that adds a
 * `<link rel="modulepreload" fetchpriority="low">` for each once the page has painted, so the browser
 * requests them all at once instead of one level at a time.
 *
 * - After the first paint, not as `<link>` tags in the HTML: the page paints from its HTML and inline
 *   CSS, and the modules only make it work. Lighthouse's simulation counts every request that starts
 *   before the observed paint as something the largest paint waits for, so tags the preload scanner
 *   finds cost /quote/ its score even at low priority.
 * - The script's text never changes (the list is data), so its Content-Security-Policy hash stays
 *   the same from build to build (src/build/csp.ts adds it like any inline script).
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

/** The id of the data block that lists the modules to preload. */
export const PRELOAD_LIST_ID = 'island-modules';

/**
 * Adds the listed modules as low-priority modulepreloads two animation frames after it runs, that is
 * once the page has painted. Fixed text: its hash is part of the Content-Security-Policy.
 */
export const PRELOAD_SCRIPT =
  `requestAnimationFrame(()=>requestAnimationFrame(()=>{` +
  `for(const href of JSON.parse(document.getElementById('${PRELOAD_LIST_ID}').textContent)){` +
  `const link=document.createElement('link');link.rel='modulepreload';link.href=href;link.fetchPriority='low';` +
  `document.head.append(link)}}))`;

/** The page with its preload list and the script that reads it after its charset; unchanged when there is nothing to preload. */
export function withPreloads(html: string, urls: readonly string[]): string {
  if (urls.length === 0) return html;
  const match = CHARSET.exec(html);
  if (!match) throw new Error('module-preload: a page with islands has no <meta charset> to put its preloads after');
  // `<` escaped, so no URL can end the data block early.
  const list = JSON.stringify(urls).replace(/</g, '\\u003c');
  const blocks = `<script type="application/json" id="${PRELOAD_LIST_ID}">${list}</script><script>${PRELOAD_SCRIPT}</script>`;
  const at = match.index + match[0].length;
  return `${html.slice(0, at)}${blocks}${html.slice(at)}`;
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
