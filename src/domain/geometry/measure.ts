/**
 * Measures a surface: volume, area, size, shells, watertightness, overhangs and support for the six
 * axis-aligned orientations, and whether the size looks like the wrong unit. Runs in a browser worker and
 * on the server on meshes of millions of triangles, so everything is typed arrays and flat loops over a
 * welded mesh (`weld.ts`: each distinct corner stored once), edges filed in buckets per vertex, shells by
 * union-find. A reader's triangle soup is welded first; a binary STL arrives welded, as it streamed.
 */
import { emptyModel } from './errors.js';
import { MM_PER_UNIT, type IndexedMesh, type Mesh } from './mesh.js';
import { indexMesh } from './weld.js';
import type {
  GeometryProblem,
  GeometryReport,
  LengthUnit,
  ModelFormat,
  Orientation,
  OrientationFigures,
  UnitSuggestion,
} from './report.js';

/** A common desktop printer's build volume (x, y, z); pricing passes the shop's own figure. */
export const DEFAULT_BUILD_VOLUME_MM: readonly [number, number, number] = [250, 210, 210];

/** Parts shorter than this on their longest side are probably drawn in another unit. */
export const SMALLEST_PLAUSIBLE_MM = 3;

/** A face needs support when its downward normal is within 45° of straight down (the usual FDM rule). */
const OVERHANG_COS = Math.SQRT1_2;

export interface MeasureMeshOptions {
  format: ModelFormat;
  buildVolumeMm?: readonly [number, number, number];
}

export function measureMesh(mesh: Mesh, options: MeasureMeshOptions): GeometryReport {
  return measureIndexedMesh(indexMesh(mesh), options);
}

/** The same figures for a mesh already welded (a binary STL read as it streamed, architecture §15). */
export function measureIndexedMesh(
  mesh: IndexedMesh,
  { format, buildVolumeMm = DEFAULT_BUILD_VOLUME_MM }: MeasureMeshOptions,
): GeometryReport {
  const { vertices, vertexCount, triangles, triangleCount } = mesh;
  if (triangleCount === 0) throw emptyModel(format === '3mf' ? '3MF' : format.toUpperCase());
  const box = boundingBox(vertices, vertexCount);
  const size: [number, number, number] = [box.max[0] - box.min[0], box.max[1] - box.min[1], box.max[2] - box.min[2]];
  const topology = checkEdges(triangles, triangleCount, vertexCount);
  const shells = countShells(triangles, triangleCount, vertexCount);
  const { signedVolume, area } = volumeAndArea(vertices, triangles, triangleCount, box);

  const problems: GeometryProblem[] = [];
  if (topology.openOrNonManifold) problems.push('not_watertight');
  if (topology.inconsistent) problems.push('inconsistent_orientation');
  // An open mesh's signed volume says little about which side is out, so only a closed one is called
  // inside out; either way the absolute value is reported and the normals are taken as flipped.
  const flipped = signedVolume < 0;
  if (flipped && !topology.openOrNonManifold) problems.push('inside_out');
  const volumeMm3 = Math.abs(signedVolume);
  const longest = Math.max(...size);
  if (longest === 0 || volumeMm3 <= 1e-6 * longest ** 3) problems.push('zero_volume');

  const orientations = orientationFigures(vertices, triangles, triangleCount, box, flipped ? -1 : 1);
  const unitCheck = checkUnits(size, mesh.units, buildVolumeMm);
  if (unitCheck.problem) problems.push(unitCheck.problem);

  const report: GeometryReport = {
    format,
    units: mesh.units,
    triangleCount,
    volumeMm3,
    surfaceAreaMm2: area,
    boundingBoxMm: size,
    shells,
    watertight: !topology.openOrNonManifold && !topology.inconsistent,
    orientation: orientations[0]!,
    orientations,
    problems,
  };
  if (unitCheck.suggestion) report.unitSuggestion = unitCheck.suggestion;
  return report;
}

// ---------------------------------------------------------------------------------------------
// Size

interface Box {
  min: [number, number, number];
  max: [number, number, number];
}

