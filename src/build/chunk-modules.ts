/**
 * Writes which source modules (and so which packages) each client chunk holds, with their rendered
 * sizes, to `.astro/client-chunks.json` beside dist/ (never into dist/, which is deployed). Chunk
 * names are hashes, and Rollup names a shared chunk after whichever module it met first, so the
 * /quote/ bundle bench (test/bench/quote-bundle.bench.ts) reads this file to say what a chunk is.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

export interface ChunkModules {
  /** Chunk file (as under dist/, e.g. `_astro/client.abc.js`) → module id (relative to the root) → bytes. */
  [file: string]: Record<string, number>;
}

export const CHUNK_MODULES_FILE = '.astro/client-chunks.json';

/**
 * The plugin, for the client build and (a second instance) for the worker builds Vite runs inside it;
 * both add to one map, written after each bundle.
 */
export function chunkModules(root: string, chunks: ChunkModules = {}): Plugin {
  return {
    name: 'client-chunk-modules',
    apply: 'build',
    generateBundle(_options, bundle) {
      // The server build's chunks never reach a browser. (Worker builds may have no environment.)
      if ((this.environment as { name?: string } | undefined)?.name === 'ssr') return;
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue;
        const modules: Record<string, number> = {};
        for (const [id, info] of Object.entries(output.modules)) {
          const clean = id.replace(/^\0/, '').replace(/\?.*$/, '');
          const key = path.isAbsolute(clean) ? path.relative(root, clean) : clean;
          modules[key] = (modules[key] ?? 0) + info.renderedLength;
        }
        chunks[output.fileName] = modules;
      }
      const file = path.join(root, CHUNK_MODULES_FILE);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(chunks, null, 1)}\n`);
    },
  };
}
