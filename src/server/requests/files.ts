/** A stored file as link holders see it: display metadata only, never the storage key. */
import type { FileView } from '../../domain/contracts/file-view.js';
import type { files } from '../db/schema.js';

export type { FileView };

export type FileRow = typeof files.$inferSelect;

export function toFileView(row: FileRow): FileView {
  return {
    id: row.id,
    name: row.name,
    size: row.size,
    contentType: row.contentType,
    kind: row.kind,
    ...(row.width !== null && row.height !== null ? { width: row.width, height: row.height } : {}),
    uploadedByRole: row.uploadedByRole,
    createdAt: row.createdAt.toISOString(),
  };
}
