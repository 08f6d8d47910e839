/**
 * The island modules a page requests with its HTML (src/build/module-preload.ts): the rules on small
 * pages, then the BUILT /quote/ in dist/ (the global setup rebuilds it when stale), whose preload list
 * must be exactly the modules its form imports before it runs, read back from the chunks themselves.
 * That the browser runs the script under the site's Content-Security-Policy is an e2e check
 * (csp.test.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PRELOAD_LIST_ID,
  PRELOAD_SCRIPT,
  preloadsFor,
  withPreloads,
  type StaticImports,
} from '../../src/build/module-preload.js';

const DIST = path.resolve(import.meta.dirname, '../../dist');

const island = (client: string, component: string, extra = '') =>
  `<astro-island uid="a" component-url="/_astro/${component}" renderer-url="/_astro/client.js" client="${client}"${extra}></astro-island>`;

const chunks: StaticImports = new Map([
  ['_astro/Form.js', { bytes: 7_000, imports: ['_astro/react.js', '_astro/fields.js'] }],
  ['_astro/fields.js', { bytes: 800, imports: ['_astro/react.js', '_astro/labels.js'] }],
  ['_astro/labels.js', { bytes: 300, imports: [] }],
  ['_astro/react.js', { bytes: 3_000, imports: [] }],
  ['_astro/client.js', { bytes: 65_000, imports: ['_astro/react.js'] }],
  ['_astro/gate.js', { bytes: 400, imports: [] }],
  ['_astro/Status.js', { bytes: 9_000, imports: ['_astro/react.js'] }],
]);

describe('preloadsFor', () => {
  it('names every module an on-load island imports statically, each once, the largest first', () => {
    const html = island('load', 'Form.js', ' before-hydration-url="/_astro/gate.js"');
    expect(preloadsFor(html, chunks)).toEqual([
      '/_astro/client.js',
      '/_astro/Form.js',
      '/_astro/react.js',
      '/_astro/fields.js',
      '/_astro/gate.js',
      '/_astro/labels.js',
    ]);
  });

  it('leaves out islands rendered only in the browser, and pages without islands', () => {
    expect(preloadsFor(island('only', 'Status.js'), chunks)).toEqual([]);
    expect(preloadsFor(island('visible', 'Status.js'), chunks)).toEqual([]);
    expect(preloadsFor('<main><p>An article</p></main>', chunks)).toEqual([]);
  });

  it('follows the site base', () => {
    const html = `<astro-island component-url="/shop/_astro/labels.js" renderer-url="/shop/_astro/react.js" client="load">`;
    expect(preloadsFor(html, chunks, '/shop/')).toEqual(['/shop/_astro/react.js', '/shop/_astro/labels.js']);
  });
});

describe('withPreloads', () => {
  const page = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Quote</title></head><body></body></html>';

  it('puts the list and the fixed script that preloads it right after the charset', () => {
    expect(withPreloads(page, ['/_astro/a.js', '/_astro/b.js'])).toBe(
      '<!DOCTYPE html><html><head><meta charset="utf-8">' +
        `<script type="application/json" id="${PRELOAD_LIST_ID}">["/_astro/a.js","/_astro/b.js"]</script>` +
        `<script>${PRELOAD_SCRIPT}</script>` +
        '<title>Quote</title></head><body></body></html>',
    );
  });

  it('escapes < in the list, so no URL can close the data block', () => {
    const html = withPreloads(page, ['/_astro/</script><script>alert(1)//.js']);
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    const list = /<script type="application\/json"[^>]*>([^<]*)<\/script>/.exec(html)?.[1] ?? '';
    expect(JSON.parse(list)).toEqual(['/_astro/</script><script>alert(1)//.js']);
  });

  it('leaves a page with nothing to preload as it is, and refuses one without a charset to anchor them', () => {
    expect(withPreloads(page, [])).toBe(page);
    expect(() => withPreloads('<html><head></head></html>', ['/_astro/a.js'])).toThrow(/charset/);
  });
});

/** The chunks a built chunk imports statically (`import … from"./x.js"`, `import"./x.js"`), not `import("./x.js")`. */
function staticImportsOf(file: string): string[] {
  const code = readFileSync(path.join(DIST, file), 'utf8');
  const dir = path.posix.dirname(file);
  return [...code.matchAll(/(?:\bfrom|\bimport)\s*"(\.{1,2}\/[^"]+\.js)"/g)].map((match) =>
    path.posix.join(dir, match[1] ?? ''),
  );
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return htmlFiles(full);
    return name.endsWith('.html') ? [full] : [];
  });
}

describe('the built site', () => {
  const quote = readFileSync(path.join(DIST, 'quote/index.html'), 'utf8');
  const listed = new RegExp(`<script type="application/json" id="${PRELOAD_LIST_ID}">([^<]*)</script>`).exec(quote);
  const preloads = (JSON.parse(listed?.[1] ?? '[]') as string[]).map((url) => url.replace(/^\//, ''));

  it('preloads on /quote/ exactly what the form imports before it runs, in the head', () => {
    const [tag] = quote.match(/<astro-island\b[^>]*client="load"[^>]*>/) ?? [];
    expect(tag).toBeDefined();
    const entries = ['component-url', 'renderer-url', 'before-hydration-url'].map(
      (name) => new RegExp(`\\s${name}="/([^"]+)"`).exec(tag ?? '')?.[1] ?? `(no ${name})`,
    );
    const closure = new Set<string>();
    const visit = (file: string) => {
      if (closure.has(file)) return;
      closure.add(file);
      staticImportsOf(file).forEach(visit);
    };
    entries.forEach(visit);

    expect(new Set(preloads)).toEqual(closure);
    expect(preloads).toHaveLength(closure.size);
    // No preload tag for the preload scanner: the script adds them once the page has painted.
    expect(quote).not.toMatch(/<link[^>]*modulepreload/);
    expect(quote.indexOf(`<script>${PRELOAD_SCRIPT}</script>`)).toBeGreaterThan(quote.indexOf(PRELOAD_LIST_ID));
    expect(quote.indexOf(PRELOAD_SCRIPT)).toBeLessThan(quote.indexOf('</head>'));
    // The later steps and validation stay where they were: loaded after the form mounts.
    expect(preloads.some((file) => /step-fields|step-schema|ReviewStep/.test(file))).toBe(false);
  });

  it('preloads nothing on pages without an island hydrated on load', () => {
    const others = htmlFiles(DIST).filter((file) => path.relative(DIST, file) !== path.join('quote', 'index.html'));
    expect(others.length).toBeGreaterThan(10);
    for (const file of others) {
      const html = readFileSync(file, 'utf8');
      expect(html, file).not.toContain(PRELOAD_LIST_ID);
      expect(html, file).not.toContain('modulepreload');
    }
  });
});
