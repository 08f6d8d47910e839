/**
 * Analytic test solids as triangle soups, each with reference figures worked out from its definition
 * (cell sums, closed formulas) rather than from the mesh, plus writers for every format the geometry
 * core reads (binary and ASCII STL, 3MF, STEP), so tests and benches need no binary fixtures.
 *
 * Winding is counter-clockwise seen from outside (outward normals), as STL and 3MF expect.
 */
import { strToU8, zipSync } from 'fflate';

export type Vec3 = [number, number, number];

export interface Solid {
  name: string;
  /** Nine floats per triangle. */
  positions: Float32Array;
  triangleCount: number;
  /** Reference figures: exact for grid solids, analytic (the smooth shape's) for round ones. */
  volumeMm3: number;
  surfaceAreaMm2: number;
  boundingBoxMm: Vec3;
  shells: number;
  watertight: boolean;
}

// ---------------------------------------------------------------------------------------------
// Grid solids: any union of cells of a rectilinear grid. Every face is a whole cell side, so all
// corners meet exactly (no T-junctions) and the reference figures are plain sums over cells.

export interface GridSolidOptions {
  name: string;
  /** Grid lines along each axis, ascending. */
  xs: number[];
  ys: number[];
  zs: number[];
  /** Whether cell (i, j, k), between lines i and i+1 etc., is material. */
  filled: (i: number, j: number, k: number) => boolean;
  /** Connected pieces, stated by the caller (the generator does not work it out). */
  shells?: number;
}

export function gridSolid({ name, xs, ys, zs, filled, shells = 1 }: GridSolidOptions): Solid {
  const lines = [xs, ys, zs] as const;
  const counts = [xs.length - 1, ys.length - 1, zs.length - 1] as const;
  const inside = (cell: Vec3): boolean =>
    cell.every((c, axis) => c >= 0 && c < counts[axis]!) && filled(cell[0], cell[1], cell[2]);
  const out: number[] = [];
  let volume = 0;
  let area = 0;
  const low: Vec3 = [Infinity, Infinity, Infinity];
  const high: Vec3 = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < counts[0]; i++) {
    for (let j = 0; j < counts[1]; j++) {
      for (let k = 0; k < counts[2]; k++) {
        const cell: Vec3 = [i, j, k];
        if (!inside(cell)) continue;
        const lo = cell.map((c, axis) => lines[axis]![c]!) as Vec3;
        const hi = cell.map((c, axis) => lines[axis]![c + 1]!) as Vec3;
        volume += (hi[0] - lo[0]) * (hi[1] - lo[1]) * (hi[2] - lo[2]);
        for (let axis = 0; axis < 3; axis++) {
          low[axis] = Math.min(low[axis]!, lo[axis]!);
          high[axis] = Math.max(high[axis]!, hi[axis]!);
          for (const side of [-1, 1]) {
            const next: Vec3 = [...cell];
            next[axis]! += side;
            if (inside(next)) continue;
            const b = (axis + 1) % 3;
            const c = (axis + 2) % 3;
            const at = side > 0 ? hi[axis]! : lo[axis]!;
            const corner = (u: number, v: number): Vec3 => {
              const p: Vec3 = [0, 0, 0];
              p[axis] = at;
              p[b] = u ? hi[b]! : lo[b]!;
              p[c] = v ? hi[c]! : lo[c]!;
              return p;
            };
            // e_b × e_c = e_axis, so (b0c0, b1c0, b1c1, b0c1) faces +axis; reversed faces -axis.
            const ring = [corner(0, 0), corner(1, 0), corner(1, 1), corner(0, 1)];
            if (side < 0) ring.reverse();
            quad(out, ring[0]!, ring[1]!, ring[2]!, ring[3]!);
            area += (hi[b]! - lo[b]!) * (hi[c]! - lo[c]!);
          }
        }
      }
    }
  }
  return soup(name, out, {
    volumeMm3: volume,
    surfaceAreaMm2: area,
    boundingBoxMm: [high[0] - low[0], high[1] - low[1], high[2] - low[2]],
    shells,
    watertight: true,
  });
}

