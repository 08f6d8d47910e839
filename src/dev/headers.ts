/**
 * Applies the security headers that vercel.json declares, so the local runtime and production send
 * the same ones from one source. Vercel matches `source` with path-to-regexp; so do we. Later rules
 * override earlier ones for the same header name, as on Vercel.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToRegexp } from 'path-to-regexp';

interface HeaderRule {
  source: string;
  headers: { key: string; value: string }[];
}

export interface HeaderMatcher {
  headersFor(pathname: string): Record<string, string>;
}

export function loadHeaderRules(root: string): HeaderMatcher {
  const config = JSON.parse(readFileSync(path.join(root, 'vercel.json'), 'utf8')) as { headers?: HeaderRule[] };
  const rules = (config.headers ?? []).map((rule) => ({ pattern: pathToRegexp(rule.source), headers: rule.headers }));
  return {
    headersFor(pathname) {
      const result: Record<string, string> = {};
      for (const rule of rules) {
        if (!rule.pattern.test(pathname)) continue;
        for (const { key, value } of rule.headers) result[key] = value;
      }
      return result;
    },
  };
}
