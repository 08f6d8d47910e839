/**
 * The guides: front matter schema and the pure helpers the article pages are built from.
 *
 * The schema is a factory so the content collection can pass Astro's `reference('guides')` for
 * `related` (a broken reference then fails the build) while tests and other tools validate the
 * same rules against plain slugs. `astro/zod` re-exports this same zod 4, so one schema serves both.
 */
import { z } from 'zod';

/** The quote form modes an article can send its reader to; the same values as `/quote/?mode=`. */
export const guideModes = ['rough_estimate', 'sample', 'production'] as const;
export type GuideMode = (typeof guideModes)[number];

/** A guide's id: its file name without `.md`, lower-case words joined by hyphens. */
export const guideSlugSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be a guide slug such as first-article-approval');

const trimmed = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export interface CreateGuideSchemaOptions<R extends z.ZodType> {
  /** The schema of one related-guide entry: `reference('guides')` in the collection, a slug elsewhere. */
  related: R;
}

export function createGuideSchema<R extends z.ZodType>({ related }: CreateGuideSchemaOptions<R>) {
  return z
    .object({
      /** Page title and `<h1>`; 70 characters at most so search results do not truncate it. No default. */
      title: trimmed(70),
      /** Meta and Open Graph description, the snippet in search results: 70–160 characters. No default. */
      description: z
        .string()
        .trim()
        .min(70, 'must be at least 70 characters (it is the search result snippet)')
        .max(160, 'must be at most 160 characters (search engines cut longer snippets)'),
      /** The answer in twenty seconds, shown in a box above the article: 3–5 short bullets. No default. */
      fastAnswer: z.array(trimmed(240)).min(3, 'must list at least 3 points').max(5, 'must list at most 5 points'),
      /** Questions answered on the page and published as FAQPage JSON-LD: 3–5 pairs. No default. */
      faq: z
        .array(z.object({ question: trimmed(200), answer: trimmed(600) }).strict())
        .min(3, 'must have at least 3 questions')
        .max(5, 'must have at most 5 questions'),
      /** Other guides worth reading next: 2–3 slugs of existing guides, never this one. No default. */
      related: z.array(related).min(2, 'must list at least 2 guides').max(3, 'must list at most 3 guides'),
      /** The quote form mode this reader most likely needs, and the button text that leads there. No default. */
      cta: z.object({ mode: z.enum(guideModes), label: trimmed(60) }).strict(),
      /** When the advice was last reviewed; shown on the page, in JSON-LD, RSS and sorting. No default. */
      updated: z.coerce.date(),
      /** A draft builds nowhere: no page, no feed entry, no sitemap line. Default: false (published). */
      draft: z.boolean().default(false),
    })
    .strict();
}

/** The front matter as written in `content/guides/*.md`, with `related` as plain slugs. */
export const guideFrontmatterSchema = createGuideSchema({ related: guideSlugSchema });
export type GuideFrontmatter = z.infer<typeof guideFrontmatterSchema>;

/** Why a slug list cannot stand as `related` for the guide `self`, given every known slug; empty when fine. */
export function findRelatedProblems(self: string, related: readonly string[], known: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const slug of related) {
    if (slug === self) problems.push(`${self} lists itself as related`);
    else if (!known.has(slug)) problems.push(`${self} lists unknown guide ${slug}`);
  }
  if (new Set(related).size !== related.length) problems.push(`${self} lists a related guide twice`);
  return problems;
}

/** Files starting with `_` are never loaded; this filters what is loaded but marked as a draft. */
export function isPublished(entry: { data: { draft?: boolean } }): boolean {
  return entry.data.draft !== true;
}

/** Newest first, then by title, so the home page and feed show what changed most recently. */
export function sortGuides<T extends { data: { updated: Date; title: string } }>(entries: readonly T[]): T[] {
  return [...entries].sort(
    (a, b) => b.data.updated.getTime() - a.data.updated.getTime() || a.data.title.localeCompare(b.data.title),
  );
}

export function guideHref(slug: string): string {
  return `/guides/${slug}/`;
}

export function quoteHref(mode: GuideMode): string {
  return `/quote/?mode=${mode}`;
}

export interface Heading {
  depth: number;
  slug: string;
  text: string;
}

export interface TocItem {
  slug: string;
  text: string;
  children: TocItem[];
}

export interface BuildTocOptions {
  headings: readonly Heading[];
  /** Shallowest heading listed; `##` by default because `#` is the page title. */
  minDepth?: number;
  /** Deepest heading listed; `###` by default to keep the list short. */
  maxDepth?: number;
}

/** Nests headings under the nearest shallower one; a heading that skips a level still gets listed. */
export function buildToc({ headings, minDepth = 2, maxDepth = 3 }: BuildTocOptions): TocItem[] {
  const root: TocItem[] = [];
  const stack: { depth: number; item: TocItem }[] = [];
  for (const heading of headings) {
    if (heading.depth < minDepth || heading.depth > maxDepth) continue;
    const item: TocItem = { slug: heading.slug, text: heading.text, children: [] };
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= heading.depth) stack.pop();
    const parent = stack[stack.length - 1];
    (parent ? parent.item.children : root).push(item);
    stack.push({ depth: heading.depth, item });
  }
  return root;
}

/** Words in Markdown prose, ignoring front matter, link targets and markup characters. */
export function countWords(markdown: string): number {
  const prose = markdown
    .replace(/^---\n[\s\S]*?\n---\n?/, '')
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/[#>*_`[\]|-]+/g, ' ');
  return prose.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** Minutes at an unhurried 220 words a minute, never less than one. */
export function readingMinutes(markdown: string): number {
  return Math.max(1, Math.round(countWords(markdown) / 220));
}

export interface ArticleJsonLdOptions {
  url: string;
  title: string;
  description: string;
  updated: Date;
  publisher: { name: string; url: string; logo: string };
}

/** schema.org Article; the shop is both author and publisher because the guides speak in its voice. */
export function articleJsonLd({ url, title, description, updated, publisher }: ArticleJsonLdOptions) {
  const organization = { '@type': 'Organization', name: publisher.name, url: publisher.url };
  return {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: title,
    description,
    url,
    mainEntityOfPage: url,
    inLanguage: 'en',
    dateModified: isoDate(updated),
    datePublished: isoDate(updated),
    author: organization,
    publisher: { ...organization, logo: { '@type': 'ImageObject', url: publisher.logo } },
  };
}

/** schema.org FAQPage over the same pairs the page shows, so the markup never claims more than the text. */
export function faqJsonLd(faq: readonly { question: string; answer: string }[]) {
  return {
    '@context': 'https://schema.org',
    '@type': 'FAQPage',
    mainEntity: faq.map(({ question, answer }) => ({
      '@type': 'Question',
      name: question,
      acceptedAnswer: { '@type': 'Answer', text: answer },
    })),
  };
}

/** JSON for an inline `<script type="application/ld+json">`: `<` is escaped so text can never close the tag. */
export function serializeJsonLd(data: unknown): string {
  return JSON.stringify(data)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** YYYY-MM-DD in UTC: front matter dates are calendar days, not instants. */
export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
