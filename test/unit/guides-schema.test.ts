import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import {
  countWords,
  findRelatedProblems,
  guideFrontmatterSchema,
  type GuideFrontmatter,
} from '../../src/domain/guides.js';

const GUIDES_DIR = path.resolve(import.meta.dirname, '../../content/guides');

// The same split Astro's Markdown loader makes; js-yaml is the parser Astro itself uses.
function readGuide(file: string): { slug: string; frontmatter: unknown; body: string } {
  const source = readFileSync(path.join(GUIDES_DIR, file), 'utf8');
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!match) throw new Error(`${file} has no front matter block`);
  return { slug: file.replace(/\.md$/, ''), frontmatter: load(match[1] ?? ''), body: match[2] ?? '' };
}

const guides = readdirSync(GUIDES_DIR)
  .filter((file) => file.endsWith('.md') && !file.startsWith('_'))
  .sort()
  .map(readGuide);

describe('the real guides', () => {
  it('there are at least eight', () => {
    expect(guides.length).toBeGreaterThanOrEqual(8);
  });

  it.each(guides.map((guide) => [guide.slug, guide] as const))('%s has valid front matter', (_slug, guide) => {
    const result = guideFrontmatterSchema.safeParse(guide.frontmatter);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('every related slug names another existing guide, once', () => {
    const known = new Set(guides.map((guide) => guide.slug));
    const problems = guides.flatMap((guide) => {
      const { related } = guideFrontmatterSchema.parse(guide.frontmatter);
      return findRelatedProblems(guide.slug, related, known);
    });
    expect(problems).toEqual([]);
  });

  it.each(guides.map((guide) => [guide.slug, guide] as const))('%s has 700 to 1,500 words of body', (_slug, guide) => {
    const words = countWords(guide.body);
    expect(words).toBeGreaterThanOrEqual(700);
    expect(words).toBeLessThanOrEqual(1500);
  });
});

const valid: GuideFrontmatter = {
  title: 'Technical approval is not a purchase order',
  description:
    'Why an engineer go-ahead and a purchasing release are two separate decisions, and how the portal keeps them apart.',
  fastAnswer: ['One.', 'Two.', 'Three.'],
  faq: [
    { question: 'A?', answer: 'Yes.' },
    { question: 'B?', answer: 'No.' },
    { question: 'C?', answer: 'Maybe.' },
  ],
  related: ['po-before-technical-review', 'first-article-approval'],
  cta: { mode: 'production', label: 'Request a production quote' },
  updated: new Date('2026-11-20'),
  draft: false,
};

const faqPair = { question: 'Q?', answer: 'A.' };

describe('guide front matter schema', () => {
  it('accepts a complete guide and defaults draft to false', () => {
    const { draft: _draft, ...withoutDraft } = valid;
    expect(guideFrontmatterSchema.parse(withoutDraft).draft).toBe(false);
  });

  it('reads a YAML date and a date string as the same calendar day', () => {
    const fromString = guideFrontmatterSchema.parse({ ...valid, updated: '2026-11-20' });
    expect(fromString.updated.toISOString().slice(0, 10)).toBe('2026-11-20');
  });

  it('accepts the limits themselves', () => {
    const atLimits = {
      ...valid,
      title: 'x'.repeat(70),
      description: 'd'.repeat(160),
      fastAnswer: ['1', '2', '3', '4', '5'],
      faq: Array.from({ length: 5 }, () => faqPair),
      related: ['a', 'b', 'c'],
    };
    expect(guideFrontmatterSchema.safeParse(atLimits).success).toBe(true);
    expect(guideFrontmatterSchema.safeParse({ ...valid, description: 'd'.repeat(70) }).success).toBe(true);
  });

  const broken: [string, Record<string, unknown>, string][] = [
    ['a title over 70 characters', { title: 'x'.repeat(71) }, 'title'],
    ['an empty title', { title: '   ' }, 'title'],
    ['a description under 70 characters', { description: 'Too short for a search snippet.' }, 'description'],
    ['a description over 160 characters', { description: 'd'.repeat(161) }, 'description'],
    ['two fast-answer points', { fastAnswer: ['1', '2'] }, 'fastAnswer'],
    ['six fast-answer points', { fastAnswer: ['1', '2', '3', '4', '5', '6'] }, 'fastAnswer'],
    ['two FAQ pairs', { faq: [faqPair, faqPair] }, 'faq'],
    ['six FAQ pairs', { faq: Array.from({ length: 6 }, () => faqPair) }, 'faq'],
    ['an FAQ question without an answer', { faq: [faqPair, faqPair, { question: 'Q?' }] }, 'faq.2.answer'],
    ['one related guide', { related: ['a'] }, 'related'],
    ['four related guides', { related: ['a', 'b', 'c', 'd'] }, 'related'],
    ['a related entry that is not a slug', { related: ['a', 'Not A Slug.md'] }, 'related.1'],
    ['an unknown quote mode', { cta: { mode: 'firm_quote', label: 'Go' } }, 'cta.mode'],
    ['a CTA without a label', { cta: { mode: 'sample' } }, 'cta.label'],
    ['an updated value that is not a date', { updated: 'last week' }, 'updated'],
    ['a missing updated date', { updated: undefined }, 'updated'],
    ['draft written as a string', { draft: 'no' }, 'draft'],
    ['an unknown key (a typo)', { relatd: ['a', 'b'] }, ''],
  ];

  it.each(broken)('rejects %s', (_name, change, issuePath) => {
    const result = guideFrontmatterSchema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toContain(issuePath);
  });

  it('explains limits in words an author can act on', () => {
    const result = guideFrontmatterSchema.safeParse({ ...valid, description: 'Short.', fastAnswer: ['1'] });
    expect(result.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toMatchInlineSnapshot(`
      [
        "description: must be at least 70 characters (it is the search result snippet)",
        "fastAnswer: must list at least 3 points",
      ]
    `);
  });
});
