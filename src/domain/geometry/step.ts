/**
 * STEP (ISO 10303-21) through OpenCascade compiled to WASM (occt-import-js, LGPL-2.1): STEP describes
 * exact surfaces, not triangles, so only a real CAD kernel can read it. The kernel is 7.6 MB of WASM,
 * so it is never imported here: the caller passes `loadReader`, which the browser builds from a URL
 * and the server from the installed package (server/files/step-reader.ts); it runs only when a STEP
 * file actually arrives.
 */
import { emptyModel, GeometryError, MAX_TRIANGLES, tooManyTriangles, unreadableModel } from './errors.js';
import type { Mesh } from './mesh.js';

/** Triangulation parameters occt-import-js's `ReadStepFile` accepts. */
export interface StepReadParams {
  linearUnit?: 'millimeter' | 'centimeter' | 'meter' | 'inch' | 'foot';
  linearDeflectionType?: 'bounding_box_ratio' | 'absolute_value';
  linearDeflection?: number;
  angularDeflection?: number;
}

/** The part of occt-import-js's result we read: meshes as three.js-style position and index arrays. */
export interface StepReadResult {
  success: boolean;
  meshes?: {
    attributes: { position: { array: ArrayLike<number> } };
    index?: { array: ArrayLike<number> };
  }[];
}

/** The loaded reader: occt-import-js's module object, or anything with the same method. */
export interface StepReader {
  ReadStepFile(content: Uint8Array, params: StepReadParams | null): StepReadResult;
}

export type LoadStepReader = () => Promise<StepReader>;

/**
 * Fine enough for pricing to 0.5 %: a chord may stray 0.05 % of the part's mean size from the surface,
 * and neighbouring facets turn by at most 0.1 rad, so a curved wall loses under 0.05 % of its area
 * (occt's defaults, 0.1 % and 0.5 rad, lose about 1 % on a small hole).
 */
export const STEP_TRIANGULATION: StepReadParams = {
  linearUnit: 'millimeter',
  linearDeflectionType: 'bounding_box_ratio',
  linearDeflection: 0.0005,
  angularDeflection: 0.1,
};

export interface ParseStepOptions {
  maxTriangles?: number;
}

export async function parseStep(
  bytes: Uint8Array,
  loadReader: LoadStepReader,
  { maxTriangles = MAX_TRIANGLES }: ParseStepOptions = {},
): Promise<Mesh> {
  let reader: StepReader;
  try {
    reader = await loadReader();
  } catch (error) {
    throw new GeometryError(
      'unsupported',
      'STEP files cannot be measured just now. Your file is fine; we will size it from the dimensions you typed.',
      { cause: error },
    );
  }
  let result: StepReadResult;
  try {
    result = reader.ReadStepFile(bytes, STEP_TRIANGULATION);
  } catch (error) {
    throw unreadableModel('STEP', error);
  }
  if (!result.success) throw unreadableModel('STEP');
  const meshes = result.meshes ?? [];
  let triangleCount = 0;
  for (const mesh of meshes) {
    triangleCount += Math.floor((mesh.index?.array.length ?? mesh.attributes.position.array.length / 3) / 3);
  }
  if (triangleCount === 0) throw emptyModel('STEP');
  if (triangleCount > maxTriangles) throw tooManyTriangles(triangleCount, maxTriangles);
  const positions = new Float32Array(triangleCount * 9);
  let out = 0;
  for (const mesh of meshes) {
    const vertices = mesh.attributes.position.array;
    const vertexCount = Math.floor(vertices.length / 3);
    const index = mesh.index?.array;
    const corners = index ? index.length - (index.length % 3) : vertexCount - (vertexCount % 3);
    for (let c = 0; c < corners; c++) {
      const v = index ? index[c]! : c;
      if (!(v >= 0 && v < vertexCount)) throw unreadableModel('STEP');
      positions[out++] = vertices[3 * v]!;
      positions[out++] = vertices[3 * v + 1]!;
      positions[out++] = vertices[3 * v + 2]!;
    }
  }
  // occt converts to the unit asked for (millimetres) from whatever unit the file declares.
  return { positions, triangleCount, units: 'mm' };
}
