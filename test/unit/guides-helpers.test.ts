import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  articleJsonLd,
  buildToc,
  countWords,
  faqJsonLd,
  findRelatedProblems,
  guideHref,
  isPublished,
  quoteHref,
  readingMinutes,
  serializeJsonLd,
  sortGuides,
  type Heading,
  type TocItem,
} from '../../src/domain/guides.js';

const h = (depth: number, slug: string): Heading => ({ depth, slug, text: slug.toUpperCase() });
const flatten = (items: readonly TocItem[]): string[] =>
  items.flatMap((item) => [item.slug, ...flatten(item.children)]);

describe('buildToc', () => {
  it('nests ### under the preceding ## and leaves out # and ####', () => {
    const toc = buildToc({ headings: [h(1, 'title'), h(2, 'a'), h(3, 'a1'), h(4, 'deep'), h(3, 'a2'), h(2, 'b')] });
    expect(toc).toEqual([
      {
        slug: 'a',
        text: 'A',
        children: [
          { slug: 'a1', text: 'A1', children: [] },
          { slug: 'a2', text: 'A2', children: [] },
        ],
      },
      { slug: 'b', text: 'B', children: [] },
    ]);
  });

  it('keeps a ### that comes before any ## at the top level instead of dropping it', () => {
    expect(flatten(buildToc({ headings: [h(3, 'intro'), h(2, 'a')] }))).toEqual(['intro', 'a']);
  });

  it('honours a custom depth range', () => {
    expect(flatten(buildToc({ headings: [h(2, 'a'), h(3, 'b'), h(4, 'c')], minDepth: 2, maxDepth: 4 }))).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('lists every heading in range exactly once, in document order', () => {
    const headings = fc.array(
      fc.record({ depth: fc.integer({ min: 1, max: 6 }), slug: fc.uuid(), text: fc.string() }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(headings, (list) => {
        const expected = list.filter((heading) => heading.depth >= 2 && heading.depth <= 3).map((x) => x.slug);
        expect(flatten(buildToc({ headings: list }))).toEqual(expected);
      }),
    );
  });
});

describe('countWords and readingMinutes', () => {
  it('counts prose words, not markup, link targets or front matter', () => {
    const markdown = [
      '---',
      'title: "Not counted at all"',
      '---',
      '## Two words',
      '',
      '> "Paste this sentence" — into the thread.',
      '',
      '- see [the guide](/guides/first-article-approval/) now',
    ].join('\n');
    expect(countWords(markdown)).toBe(2 + 3 + 3 + 4);
  });

  it('reads at 220 words a minute and never says zero minutes', () => {
    expect(readingMinutes('')).toBe(1);
    expect(readingMinutes('word '.repeat(1100))).toBe(5);
  });
});

describe('publishing and order', () => {
  it('publishes entries unless draft is true', () => {
    expect(isPublished({ data: { draft: false } })).toBe(true);
    expect(isPublished({ data: {} })).toBe(true);
    expect(isPublished({ data: { draft: true } })).toBe(false);
  });

  it('sorts newest first, then by title, without touching the input', () => {
    const entry = (title: string, day: string) => ({ data: { title, updated: new Date(day) } });
    const input = [entry('B', '2026-01-01'), entry('C', '2026-03-01'), entry('A', '2026-01-01')];
    expect(sortGuides(input).map((item) => item.data.title)).toEqual(['C', 'A', 'B']);
    expect(input.map((item) => item.data.title)).toEqual(['B', 'C', 'A']);
  });
});

describe('findRelatedProblems', () => {
  const known = new Set(['a', 'b', 'c']);

  it.each([
    [['b', 'c'], []],
    [['a', 'b'], ['a lists itself as related']],
    [['b', 'zz'], ['a lists unknown guide zz']],
    [['b', 'b'], ['a lists a related guide twice']],
  ])('related %j → %j', (related, problems) => {
    expect(findRelatedProblems('a', related, known)).toEqual(problems);
  });
});

describe('links', () => {
  it('builds guide and quote form addresses the pages and link check agree on', () => {
    expect(guideHref('replacement-parts')).toBe('/guides/replacement-parts/');
    expect(quoteHref('rough_estimate')).toBe('/quote/?mode=rough_estimate');
  });
});

describe('structured data', () => {
  it('describes an article published and modified on its updated day', () => {
    const data = articleJsonLd({
      url: 'https://example.test/guides/a/',
      title: 'T',
      description: 'D',
      updated: new Date('2026-11-20T00:00:00Z'),
      publisher: { name: 'Shop', url: 'https://example.test/', logo: 'https://example.test/favicon.svg' },
    });
    expect(data).toMatchObject({
      '@type': 'Article',
      headline: 'T',
      mainEntityOfPage: 'https://example.test/guides/a/',
      dateModified: '2026-11-20',
      author: { '@type': 'Organization', name: 'Shop' },
      publisher: { logo: { url: 'https://example.test/favicon.svg' } },
    });
  });

  it('turns every FAQ pair into a Question with an accepted Answer', () => {
    expect(faqJsonLd([{ question: 'Q?', answer: 'A.' }])).toEqual({
      '@context': 'https://schema.org',
      '@type': 'FAQPage',
      mainEntity: [{ '@type': 'Question', name: 'Q?', acceptedAnswer: { '@type': 'Answer', text: 'A.' } }],
    });
  });

  it('serialises any text so it round-trips and can never close the script element', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string(), (value, text) => {
        const data = { value, text: `${text}</script><!--` };
        const json = serializeJsonLd(data);
        expect(json).not.toMatch(/<|\u2028|\u2029/);
        expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(data)));
      }),
    );
  });
});
