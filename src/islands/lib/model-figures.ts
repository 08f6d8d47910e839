/** Figures of a measured model that depend on how it is turned, shared by the page and the geometry worker. */
import type { GeometryReport, Orientation } from '../../domain/geometry/report.js';

/** Footprint and height in an orientation: the two bed axes in the file's order, then the height. */
export function sizeWhenPrinted(report: GeometryReport, up: Orientation): [number, number, number] {
  const [x, y, z] = report.boundingBoxMm;
  if (up === '+x' || up === '-x') return [y, z, x];
  if (up === '+y' || up === '-y') return [x, z, y];
  return [x, y, z];
}
