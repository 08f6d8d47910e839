/**
 * Stored files as the functions answer with them: display metadata only, never the storage key.
 * Pure types shared by the server (which builds them) and the islands (which read them), so a
 * change on one side does not compile until the other follows.
 */

/** A file attached to a request (GET /api/requests/:id, the shop's request page). */
export interface FileView {
  id: string;
  name: string;
  size: number;
  contentType: string;
  kind: 'image' | 'cad';
  width?: number;
  height?: number;
  uploadedByRole: string;
  createdAt: string;
}

/** What `POST /api/uploads` answers with 201: the stored file, before it belongs to anyone. */
export type UploadedFileView = Omit<FileView, 'uploadedByRole' | 'createdAt'>;