function boundingBox(v: Float32Array, vertexCount: number): Box {
  let minX = Infinity;
  let minY = Infinity;
  let minZ = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  let maxZ = -Infinity;
  for (let i = 0, end = vertexCount * 3; i < end; i += 3) {
    const x = v[i]!;
    const y = v[i + 1]!;
    const z = v[i + 2]!;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
    if (z < minZ) minZ = z;
    if (z > maxZ) maxZ = z;
  }
  return { min: [minX, minY, minZ], max: [maxX, maxY, maxZ] };
}

/**
 * Signed volume as the sum of tetrahedra from the box centre to each face (divergence theorem), and the
 * surface area. Coordinates are taken relative to the centre so large offsets do not cancel digits.
 */
function volumeAndArea(
  v: Float32Array,
  t: Int32Array,
  triangleCount: number,
  box: Box,
): { signedVolume: number; area: number } {
  const ox = (box.min[0] + box.max[0]) / 2;
  const oy = (box.min[1] + box.max[1]) / 2;
  const oz = (box.min[2] + box.max[2]) / 2;
  let six = 0;
  let twice = 0;
  for (let f = 0, end = triangleCount * 3; f < end; f += 3) {
    const i = 3 * t[f]!;
    const j = 3 * t[f + 1]!;
    const k = 3 * t[f + 2]!;
    const ax = v[i]! - ox;
    const ay = v[i + 1]! - oy;
    const az = v[i + 2]! - oz;
    const bx = v[j]! - ox;
    const by = v[j + 1]! - oy;
    const bz = v[j + 2]! - oz;
    const cx = v[k]! - ox;
    const cy = v[k + 1]! - oy;
    const cz = v[k + 2]! - oz;
    six += ax * (by * cz - bz * cy) + ay * (bz * cx - bx * cz) + az * (bx * cy - by * cx);
    const ux = bx - ax;
    const uy = by - ay;
    const uz = bz - az;
    const vx = cx - ax;
    const vy = cy - ay;
    const vz = cz - az;
    const nx = uy * vz - uz * vy;
    const ny = uz * vx - ux * vz;
    const nz = ux * vy - uy * vx;
    twice += Math.sqrt(nx * nx + ny * ny + nz * nz);
  }
  return { signedVolume: six / 6, area: twice / 2 };
}

// ---------------------------------------------------------------------------------------------
// Topology

interface EdgeCheck {
  /** Some edge is used by one face (a hole) or more than two (non-manifold). */
  openOrNonManifold: boolean;
  /** Some directed edge is used twice: two neighbours disagree on which side is out. */
  inconsistent: boolean;
}

/** Edge entries filed per batch: 16 MB, so a part of millions of faces is checked in a few batches. */
const EDGE_BATCH = 1 << 22;

/**
 * Counts, for every undirected edge, how often it is walked each way. A closed, consistently wound
 * surface walks every edge exactly once in each direction. Triangles with two corners on one vertex
 * have no area and no say in the topology, so they are skipped.
 *
 * Rather than hashing edges, each edge is filed under its lower vertex (a bucket per vertex, laid out
 * like a CSR matrix) as `other vertex · 2 + direction`; a bucket holds about six entries, so sorting it
 * and counting runs of one vertex is cheap, and the ids' locality keeps it in cache. The buckets are
 * filled for a range of vertices at a time, at most `batch` entries (or one vertex's whole bucket), one
 * pass over the faces per range: a large part's edges are never all held at once.
 */
