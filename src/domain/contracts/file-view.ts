/**
 * Stored files as the functions answer with them: display metadata only, never the storage key.
 * Pure types shared by the server (which builds them) and the islands (which read them), so a
 * change on one side does not compile until the other follows.
 */
import type { MeasuredGeometry } from '../geometry/report.js';

export type { MeasuredGeometry };

/** A file attached to a request (GET /api/requests/:id, the shop's request page). */
export interface FileView {
  id: string;
  name: string;
  size: number;
  contentType: string;
  kind: 'image' | 'cad';
  width?: number;
  height?: number;
  /** SHA-256 (hex) of the stored bytes; null only for files stored before the portal kept it. */
  sha256: string | null;
  /** A 3D file's figures, measured by the server on upload (architecture §5). */
  geometry?: MeasuredGeometry;
  /** A 3D file the server could not measure: says so in words for people. */
  geometryNote?: string;
  uploadedByRole: string;
  createdAt: string;
}

/** What `POST /api/uploads` answers with 201: the stored file, before it belongs to anyone. */
export type UploadedFileView = Omit<FileView, 'uploadedByRole' | 'createdAt'>;