export function cube(side = 20, name = 'cube'): Solid {
  return box([side, side, side], name);
}

export function box([x, y, z]: Vec3, name = 'box'): Solid {
  return gridSolid({ name, xs: [0, x], ys: [0, y], zs: [0, z], filled: () => true });
}

/**
 * A 60 × 40 × 15 block with two 10 × 10 through-holes along z: a 6 × 3 cell grid with two cells
 * empty. Volume 60·40·15 − 2·10·10·15 = 33,000 mm³.
 */
export function boxWithHoles(): Solid {
  return gridSolid({
    name: 'box with holes',
    xs: [0, 10, 20, 30, 40, 50, 60],
    ys: [0, 15, 25, 40],
    zs: [0, 15],
    filled: (i, j) => !(j === 1 && (i === 1 || i === 4)),
  });
}

/**
 * A mushroom: a 20 × 20 × 30 stem under a 60 × 60 × 10 cap. Upright the cap's 3,200 mm² underside
 * overhangs 30 mm above the bed; upside down (cap on the bed) nothing overhangs, so "-z" is best.
 */
export function mushroom(): Solid {
  return gridSolid({
    name: 'mushroom',
    xs: [0, 20, 40, 60],
    ys: [0, 20, 40, 60],
    zs: [0, 30, 40],
    filled: (i, j, k) => k === 1 || (i === 1 && j === 1),
  });
}

/** A 100 × 1.2 × 40 wall, two perimeters thick. */
export function thinWall(): Solid {
  return box([100, 1.2, 40], 'thin wall');
}

/** Three 10 mm cubes in a row, 5 mm apart: three shells. */
export function threeCubes(): Solid {
  return gridSolid({
    name: 'three cubes',
    xs: [0, 10, 15, 25, 30, 40],
    ys: [0, 10],
    zs: [0, 10],
    filled: (i) => i % 2 === 0,
    shells: 3,
  });
}

/** A cube with its top face missing (two triangles fewer): not watertight. */
export function openBox(side = 20): Solid {
  const closed = cube(side, 'open box');
  const kept: number[] = [];
  for (let t = 0; t < closed.triangleCount; t++) {
    const tri = closed.positions.subarray(9 * t, 9 * t + 9);
    if (tri[2] === side && tri[5] === side && tri[8] === side) continue;
    kept.push(...tri);
  }
  return soup('open box', kept, { ...closed, surfaceAreaMm2: 5 * side * side, watertight: false });
}

/** A cube with every triangle wound the other way: every normal points in. */
export function insideOutCube(side = 20): Solid {
  const solid = cube(side, 'inside-out cube');
  return { ...solid, name: 'inside-out cube', positions: reverseWinding(solid.positions), watertight: true };
}

export function reverseWinding(positions: Float32Array): Float32Array {
  const out = positions.slice();
  for (let t = 0; t < out.length; t += 9) {
    out.set(positions.subarray(t + 3, t + 6), t + 6);
    out.set(positions.subarray(t + 6, t + 9), t + 3);
  }
  return out;
}

/** Scales and moves a solid; the reference figures follow. */
export function scaled(solid: Solid, factor: number, name = solid.name): Solid {
  const positions = solid.positions.map((v) => v * factor);
  return {
    ...solid,
    name,
    positions,
    volumeMm3: solid.volumeMm3 * factor ** 3,
    surfaceAreaMm2: solid.surfaceAreaMm2 * factor ** 2,
    boundingBoxMm: solid.boundingBoxMm.map((v) => v * factor) as Vec3,
  };
}

// ---------------------------------------------------------------------------------------------
// Round solids. Reference figures are the smooth shape's; the segment counts are high enough that
// the tessellation's own figures are within 0.02 % of them (inscribed polygons lose about
// (2π/n)²/6 of their area), so a 0.1 % check tests the measuring, not the tessellation.