export function checkEdges(t: Int32Array, triangleCount: number, vertexCount: number, batch = EDGE_BATCH): EdgeCheck {
  // Entries per vertex at first; each range turns its own into bucket ends (see below).
  const ends = new Int32Array(vertexCount);
  let largest = 0;
  for (let f = 0, end = triangleCount * 3; f < end; f += 3) {
    const a = t[f]!;
    const b = t[f + 1]!;
    const c = t[f + 2]!;
    if (a === b || b === c || c === a) continue;
    ends[a < b ? a : b]!++;
    ends[b < c ? b : c]!++;
    ends[c < a ? c : a]!++;
  }
  let total = 0;
  for (let u = 0; u < vertexCount; u++) {
    total += ends[u]!;
    if (ends[u]! > largest) largest = ends[u]!;
  }
  const entries = new Int32Array(Math.min(total, Math.max(batch, largest)));
  let openOrNonManifold = false;
  let inconsistent = false;
  for (let lo = 0; lo < vertexCount;) {
    // The range [lo, hi): its buckets' starts, then (as they fill) their ends.
    let hi = lo;
    let filled = 0;
    while (hi < vertexCount && filled + ends[hi]! <= entries.length) {
      const count = ends[hi]!;
      ends[hi++] = filled;
      filled += count;
    }
    for (let f = 0, end = triangleCount * 3; f < end; f += 3) {
      const a = t[f]!;
      const b = t[f + 1]!;
      const c = t[f + 2]!;
      if (a === b || b === c || c === a) continue;
      // Direction bit 0: walked from the lower id to the higher; 1: the other way.
      if (a < b) {
        if (a >= lo && a < hi) entries[ends[a]!++] = 2 * b;
      } else if (b >= lo && b < hi) entries[ends[b]!++] = 2 * a + 1;
      if (b < c) {
        if (b >= lo && b < hi) entries[ends[b]!++] = 2 * c;
      } else if (c >= lo && c < hi) entries[ends[c]!++] = 2 * b + 1;
      if (c < a) {
        if (c >= lo && c < hi) entries[ends[c]!++] = 2 * a;
      } else if (a >= lo && a < hi) entries[ends[a]!++] = 2 * c + 1;
    }
    for (let u = lo; u < hi; u++) {
      const from = u === lo ? 0 : ends[u - 1]!;
      const to = ends[u]!;
      sortRange(entries, from, to);
      let i = from;
      while (i < to) {
        const other = entries[i]! >> 1;
        let forward = 0;
        let backward = 0;
        while (i < to && entries[i]! >> 1 === other) {
          if (entries[i]! & 1) backward++;
          else forward++;
          i++;
        }
        if (forward + backward !== 2) openOrNonManifold = true;
        if (forward > 1 || backward > 1) inconsistent = true;
      }
    }
    lo = hi;
  }
  return { openOrNonManifold, inconsistent };
}

/** Insertion sort for the usual handful; the typed array's own sort for a big fan (a pole, a cone tip). */
function sortRange(values: Int32Array, from: number, to: number): void {
  if (to - from > 24) {
    values.subarray(from, to).sort();
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const value = values[i]!;
    let j = i - 1;
    while (j >= from && values[j]! > value) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = value;
  }
}

/**
 * Connected pieces: faces joined through shared vertices (so through shared edges too). Two bodies that
 * touch only at a corner count as one piece, which is how they come off the printer.
 */
function countShells(t: Int32Array, triangleCount: number, vertexCount: number): number {
  const parent = new Int32Array(vertexCount);
  for (let u = 0; u < vertexCount; u++) parent[u] = u;
  const used = new Uint8Array(vertexCount);
  const find = (u: number): number => {
    while (parent[u] !== u) {
      const up = parent[parent[u]!]!;
      parent[u] = up;
      u = up;
    }
    return u;
  };
  for (let f = 0, end = triangleCount * 3; f < end; f += 3) {
    const a = t[f]!;
    const b = t[f + 1]!;
    const c = t[f + 2]!;
    if (a === b || b === c || c === a) continue;
    used[a] = used[b] = used[c] = 1;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[rb] = ra;
    const rc = find(c);
    const rab = find(a);
    if (rc !== rab) parent[rc] = rab;
  }
  let shells = 0;
  for (let u = 0; u < vertexCount; u++) if (used[u] && parent[u] === u) shells++;
  return shells;
}

// ---------------------------------------------------------------------------------------------
// Orientation and support

/** A face's normal (corner a to b, cross a to c, unnormalised) into `out`; returns its length, twice the area. */
function faceNormal(v: Float32Array, ia: number, ib: number, ic: number, out: Float64Array): number {
  const ux = v[ib]! - v[ia]!;
  const uy = v[ib + 1]! - v[ia + 1]!;
  const uz = v[ib + 2]! - v[ia + 2]!;
  const vx = v[ic]! - v[ia]!;
  const vy = v[ic + 1]! - v[ia + 1]!;
  const vz = v[ic + 2]! - v[ia + 2]!;
  const nx = uy * vz - uz * vy;
  const ny = uz * vx - ux * vz;
  const nz = ux * vy - uy * vx;
  out[0] = nx;
  out[1] = ny;
  out[2] = nz;
  return Math.sqrt(nx * nx + ny * ny + nz * nz);
}

const ORIENTATIONS: readonly Orientation[] = ['+z', '-z', '+x', '-x', '+y', '-y'];

