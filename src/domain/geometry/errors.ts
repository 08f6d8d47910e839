/**
 * The one error the geometry core throws. Its message is written for the customer who dropped the file:
 * it says what is wrong with the file and what to do, never how the parser failed.
 */

export type GeometryErrorCode = 'unreadable' | 'empty' | 'too_many_triangles' | 'unsupported';

export class GeometryError extends Error {
  override readonly name = 'GeometryError';
  readonly code: GeometryErrorCode;

  constructor(code: GeometryErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * Above this the analysis would need more memory than a phone's browser tab has (about 150 bytes a
 * triangle while welding); 5 million triangles is a 250 MB binary STL, far over any print's needs.
 */
export const MAX_TRIANGLES = 5_000_000;

export function tooManyTriangles(count: number, max: number): GeometryError {
  return new GeometryError(
    'too_many_triangles',
    `The model has ${count.toLocaleString('en')} triangles; we can measure up to ${max.toLocaleString('en')}. ` +
      'Export it again with a coarser resolution (for example a larger chord tolerance) and try again.',
  );
}

export function emptyModel(what: string): GeometryError {
  return new GeometryError(
    'empty',
    `The ${what} file holds no geometry to print. Check that the export included the part's body and try again.`,
  );
}

export function unreadableModel(what: string, cause?: unknown): GeometryError {
  return new GeometryError(
    'unreadable',
    `The ${what} file could not be read; it may be damaged or cut short. Export it again and retry.`,
    { cause },
  );
}
