/**
 * The inputs of the direct-to-storage upload (architecture §15), shared by the browser's uploader and
 * the functions that receive them.
 */
import { z } from 'zod';

/** 3D files only: images keep the single-request path, where they are re-encoded. */
export const MULTIPART_EXTENSIONS = ['stl', '3mf', 'step', 'stp'] as const;

export const startMultipartUploadSchema = z.object({
  name: z.string().min(1, 'Choose a file to upload.').max(1000, 'The file name is too long.'),
  size: z.number().int('The file size must be a whole number of bytes.').positive('The file is empty (0 bytes).'),
  /** The browser's `File.type`; often empty for CAD files. */
  type: z.string().max(200).optional(),
});
export type StartMultipartUploadInput = z.infer<typeof startMultipartUploadSchema>;

const partNumber = z.number().int().min(1).max(10_000);

export const uploadPartsSchema = z.object({
  /** Parts to sign fresh URLs for; all missing parts when absent. */
  partNumbers: z.array(partNumber).max(10_000).optional(),
});
export type UploadPartsInput = z.infer<typeof uploadPartsSchema>;

export const completeMultipartUploadSchema = z.object({
  parts: z
    .array(z.object({ partNumber, etag: z.string().min(1).max(200) }))
    .min(1, 'No part of the file arrived. Resume the upload.')
    .max(10_000),
});
export type CompleteMultipartUploadInput = z.infer<typeof completeMultipartUploadSchema>;
