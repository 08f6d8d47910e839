/**
 * Decides what an uploaded file is from its bytes (never its name or declared type) and turns it into
 * what we store: images re-encoded by sharp (drops EXIF/GPS and anything smuggled after the pixels),
 * CAD files (STL, 3MF, STEP) checked against their format and kept as they are. Everything else is
 * refused with a message that names the file.
 */
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../domain/errors.js';
import { describeRefused, detectCad, refusal } from './file-types.js';

/** Enough for a 48 MP phone photo is not needed; 40 MP covers every screenshot and markup. */
export const MAX_IMAGE_PIXELS = 40_000_000;

export interface InspectedFile {
  kind: 'image' | 'cad';
  contentType: string;
  extension: string;
  body: Buffer;
  width?: number;
  height?: number;
}

export interface InspectFileOptions {
  /** The sanitised display name, for messages. */
  name: string;
  data: Buffer;
  maxImagePixels?: number;
}

const IMAGE_FORMATS = {
  png: { contentType: 'image/png', extension: 'png' },
  jpeg: { contentType: 'image/jpeg', extension: 'jpg' },
  webp: { contentType: 'image/webp', extension: 'webp' },
} as const;
type ImageFormat = keyof typeof IMAGE_FORMATS;

export async function inspectFile({
  name,
  data,
  maxImagePixels = MAX_IMAGE_PIXELS,
}: InspectFileOptions): Promise<InspectedFile> {
  const cad = detectCad(data);
  if (cad) return { kind: 'cad', ...cad, body: data };
  const detected = await fileTypeFromBuffer(data);
  const format: ImageFormat | undefined =
    detected?.ext === 'png' ? 'png' : detected?.ext === 'jpg' ? 'jpeg' : detected?.ext === 'webp' ? 'webp' : undefined;
  if (!format) throw refusal(name, describeRefused(data, detected?.ext));
  return reencodeImage(name, data, format, maxImagePixels);
}

async function reencodeImage(
  name: string,
  data: Buffer,
  format: ImageFormat,
  maxPixels: number,
): Promise<InspectedFile> {
  // Loaded with the first image: sharp's native library is about 20 MB of memory that a function
  // checking 3D files or serving anything else has no use for.
  const { default: sharp } = await import('sharp');
  let width: number;
  let height: number;
  try {
    const meta = await sharp(data, { limitInputPixels: false }).metadata();
    width = meta.autoOrient?.width ?? meta.width;
    height = meta.autoOrient?.height ?? meta.height;
  } catch {
    throw unreadable(name);
  }
  // Checked from the header before decoding: a few KB of PNG can expand to gigabytes of pixels.
  if (width * height > maxPixels) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `${name}: the image is ${width} × ${height} pixels; the limit is ${Math.round(maxPixels / 1_000_000)} megapixels. Make it smaller and try again.`,
      { fields: { file: `${name} has too many pixels.` } },
    );
  }
  try {
    // autoOrient applies the EXIF rotation before the metadata is dropped (sharp keeps none by default).
    const pipeline = sharp(data, { limitInputPixels: maxPixels, failOn: 'error' }).autoOrient();
    const encoded =
      format === 'png'
        ? pipeline.png()
        : format === 'jpeg'
          ? pipeline.jpeg({ quality: 90, mozjpeg: true })
          : pipeline.webp({ quality: 90 });
    const { data: body, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { kind: 'image', ...IMAGE_FORMATS[format], body, width: info.width, height: info.height };
  } catch {
    throw unreadable(name);
  }
}

function unreadable(name: string): AppError {
  return new AppError(
    'VALIDATION',
    `${name}: the image could not be read; it may be damaged. Export it again and retry.`,
    {
      fields: { file: `${name}: the image could not be read; it may be damaged.` },
    },
  );
}
