/**
 * The publishing rules, proven by building the real site code over fixture guides in a scratch
 * project: `_name.md` is never loaded, `draft: true` builds no page, feed or sitemap line, and a
 * related guide that is missing (or only a draft) fails the build.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const COPIED = [
  'package.json',
  'tsconfig.json',
  // The build checks its pages against vercel.json's Content-Security-Policy (src/build/csp.ts).
  'vercel.json',
  'src/build',
  'src/dev/headers.ts',
  'public/favicon.svg',
  'src/content.config.ts',
  'src/domain/guides.ts',
  // The home page's mode titles (its imports are types only).
  'src/domain/labels.ts',
  'src/domain/site.ts',
  'src/layouts',
  'src/components',
  'src/styles',
  'src/pages/index.astro',
  'src/pages/guides',
  'src/pages/rss.xml.ts',
  // Every build checks the vendor packet's manifest and files (src/build/vendor-packet.ts).
  'content/shop/vendor-packet.json',
  'content/shop/vendor-packet',
  'src/server/release/vendor-packet.ts',
  'src/server/release/vendor-packet-index.ts',
  'src/domain/vendor-packet-schema.ts',
  'src/domain/errors.ts',
];

function guide(related: string[], extra = ''): string {
  return `---
title: "A fixture guide"
description: "A fixture guide that exists only to prove how the guides collection publishes entries."
fastAnswer: ["One.", "Two.", "Three."]
faq:
  - { question: "One?", answer: "Yes." }
  - { question: "Two?", answer: "Yes." }
  - { question: "Three?", answer: "Yes." }
related: [${related.join(', ')}]
cta: { mode: sample, label: "Order a sample" }
updated: 2026-11-20
${extra}
---

## A heading

Body text.
`;
}

let project = '';

function build(): { ok: boolean; output: string } {
  rmSync(path.join(project, 'dist'), { recursive: true, force: true });
  const result = spawnSync(process.execPath, [path.join(ROOT, 'node_modules/astro/bin/astro.mjs'), 'build'], {
    cwd: project,
    encoding: 'utf8',
    // Not CI: the scratch build may rewrite its own copy of vercel.json's CSP hashes for its fewer pages.
    env: {
      ...process.env,
      CI: undefined,
      VERCEL: undefined,
      SITE_URL: 'https://print.example',
      ASTRO_TELEMETRY_DISABLED: '1',
    },
  });
  return { ok: result.status === 0, output: `${result.stdout}\n${result.stderr}` };
}

function writeGuides(files: Record<string, string>): void {
  const dir = path.join(project, 'content/guides');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
}

beforeAll(() => {
  project = mkdtempSync(path.join(os.tmpdir(), 'site-build-'));
  for (const item of COPIED) cpSync(path.join(ROOT, item), path.join(project, item), { recursive: true });
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  // The real config, but with a private cache: Astro keeps its content store in node_modules/.astro,
  // which the symlink would otherwise share with (and leak fixture guides into) the real site's builds.
  cpSync(path.join(ROOT, 'astro.config.mjs'), path.join(project, 'astro.site.mjs'));
  writeFileSync(
    path.join(project, 'astro.config.mjs'),
    "import config from './astro.site.mjs';\nexport default { ...config, cacheDir: './.astro-cache' };\n",
  );
});

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('guides publishing rules (scratch build)', () => {
  it('publishes guides, and never drafts or _underscore files', () => {
    writeGuides({
      'alpha.md': guide(['beta', 'gamma']),
      'beta.md': guide(['alpha', 'gamma']),
      'gamma.md': guide(['alpha', 'beta'], 'draft: false'),
      'delta.md': guide(['alpha', 'beta'], 'draft: true'),
      // Invalid on purpose: if the loader read it, the schema would fail the build.
      '_scratch.md': '---\ntitle: 1\n---\nNotes.\n',
    });
    const { ok, output } = build();
    expect(output).not.toContain('_scratch');
    expect(ok, output).toBe(true);

    const dist = path.join(project, 'dist');
    expect(readdirSync(path.join(dist, 'guides')).sort()).toEqual(['alpha', 'beta', 'gamma', 'index.html']);
    const everything = ['index.html', 'guides/index.html', 'rss.xml', 'sitemap-0.xml']
      .map((file) => readFileSync(path.join(dist, file), 'utf8'))
      .join('\n');
    expect(everything).toContain('/guides/alpha/');
    expect(everything).not.toMatch(/delta|_scratch|scratch/);
  }, 120_000);

  it('fails the build when a related guide is missing or only a draft', () => {
    writeGuides({
      'alpha.md': guide(['beta', 'missing-guide']),
      'beta.md': guide(['alpha', 'delta']),
      'delta.md': guide(['alpha', 'beta'], 'draft: true'),
    });
    const { ok, output } = build();
    expect(ok).toBe(false);
    expect(output).toContain('alpha lists unknown guide missing-guide');
    expect(output).toContain('beta lists unknown guide delta');
  }, 120_000);

  it('fails the build on front matter the schema rejects, naming the field', () => {
    writeGuides({
      'alpha.md': guide(['beta', 'gamma']).replace('mode: sample', 'mode: firm_quote'),
      'beta.md': guide(['alpha', 'gamma']),
      'gamma.md': guide(['alpha', 'beta']),
    });
    const { ok, output } = build();
    expect(ok).toBe(false);
    expect(output).toMatch(/alpha/);
    expect(output).toMatch(/cta\.mode/);
  }, 120_000);
});
