/**
 * The Content-Security-Policy allows no inline script or style by 'unsafe-inline', only by hash.
 *
 * One source: the header in vercel.json (Vercel sends it; the local runtime sends the same through
 * src/dev/headers.ts). Its script-src and style-src are 'self' plus the SHA-256 of every inline
 * `<script>` and `<style>` the build emits: Astro's island bootstrap (fixed per Astro version) and
 * each page's CSS (`build.inlineStylesheets: 'always'`, so it changes with the CSS). The hashes are
 * computed from the built pages at the end of every `astro build` (the integration below, in
 * astro.config.mjs), and every page is checked against the header it will be served with:
 *
 * - locally the build writes the hashes into vercel.json, to be committed with the change that moved
 *   them (as npm install updates a lockfile);
 * - on Vercel and in CI (`VERCEL` or `CI` set) nothing is written: a page whose inline block the
 *   header does not allow fails the build, so a stale list is never deployed.
 *
 * Why not Astro's `security.csp` (a per-page `<meta http-equiv>` with each page's hashes)? A meta
 * policy only adds restrictions to the header's, so the header would still need the hashes (or drop
 * script-src, leaving API answers and served files without it), and a meta policy cannot carry
 * frame-ancestors. One header with the hashes keeps one policy for every response.
 *
 * The one exception is by path and written by the same build: a script that needs more than the pages
 * (the geometry worker compiling STEP's WASM reader) gets a header rule of its own, derived from the
 * pages' policy (SCRIPT_POLICY_RULES below), so the pages' policy stays as strict as it was.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { pathToRegexp } from 'path-to-regexp';
import { loadHeaderRules } from '../dev/headers.js';

export type InlineKind = 'script' | 'style';

/** What a page carries inline that a Content-Security-Policy governs. */
export interface InlineContent {
  /** Text of every executable inline `<script>` (JSON-LD and other data blocks are never run, so never checked). */
  scripts: string[];
  /** Text of every `<style>`. */
  styles: string[];
  /** Event handler and style attributes and `javascript:` URLs: no hash covers them without 'unsafe-hashes'. */
  attributes: string[];
  /** `<meta http-equiv="Content-Security-Policy">` values, which combine with the header's. */
  metaPolicies: string[];
}

/** Script types the browser runs, or (importmap, speculationrules) checks like inline script. */
const EXECUTABLE_SCRIPT_TYPE =
  /^(|module|importmap|speculationrules|(text|application)\/(x-)?(javascript|ecmascript)|text\/(jscript|livescript|javascript1\.[0-5]))$/;
const TAG = /<!--[\s\S]*?-->|<([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
const URL_ATTRIBUTES = new Set(['href', 'src', 'action', 'formaction', 'xlink:href']);

function decodeEntities(value: string): string {
  return value.replace(/&(#x[\da-f]+|#\d+|amp|quot|apos|lt|gt);/gi, (entity, code: string) => {
    const lower = code.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#')) return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return { amp: '&', quot: '"', apos: "'", lt: '<', gt: '>' }[lower] ?? entity;
  });
}

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const [, name = '', double, single, bare] of source.matchAll(ATTRIBUTE)) {
    const key = name.toLowerCase();
    if (!attributes.has(key)) attributes.set(key, decodeEntities(double ?? single ?? bare ?? ''));
  }
  return attributes;
}

/**
 * The inline blocks of a built page. Astro's output is well-formed HTML, so a scanner that skips
 * comments and treats `<script>`/`<style>` bodies as raw text (as the parser does) reads it exactly.
 */
export function scanHtml(html: string): InlineContent {
  // The HTML parser turns CR LF and CR into LF before a script's text is hashed.
  const text = html.replace(/\r\n?/g, '\n');
  const found: InlineContent = { scripts: [], styles: [], attributes: [], metaPolicies: [] };
  TAG.lastIndex = 0;
  for (let match = TAG.exec(text); match; match = TAG.exec(text)) {
    const name = match[1]?.toLowerCase();
    if (!name) continue; // a comment
    const attributes = parseAttributes(match[2] ?? '');
    for (const [attribute, value] of attributes) {
      if (/^on[a-z]/.test(attribute) || attribute === 'style') found.attributes.push(`<${name} ${attribute}>`);
      if (URL_ATTRIBUTES.has(attribute) && /^\s*javascript:/i.test(value))
        found.attributes.push(`<${name} ${attribute}="javascript:…">`);
    }
    if (name === 'meta' && attributes.get('http-equiv')?.toLowerCase() === 'content-security-policy') {
      found.metaPolicies.push(attributes.get('content') ?? '');
    }
    if (name !== 'script' && name !== 'style') continue;
    const close = text.slice(TAG.lastIndex).search(new RegExp(`</${name}[\\s/>]`, 'i'));
    const end = close === -1 ? text.length : TAG.lastIndex + close;
    const body = text.slice(TAG.lastIndex, end);
    TAG.lastIndex = end;
    if (name === 'style') found.styles.push(body);
    else if (
      !attributes.has('src') &&
      EXECUTABLE_SCRIPT_TYPE.test((attributes.get('type') ?? '').trim().toLowerCase())
    ) {
      found.scripts.push(body);
    }
  }
  return found;
}

