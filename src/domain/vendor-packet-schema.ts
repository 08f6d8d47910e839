/**
 * The shop's vendor packet manifest, `content/shop/vendor-packet.json` (architecture §12): the
 * supplier documents a buyer's system asks for before it issues a PO (tax form, bank details,
 * insurance, certifications, terms), one entry each, the files beside it in
 * `content/shop/vendor-packet/`. Checked at every build and on first use; each problem is one line
 * naming the entry and the field, e.g. `entry 3 ("bank"): kind "bank" is not a kind: use one of …`.
 */
import { z } from 'zod';

export const VENDOR_DOCUMENT_KINDS = [
  'tax_form',
  'bank_details',
  'insurance',
  'certification',
  'terms',
  'other',
] as const;
export type VendorDocumentKind = (typeof VENDOR_DOCUMENT_KINDS)[number];

export const VENDOR_DOCUMENT_KIND_LABEL: Record<VendorDocumentKind, string> = {
  tax_form: 'Tax form',
  bank_details: 'Bank details',
  insurance: 'Insurance certificate',
  certification: 'Certification',
  terms: 'Terms of sale',
  other: 'Other document',
};

/** A document's file name: in content/shop/vendor-packet/ itself, no folders, an extension. */
export const VENDOR_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.[A-Za-z0-9]+$/;

/** The packet's own index inside the zip; no document may take its name. */
export const VENDOR_PACKET_INDEX = 'README.txt';

export interface VendorPacketEntry {
  /** Lower-case letters, digits and dashes: the document's address, `/vendor-documents/<id>`. */
  id: string;
  /** What a buyer sees, e.g. "W-9 / VAT registration certificate". */
  title: string;
  kind: VendorDocumentKind;
  /** The file's name in content/shop/vendor-packet/, also its name when downloaded. */
  file: string;
  /** One line more for the buyer, e.g. "Valid until 31 December 2026". */
  note?: string | undefined;
}

const text = (what: string, max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'is missing' : `must be ${what}`) })
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

const entrySchema = z.strictObject(
  {
    id: text('text', 60).regex(
      /^[a-z0-9]+(-[a-z0-9]+)*$/,
      'must be lower-case letters, digits and single dashes, e.g. "iso-9001"',
    ),
    title: text('text', 120),
    kind: z.enum(VENDOR_DOCUMENT_KINDS, {
      error: (issue) =>
        issue.input === undefined
          ? 'is missing'
          : `${JSON.stringify(issue.input)} is not a kind: use one of ${VENDOR_DOCUMENT_KINDS.join(', ')}`,
    }),
    file: text('a file name', 120)
      .regex(
        VENDOR_FILE_NAME,
        'must be a file name in content/shop/vendor-packet/ (letters, digits, dots, dashes; no folders)',
      )
      .refine((name) => name.toLowerCase() !== VENDOR_PACKET_INDEX.toLowerCase(), {
        error: `must not be ${VENDOR_PACKET_INDEX}, the name of the packet's own index`,
      }),
    note: text('text', 300).optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? undefined : 'must be an object') },
) satisfies z.ZodType<VendorPacketEntry>;

const manifestSchema = z.array(entrySchema, {
  error: 'must be a list of documents: [{ "id", "title", "kind", "file" }]',
});

/** The manifest's problems, one line each naming the entry and the field; empty when it is sound. */
export function vendorPacketProblems(raw: unknown): string[] {
  const result = manifestSchema.safeParse(raw);
  if (!Array.isArray(raw))
    return result.success ? [] : result.error.issues.map((issue) => `the manifest ${issue.message}`);
  const found: { index: number; line: string }[] = [];
  for (const issue of result.success ? [] : result.error.issues) {
    const [index = 0, field] = issue.path;
    if (typeof index !== 'number') continue;
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const what = keys.length
      ? `unknown field ${keys.map((key) => JSON.stringify(key)).join(', ')}`
      : field === undefined
        ? issue.message
        : `${String(field)} ${issue.message}`;
    found.push({ index, line: `${entryLabel(raw[index], index)}: ${what}` });
  }
  // Two entries with one id (or one file) are a problem even while another field of theirs is wrong.
  for (const field of ['id', 'file'] as const) {
    const seen = new Map<string, number>();
    raw.forEach((entry: unknown, index) => {
      const value = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>)[field] : undefined;
      if (typeof value !== 'string' || !value.trim()) return;
      const key = field === 'file' ? value.trim().toLowerCase() : value.trim();
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else
        found.push({
          index,
          line: `${entryLabel(entry, index)}: ${field} ${JSON.stringify(value)} is already used by entry ${first + 1}`,
        });
    });
  }
  return found.sort((a, b) => a.index - b.index).map((problem) => problem.line);
}

/** `entry 3 ("bank-details")`, or `entry 3` when it has no usable id. */
export function entryLabel(entry: unknown, index: number): string {
  const id = typeof entry === 'object' && entry !== null ? (entry as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.trim() ? `entry ${index + 1} (${JSON.stringify(id)})` : `entry ${index + 1}`;
}

/** The manifest's entries, or an error listing every problem. */
export function parseVendorPacketManifest(raw: unknown): VendorPacketEntry[] {
  const problems = vendorPacketProblems(raw);
  if (problems.length) throw new VendorPacketManifestError(problems);
  return manifestSchema.parse(raw);
}

export class VendorPacketManifestError extends Error {
  override readonly name = 'VendorPacketManifestError';
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`content/shop/vendor-packet.json:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}
