/** How the quote form's upload queue names, checks and reports the request's files. */
import { pastedFileName, precheckFile } from '../lib/files.js';
import type { QueuePolicy } from '../lib/upload-queue.js';

/** A pasted screenshot is named by its time, at most `MAX_FILES` are kept, images are previewed. */
export const REQUEST_FILES: QueuePolicy = {
  keyPrefix: 'f',
  nameOf: (file) => (file.name && file.name !== 'image.png' ? file.name : pastedFileName(file.type, new Date())),
  precheck: (file, count) => precheckFile({ ...file, count }),
  failed: (name) => `${name}: the upload failed. Remove the file and try again.`,
  previews: true,
};
