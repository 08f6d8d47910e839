/**
 * Calibration of the measured-geometry estimate (src/domain/pricing.ts, constants in
 * content/shop/pricing.json) against PrusaSlicer's CLI. Each part of the corpus below is built in code,
 * written as a binary STL into a temporary folder, measured by the geometry core (analyzeModel, as the
 * server and the browser's worker do) and priced by estimatePrice in PETG, then sliced by PrusaSlicer with the fixed production profile
 * PROFILE; the slicer's `; filament used [cm3]` and `; estimated printing time (normal mode)` are read
 * from the G-code comments. Per part it prints the estimate's printed volume and machine time next to
 * the slicer's, with the error; the goal is within ±15 % on volume and ±25 % on time (a part outside
 * is marked MISS). It then times the geometry analysis (analyzeModel on binary STL bytes) on 10k, 100k
 * and 1M triangles in Node.
 *
 * Needs PrusaSlicer 2.5 (Debian package `prusa-slicer`, /usr/bin/prusa-slicer, or PRUSA_SLICER=path):
 * without it the bench stops with a message saying so. `npm run bench -- geometry` runs this file
 * alone; slicing the corpus takes about two minutes on the shared 2-core machine. GEOMETRY_BENCH_KEEP=1
 * keeps the STL files, G-code and profile in the temporary folder (the bench names it) for a look.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import raw from '../../content/shop/pricing.json' with { type: 'json' };
import { analyzeModel, type GeometryReport } from '../../src/domain/geometry/index.js';
import { estimatePrice, pricingDataSchema } from '../../src/domain/pricing.js';
import * as solids from '../support/solids.js';

const run_ = promisify(execFile);
const SLICER = process.env.PRUSA_SLICER ?? '/usr/bin/prusa-slicer';
const VOLUME_GOAL = 0.15;
const TIME_GOAL = 0.25;

/**
 * The production profile: Prusa's "0.20mm QUALITY @MK3" print settings (flattened from the
 * profile bundle PrusaSlicer ships) on an Original Prusa i3 MK3S with a 0.4 mm nozzle and its machine
 * limits, in generic PETG, with automatic supports wherever a face overhangs more than 45°.
 */
const PROFILE = `
printer_technology = FFF
bed_shape = 0x0,250x0,250x210,0x210
max_print_height = 210
nozzle_diameter = 0.4
filament_diameter = 1.75
gcode_flavor = marlin2
use_relative_e_distances = 1
layer_gcode = G92 E0
machine_limits_usage = time_estimate_only
machine_max_acceleration_e = 5000
machine_max_acceleration_extruding = 1250
machine_max_acceleration_retracting = 1250
machine_max_acceleration_travel = 1250
machine_max_acceleration_x = 1000
machine_max_acceleration_y = 1000
machine_max_acceleration_z = 200
machine_max_feedrate_e = 120
machine_max_feedrate_x = 200
machine_max_feedrate_y = 200
machine_max_feedrate_z = 12
machine_max_jerk_e = 4.5
machine_max_jerk_x = 8
machine_max_jerk_y = 8
machine_max_jerk_z = 0.4
retract_length = 0.8
retract_speed = 35
retract_lift = 0.2
retract_before_travel = 1
start_gcode =
end_gcode =
layer_height = 0.2
first_layer_height = 0.2
perimeters = 2
top_solid_layers = 5
bottom_solid_layers = 4
top_solid_min_thickness = 0.7
bottom_solid_min_thickness = 0.5
fill_density = 15%
fill_pattern = gyroid
infill_overlap = 25%
extrusion_width = 0.45
external_perimeter_extrusion_width = 0.45
perimeter_extrusion_width = 0.45
infill_extrusion_width = 0.45
solid_infill_extrusion_width = 0.45
top_infill_extrusion_width = 0.4
first_layer_extrusion_width = 0.42
support_material_extrusion_width = 0.35
perimeter_speed = 45
external_perimeter_speed = 25
small_perimeter_speed = 25
infill_speed = 80
solid_infill_speed = 80
top_solid_infill_speed = 40
gap_fill_speed = 40
bridge_speed = 25
support_material_speed = 50
support_material_interface_speed = 80%
travel_speed = 180
first_layer_speed = 20
max_print_speed = 200
default_acceleration = 1000
perimeter_acceleration = 800
infill_acceleration = 1000
bridge_acceleration = 1000
first_layer_acceleration = 800
support_material = 1
support_material_auto = 1
support_material_threshold = 45
support_material_pattern = rectilinear
support_material_spacing = 2
support_material_contact_distance = 0.2
support_material_interface_layers = 2
support_material_interface_spacing = 0.2
support_material_xy_spacing = 60%
support_material_buildplate_only = 0
support_material_bottom_interface_layers = 0
dont_support_bridges = 0
skirts = 1
skirt_distance = 2
skirt_height = 3
brim_width = 0
filament_type = PETG
filament_density = 1.27
temperature = 240
first_layer_temperature = 230
bed_temperature = 90
first_layer_bed_temperature = 85
filament_max_volumetric_speed = 8
cooling = 1
min_print_speed = 15
slowdown_below_layer_time = 20
fan_below_layer_time = 20
gcode_comments = 0
`;

