/** How the quote form's upload queue names, checks and reports the request's files. */
import { MAX_FILES } from '../../domain/request-fields.js';
import { formatBytes, kindOf, MAX_DIRECT_UPLOAD_BYTES, pastedFileName, precheckFile } from '../lib/files.js';
import type { QueuedFile, QueuePolicy } from '../lib/upload-queue.js';

/** A pasted screenshot is named by its time, at most `MAX_FILES` are kept, images are previewed. */
export const REQUEST_FILES: QueuePolicy = {
  keyPrefix: 'f',
  nameOf: (file) => (file.name && file.name !== 'image.png' ? file.name : pastedFileName(file.type, new Date())),
  precheck: (file, count) => {
    // A 3D file too big to upload is still measured in the browser for the estimate; it stays listed,
    // not attached, and does not hold the form back (see measuredOnly).
    if (count < MAX_FILES && kindOf(file.name, file.type) === 'cad' && file.size > MAX_DIRECT_UPLOAD_BYTES) {
      return `${file.name}: ${formatBytes(file.size)} is over the ${formatBytes(MAX_DIRECT_UPLOAD_BYTES)} upload limit, so it is not attached; it is measured below for the estimate. Send it to the shop another way after sending the request.`;
    }
    return precheckFile({ ...file, count });
  },
  failed: (name) => `${name}: the upload failed. Remove the file and try again.`,
  previews: true,
};

/** A 3D file over the upload limit: listed and measured here, never uploaded, and no reason to stop. */
export function measuredOnly(entry: QueuedFile): boolean {
  return entry.status === 'failed' && entry.kind === 'cad' && entry.size > MAX_DIRECT_UPLOAD_BYTES;
}