/** A tube (annulus) of outer radius R, inner radius r, height h, with n segments. */
export function tube(R = 20, r = 12, h = 30, n = 720): Solid {
  const out: number[] = [];
  // Segment n is segment 0 again (modulo), so the seam's corners are the same floats and weld.
  const at = (radius: number, s: number, z: number): Vec3 => [
    radius * Math.cos((2 * Math.PI * (s % n)) / n),
    radius * Math.sin((2 * Math.PI * (s % n)) / n),
    z,
  ];
  for (let s = 0; s < n; s++) {
    const t = s + 1;
    quad(out, at(R, s, 0), at(R, t, 0), at(R, t, h), at(R, s, h)); // outer wall, facing out
    quad(out, at(r, t, 0), at(r, s, 0), at(r, s, h), at(r, t, h)); // inner wall, facing the axis
    quad(out, at(r, s, h), at(R, s, h), at(R, t, h), at(r, t, h)); // top ring, facing up
    quad(out, at(r, t, 0), at(R, t, 0), at(R, s, 0), at(r, s, 0)); // bottom ring, facing down
  }
  return soup('tube', out, {
    volumeMm3: Math.PI * (R * R - r * r) * h,
    surfaceAreaMm2: 2 * Math.PI * (R + r) * h + 2 * Math.PI * (R * R - r * r),
    boundingBoxMm: [2 * R, 2 * R, h],
    shells: 1,
    watertight: true,
  });
}

/** A UV sphere: `around` segments of longitude, `rings` of latitude, poles on z. */
export function sphere(radius = 25, around = 720, rings = 360): Solid {
  const out: number[] = [];
  const at = (ring: number, s: number): Vec3 => {
    const polar = (Math.PI * ring) / rings;
    const azimuth = (2 * Math.PI * (s % around)) / around;
    if (ring === 0) return [0, 0, radius];
    if (ring === rings) return [0, 0, -radius];
    return [
      radius * Math.sin(polar) * Math.cos(azimuth),
      radius * Math.sin(polar) * Math.sin(azimuth),
      radius * Math.cos(polar),
    ];
  };
  for (let ring = 0; ring < rings; ring++) {
    for (let s = 0; s < around; s++) {
      const a = at(ring, s);
      const b = at(ring + 1, s);
      const c = at(ring + 1, s + 1);
      const d = at(ring, s + 1);
      // From the north pole downwards, (a, b, c) turns counter-clockwise seen from outside.
      if (ring > 0) out.push(...a, ...b, ...d);
      if (ring < rings - 1) out.push(...d, ...b, ...c);
    }
  }
  return soup('sphere', out, {
    volumeMm3: (4 / 3) * Math.PI * radius ** 3,
    surfaceAreaMm2: 4 * Math.PI * radius ** 2,
    boundingBoxMm: [2 * radius, 2 * radius, 2 * radius],
    shells: 1,
    watertight: true,
  });
}

/** A torus around z: ring radius R, tube radius r. */
export function torus(R = 30, r = 10, around = 720, tubeSegments = 360): Solid {
  const out: number[] = [];
  const at = (u: number, v: number): Vec3 => {
    const phi = (2 * Math.PI * (u % around)) / around;
    const theta = (2 * Math.PI * (v % tubeSegments)) / tubeSegments;
    const rho = R + r * Math.cos(theta);
    return [rho * Math.cos(phi), rho * Math.sin(phi), r * Math.sin(theta)];
  };
  for (let u = 0; u < around; u++) {
    for (let v = 0; v < tubeSegments; v++) {
      // ∂/∂u × ∂/∂v points away from the tube's centre line.
      quad(out, at(u, v), at(u + 1, v), at(u + 1, v + 1), at(u, v + 1));
    }
  }
  return soup('torus', out, {
    volumeMm3: 2 * Math.PI ** 2 * R * r * r,
    surfaceAreaMm2: 4 * Math.PI ** 2 * R * r,
    boundingBoxMm: [2 * (R + r), 2 * (R + r), 2 * r],
    shells: 1,
    watertight: true,
  });
}

/**
 * A finely subdivided box (a grid of `n` × `n` quads on each side) of 2·6·n² triangles, for the
 * million-triangle bench: n = 289 gives 1,002,252 triangles.
 */