// ---------------------------------------------------------------------------------------------
// Solids: closed triangle soups with outward normals, millimetres, resting on z = 0.

type Vec = [number, number, number];
type Soup = number[];
type Nine = [number, number, number, number, number, number, number, number, number];

function tri(out: Soup, a: Vec, b: Vec, c: Vec): void {
  out.push(...a, ...b, ...c);
}

function quad(out: Soup, a: Vec, b: Vec, c: Vec, d: Vec): void {
  tri(out, a, b, c);
  tri(out, a, c, d);
}

function box([x0, y0, z0]: Vec, [x1, y1, z1]: Vec): Soup {
  const out: Soup = [];
  quad(out, [x0, y0, z0], [x0, y1, z0], [x1, y1, z0], [x1, y0, z0]); // bottom, facing down
  quad(out, [x0, y0, z1], [x1, y0, z1], [x1, y1, z1], [x0, y1, z1]); // top
  quad(out, [x0, y0, z0], [x1, y0, z0], [x1, y0, z1], [x0, y0, z1]); // front (−y)
  quad(out, [x0, y1, z0], [x0, y1, z1], [x1, y1, z1], [x1, y1, z0]); // back (+y)
  quad(out, [x0, y0, z0], [x0, y0, z1], [x0, y1, z1], [x0, y1, z0]); // left (−x)
  quad(out, [x1, y0, z0], [x1, y1, z0], [x1, y1, z1], [x1, y0, z1]); // right (+x)
  return out;
}

/**
 * A polygon in the x–z plane (counter-clockwise seen from −y) extruded along y by `depth`: brackets,
 * T and Π profiles, ramps. Caps are ear-clipped so concave outlines work.
 */
function extrudeXZ(outline: [number, number][], depth: number): Soup {
  const out: Soup = [];
  const at = ([x, z]: [number, number], y: number): Vec => [x, y, z];
  for (const [a, b, c] of earClip(outline)) {
    // Caps and sides wound alike; fixOrientation turns the whole solid outward.
    tri(out, at(a, 0), at(c, 0), at(b, 0));
    tri(out, at(a, depth), at(b, depth), at(c, depth));
  }
  for (let i = 0; i < outline.length; i++) {
    const p = outline[i]!;
    const q = outline[(i + 1) % outline.length]!;
    quad(out, at(p, 0), at(q, 0), at(q, depth), at(p, depth));
  }
  return fixOrientation(out);
}

type Point = [number, number];