/** The CSP source expression for a block's text: `'sha256-…'`. */
export function hashSource(content: string, algorithm: 'sha256' | 'sha384' | 'sha512' = 'sha256'): string {
  return `'${algorithm}-${createHash(algorithm).update(content, 'utf8').digest('base64')}'`;
}

/** Directive name (lower case) → source tokens. As in browsers, the first occurrence of a directive wins. */
export type Policy = Map<string, string[]>;

export function parsePolicy(value: string): Policy {
  const policy: Policy = new Map();
  for (const part of value.split(';')) {
    const [name, ...tokens] = part.trim().split(/\s+/);
    if (name && !policy.has(name.toLowerCase())) policy.set(name.toLowerCase(), tokens);
  }
  return policy;
}

export function serializePolicy(policy: Policy): string {
  return [...policy].map(([name, tokens]) => [name, ...tokens].join(' ')).join('; ');
}

const HASH_OR_NONCE = /^'(sha(256|384|512)-|nonce-)/i;

/** The sources a policy applies to inline `<script>`/`<style>` elements (CSP3 fallback order). */
export function elementSources(policy: Policy, kind: InlineKind): string[] | undefined {
  return policy.get(`${kind}-src-elem`) ?? policy.get(`${kind}-src`) ?? policy.get('default-src');
}

/** The sources a policy applies to inline event handlers (script) or style attributes (style). */
export function attributeSources(policy: Policy, kind: InlineKind): string[] | undefined {
  return policy.get(`${kind}-src-attr`) ?? policy.get(`${kind}-src`) ?? policy.get('default-src');
}

const hasKeyword = (tokens: string[], keyword: string) => tokens.some((token) => token.toLowerCase() === keyword);

/** Whether a policy lets the browser run (apply) an inline block with this text, as Chromium decides it. */
export function allowsInline(policy: Policy, kind: InlineKind, content: string): boolean {
  const sources = elementSources(policy, kind);
  if (!sources) return true;
  for (const token of sources) {
    const algorithm = /^'(sha256|sha384|sha512)-/i.exec(token)?.[1]?.toLowerCase() as 'sha256' | undefined;
    if (algorithm && token.slice(algorithm.length + 2) === hashSource(content, algorithm).slice(algorithm.length + 2)) {
      return true;
    }
  }
  // A hash, a nonce or (for scripts) 'strict-dynamic' switches 'unsafe-inline' off.
  const inlineSwitchedOff =
    sources.some((token) => HASH_OR_NONCE.test(token)) ||
    (kind === 'script' && hasKeyword(sources, "'strict-dynamic'"));
  return hasKeyword(sources, "'unsafe-inline'") && !inlineSwitchedOff;
}

/** Whether a policy names 'unsafe-inline' anywhere it would apply to scripts (styles): elements or attributes. */
export function namesUnsafeInline(policy: Policy, kind: InlineKind): boolean {
  return [elementSources(policy, kind), attributeSources(policy, kind)].some(
    (sources) => sources !== undefined && hasKeyword(sources, "'unsafe-inline'"),
  );
}

/** The policy with script-src and style-src naming exactly these hashes (other sources kept as they are). */
export function withHashes(value: string, hashes: Record<InlineKind, readonly string[]>): string {
  const policy = parsePolicy(value);
  for (const kind of ['script', 'style'] as const) {
    const directive = `${kind}-src`;
    const kept = (policy.get(directive) ?? policy.get('default-src') ?? ["'self'"]).filter(
      (token) => !HASH_OR_NONCE.test(token),
    );
    policy.set(directive, [...kept, ...[...new Set(hashes[kind])].sort()]);
  }
  return serializePolicy(policy);
}

export interface BuiltPage {
  /** Path of the HTML file inside the build folder. */
  file: string;
  /** The address it is served at (404.html answers unknown addresses; the `/(.*)` headers apply). */
  pathname: string;
  inline: InlineContent;
}

