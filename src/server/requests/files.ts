/**
 * A stored file as link holders and the shop see it: display metadata only, never the storage key.
 * A 3D file carries the geometry measured on upload (architecture §5), read back through its schema;
 * one the reader could not open carries a note instead.
 */
import type { FileView } from '../../domain/contracts/file-view.js';
import { storedGeometrySchema } from '../../domain/stored-geometry-schema.js';
import { parseStoredJson } from '../../domain/stored-json.js';
import type { files } from '../db/schema.js';

export type { FileView };

export type FileRow = typeof files.$inferSelect;

/** What a 3D file without measured figures says, to the customer and the shop alike. */
export const UNMEASURED_NOTE =
  'This 3D file could not be measured automatically; the shop will size it by hand from the file and the dimensions given.';

export function toFileView(row: FileRow): FileView {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    contentType: row.contentType,
    kind: row.kind,
    ...(row.width !== null && row.height !== null ? { width: row.width, height: row.height } : {}),
    sha256: row.sha256,
    ...geometryOf(row),
    uploadedByRole: row.uploadedByRole,
    createdAt: row.createdAt.toISOString(),
  };
}

function geometryOf(row: FileRow): Pick<FileView, 'geometry' | 'geometryNote'> {
  if (row.kind !== 'cad') return {};
  if (row.geometry === null) return { geometryNote: UNMEASURED_NOTE };
  return { geometry: parseStoredJson(storedGeometrySchema, row.geometry, 'files.geometry', row.id) };
}

/** A file's stored figures, or undefined for an image or an unmeasured 3D file. */
export function storedGeometry(row: FileRow): FileView['geometry'] {
  return row.kind === 'cad' ? geometryOf(row).geometry : undefined;
}

/**
 * The measured file a request is priced from: the newest 3D file with figures that describe something
 * printable (a revised file supersedes the first one). Undefined when there is none, and the estimate
 * falls back to the size the customer typed.
 */
export function pricingGeometry(
  rows: readonly FileRow[],
):
  | { file: Pick<FileView, 'id' | 'name'>; geometry: NonNullable<FileView['geometry']>; measuredFiles: number }
  | undefined {
  const measured = rows.flatMap((row) => {
    const geometry = storedGeometry(row);
    return geometry ? [{ row, geometry }] : [];
  });
  const printable = measured.filter(({ geometry }) => !geometry.problems.includes('zero_volume'));
  const newest = printable.reduce<(typeof printable)[number] | undefined>(
    (best, entry) => (best === undefined || entry.row.createdAt >= best.row.createdAt ? entry : best),
    undefined,
  );
  if (!newest) return undefined;
  return {
    file: { id: newest.row.id, name: newest.row.name },
    geometry: newest.geometry,
    measuredFiles: measured.length,
  };
}