export function denseBox(n: number, side = 100): Solid {
  const lines = Array.from({ length: n + 1 }, (_, i) => (side * i) / n);
  const out = new Float32Array(12 * n * n * 9);
  let at = 0;
  const push = (p: Vec3): void => {
    out[at++] = p[0];
    out[at++] = p[1];
    out[at++] = p[2];
  };
  for (let axis = 0; axis < 3; axis++) {
    const b = (axis + 1) % 3;
    const c = (axis + 2) % 3;
    for (const level of [0, side]) {
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const corner = (u: number, v: number): Vec3 => {
            const p: Vec3 = [0, 0, 0];
            p[axis] = level;
            p[b] = lines[i + u]!;
            p[c] = lines[j + v]!;
            return p;
          };
          const ring = [corner(0, 0), corner(1, 0), corner(1, 1), corner(0, 1)];
          if (level === 0) ring.reverse();
          for (const k of [0, 1, 2, 0, 2, 3]) push(ring[k]!);
        }
      }
    }
  }
  return {
    name: 'dense box',
    positions: out,
    triangleCount: out.length / 9,
    volumeMm3: side ** 3,
    surfaceAreaMm2: 6 * side * side,
    boundingBoxMm: [side, side, side],
    shells: 1,
    watertight: true,
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers

function quad(out: number[], a: Vec3, b: Vec3, c: Vec3, d: Vec3): void {
  out.push(...a, ...b, ...c, ...a, ...c, ...d);
}

function soup(
  name: string,
  values: ArrayLike<number>,
  figures: Pick<Solid, 'volumeMm3' | 'surfaceAreaMm2' | 'boundingBoxMm' | 'shells' | 'watertight'>,
): Solid {
  const positions = Float32Array.from(values);
  return {
    name,
    positions,
    triangleCount: positions.length / 9,
    volumeMm3: figures.volumeMm3,
    surfaceAreaMm2: figures.surfaceAreaMm2,
    boundingBoxMm: figures.boundingBoxMm,
    shells: figures.shells,
    watertight: figures.watertight,
  };
}

/** Triangles of several soups in one (for files holding several parts). */
export function joined(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writers

function normalOf(p: ArrayLike<number>, at: number): Vec3 {
  const u = [p[at + 3]! - p[at]!, p[at + 4]! - p[at + 1]!, p[at + 5]! - p[at + 2]!];
  const v = [p[at + 6]! - p[at]!, p[at + 7]! - p[at + 1]!, p[at + 8]! - p[at + 2]!];
  const n: Vec3 = [u[1]! * v[2]! - u[2]! * v[1]!, u[2]! * v[0]! - u[0]! * v[2]!, u[0]! * v[1]! - u[1]! * v[0]!];
  const length = Math.hypot(...n) || 1;
  return [n[0] / length, n[1] / length, n[2] / length];
}

/** Binary STL: 80-byte header (starting with "solid", as many exporters write it), count, 50 bytes a face. */
export function binaryStl(
  positions: Float32Array,
  header = 'solid binary written by test/support/solids.ts',
): Uint8Array {
  const count = positions.length / 9;
  const bytes = new Uint8Array(84 + 50 * count);
  bytes.set(strToU8(header.slice(0, 80)));
  const view = new DataView(bytes.buffer);
  view.setUint32(80, count, true);
  for (let t = 0; t < count; t++) {
    const at = 84 + 50 * t;
    const n = normalOf(positions, 9 * t);
    for (let k = 0; k < 3; k++) view.setFloat32(at + 4 * k, n[k]!, true);
    for (let k = 0; k < 9; k++) view.setFloat32(at + 12 + 4 * k, positions[9 * t + k]!, true);
  }
  return bytes;
}

/** ASCII STL. Each float is written as its shortest round-trip decimal, so it reads back bit for bit. */
export function asciiStl(positions: Float32Array, name = 'part'): Uint8Array {
  const lines = [`solid ${name}`];
  for (let t = 0; t < positions.length / 9; t++) {
    lines.push(`  facet normal ${normalOf(positions, 9 * t).join(' ')}`, '    outer loop');
    for (let c = 0; c < 3; c++) {
      const at = 9 * t + 3 * c;
      lines.push(`      vertex ${positions[at]} ${positions[at + 1]} ${positions[at + 2]}`);
    }
    lines.push('    endloop', '  endfacet');
  }
  lines.push(`endsolid ${name}`, '');
  return strToU8(lines.join('\n'));
}

export type ThreeMfUnit = 'micron' | 'millimeter' | 'centimeter' | 'inch' | 'foot' | 'meter';

/** 3MF's 3 × 4 matrix, row-vector convention: x' = x·m00 + y·m10 + z·m20 + m30. */
export type Transform3mf = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

export type ThreeMfObject =
  | { id: number; positions: Float32Array }
  | { id: number; components: { objectId: number; transform?: Transform3mf }[] };

export interface ThreeMfOptions {
  unit?: ThreeMfUnit;
  objects: ThreeMfObject[];
  items: { objectId: number; transform?: Transform3mf }[];
  /** Where the model part lives; the root relationships point at it. */
  modelPath?: string;
  /** Leave the unit attribute out (the default, millimetre, applies). */
  omitUnit?: boolean;
}

/** A 3MF package: content types, the root relationship and one model part with indexed meshes. */
export function threeMf({
  unit = 'millimeter',
  objects,
  items,
  modelPath = '3D/3dmodel.model',
  omitUnit = false,
}: ThreeMfOptions): Uint8Array {
  const xml: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<model ${omitUnit ? '' : `unit="${unit}" `}xml:lang="en-US" xmlns="http://schemas.microsoft.com/3dmanufacturing/core/2015/02">`,
    '  <metadata name="Application">test/support/solids.ts</metadata>',
    '  <resources>',
  ];
  for (const object of objects) {
    xml.push(`    <object id="${object.id}" type="model">`);
    if ('positions' in object) {
      const index = new Map<string, number>();
      const vertices: string[] = [];
      const triangles: string[] = [];
      for (let t = 0; t < object.positions.length / 9; t++) {
        const ids = [0, 1, 2].map((c) => {
          const at = 9 * t + 3 * c;
          const key = `x="${object.positions[at]}" y="${object.positions[at + 1]}" z="${object.positions[at + 2]}"`;
          let id = index.get(key);
          if (id === undefined) {
            id = vertices.length;
            index.set(key, id);
            vertices.push(`          <vertex ${key} />`);
          }
          return id;
        });
        triangles.push(`          <triangle v1="${ids[0]}" v2="${ids[1]}" v3="${ids[2]}" />`);
      }
      // Joined first: spreading a million lines into push() would overflow the call stack.
      xml.push('      <mesh>', '        <vertices>', vertices.join('\n'), '        </vertices>');
      xml.push('        <triangles>', triangles.join('\n'), '        </triangles>', '      </mesh>');
    } else {
      xml.push('      <components>');
      for (const c of object.components) {
        xml.push(
          `        <component objectid="${c.objectId}"${c.transform ? ` transform="${c.transform.join(' ')}"` : ''} />`,
        );
      }
      xml.push('      </components>');
    }
    xml.push('    </object>');
  }
  xml.push('  </resources>', '  <build>');
  for (const item of items) {
    xml.push(
      `    <item objectid="${item.objectId}"${item.transform ? ` transform="${item.transform.join(' ')}"` : ''} />`,
    );
  }
  xml.push('  </build>', '</model>', '');
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />' +
        '<Default Extension="model" ContentType="application/vnd.ms-package.3dmanufacturing-3dmodel+xml" /></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `<Relationship Target="/${modelPath}" Id="rel0" Type="http://schemas.microsoft.com/3dmanufacturing/2013/01/3dmodel" /></Relationships>`,
    ),
    [modelPath]: strToU8(xml.join('\n')),
  });
}

/** Applies a 3MF transform to a soup, for reference figures. */
export function transformed(positions: Float32Array, m: Transform3mf): Float32Array {
  const out = new Float32Array(positions.length);
  for (let i = 0; i < positions.length; i += 3) {
    const x = positions[i]!;
    const y = positions[i + 1]!;
    const z = positions[i + 2]!;
    out[i] = x * m[0] + y * m[3] + z * m[6] + m[9];
    out[i + 1] = x * m[1] + y * m[4] + z * m[7] + m[10];
    out[i + 2] = x * m[2] + y * m[5] + z * m[8] + m[11];
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// STEP (ISO 10303-21, AP214) for closed planar polyhedra and a cylinder, written as a proper B-rep so a real STEP
// reader (OpenCascade) has to triangulate it: points, vertices, lines, edge curves shared by the two
// faces they bound, oriented edges, loops (outer and hole bounds), planes, advanced faces, a closed
// shell and a manifold solid, inside the product structure and unit context readers look for.

export interface Polyhedron {
  vertices: Vec3[];
  /** Each face: an outer loop counter-clockwise seen from outside, and holes clockwise. */
  faces: { outer: number[]; holes?: number[][] }[];
}

/** The box [0, x] × [0, y] × [0, z] as a polyhedron of six quads. */
export function boxPolyhedron([x, y, z]: Vec3): Polyhedron {
  const v: Vec3[] = [
    [0, 0, 0],
    [x, 0, 0],
    [x, y, 0],
    [0, y, 0],
    [0, 0, z],
    [x, 0, z],
    [x, y, z],
    [0, y, z],
  ];
  return {
    vertices: v,
    faces: [
      { outer: [0, 3, 2, 1] }, // bottom, facing -z
      { outer: [4, 5, 6, 7] }, // top
      { outer: [0, 1, 5, 4] }, // front, -y
      { outer: [1, 2, 6, 5] }, // right, +x
      { outer: [2, 3, 7, 6] }, // back, +y
      { outer: [3, 0, 4, 7] }, // left, -x
    ],
  };
}

/**
 * The box [0, x] × [0, y] × [0, z] with a square through-hole of side `hole` along z, centred: top
 * and bottom faces carry a hole bound, and four inner faces line the hole. Volume (xy − hole²)·z.
 */
export function boxWithHolePolyhedron([x, y, z]: Vec3, hole: number): Polyhedron {
  const { vertices, faces } = boxPolyhedron([x, y, z]);
  const x0 = (x - hole) / 2;
  const x1 = (x + hole) / 2;
  const y0 = (y - hole) / 2;
  const y1 = (y + hole) / 2;
  const at = vertices.length;
  vertices.push([x0, y0, 0], [x1, y0, 0], [x1, y1, 0], [x0, y1, 0], [x0, y0, z], [x1, y0, z], [x1, y1, z], [x0, y1, z]);
  const h = (i: number): number => at + i;
  faces[0]!.holes = [[h(0), h(1), h(2), h(3)]]; // bottom faces -z: the hole runs counter-clockwise seen from above
  faces[1]!.holes = [[h(4), h(7), h(6), h(5)]];
  faces.push(
    { outer: [h(0), h(4), h(5), h(1)] }, // hole wall at y0, facing +y (into the hole)
    { outer: [h(1), h(5), h(6), h(2)] }, // at x1, facing -x
    { outer: [h(2), h(6), h(7), h(3)] }, // at y1, facing -y
    { outer: [h(3), h(7), h(4), h(0)] }, // at x0, facing +x
  );
  return { vertices, faces };
}

/** A solid cylinder standing on z = 0, its axis on z: a B-rep with a cylindrical face, circles and a seam. */
export interface StepCylinder {
  kind: 'cylinder';
  radius: number;
  height: number;
}

export function stepFile(solid: Polyhedron | StepCylinder, name = 'part'): Uint8Array {
  const lines: string[] = [];
  let next = 1;
  const add = (entity: string): number => {
    const id = next++;
    lines.push(`#${id}=${entity};`);
    return id;
  };
  const real = (v: number): string => {
    const text = String(v);
    return /[.eE]/.test(text) ? text.replace('e', 'E') : `${text}.`;
  };
  const point = (p: Vec3): number => add(`CARTESIAN_POINT('',(${p.map(real).join(',')}))`);
  const direction = (d: Vec3): number => {
    const length = Math.hypot(...d);
    return add(`DIRECTION('',(${d.map((c) => real(c / length)).join(',')}))`);
  };
  const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
  const cross = (a: Vec3, b: Vec3): Vec3 => [
    a[1] * b[2] - a[2] * b[1],
    a[2] * b[0] - a[0] * b[2],
    a[0] * b[1] - a[1] * b[0],
  ];

  // Units and context.
  const mm = add('( LENGTH_UNIT() NAMED_UNIT(*) SI_UNIT(.MILLI.,.METRE.) )');
  const radian = add('( NAMED_UNIT(*) PLANE_ANGLE_UNIT() SI_UNIT($,.RADIAN.) )');
  const steradian = add('( NAMED_UNIT(*) SI_UNIT($,.STERADIAN.) SOLID_ANGLE_UNIT() )');
  const uncertainty = add(
    `UNCERTAINTY_MEASURE_WITH_UNIT(LENGTH_MEASURE(1.E-07),#${mm},'distance_accuracy_value','confusion accuracy')`,
  );
  const context = add(
    `( GEOMETRIC_REPRESENTATION_CONTEXT(3) GLOBAL_UNCERTAINTY_ASSIGNED_CONTEXT((#${uncertainty})) ` +
      `GLOBAL_UNIT_ASSIGNED_CONTEXT((#${mm},#${radian},#${steradian})) REPRESENTATION_CONTEXT('Context #1','3D Context with UNIT and UNCERTAINTY') )`,
  );

  const faceIds = 'kind' in solid ? cylinderFaces(solid) : polyhedronFaces(solid);

  function polyhedronFaces(solid: Polyhedron): number[] {
    // Topology: vertices, then one edge curve per undirected edge, shared by its two faces.
    const vertexIds = solid.vertices.map((p) => add(`VERTEX_POINT('',#${point(p)})`));
    const edges = new Map<string, { id: number; from: number }>();
    const edgeOf = (a: number, b: number): string => {
      const key = a < b ? `${a}-${b}` : `${b}-${a}`;
      let edge = edges.get(key);
      if (!edge) {
        const pa = solid.vertices[a]!;
        const pb = solid.vertices[b]!;
        const d = sub(pb, pa);
        const vector = add(`VECTOR('',#${direction(d)},${real(Math.hypot(...d))})`);
        const line = add(`LINE('',#${point(pa)},#${vector})`);
        edge = { id: add(`EDGE_CURVE('',#${vertexIds[a]},#${vertexIds[b]},#${line},.T.)`), from: a };
        edges.set(key, edge);
      }
      return `ORIENTED_EDGE('',*,*,#${edge.id},${edge.from === a ? '.T.' : '.F.'})`;
    };
    const loop = (ring: number[]): number =>
      add(`EDGE_LOOP('',(${ring.map((v, i) => `#${add(edgeOf(v, ring[(i + 1) % ring.length]!))}`).join(',')}))`);

    return solid.faces.map((face) => {
      const ring = face.outer.map((i) => solid.vertices[i]!);
      const normal = cross(sub(ring[1]!, ring[0]!), sub(ring[2]!, ring[1]!));
      const placement = add(
        `AXIS2_PLACEMENT_3D('',#${point(ring[0]!)},#${direction(normal)},#${direction(sub(ring[1]!, ring[0]!))})`,
      );
      const plane = add(`PLANE('',#${placement})`);
      const bounds = [add(`FACE_OUTER_BOUND('',#${loop(face.outer)},.T.)`)];
      for (const hole of face.holes ?? []) bounds.push(add(`FACE_BOUND('',#${loop(hole)},.T.)`));
      return add(`ADVANCED_FACE('',(${bounds.map((b) => `#${b}`).join(',')}),#${plane},.T.)`);
    });
  }

  // Bottom and top discs bounded by one circle each; the side bounded by both circles and the seam
  // line walked up and down, counter-clockwise in the surface's (angle, height) parameters.
  function cylinderFaces({ radius, height }: StepCylinder): number[] {
    const placement = (z: number): number =>
      add(`AXIS2_PLACEMENT_3D('',#${point([0, 0, z])},#${direction([0, 0, 1])},#${direction([1, 0, 0])})`);
    const bottomVertex = add(`VERTEX_POINT('',#${point([radius, 0, 0])})`);
    const topVertex = add(`VERTEX_POINT('',#${point([radius, 0, height])})`);
    const bottomCircle = add(
      `EDGE_CURVE('',#${bottomVertex},#${bottomVertex},#${add(`CIRCLE('',#${placement(0)},${real(radius)})`)},.T.)`,
    );
    const topCircle = add(
      `EDGE_CURVE('',#${topVertex},#${topVertex},#${add(`CIRCLE('',#${placement(height)},${real(radius)})`)},.T.)`,
    );
    const seamLine = add(
      `LINE('',#${point([radius, 0, 0])},#${add(`VECTOR('',#${direction([0, 0, 1])},${real(height)})`)})`,
    );
    const seam = add(`EDGE_CURVE('',#${bottomVertex},#${topVertex},#${seamLine},.T.)`);
    const oriented = (edge: number, forward: boolean): string =>
      `#${add(`ORIENTED_EDGE('',*,*,#${edge},${forward ? '.T.' : '.F.'})`)}`;
    const face = (edges: string[], surface: number): number => {
      const loop = add(`EDGE_LOOP('',(${edges.join(',')}))`);
      return add(`ADVANCED_FACE('',(#${add(`FACE_OUTER_BOUND('',#${loop},.T.)`)}),#${surface},.T.)`);
    };
    const bottomPlane = add(
      `PLANE('',#${add(`AXIS2_PLACEMENT_3D('',#${point([0, 0, 0])},#${direction([0, 0, -1])},#${direction([1, 0, 0])})`)})`,
    );
    const topPlane = add(`PLANE('',#${placement(height)})`);
    const side = add(`CYLINDRICAL_SURFACE('',#${placement(0)},${real(radius)})`);
    return [
      face([oriented(bottomCircle, false)], bottomPlane),
      face([oriented(topCircle, true)], topPlane),
      face(
        [oriented(bottomCircle, true), oriented(seam, true), oriented(topCircle, false), oriented(seam, false)],
        side,
      ),
    ];
  }
  const shell = add(`CLOSED_SHELL('',(${faceIds.map((f) => `#${f}`).join(',')}))`);
  const brep = add(`MANIFOLD_SOLID_BREP('${name}',#${shell})`);
  const origin = add(`AXIS2_PLACEMENT_3D('',#${point([0, 0, 0])},#${direction([0, 0, 1])},#${direction([1, 0, 0])})`);
  const representation = add(`ADVANCED_BREP_SHAPE_REPRESENTATION('',(#${origin},#${brep}),#${context})`);

  // Product structure, so readers find the shape as a part.
  const application = add(`APPLICATION_CONTEXT('core data for automotive mechanical design processes')`);
  add(`APPLICATION_PROTOCOL_DEFINITION('international standard','automotive_design',2000,#${application})`);
  const productContext = add(`PRODUCT_CONTEXT('',#${application},'mechanical')`);
  const product = add(`PRODUCT('${name}','${name}','',(#${productContext}))`);
  const formation = add(`PRODUCT_DEFINITION_FORMATION('','',#${product})`);
  const definitionContext = add(`PRODUCT_DEFINITION_CONTEXT('part definition',#${application},'design')`);
  const definition = add(`PRODUCT_DEFINITION('design','',#${formation},#${definitionContext})`);
  const shape = add(`PRODUCT_DEFINITION_SHAPE('','',#${definition})`);
  add(`SHAPE_DEFINITION_REPRESENTATION(#${shape},#${representation})`);

  const text = [
    'ISO-10303-21;',
    'HEADER;',
    "FILE_DESCRIPTION(('test solid'),'2;1');",
    `FILE_NAME('${name}.step','2026-01-01T00:00:00',(''),(''),'test/support/solids.ts','','');`,
    "FILE_SCHEMA(('AUTOMOTIVE_DESIGN { 1 0 10303 214 1 1 1 1 }'));",
    'ENDSEC;',
    'DATA;',
    ...lines,
    'ENDSEC;',
    'END-ISO-10303-21;',
    '',
  ];
  return strToU8(text.join('\n'));
}
