/**
 * A lighter mesh for the preview of a large model, made in the geometry worker: vertex clustering on a
 * grid of cells over the part's box, each corner moved to its cell's centre, triangles that collapse or
 * repeat dropped. Drawing a million triangles held the main thread for most of a second in Chromium
 * without a GPU; the preview needs the shape, the measuring (done on the full mesh) needs the detail.
 */

/** Meshes up to this size are drawn as they are. */
export const PREVIEW_MAX_TRIANGLES = 150_000;

/** Cells along the part's longest side: 49 keeps a triangle's three cell numbers in one exact double. */
const CELLS = 49;

export interface PreviewMesh {
  positions: Float32Array;
  /** The positions are a simplified copy, not the file's own triangles. */
  simplified: boolean;
}

export function previewMesh(positions: Float32Array, triangleCount: number): PreviewMesh {
  if (triangleCount <= PREVIEW_MAX_TRIANGLES) return { positions, simplified: false };
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < triangleCount * 9; i += 3) {
    for (let k = 0; k < 3; k++) {
      const v = positions[i + k]!;
      if (v < min[k]!) min[k] = v;
      if (v > max[k]!) max[k] = v;
    }
  }
  const step = Math.max(max[0]! - min[0]!, max[1]! - min[1]!, max[2]! - min[2]!, 1e-9) / CELLS;
  const side = CELLS + 1;
  const cellOf = (at: number): number => {
    const x = Math.min(CELLS, Math.floor((positions[at]! - min[0]!) / step));
    const y = Math.min(CELLS, Math.floor((positions[at + 1]! - min[1]!) / step));
    const z = Math.min(CELLS, Math.floor((positions[at + 2]! - min[2]!) / step));
    return x + side * (y + side * z);
  };
  const seen = new Set<number>();
  const out: number[] = [];
  const corner = (cell: number) => {
    const x = cell % side;
    const y = Math.floor(cell / side) % side;
    const z = Math.floor(cell / (side * side));
    out.push(min[0]! + (x + 0.5) * step, min[1]! + (y + 0.5) * step, min[2]! + (z + 0.5) * step);
  };
  const cells = side * side * side;
  for (let t = 0; t < triangleCount; t++) {
    const a = cellOf(9 * t);
    const b = cellOf(9 * t + 3);
    const c = cellOf(9 * t + 6);
    if (a === b || b === c || a === c) continue;
    // The same three cells in any order are one triangle (winding kept from the first one met).
    const [lo, mid, hi] = [a, b, c].sort((p, q) => p - q) as [number, number, number];
    const key = (lo * cells + mid) * cells + hi;
    if (seen.has(key)) continue;
    seen.add(key);
    corner(a);
    corner(b);
    corner(c);
  }
  return { positions: new Float32Array(out), simplified: true };
}