export function readBuiltPages(distDir: string): BuiltPage[] {
  const pages: BuiltPage[] = [];
  for (const entry of readdirSync(distDir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const file = path.relative(distDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    const pathname = `/${file.replace(/(^|\/)index\.html$/, '$1')}`;
    pages.push({ file, pathname, inline: scanHtml(readFileSync(path.join(distDir, file), 'utf8')) });
  }
  return pages.sort((a, b) => a.pathname.localeCompare(b.pathname));
}

/** Every hash the built pages need, deduplicated and sorted. */
export function requiredHashes(pages: readonly BuiltPage[]): Record<InlineKind, string[]> {
  const collect = (pick: (inline: InlineContent) => string[]) =>
    [...new Set(pages.flatMap((page) => pick(page.inline).map((text) => hashSource(text))))].sort();
  return { script: collect((inline) => inline.scripts), style: collect((inline) => inline.styles) };
}

const CSP = 'content-security-policy';

/** Each page's effective policies: the header it is served with, then any meta policy. */
export function pagePolicies(page: BuiltPage, headersFor: (pathname: string) => Record<string, string>): Policy[] {
  const header = Object.entries(headersFor(page.pathname)).find(([name]) => name.toLowerCase() === CSP)?.[1];
  return [...(header === undefined ? [] : [header]), ...page.inline.metaPolicies].map(parsePolicy);
}

/** Why the built pages would not run as built under the headers they are served with (empty: they would). */
export function checkBuiltPages(
  pages: readonly BuiltPage[],
  headersFor: (pathname: string) => Record<string, string>,
): string[] {
  const problems: string[] = [];
  for (const page of pages) {
    const policies = pagePolicies(page, headersFor);
    if (policies.length === 0) problems.push(`${page.pathname}: no Content-Security-Policy`);
    for (const kind of ['script', 'style'] as const) {
      if (policies.some((policy) => namesUnsafeInline(policy, kind))) {
        problems.push(`${page.pathname}: the Content-Security-Policy allows 'unsafe-inline' for ${kind}s`);
      }
      const blocks = kind === 'script' ? page.inline.scripts : page.inline.styles;
      for (const block of blocks) {
        if (!policies.every((policy) => allowsInline(policy, kind, block))) {
          problems.push(
            `${page.pathname}: inline <${kind}> ${hashSource(block)} is not allowed by its Content-Security-Policy`,
          );
        }
      }
    }
    for (const attribute of page.inline.attributes) {
      problems.push(
        `${page.pathname}: ${attribute} cannot be allowed by a hash; move it to a bundled script or a stylesheet`,
      );
    }
  }
  return problems;
}

/** Every Content-Security-Policy value vercel.json declares. */
export function vercelPolicies(root: string): string[] {
  return policiesOf(JSON.parse(readFileSync(path.join(root, 'vercel.json'), 'utf8')) as VercelConfig);
}

/**
 * Scripts that run under a wider policy than the pages', each with a header rule of its own, derived
 * from the pages' policy (the `/(.*)` rule) with sources added to script-src. A dedicated worker runs
 * under the policy its own script is served with, so an exception here is that worker's alone.
 *
 * - The geometry worker (src/islands/lib/geometry-worker.ts) reads STEP files with occt-import-js:
 *   compiling its WASM needs 'wasm-unsafe-eval', and its Emscripten glue (embind) builds functions
 *   from strings, which needs 'unsafe-eval'. The worker has no DOM and the same connect-src.
 *
 * The preview worker (src/islands/lib/preview-worker.ts, three.js drawing on a transferred canvas)
 * needs nothing the pages' policy lacks, so it has no rule here and is served under `/(.*)` as the
 * pages are.
 */
export const SCRIPT_POLICY_RULES: readonly {
  source: string;
  scriptSrc: readonly string[];
  /** The page whose island starts the script: a build with that page must contain a file the rule matches. */
  loadedBy: string;
}[] = [
  { source: '/_astro/geometry-worker-(.*)', scriptSrc: ["'wasm-unsafe-eval'", "'unsafe-eval'"], loadedBy: '/quote/' },
];

/** A policy with these sources added to its script-src (after 'self', before the hashes). */
export function withScriptSources(value: string, sources: readonly string[]): string {
  const policy = parsePolicy(value);
  const current = policy.get('script-src') ?? policy.get('default-src') ?? ["'self'"];
  const plain = current.filter((token) => !HASH_OR_NONCE.test(token));
  const hashes = current.filter((token) => HASH_OR_NONCE.test(token));
  policy.set('script-src', [...new Set([...plain, ...sources]), ...hashes]);
  return serializePolicy(policy);
}

interface HeaderRule {
  source: string;
  headers: { key: string; value: string }[];
}

interface VercelConfig {
  headers?: HeaderRule[];
  [key: string]: unknown;
}

/** vercel.json as the build needs it: every policy with the pages' hashes, every script rule present. */
export function expectedVercelConfig(
  config: VercelConfig,
  hashes: Record<InlineKind, readonly string[]>,
): VercelConfig {
  const headers = (config.headers ?? []).map((rule) => ({
    ...rule,
    headers: rule.headers.map((header) =>
      header.key.toLowerCase() === CSP ? { ...header, value: withHashes(header.value, hashes) } : header,
    ),
  }));
  const pagePolicy = headers
    .find((rule) => rule.source === '/(.*)')
    ?.headers.find((header) => header.key.toLowerCase() === CSP)?.value;
  if (pagePolicy === undefined) return { ...config, headers };
  for (const { source, scriptSrc } of SCRIPT_POLICY_RULES) {
    const rule: HeaderRule = {
      source,
      headers: [{ key: 'Content-Security-Policy', value: withScriptSources(pagePolicy, scriptSrc) }],
    };
    const at = headers.findIndex((existing) => existing.source === source);
    if (at === -1) headers.push(rule);
    else headers[at] = rule;
  }
  return { ...config, headers };
}

export interface SyncResult {
  /** vercel.json's policies as the built pages need them. */
  expected: string[];
  /** Whether vercel.json was rewritten with them. */
  written: boolean;
  /** The policies differ from what the pages need (stale or unused hashes) and were not rewritten. */
  stale: boolean;
  /** Pages that would break under the headers as they now stand. */
  problems: string[];
}

function policiesOf(config: VercelConfig): string[] {
  return (config.headers ?? []).flatMap((rule) =>
    rule.headers.filter((header) => header.key.toLowerCase() === CSP).map((header) => header.value),
  );
}

/** Files in the build a path pattern serves, e.g. the worker a script rule is for. */
function builtFilesMatching(distDir: string, source: string): string[] {
  const pattern = pathToRegexp(source, [], { strict: true, sensitive: true });
  return readdirSync(distDir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => `/${path.relative(distDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')}`)
    .filter((pathname) => pattern.test(pathname));
}

/**
 * Brings vercel.json's script-src and style-src hashes in line with the built pages and its script
 * rules with SCRIPT_POLICY_RULES (when `write`), then checks every page against the headers it will be
 * served with, and that every script rule still matches a built file.
 */
export function syncVercelCsp({ root, distDir, write }: { root: string; distDir: string; write: boolean }): SyncResult {
  const pages = readBuiltPages(distDir);
  const hashes = requiredHashes(pages);
  const file = path.join(root, 'vercel.json');
  const text = readFileSync(file, 'utf8');
  const config = JSON.parse(text) as VercelConfig;
  const wanted = expectedVercelConfig(config, hashes);
  const expected = policiesOf(wanted);
  // Written as JSON.stringify lays it out, which is also how the committed file is formatted.
  const next = `${JSON.stringify(wanted, null, 2)}\n`;
  const stale = JSON.stringify(wanted) !== JSON.stringify(config);
  let written = false;
  if (stale && write) {
    writeFileSync(file, next);
    written = true;
  }
  const headers = loadHeaderRules(root);
  const problems = checkBuiltPages(pages, (pathname) => headers.headersFor(pathname));
  // A partial build (a scratch site without the page that starts the script) has nothing to match.
  const built = new Set(pages.map((page) => page.pathname));
  for (const { source, loadedBy } of SCRIPT_POLICY_RULES) {
    if (built.has(loadedBy) && builtFilesMatching(distDir, source).length === 0) {
      problems.push(`SCRIPT_POLICY_RULES: ${source} matches no file in the build; rename the rule with the script`);
    }
  }
  return { expected, written, stale: stale && !written, problems };
}

/** Vercel builds and CI runs check vercel.json; only a developer's own build may rewrite it. */
export function mayWriteVercelJson(env: Record<string, string | undefined> = process.env): boolean {
  const set = (value: string | undefined) => value !== undefined && value !== '' && value !== '0' && value !== 'false';
  return !set(env.CI) && !set(env.VERCEL);
}

/** The astro.config.mjs integration: keeps vercel.json's hashes in line with every build, or fails it. */
export function cspHashes(): AstroIntegration {
  let root = process.cwd();
  return {
    name: 'csp-hashes',
    hooks: {
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:done': ({ dir, logger }) => {
        const result = syncVercelCsp({ root, distDir: fileURLToPath(dir), write: mayWriteVercelJson() });
        if (result.written) {
          logger.warn(
            'vercel.json: Content-Security-Policy hashes updated for the inline blocks this build emits; commit it.',
          );
        } else if (result.stale && result.problems.length === 0) {
          // Only hashes no page uses any more: harmless, but the committed list should lose them.
          logger.warn(
            `vercel.json: Content-Security-Policy names hashes no page needs; it should read:\n${result.expected.join('\n')}`,
          );
        }
        if (result.problems.length > 0) {
          throw new Error(
            `Content-Security-Policy: the built pages would not run under vercel.json's headers:\n${result.problems.join('\n')}` +
              (result.stale ? `\nvercel.json needs: ${result.expected.join('\n')}` : ''),
          );
        }
      },
    },
  };
}
