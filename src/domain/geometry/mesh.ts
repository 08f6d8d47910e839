/**
 * The one shape every reader (STL, 3MF, STEP) hands to the measuring: a triangle soup in millimetres.
 * A soup, not an indexed mesh, because that is what STL is and what the measuring welds anyway; the
 * readers of indexed formats expand their indices once.
 */
import type { LengthUnit } from './report.js';

export interface Mesh {
  /** Nine floats per triangle (three corners, x y z each), already scaled to millimetres. */
  positions: Float32Array;
  triangleCount: number;
  /** The unit the file's numbers were read in (the scale to mm is already applied). */
  units: LengthUnit;
}

/** Millimetres per unit, for every unit a file may declare. */
export const MM_PER_UNIT: Record<LengthUnit, number> = {
  micron: 0.001,
  mm: 1,
  cm: 10,
  in: 25.4,
  ft: 304.8,
  m: 1000,
};

/**
 * The same surface with every distinct corner stored once: what the measuring works on. A binary STL
 * streams straight into this shape, which is about a third of the soup's size (12 bytes a vertex, about
 * half a vertex a triangle on a closed part, plus 12 bytes a triangle).
 */
export interface IndexedMesh {
  /** Three floats per vertex (x y z), in millimetres. */
  vertices: Float32Array;
  vertexCount: number;
  /** Three vertex ids per triangle, in the file's winding order. */
  triangles: Int32Array;
  triangleCount: number;
  units: LengthUnit;
}