/**
 * Overhang and support for each axis-aligned orientation, least support first (ties: the lower part,
 * which prints faster and steadier). "+x" means the part's own +X axis points up on the printer.
 * Overhang area is summed face by face; faces within a hair of the lowest point lie on the bed and
 * need nothing. Support volume comes from `supportVolumes`.
 */
function orientationFigures(
  v: Float32Array,
  t: Int32Array,
  triangleCount: number,
  box: Box,
  sign: number,
): OrientationFigures[] {
  const overhang = new Float64Array(6);
  const normal = new Float64Array(3);
  const support = supportVolumes(v, t, triangleCount, box, sign);
  const size = [box.max[0] - box.min[0], box.max[1] - box.min[1], box.max[2] - box.min[2]] as const;
  const onBed = 1e-3 + 1e-5 * Math.max(...size);
  for (let f = 0, end = triangleCount * 3; f < end; f += 3) {
    const ia = 3 * t[f]!;
    const ib = 3 * t[f + 1]!;
    const ic = 3 * t[f + 2]!;
    const twice = faceNormal(v, ia, ib, ic, normal);
    const nx = normal[0]!;
    const ny = normal[1]!;
    const nz = normal[2]!;
    if (twice === 0) continue;
    for (let k = 0; k < 3; k++) {
      const unit = (sign * (k === 0 ? nx : k === 1 ? ny : nz)) / twice;
      if (unit > -OVERHANG_COS && unit < OVERHANG_COS) continue;
      const a = v[ia + k]!;
      const b = v[ib + k]!;
      const c = v[ic + k]!;
      if (unit < 0) {
        // Faces down when +axis is up: held from the bed at the axis minimum.
        const top = Math.max(a, b, c);
        if (top <= box.min[k]! + onBed) continue;
        overhang[2 * k]! += twice / 2;
      } else {
        // Faces down when -axis is up: the bed is at the axis maximum.
        const bottom = Math.min(a, b, c);
        if (bottom >= box.max[k]! - onBed) continue;
        overhang[2 * k + 1]! += twice / 2;
      }
    }
  }
  // Axis order in ORIENTATIONS is z, x, y; the arrays above are indexed x, y, z.
  const axisOf: Record<Orientation, number> = { '+x': 0, '-x': 1, '+y': 2, '-y': 3, '+z': 4, '-z': 5 };
  const figures = ORIENTATIONS.map((up) => {
    const slot = axisOf[up];
    return {
      up,
      heightMm: size[slot >> 1]!,
      overhangAreaMm2: overhang[slot]!,
      // The support grid sums column heights in floating point; a volume is never negative (the
      // stored-geometry schema and pricing refuse one), so rounding must not make it so.
      supportVolumeMm3: Math.max(0, support[slot]!),
    };
  });
  const scale = Math.max(...figures.map((f) => f.supportVolumeMm3));
  const same = (a: number, b: number, of: number): boolean => Math.abs(a - b) <= 1e-6 * of + 1e-9;
  return figures.sort((a, b) =>
    same(a.supportVolumeMm3, b.supportVolumeMm3, scale)
      ? same(a.heightMm, b.heightMm, Math.max(...size))
        ? 0
        : a.heightMm - b.heightMm
      : a.supportVolumeMm3 - b.supportVolumeMm3,
  );
}

/** Columns per side of the support grid: 256 × 256 keeps the estimate within about 1 % on parts. */
const SUPPORT_GRID = 256;

/**
 * Support volume for the six orientations, indexed +x, −x, +y, −y, +z, −z. For each axis the part is
 * sampled in a grid of vertical columns (up to 256 a side over its footprint): every face that is not
 * vertical crosses the columns whose centres its shadow covers, at the height of the face there.
 * Walking a column upwards, an overhanging face (steeper than 45° facing down) needs support from the
 * surface just below it, or from the bed: so a bridge or the roof of a hole is held up from the part
 * beneath it, not from the bed through the part. Sum of those lengths × the column's area.
 *
 * The grid starts a small irrational fraction of a column off the box so column centres do not land
 * exactly on the round-number edges of drawn parts (where a centre would count both faces of an edge).
 */
