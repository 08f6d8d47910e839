/**
 * The Content-Security-Policy allows no 'unsafe-inline': the scanner and policy rules of
 * src/build/csp.ts, then the built site (dist/, built by test/global-setup.ts) against the headers
 * vercel.json serves each page with, through the same matcher the local runtime uses.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  allowsInline,
  checkBuiltPages,
  elementSources,
  hashSource,
  mayWriteVercelJson,
  pagePolicies,
  parsePolicy,
  readBuiltPages,
  SCRIPT_POLICY_RULES,
  scanHtml,
  syncVercelCsp,
  vercelPolicies,
  withHashes,
} from '../../src/build/csp.js';
import { loadHeaderRules } from '../../src/dev/headers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIST = path.join(ROOT, 'dist');

describe('scanning a page for what the CSP governs', () => {
  it('finds executable inline scripts and styles, never data blocks or external scripts', () => {
    const found = scanHtml(
      [
        '<!doctype html><html><head>',
        '<meta http-equiv="Content-Security-Policy" content="script-src &#39;self&#39;">',
        '<script type="application/ld+json">{"@type":"Thing"}</script>',
        '<script type="module" src="/_astro/a.js"></script>',
        '<!-- <script>commented()</script> -->',
        '<script>run("</div><a onclick=x>")</script>',
        '<script type="module">import "/x.js";</script>',
        '<style>a{color:red}</style>',
        '</head><body><p>text</p></body></html>',
      ].join(''),
    );
    expect(found.scripts).toEqual(['run("</div><a onclick=x>")', 'import "/x.js";']);
    expect(found.styles).toEqual(['a{color:red}']);
    expect(found.attributes).toEqual([]);
    expect(found.metaPolicies).toEqual(["script-src 'self'"]);
  });

  it('reports handlers, style attributes and javascript: URLs, which no hash can allow', () => {
    const found = scanHtml(
      '<button onclick="go()">Go</button><p style="color:red">x</p><a href=" javascript:void(0)">y</a>',
    );
    expect(found.attributes).toEqual(['<button onclick>', '<p style>', '<a href="javascript:…">']);
  });

  it('hashes the text as the browser does (UTF-8, line endings normalised)', () => {
    expect(hashSource('')).toBe("'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='");
    expect(scanHtml('<script>a()\r\nb()</script>').scripts).toEqual(['a()\nb()']);
  });
});

describe('CSP source rules', () => {
  const hash = hashSource('run()');

  it('allows an inline block by its hash, and a hash switches unsafe-inline off', () => {
    expect(allowsInline(parsePolicy(`script-src 'self' ${hash}`), 'script', 'run()')).toBe(true);
    expect(allowsInline(parsePolicy(`script-src 'self' ${hash}`), 'script', 'other()')).toBe(false);
    expect(allowsInline(parsePolicy(`script-src 'self' 'unsafe-inline' ${hash}`), 'script', 'other()')).toBe(false);
    expect(allowsInline(parsePolicy("script-src 'self' 'unsafe-inline'"), 'script', 'other()')).toBe(true);
    expect(allowsInline(parsePolicy("script-src 'unsafe-inline' 'strict-dynamic'"), 'script', 'other()')).toBe(false);
  });

  it('falls back from script-src-elem to script-src to default-src', () => {
    expect(elementSources(parsePolicy("default-src 'self'"), 'style')).toEqual(["'self'"]);
    expect(allowsInline(parsePolicy("default-src 'self'"), 'style', 'a{}')).toBe(false);
    expect(allowsInline(parsePolicy(`default-src 'self'; script-src-elem ${hash}`), 'script', 'run()')).toBe(true);
    expect(allowsInline(parsePolicy("img-src 'self'"), 'script', 'run()')).toBe(true);
  });

  it('rewrites only the hashes of script-src and style-src', () => {
    const value = "default-src 'self'; script-src 'self' 'sha256-old='; img-src 'self' data:; frame-ancestors 'none'";
    expect(withHashes(value, { script: ["'sha256-b='", "'sha256-a='"], style: ["'sha256-c='"] })).toBe(
      "default-src 'self'; script-src 'self' 'sha256-a=' 'sha256-b='; img-src 'self' data:; frame-ancestors 'none'; style-src 'self' 'sha256-c='",
    );
  });

  it('rewrites vercel.json only outside CI and Vercel', () => {
    expect(mayWriteVercelJson({})).toBe(true);
    expect(mayWriteVercelJson({ CI: 'false' })).toBe(true);
    expect(mayWriteVercelJson({ CI: 'true' })).toBe(false);
    expect(mayWriteVercelJson({ VERCEL: '1' })).toBe(false);
  });
});

describe('the built site under the headers vercel.json serves it with', () => {
  const pages = readBuiltPages(DIST);
  const rules = loadHeaderRules(ROOT);
  const headersFor = (pathname: string) => rules.headersFor(pathname);

  it('has island pages whose inline bootstrap the check actually sees', () => {
    const paths = pages.map((page) => page.pathname);
    for (const pathname of ['/quote/', '/status/', '/shop/', '/review/', '/release/'])
      expect(paths).toContain(pathname);
    const quote = pages.find((page) => page.pathname === '/quote/');
    expect(quote?.inline.scripts.length).toBeGreaterThan(0);
    expect(readFileSync(path.join(DIST, 'quote/index.html'), 'utf8')).toContain('<astro-island');
  });

  it.each(readBuiltPages(DIST).map((page) => page.pathname))(
    "%s: script-src and style-src lack 'unsafe-inline' and allow every inline block by hash",
    (pathname) => {
      const page = pages.find((candidate) => candidate.pathname === pathname);
      if (!page) throw new Error(`no page ${pathname}`);
      const policies = pagePolicies(page, headersFor);
      expect(policies.length).toBeGreaterThan(0);
      for (const policy of policies) {
        for (const directive of ['script-src', 'style-src']) {
          expect(policy.get(directive), `${pathname} ${directive}`).toBeDefined();
          expect(policy.get(directive)).not.toContain("'unsafe-inline'");
        }
      }
      for (const script of page.inline.scripts) {
        expect(
          policies.every((policy) => allowsInline(policy, 'script', script)),
          `${pathname}: ${script.slice(0, 80)}`,
        ).toBe(true);
      }
      for (const style of page.inline.styles) {
        expect(
          policies.every((policy) => allowsInline(policy, 'style', style)),
          `${pathname}: ${style.slice(0, 80)}`,
        ).toBe(true);
      }
      expect(page.inline.attributes).toEqual([]);
    },
  );

  it('passes the same check the build runs', () => {
    expect(checkBuiltPages(pages, headersFor)).toEqual([]);
  });

  it('names exactly the hashes the built pages need: none missing, none left over', () => {
    const result = syncVercelCsp({ root: ROOT, distDir: DIST, write: false });
    expect(result.problems).toEqual([]);
    expect(vercelPolicies(ROOT)).toEqual(result.expected);
  });
});

describe('scripts with a policy of their own', () => {
  const built = readdirSync(path.join(DIST, '_astro'));
  const worker = built.find((file) => file.startsWith('geometry-worker-'));
  const previewWorker = built.find((file) => file.startsWith('preview-worker-'));
  const rules = loadHeaderRules(ROOT);
  const policyOf = (pathname: string) =>
    Object.entries(rules.headersFor(pathname)).find(([key]) => key.toLowerCase() === 'content-security-policy')?.[1];

  it('serves the geometry worker, and only it, with WASM allowed; the pages keep their policy', () => {
    expect(worker, 'the build emits the geometry worker').toBeDefined();
    expect(policyOf(`/_astro/${worker}`)).toContain("'wasm-unsafe-eval'");
    for (const pathname of ['/quote/', '/_astro/other.js', `/_astro/${previewWorker}`])
      expect(policyOf(pathname)).not.toContain('wasm-unsafe-eval');
  });

  it("serves the preview worker (three.js) with the quote page's own policy: no eval, no WASM", () => {
    expect(previewWorker, 'the build emits the preview worker').toBeDefined();
    const policy = policyOf(`/_astro/${previewWorker}`);
    expect(policy).toBe(policyOf('/quote/'));
    expect(policy).not.toContain('unsafe-eval');
  });

  it('fails a build that has the page starting the script but no file the rule matches; a partial build passes', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'csp-rules-'));
    try {
      copyFileSync(path.join(ROOT, 'vercel.json'), path.join(root, 'vercel.json'));
      const dist = path.join(root, 'dist');
      const page = (pathname: string) => {
        mkdirSync(path.join(dist, pathname), { recursive: true });
        writeFileSync(path.join(dist, pathname, 'index.html'), '<!doctype html><title>t</title><p>page</p>');
      };
      page('guides');
      expect(syncVercelCsp({ root, distDir: dist, write: false }).problems).toEqual([]);
      for (const rule of SCRIPT_POLICY_RULES) page(rule.loadedBy);
      const problems = syncVercelCsp({ root, distDir: dist, write: false }).problems;
      expect(problems).toHaveLength(SCRIPT_POLICY_RULES.length);
      SCRIPT_POLICY_RULES.forEach((rule, index) => expect(problems[index]).toContain(rule.source));
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
