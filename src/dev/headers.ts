/**
 * Applies the headers and redirects that vercel.json declares, so the local runtime and production
 * send the same ones from one source. Vercel matches `source` with path-to-regexp; so do we. Later
 * header rules override earlier ones for the same header name, and the first matching redirect
 * wins, as on Vercel. vercel.json is read again when it changes (the build rewrites its CSP hashes,
 * src/build/csp.ts), so `npm run dev` serves a rebuilt page with the header that allows it.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { compile, match, pathToRegexp } from 'path-to-regexp';

interface HeaderRule {
  source: string;
  headers: { key: string; value: string }[];
}

interface RedirectRule {
  source: string;
  destination: string;
  permanent?: boolean;
}

export interface HeaderMatcher {
  headersFor(pathname: string): Record<string, string>;
  /** Where vercel.json's `redirects` send this path, with the status Vercel uses. */
  redirectFor(pathname: string): { location: string; status: 307 | 308 } | undefined;
}

/** How Vercel compiles a `source`: case-sensitive, and a trailing slash is part of the address. */
const VERCEL_MATCHING = { strict: true, sensitive: true };

/** How often the file's modification time is looked at, at most. */
const RECHECK_MS = 500;

function compileRules(file: string) {
  const config = JSON.parse(readFileSync(file, 'utf8')) as {
    headers?: HeaderRule[];
    redirects?: RedirectRule[];
  };
  const rules = (config.headers ?? []).map((rule) => ({
    pattern: pathToRegexp(rule.source, [], VERCEL_MATCHING),
    headers: rule.headers,
  }));
  const redirects = (config.redirects ?? []).map((rule) => ({
    matches: match<Record<string, string>>(rule.source, VERCEL_MATCHING),
    target: compile<Record<string, string>>(rule.destination, { validate: false }),
    status: rule.permanent === false ? (307 as const) : (308 as const),
  }));
  return { rules, redirects };
}

export function loadHeaderRules(root: string): HeaderMatcher {
  const file = path.join(root, 'vercel.json');
  let modified = statSync(file).mtimeMs;
  let compiled = compileRules(file);
  let checked = Date.now();
  const current = () => {
    const now = Date.now();
    if (now - checked < RECHECK_MS) return compiled;
    checked = now;
    try {
      const mtime = statSync(file).mtimeMs;
      if (mtime !== modified) {
        compiled = compileRules(file);
        modified = mtime;
      }
    } catch {
      // Mid-write or briefly missing: keep serving the rules last read.
    }
    return compiled;
  };
  return {
    redirectFor(pathname) {
      for (const rule of current().redirects) {
        const found = rule.matches(pathname);
        if (found) return { location: rule.target(found.params), status: rule.status };
      }
      return undefined;
    },
    headersFor(pathname) {
      const result: Record<string, string> = {};
      for (const rule of current().rules) {
        if (!rule.pattern.test(pathname)) continue;
        for (const { key, value } of rule.headers) result[key] = value;
      }
      return result;
    },
  };
}