function supportVolumes(v: Float32Array, t: Int32Array, triangleCount: number, box: Box, sign: number): Float64Array {
  const support = new Float64Array(6);
  const normal = new Float64Array(3);
  for (let k = 0; k < 3; k++) {
    const a = (k + 1) % 3;
    const b = (k + 2) % 3;
    const spanA = box.max[a]! - box.min[a]!;
    const spanB = box.max[b]! - box.min[b]!;
    if (spanA <= 0 || spanB <= 0) continue;
    const step = Math.max(spanA, spanB) / (SUPPORT_GRID - 1);
    const columnsA = Math.min(SUPPORT_GRID, Math.ceil(spanA / step) + 1);
    const columnsB = Math.min(SUPPORT_GRID, Math.ceil(spanB / step) + 1);
    const originA = box.min[a]! - step * 0.5 + step * 0.0137;
    const originB = box.min[b]! - step * 0.5 + step * 0.0071;
    const columns = columnsA * columnsB;

    // One pass over the faces files every crossing (column, height, overhang flags); a counting sort
    // then groups them by column.
    let columnOf: Int32Array = new Int32Array(1024);
    let heightOf: Float64Array = new Float64Array(1024);
    let flagOf: Uint8Array = new Uint8Array(1024);
    let crossings = 0;
    for (let f = 0, end = triangleCount * 3; f < end; f += 3) {
      const ia = 3 * t[f]!;
      const ib = 3 * t[f + 1]!;
      const ic = 3 * t[f + 2]!;
      const ax = v[ia + a]!;
      const ay = v[ia + b]!;
      const bx = v[ib + a]!;
      const by = v[ib + b]!;
      const cx = v[ic + a]!;
      const cy = v[ic + b]!;
      // Twice the shadow's signed area: zero for a vertical face, which no column crosses.
      const area = (bx - ax) * (cy - ay) - (cx - ax) * (by - ay);
      if (area === 0) continue;
      const fromA = Math.max(0, Math.ceil((Math.min(ax, bx, cx) - originA) / step - 0.5));
      const toA = Math.min(columnsA - 1, Math.floor((Math.max(ax, bx, cx) - originA) / step - 0.5));
      if (fromA > toA) continue;
      const fromB = Math.max(0, Math.ceil((Math.min(ay, by, cy) - originB) / step - 0.5));
      const toB = Math.min(columnsB - 1, Math.floor((Math.max(ay, by, cy) - originB) / step - 0.5));
      if (fromB > toB) continue;
      const length = faceNormal(v, ia, ib, ic, normal);
      const unit = (sign * normal[k]!) / length;
      // Bit 1: needs support with +axis up (faces steeply down); bit 2: with −axis up.
      const flag = unit < -OVERHANG_COS ? 1 : unit > OVERHANG_COS ? 2 : 0;
      const ah = v[ia + k]!;
      const bh = v[ib + k]!;
      const ch = v[ic + k]!;
      for (let ca = fromA; ca <= toA; ca++) {
        const x = originA + (ca + 0.5) * step;
        for (let cb = fromB; cb <= toB; cb++) {
          const y = originB + (cb + 0.5) * step;
          // Barycentric weights of the column centre in the face's shadow.
          const w1 = ((x - ax) * (cy - ay) - (cx - ax) * (y - ay)) / area;
          const w2 = ((bx - ax) * (y - ay) - (x - ax) * (by - ay)) / area;
          if (w1 < 0 || w2 < 0 || w1 + w2 > 1) continue;
          if (crossings === columnOf.length) {
            columnOf = grownInt32(columnOf);
            heightOf = grownFloat64(heightOf);
            flagOf = grownUint8(flagOf);
          }
          columnOf[crossings] = ca * columnsB + cb;
          // From a corner, so a level face gets its exact height.
          heightOf[crossings] = ah + w1 * (bh - ah) + w2 * (ch - ah);
          flagOf[crossings++] = flag;
        }
      }
    }
    const start = new Int32Array(columns + 1);
    for (let j = 0; j < crossings; j++) start[columnOf[j]! + 1]!++;
    for (let c = 0; c < columns; c++) start[c + 1]! += start[c]!;
    const fill = start.slice(0, columns);
    const heights = new Float64Array(crossings);
    const flags = new Uint8Array(crossings);
    for (let j = 0; j < crossings; j++) {
      const at = fill[columnOf[j]!]!++;
      heights[at] = heightOf[j]!;
      flags[at] = flagOf[j]!;
    }
    const bottom = box.min[k]!;
    const top = box.max[k]!;
    let up = 0;
    let down = 0;
    for (let c = 0; c < columns; c++) {
      const from = start[c]!;
      const to = start[c + 1]!;
      if (from === to) continue;
      sortCrossings(heights, flags, from, to);
      for (let j = from; j < to; j++) {
        const f = flags[j]!;
        if (f & 1) up += Math.max(0, heights[j]! - (j > from ? heights[j - 1]! : bottom));
        if (f & 2) down += Math.max(0, (j + 1 < to ? heights[j + 1]! : top) - heights[j]!);
      }
    }
    support[2 * k] = up * step * step;
    support[2 * k + 1] = down * step * step;
  }
  return support;
}

