import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { matchApiRoute, scanApiRoutes, type ApiRoute } from '../../src/dev/routes.js';
import { loadHeaderRules } from '../../src/dev/headers.js';

const route = (rel: string): ApiRoute => {
  const segments = rel
    .replace(/\.ts$/, '')
    .split('/')
    .filter((s, i, all) => !(s === 'index' && i === all.length - 1));
  return {
    file: rel,
    segments: ['api', ...segments],
    params: segments.filter((s) => s.startsWith('[')).map((s) => s.slice(1, -1)),
  };
};

describe("Vercel's file routing", () => {
  const routes = [
    route('requests/index.ts'),
    route('requests/[id].ts'),
    route('requests/[id]/technical-review.ts'),
    route('shop/requests/[id]/estimate.ts'),
    route('shop/requests/index.ts'),
    route('health.ts'),
  ].sort((a, b) => a.params.length - b.params.length);

  it.each([
    ['/api/health', 'health.ts', {}],
    ['/api/requests', 'requests/index.ts', {}],
    ['/api/requests/abc', 'requests/[id].ts', { id: 'abc' }],
    ['/api/requests/abc/technical-review', 'requests/[id]/technical-review.ts', { id: 'abc' }],
    ['/api/shop/requests', 'shop/requests/index.ts', {}],
    ['/api/shop/requests/r%201/estimate', 'shop/requests/[id]/estimate.ts', { id: 'r 1' }],
  ])('%s → %s', (pathname, file, params) => {
    const match = matchApiRoute(routes, pathname);
    expect(match?.route.file).toBe(file);
    expect(match?.params).toEqual(params);
  });

  it.each(['/api/nope', '/api/requests/abc/unknown', '/api/requests/%E0%A4%A/technical-review'])(
    '%s matches nothing',
    (pathname) => {
      expect(matchApiRoute(routes, pathname)).toBeUndefined();
    },
  );

  it('finds every function in api/', () => {
    const scanned = scanApiRoutes(path.resolve(import.meta.dirname, '../../api'));
    expect(scanned.map((r) => r.segments.join('/'))).toContain('api/health');
  });
});

describe('security headers from vercel.json', () => {
  const rules = loadHeaderRules(path.resolve(import.meta.dirname, '../..'));

  it('applies the site-wide headers everywhere', () => {
    const headers = rules.headersFor('/guides/');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Content-Security-Policy']).toContain("frame-ancestors 'none'");
    expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
  });

  it.each(['/review/', '/release/', '/status/', '/shop/', '/api/requests'])(
    'token page %s sends no referrer and is never cached',
    (pathname) => {
      const headers = rules.headersFor(pathname);
      expect(headers['Referrer-Policy']).toBe('no-referrer');
      expect(headers['Cache-Control']).toBe('no-store');
    },
  );
});