function earClip(polygon: Point[]): [Point, Point, Point][] {
  const points = [...polygon];
  const triangles: [Point, Point, Point][] = [];
  const cross = (o: [number, number], a: [number, number], b: [number, number]) =>
    (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
  const inside = (p: [number, number], a: [number, number], b: [number, number], c: [number, number]) =>
    cross(a, b, p) > 0 && cross(b, c, p) > 0 && cross(c, a, p) > 0;
  while (points.length > 3) {
    let clipped = false;
    for (let i = 0; i < points.length; i++) {
      const a = points[(i + points.length - 1) % points.length]!;
      const b = points[i]!;
      const c = points[(i + 1) % points.length]!;
      if (cross(a, b, c) <= 0) continue;
      if (points.some((p) => p !== a && p !== b && p !== c && inside(p, a, b, c))) continue;
      triangles.push([a, b, c]);
      points.splice(i, 1);
      clipped = true;
      break;
    }
    if (!clipped) throw new Error('outline is not a simple counter-clockwise polygon');
  }
  triangles.push([points[0]!, points[1]!, points[2]!]);
  return triangles;
}

/**
 * A closed profile in the r–z half plane (r ≥ 0) turned around the z axis in `segments` steps: tubes,
 * cylinders, spheres, tori, cones. Points on the axis become fans, so the mesh stays two-manifold.
 */
function revolve(profile: [number, number][], segments: number): Soup {
  const out: Soup = [];
  const ring = (r: number, z: number, k: number): Vec => {
    const angle = (2 * Math.PI * (k % segments)) / segments;
    return r === 0 ? [0, 0, z] : [r * Math.cos(angle), r * Math.sin(angle), z];
  };
  for (let i = 0; i < profile.length; i++) {
    const [r0, z0] = profile[i]!;
    const [r1, z1] = profile[(i + 1) % profile.length]!;
    if (r0 === 0 && r1 === 0) continue;
    for (let k = 0; k < segments; k++) {
      const a = ring(r0, z0, k);
      const b = ring(r1, z1, k);
      const c = ring(r1, z1, k + 1);
      const d = ring(r0, z0, k + 1);
      if (r0 === 0) tri(out, a, b, c);
      else if (r1 === 0) tri(out, a, b, d);
      else quad(out, a, b, c, d);
    }
  }
  return fixOrientation(out);
}

function sphere(radius: number, rings: number, segments: number): Soup {
  const profile: [number, number][] = [];
  for (let i = 0; i <= rings; i++) {
    const angle = -Math.PI / 2 + (Math.PI * i) / rings;
    profile.push([i === 0 || i === rings ? 0 : radius * Math.cos(angle), radius + radius * Math.sin(angle)]);
  }
  return revolve(profile.reverse(), segments);
}

function circle(cx: number, cz: number, radius: number, steps: number): [number, number][] {
  return Array.from({ length: steps }, (_, i): [number, number] => {
    const angle = (2 * Math.PI * i) / steps;
    return [cx + radius * Math.cos(angle), cz + radius * Math.sin(angle)];
  });
}

/** Turns a closed soup's faces outward when its signed volume came out negative. */
function fixOrientation(soup: Soup): Soup {
  if (signedVolume(soup) >= 0) return soup;
  const out: Soup = [];
  for (let i = 0; i < soup.length; i += 9)
    out.push(...soup.slice(i, i + 3), ...soup.slice(i + 6, i + 9), ...soup.slice(i + 3, i + 6));
  return out;
}

function signedVolume(soup: Soup): number {
  let volume = 0;
  for (let i = 0; i < soup.length; i += 9) {
    const [ax, ay, az, bx, by, bz, cx, cy, cz] = soup.slice(i, i + 9) as Nine;
    volume += (ax * (by * cz - bz * cy) - ay * (bx * cz - bz * cx) + az * (bx * cy - by * cx)) / 6;
  }
  return volume;
}

function translate(soup: Soup, [dx, dy, dz]: Vec): Soup {
  return soup.map((value, i) => value + (i % 3 === 0 ? dx : i % 3 === 1 ? dy : dz));
}

function binaryStl(soup: Soup): Uint8Array {
  const count = soup.length / 9;
  const bytes = new Uint8Array(84 + 50 * count);
  const view = new DataView(bytes.buffer);
  view.setUint32(80, count, true);
  for (let t = 0; t < count; t++) {
    const [ax, ay, az, bx, by, bz, cx, cy, cz] = soup.slice(9 * t, 9 * t + 9) as Nine;
    const n: Vec = [
      (by - ay) * (cz - az) - (bz - az) * (cy - ay),
      (bz - az) * (cx - ax) - (bx - ax) * (cz - az),
      (bx - ax) * (cy - ay) - (by - ay) * (cx - ax),
    ];
    const length = Math.hypot(...n) || 1;
    const at = 84 + 50 * t;
    // PrusaSlicer 2.5 refuses a file whose facet normals are all zero, so they are written out.
    for (let k = 0; k < 3; k++) view.setFloat32(at + 4 * k, n[k]! / length, true);
    for (let k = 0; k < 9; k++) view.setFloat32(at + 12 + 4 * k, soup[9 * t + k]!, true);
  }
  return bytes;
}

interface Part {
  name: string;
  what: string;
  soup: Soup;
  /** Not among the parts the constants were fitted on: a check of the fit, not part of it. */
  heldOut?: boolean;
}

function fromSolids(name: string, what: string, solid: solids.Solid): Part {
  return { name, what, soup: Array.from(solid.positions), heldOut: true };
}

/**
 * Simple blocks to overhang-heavy shapes, thin walls, several shells; all printed as drawn (+z up). The
 * constants in pricing.json were fitted on the parts built here; the ones taken from the geometry
 * core's test solids (test/support/solids.ts) were added afterwards and are held out, a check of the fit.
 */
function corpus(): Part[] {
  return [
    { name: 'cube-20', what: '20 mm cube', soup: box([0, 0, 0], [20, 20, 20]) },
    { name: 'block-40x30x20', what: 'block', soup: box([0, 0, 0], [40, 30, 20]) },
    { name: 'block-80x60x50', what: 'large block, infill-heavy', soup: box([0, 0, 0], [80, 60, 50]) },
    { name: 'plate-100x80x3', what: 'flat plate, all solid layers', soup: box([0, 0, 0], [100, 80, 3]) },
    { name: 'wall-60x1.2x40', what: 'thin wall, 1.2 mm', soup: box([0, 0, 0], [60, 1.2, 40]) },
    { name: 'wall-80x3x30', what: 'wall, 3 mm', soup: box([0, 0, 0], [80, 3, 30]) },
    {
      name: 'tube-30x24x40',
      what: 'tube, 3 mm wall',
      soup: revolve(
        [
          [12, 0],
          [15, 0],
          [15, 40],
          [12, 40],
        ],
        96,
      ),
    },
    {
      name: 'cylinder-30x30',
      what: 'solid cylinder',
      soup: revolve(
        [
          [0, 0],
          [15, 0],
          [15, 30],
          [0, 30],
        ],
        96,
      ),
    },
    { name: 'sphere-40', what: 'sphere, supported below', soup: sphere(20, 48, 96) },
    {
      name: 'torus-50x10',
      what: 'torus lying flat, supported below',
      soup: revolve(circle(20, 5, 5, 32).reverse(), 96),
    },
    {
      name: 'bracket-L',
      what: 'L bracket on its side',
      soup: extrudeXZ(
        [
          [0, 0],
          [50, 0],
          [50, 5],
          [5, 5],
          [5, 40],
          [0, 40],
        ],
        30,
      ),
    },
    {
      name: 'tee-overhang',
      what: 'T: a 40 mm cap on a 10 mm post (overhang-heavy)',
      soup: extrudeXZ(
        [
          [15, 0],
          [25, 0],
          [25, 30],
          [40, 30],
          [40, 36],
          [0, 36],
          [0, 30],
          [15, 30],
        ],
        30,
      ),
    },
    {
      name: 'arch-pi',
      what: 'Π: a slab on two legs (supported span)',
      soup: extrudeXZ(
        [
          [0, 0],
          [8, 0],
          [8, 25],
          [52, 25],
          [52, 0],
          [60, 0],
          [60, 31],
          [0, 31],
        ],
        25,
      ),
    },
    {
      name: 'ramp-overhang-60',
      what: 'wedge leaning out 60° from vertical',
      soup: extrudeXZ(
        [
          [0, 0],
          [10, 0],
          [10 + 20 * Math.tan((60 * Math.PI) / 180), 20],
          [0, 20],
        ],
        30,
      ),
    },
    {
      name: 'four-cubes',
      what: 'four 15 mm cubes: four shells',
      soup: [0, 1, 2, 3].flatMap((i) =>
        translate(box([0, 0, 0], [15, 15, 15]), [(i % 2) * 25, Math.floor(i / 2) * 25, 0]),
      ),
    },
    fromSolids('holes-60x40x15', 'block with two through-holes', solids.boxWithHoles()),
    fromSolids('mushroom', 'mushroom upright: 60 mm cap on a 20 mm stem', solids.mushroom()),
    fromSolids('wall-100x1.2x40', 'thin wall, 1.2 mm, longer', solids.thinWall()),
    fromSolids('three-cubes', 'three 10 mm cubes: three shells', solids.threeCubes()),
    fromSolids('tube-40x24x30', 'tube, 8 mm wall', solids.tube(20, 12, 30, 180)),
    fromSolids('sphere-50', 'sphere, supported below', solids.sphere(25, 180, 90)),
    fromSolids('torus-80x20', 'torus lying flat', solids.torus(30, 10, 180, 90)),
    {
      name: 'cone-40x40',
      what: 'cone, point up (small top layers)',
      soup: revolve(
        [
          [0, 0],
          [20, 0],
          [0, 40],
        ],
        96,
      ),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Slicer

interface Sliced {
  filamentCm3: number;
  hours: number;
}

async function slice(stl: string, profile: string): Promise<Sliced> {
  const gcode = stl.replace(/\.stl$/, '.gcode');
  await run_(SLICER, ['--export-gcode', '--load', profile, '--output', gcode, stl], {
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
  const text = readFileSync(gcode, 'utf8');
  const filament = /; filament used \[cm3\] = ([\d.]+)/.exec(text);
  const time = /; estimated printing time \(normal mode\) = (.+)/.exec(text);
  if (!filament || !time) throw new Error(`${path.basename(gcode)} has no filament or time comment`);
  return { filamentCm3: Number(filament[1]), hours: parseDuration(time[1]!) };
}

/** "1d 2h 3m 4s" → hours. */
function parseDuration(text: string): number {
  const units: Record<string, number> = { d: 24, h: 1, m: 1 / 60, s: 1 / 3600 };
  let hours = 0;
  for (const [, value, unit] of text.matchAll(/(\d+)([dhms])/g)) hours += Number(value) * units[unit!]!;
  return hours;
}

function signedPct(estimate: number, reference: number): string {
  const error = (estimate - reference) / reference;
  return `${error >= 0 ? '+' : ''}${(error * 100).toFixed(1)} %`;
}

export async function run(report: (label: string, value: string) => void): Promise<void> {
  if (!existsSync(SLICER)) {
    const message = `PrusaSlicer is missing (${SLICER}): install the Debian package prusa-slicer (apt-get install prusa-slicer) or set PRUSA_SLICER to its path; the geometry bench cannot calibrate without it.`;
    console.error(`\n  !!! ${message}\n`);
    throw new Error(message);
  }
  const data = pricingDataSchema.parse(raw);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'geometry-bench-'));
  const profile = path.join(dir, 'profile.ini');
  writeFileSync(profile, PROFILE);
  const misses: string[] = [];
  try {
    const parts = corpus();
    const measured: { part: Part; file: string; geometry: GeometryReport }[] = [];
    for (const part of parts) {
      const bytes = binaryStl(part.soup);
      const file = path.join(dir, `${part.name}.stl`);
      writeFileSync(file, bytes);
      // The same path as the server's upload check and the browser's worker.
      const geometry = await analyzeModel(bytes, data.buildVolumeMm ? { buildVolumeMm: data.buildVolumeMm } : {});
      measured.push({ part, file, geometry });
    }
    // Two at a time: one slicer per core of the shared machine.
    const sliced: (Sliced | Error)[] = new Array<Sliced | Error>(measured.length);
    let next = 0;
    await Promise.all(
      [0, 1].map(async () => {
        for (let i = next++; i < measured.length; i = next++) {
          sliced[i] = await slice(measured[i]!.file, profile).catch((error: unknown) =>
            error instanceof Error ? error : new Error(String(error)),
          );
        }
      }),
    );

    console.log(
      `\n  ${'part'.padEnd(18)} ${'est cm³'.padStart(8)} ${'slicer'.padStart(8)} ${'error'.padStart(9)}   ${'est h'.padStart(6)} ${'slicer'.padStart(6)} ${'error'.padStart(9)}  support cm³  problems`,
    );
    measured.forEach(({ part, geometry }, i) => {
      const estimate = estimatePrice({
        input: {
          size: {
            lengthMm: geometry.boundingBoxMm[0],
            widthMm: geometry.boundingBoxMm[1],
            heightMm: geometry.boundingBoxMm[2],
          },
          material: 'PETG',
          quantity: 1,
          environment: {},
          geometry,
          // The slicer prints the file as drawn.
          orientation: '+z',
        },
        data,
      });
      const mesh = estimate.measured;
      const slicer = sliced[i]!;
      if (!mesh) throw new Error(`${part.name} was not priced from its mesh`);
      if (slicer instanceof Error) {
        misses.push(part.name);
        console.log(`  ${part.name.padEnd(18)} SLICER FAILED: ${slicer.message.split('\n').slice(1).join(' ').trim()}`);
        return;
      }
      const volumeError = (mesh.printedVolumeCm3 - slicer.filamentCm3) / slicer.filamentCm3;
      const timeError = (mesh.printHours - slicer.hours) / slicer.hours;
      const miss = Math.abs(volumeError) > VOLUME_GOAL || Math.abs(timeError) > TIME_GOAL;
      if (miss) misses.push(part.name);
      console.log(
        `  ${part.name.padEnd(18)} ${mesh.printedVolumeCm3.toFixed(2).padStart(8)} ${slicer.filamentCm3.toFixed(2).padStart(8)} ${signedPct(mesh.printedVolumeCm3, slicer.filamentCm3).padStart(9)}   ${mesh.printHours.toFixed(2).padStart(6)} ${slicer.hours.toFixed(2).padStart(6)} ${signedPct(mesh.printHours, slicer.hours).padStart(9)}  ${mesh.supportCm3.toFixed(2).padStart(11)}  ${geometry.problems.join(',') || '-'}${part.heldOut ? '  held out' : ''}${miss ? '  MISS' : ''}`,
      );
    });
    console.log('');
    if (process.env.GEOMETRY_BENCH_KEEP) {
      const rows = measured.map(({ part, geometry }, i) => ({ name: part.name, geometry, slicer: sliced[i] }));
      writeFileSync(path.join(dir, 'results.json'), JSON.stringify(rows, null, 2));
    }
    report('parts', String(parts.length));
    report(
      `within ±${VOLUME_GOAL * 100} % volume and ±${TIME_GOAL * 100} % time`,
      `${parts.length - misses.length}/${parts.length}`,
    );
    if (misses.length > 0) report('OUTSIDE THE GOAL', misses.join(', '));

    // A sphere of 2 × around × rings triangles, as binary STL bytes: median of three analyses.
    for (const [around, rings] of [
      [100, 50],
      [316, 158],
      [1000, 500],
    ] as const) {
      const bytes = solids.binaryStl(solids.sphere(40, around, rings).positions);
      const count = new DataView(bytes.buffer).getUint32(80, true);
      const times: number[] = [];
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        await analyzeModel(bytes);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      report(`analyzeModel, ${count.toLocaleString('en')} triangles (median of 3)`, `${times[1]!.toFixed(0)} ms`);
    }
  } finally {
    if (process.env.GEOMETRY_BENCH_KEEP) report('STL, G-code and profile kept in', dir);
    else rmSync(dir, { recursive: true, force: true });
  }
}
