/**
 * Reads the one file of a multipart upload with busboy, enforcing the size limit WHILE streaming: the
 * moment a file passes the limit (`maxBytes` itself is allowed) the parse stops with 413, before the
 * rest is buffered.
 */
import type { IncomingMessage } from 'node:http';
import busboy from 'busboy';
import { AppError } from '../../domain/errors.js';
import { sanitizeFileName } from './file-name.js';

export interface UploadedPart {
  /** Sanitised display name. */
  name: string;
  data: Buffer;
}

export interface ReadMultipartFileOptions {
  req: IncomingMessage;
  maxBytes: number;
  /** The form field holding the file. */
  field?: string;
}

export function readMultipartFile({ req, maxBytes, field = 'file' }: ReadMultipartFileOptions): Promise<UploadedPart> {
  const contentType = String(req.headers['content-type'] ?? '');
  if (!/^multipart\/form-data\b/i.test(contentType)) {
    return Promise.reject(
      new AppError('UNSUPPORTED_TYPE', 'Send the file as multipart/form-data in the field "file".', {
        fields: { file: 'Choose a file to upload.' },
      }),
    );
  }
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // preservePath: see the name exactly as sent, so a crafted path is refused rather than silently cut.
        preservePath: true,
        // Browsers send the file name as raw UTF-8 in the part header; busboy would read it as latin1.
        defParamCharset: 'utf8',
        // busboy signals 'limit' once a file REACHES fileSize, so a file of exactly maxBytes needs one more:
        // the limit is inclusive (a 4 MB file is allowed when the limit is 4 MB).
        limits: { files: 1, fileSize: maxBytes + 1, fields: 20, fieldSize: 1024, parts: 25, headerPairs: 50 },
      });
    } catch {
      reject(new AppError('BAD_REQUEST', 'The upload could not be read. Choose the file again and retry.'));
      return;
    }
    let settled = false;
    let found: Promise<UploadedPart> | undefined;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      reject(error);
    };

    parser.on('file', (name, stream, info) => {
      if (name !== field || found) {
        stream.resume();
        return;
      }
      let displayName: string;
      try {
        displayName = sanitizeFileName(info.filename);
      } catch (error) {
        stream.resume();
        fail(error as Error);
        return;
      }
      found = new Promise<UploadedPart>((done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        // A body cut off mid-file errors the part stream too; unhandled, that would crash the process.
        stream.on('error', () => fail(new AppError('BAD_REQUEST', 'The upload was cut off or garbled. Try again.')));
        stream.on('limit', () => {
          stream.resume();
          fail(
            new AppError(
              'PAYLOAD_TOO_LARGE',
              `${displayName}: the file is larger than ${megabytes(maxBytes)}. Make it smaller (or split it) and try again.`,
              { fields: { file: `${displayName} is larger than ${megabytes(maxBytes)}.` } },
            ),
          );
        });
        stream.on('end', () => done({ name: displayName, data: Buffer.concat(chunks) }));
      });
    });
    parser.on('error', () => fail(new AppError('BAD_REQUEST', 'The upload was cut off or garbled. Try again.')));
    parser.on('close', () => {
      if (settled) return;
      if (!found) {
        fail(
          new AppError('VALIDATION', 'No file arrived. Choose a file and try again.', {
            fields: { file: 'Choose a file to upload.' },
          }),
        );
        return;
      }
      void found.then((part) => {
        if (settled) return;
        if (part.data.length === 0) {
          fail(
            new AppError('VALIDATION', `${part.name}: the file is empty (0 bytes). Choose the file again.`, {
              fields: { file: `${part.name} is empty.` },
            }),
          );
          return;
        }
        settled = true;
        resolve(part);
      });
    });
    req.on('error', fail);
    // Fed by 'data'/'end' listeners, not pipe(): Vercel's helpers have already read the stream and
    // replay the body to those listeners only (architecture §4). After a failure the rest is drained.
    req.on('data', (chunk: Buffer) => {
      if (!settled) parser.write(chunk);
    });
    req.on('end', () => parser.end());
  });
}

export function megabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}