function grownInt32(array: Int32Array): Int32Array {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

function grownFloat64(array: Float64Array): Float64Array {
  const grown = new Float64Array(array.length * 2);
  grown.set(array);
  return grown;
}

function grownUint8(array: Uint8Array): Uint8Array {
  const grown = new Uint8Array(array.length * 2);
  grown.set(array);
  return grown;
}

/** Sorts one column's crossings by height, carrying their flags (a column holds a handful). */
function sortCrossings(heights: Float64Array, flags: Uint8Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    const h = heights[i]!;
    const f = flags[i]!;
    let j = i - 1;
    while (j >= from && heights[j]! > h) {
      heights[j + 1] = heights[j]!;
      flags[j + 1] = flags[j]!;
      j--;
    }
    heights[j + 1] = h;
    flags[j + 1] = f;
  }
}

// ---------------------------------------------------------------------------------------------
// Units

/** The units CAD tools commonly export in; feet and centimetres are rare enough to be noise as guesses. */
const GUESSABLE_UNITS: readonly LengthUnit[] = ['mm', 'in', 'm', 'micron'];

/** The size of a typical print, the centre the unit guess aims for (on a log scale). */
const TYPICAL_PART_MM = 50;

/**
 * A part under 3 mm on its longest side was probably drawn in inches (numbers 25.4× too small) or
 * metres (1000× too small); one that fits the build volume in no orientation, in microns or, when the
 * file declares a unit, in millimetres under a bigger declared unit. Each unit we could read the numbers
 * in instead is tried; it is plausible when the part then fits the build volume and is at least 3 mm
 * long; among the plausible ones the guess is the one whose size is nearest a typical 50 mm print (a
 * 0.15-unit part is more likely 150 mm drawn in metres than 3.8 mm drawn in inches).
 */
function checkUnits(
  size: readonly [number, number, number],
  declared: LengthUnit,
  buildVolumeMm: readonly [number, number, number],
): { problem?: GeometryProblem; suggestion?: UnitSuggestion } {
  const longest = Math.max(...size);
  if (longest === 0) return {};
  const problem: GeometryProblem | undefined =
    longest < SMALLEST_PLAUSIBLE_MM ? 'too_small' : fitsBuildVolume(size, buildVolumeMm) ? undefined : 'too_large';
  if (!problem) return {};
  let best: UnitSuggestion | undefined;
  let bestDistance = Infinity;
  for (const unit of GUESSABLE_UNITS) {
    const scale = MM_PER_UNIT[unit] / MM_PER_UNIT[declared];
    if (problem === 'too_small' ? scale <= 1 : scale >= 1) continue;
    const scaled: [number, number, number] = [size[0] * scale, size[1] * scale, size[2] * scale];
    if (longest * scale < SMALLEST_PLAUSIBLE_MM || !fitsBuildVolume(scaled, buildVolumeMm)) continue;
    const distance = Math.abs(Math.log((longest * scale) / TYPICAL_PART_MM));
    if (distance < bestDistance) {
      bestDistance = distance;
      best = { unit, scale, boundingBoxMm: scaled };
    }
  }
  return best ? { problem, suggestion: best } : { problem };
}

/** Fits when some axis-aligned turn puts it inside: sorted sides against sorted build sides. */
export function fitsBuildVolume(
  size: readonly [number, number, number],
  buildVolumeMm: readonly [number, number, number],
): boolean {
  const part = [...size].sort((a, b) => a - b);
  const room = [...buildVolumeMm].sort((a, b) => a - b);
  return part.every((side, i) => side <= room[i]!);
}
