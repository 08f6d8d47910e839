/**
 * Checks an object that landed in storage by a direct upload (architecture §15), reading it as a stream:
 * its SHA-256, its type from its bytes (never its name), and a 3D file's geometry by the same core as a
 * small upload. A binary STL (what large exports are) is decoded record by record into the core's mesh,
 * so the file itself is never held; ASCII STL, 3MF and STEP need their whole text or archive, so those
 * are read into memory, within the upload limit. Throws the refusal a person reads when the bytes are
 * not a 3D file; the caller deletes the object then.
 */
import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../domain/errors.js';
import { BinaryStlStream } from '../../domain/geometry/index.js';
import { getStorage } from '../storage/index.js';
import { describeRefused, detectCad, refusal } from './file-types.js';
import { measureDecodedMesh, measureGeometry, modelFormatOf, type MeasuredUpload } from './measure-geometry.js';

export interface VerifyStoredUploadOptions {
  storageKey: string;
  /** The display name, for messages. */
  name: string;
  /** The size the browser declared when the upload began. */
  size: number;
}

export interface VerifiedUpload {
  contentType: string;
  extension: string;
  sha256: string;
  size: number;
  measured: MeasuredUpload;
}

/** Enough of the head for file-type's signatures and the CAD formats' own. */
const HEAD_BYTES = 64 * 1024;

export async function verifyStoredUpload({
  storageKey,
  name,
  size,
}: VerifyStoredUploadOptions): Promise<VerifiedUpload> {
  const object = await getStorage().get(storageKey);
  if (!object) throw new AppError('NOT_FOUND', `${name}: the file did not arrive in storage. Add it again.`);
  if (object.size !== size) {
    object.body.destroy();
    throw new AppError('VALIDATION', `${name}: the stored file is not the size that was announced. Add it again.`, {
      fields: { file: `${name} did not arrive whole.` },
    });
  }
  const hash = createHash('sha256');
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let mode: 'head' | 'binary-stl' | 'whole' = 'head';
  let stl: BinaryStlStream | undefined;
  const whole: Buffer[] = [];

  const decide = async (head: Buffer): Promise<void> => {
    if (isBinaryStlHead(head, size)) {
      mode = 'binary-stl';
      stl = new BinaryStlStream(size);
    } else if (looksLikeOtherCad(head)) {
      mode = 'whole';
    } else {
      const detected = await fileTypeFromBuffer(head);
      throw refusal(name, describeRefused(head, detected?.ext));
    }
  };
  let geometryProblem: Error | undefined;
  const feed = (chunk: Buffer) => {
    if (mode === 'whole') whole.push(chunk);
    else if (stl && geometryProblem === undefined) {
      try {
        stl.push(chunk);
      } catch (error) {
        // Still hashed to the end: a file the core cannot read is stored unmeasured (architecture §5).
        geometryProblem = error instanceof Error ? error : new Error(String(error));
      }
    }
  };

  try {
    for await (const chunk of object.body as AsyncIterable<Buffer>) {
      hash.update(chunk);
      if (mode !== 'head') {
        feed(chunk);
        continue;
      }
      headChunks.push(chunk);
      headLength += chunk.length;
      if (headLength < HEAD_BYTES) continue;
      const head = Buffer.concat(headChunks);
      await decide(head);
      feed(head);
    }
    if (mode === 'head') {
      const head = Buffer.concat(headChunks);
      await decide(head);
      feed(head);
    }
  } finally {
    object.body.destroy();
  }
  const sha256 = hash.digest('hex');

  if (stl) {
    const decoder = stl;
    const measured = measureDecodedMesh({
      decode: () => {
        if (geometryProblem !== undefined) throw geometryProblem;
        return decoder.finish();
      },
      format: 'stl',
      sha256,
    });
    return { contentType: 'model/stl', extension: 'stl', sha256, size, measured };
  }
  const data = Buffer.concat(whole);
  const cad = detectCad(data);
  const format = cad ? modelFormatOf(cad.extension) : undefined;
  if (!cad || !format) throw refusal(name, describeRefused(data.subarray(0, HEAD_BYTES), undefined));
  const measured = await measureGeometry({ data, format, sha256 });
  return { contentType: cad.contentType, extension: cad.extension, sha256, size, measured };
}

function isBinaryStlHead(head: Buffer, size: number): boolean {
  if (head.length < 84 || size < 84 + 50) return false;
  const count = head.readUInt32LE(80);
  return count > 0 && size === 84 + count * 50;
}

/** ASCII STL, 3MF (a ZIP) or STEP by their first bytes; `detectCad` decides on the whole file. */
function looksLikeOtherCad(head: Buffer): boolean {
  const text = head
    .subarray(0, 64)
    .toString('latin1')
    .replace(/^\uFEFF|^ï»¿/, '')
    .trimStart();
  const zip = head.length >= 4 && head.readUInt32LE(0) === 0x04034b50;
  return zip || text.startsWith('solid') || text.startsWith('ISO-10303-21;');
}
