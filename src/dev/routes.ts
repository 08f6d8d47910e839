/**
 * Vercel's file routing for api/: `api/requests/[id]/technical-review.ts` answers
 * `/api/requests/:id/technical-review`; `index.ts` answers its folder. Static segments win over
 * dynamic ones, as on Vercel.
 */
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export interface ApiRoute {
  file: string;
  segments: string[];
  params: string[];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return walk(full);
    return /\.(ts|js|mjs)$/.test(entry) && !entry.startsWith('_') && !/\.d\.ts$/.test(entry) ? [full] : [];
  });
}

export function scanApiRoutes(apiDir: string): ApiRoute[] {
  const routes = walk(apiDir).map((file) => {
    const relative = path.relative(apiDir, file).replace(/\.(ts|js|mjs)$/, '');
    const segments = relative
      .split(path.sep)
      .filter((segment, index, all) => !(segment === 'index' && index === all.length - 1));
    const params = segments.filter((segment) => /^\[.+\]$/.test(segment)).map((segment) => segment.slice(1, -1));
    return { file, segments: ['api', ...segments], params };
  });
  // Fewer dynamic segments first, so /api/shop/requests beats /api/shop/[id].
  return routes.sort(
    (a, b) =>
      a.params.length - b.params.length || b.segments.length - a.segments.length || a.file.localeCompare(b.file),
  );
}

export function matchApiRoute(
  routes: ApiRoute[],
  pathname: string,
): { route: ApiRoute; params: Record<string, string> } | undefined {
  const parts = pathname.replace(/^\/+|\/+$/g, '').split('/');
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    const matches = route.segments.every((segment, index) => {
      const part = parts[index] ?? '';
      if (/^\[.+\]$/.test(segment)) {
        if (!part) return false;
        try {
          params[segment.slice(1, -1)] = decodeURIComponent(part);
        } catch {
          return false;
        }
        return true;
      }
      return segment === part;
    });
    if (matches) return { route, params };
  }
  return undefined;
}
