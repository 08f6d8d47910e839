/**
 * Compressed static files for the local runtime, as Vercel's edge sends them (docs/architecture.md §3.5):
 * HTML, JS, CSS, JSON, SVG and text in brotli or gzip, whichever the request's Accept-Encoding
 * prefers (brotli on a tie), with `Vary: Accept-Encoding`. Anything else, a Range request, or a
 * client that accepts neither falls through to sirv, which serves the file as it is.
 *
 * Why compress on the fly with Node's zlib rather than precompressed `.br`/`.gz` files from the
 * build (sirv's `brotli`/`gzip` options)? The build output is what Vercel deploys, and Vercel
 * compresses by itself: sidecar files would only be dead weight there. Here each file is compressed
 * once per encoding and kept in memory until its size or modification time changes, so a rebuilt
 * dist/ under `npm run dev` is served fresh and a steady run pays the compression once. The memory is
 * the process's, not one server's: servers started one after another in the same process (the test
 * files sharing a worker) serve the same dist/ and pay for brotli's highest quality once between them.
 */
import { statSync, type Stats } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

export type Encoding = 'br' | 'gzip';

/** The types Vercel compresses that the build emits; images and fonts are compressed already. */
const COMPRESSIBLE: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The encoding to send for an Accept-Encoding header, or undefined for the file as it is. */
export function chooseEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name.trim(), Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (name: Encoding) => weights.get(name) ?? weights.get('*') ?? 0;
  const br = weightOf('br');
  const gz = weightOf('gzip');
  if (br <= 0 && gz <= 0) return undefined;
  return br >= gz ? 'br' : 'gzip';
}

export interface CompressedStaticOptions {
  distDir: string;
}

interface Entry {
  size: number;
  mtimeMs: number;
  bodies: Partial<Record<Encoding, Promise<Buffer>>>;
}

/** The file under distDir a page address names, as sirv resolves it with `extensions: ['html']`. */
function resolveFile(distDir: string, pathname: string): { file: string; stats: Stats } | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
  const relative = path.posix.normalize(decoded).replace(/^\/+/, '');
  if (relative.startsWith('..') || relative.includes('\0')) return undefined;
  const base = path.join(distDir, relative);
  const candidates = decoded.endsWith('/') ? [path.join(base, 'index.html')] : [base, `${base}.html`];
  for (const file of candidates) {
    try {
      const stats = statSync(file);
      if (stats.isFile()) return { file, stats };
    } catch {
      // not this candidate
    }
  }
  return undefined;
}

/** Compressed bodies by absolute file path, for every server in this process (see above). */
const cache = new Map<string, Entry>();

/** A handler that answers with a compressed body when it can, and returns false when sirv should. */
export function compressedStatic(options: CompressedStaticOptions) {
  const body = (file: string, stats: Stats, encoding: Encoding): Promise<Buffer> => {
    let entry = cache.get(file);
    if (!entry || entry.size !== stats.size || entry.mtimeMs !== stats.mtimeMs) {
      entry = { size: stats.size, mtimeMs: stats.mtimeMs, bodies: {} };
      cache.set(file, entry);
    }
    const known = entry.bodies[encoding];
    if (known) return known;
    const made = readFile(file).then((raw) =>
      encoding === 'br'
        ? brotli(raw, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
          })
        : gzipAsync(raw, { level: 9 }),
    );
    // A failed read is not remembered: the next request tries again.
    made.catch(() => cache.delete(file));
    entry.bodies[encoding] = made;
    return made;
  };

  return async function serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (req.headers.range) return false;
    const found = resolveFile(options.distDir, pathname);
    if (!found) return false;
    const type = COMPRESSIBLE[path.extname(found.file).toLowerCase()];
    if (!type) return false;
    res.setHeader('Vary', 'Accept-Encoding');
    const encoding = chooseEncoding(req.headers['accept-encoding']);
    if (!encoding) return false;

    const etag = `W/"${found.stats.size}-${Math.trunc(found.stats.mtimeMs)}-${encoding}"`;
    res.setHeader('Content-Type', type);
    res.setHeader('ETag', etag);
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      res.end();
      return true;
    }
    const compressed = await body(found.file, found.stats, encoding);
    res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', compressed.length);
    res.statusCode = 200;
    res.end(req.method === 'HEAD' ? undefined : compressed);
    return true;
  };
}
