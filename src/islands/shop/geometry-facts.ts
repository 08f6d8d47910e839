/**
 * A measured 3D file in words for the shop's request page: size, volume, surface, triangles, shells,
 * whether it is watertight or what is wrong with it, and the orientation the estimate assumes with its
 * support. DOM-free so it is unit-tested in Node. The figures are the server's, measured on upload
 * (architecture §5), never the browser's.
 */
import type { FileView, MeasuredGeometry } from '../../domain/contracts/file-view.js';
import type { GeometryProblem, LengthUnit, Orientation, OrientationFigures } from '../../domain/geometry/report.js';

/** What the shop reads about a problem, and what it means for the print. */
export const PROBLEM_WORDS: Record<GeometryProblem, string> = {
  not_watertight: 'Not watertight: some edges are open or shared by more than two faces, so the volume is approximate',
  inconsistent_orientation: 'Some neighbouring faces disagree on which side is outside',
  inside_out: 'Inside out: every face points inwards (measured as if turned the right way)',
  zero_volume: 'No volume: the mesh is flat or empty, nothing to print',
  too_small: 'Under 3 mm on its longest side: probably drawn in inches or metres',
  too_large: 'Larger than the build volume, or drawn in the wrong unit',
  too_many_triangles: 'Too many triangles to measure: volume and surface are missing',
};

const UP_WORDS: Record<Orientation, string> = {
  '+z': 'as drawn (+Z up)',
  '-z': 'upside down (−Z up)',
  '+x': 'on its side, +X up',
  '-x': 'on its side, −X up',
  '+y': 'on its side, +Y up',
  '-y': 'on its side, −Y up',
};

const UNIT_WORDS: Record<LengthUnit, string> = {
  mm: 'millimetres',
  cm: 'centimetres',
  m: 'metres',
  in: 'inches',
  ft: 'feet',
  micron: 'microns',
};

const LOCALE = 'en-GB';

function number(value: number, digits: number): string {
  return value.toLocaleString(LOCALE, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** Lengths to 0.1 mm: "120 × 40 × 30.5 mm". */
export function sizeWords(box: readonly [number, number, number]): string {
  return `${box.map((side) => number(side, 1)).join(' × ')} mm`;
}

/** cm³ reads better than mm³ for parts a hand can hold; one decimal, more for tiny parts. */
export function volumeWords(mm3: number): string {
  const cm3 = mm3 / 1000;
  return `${number(cm3, cm3 < 1 ? 3 : 1)} cm³`;
}

export function areaWords(mm2: number): string {
  const cm2 = mm2 / 100;
  return `${number(cm2, cm2 < 1 ? 3 : 1)} cm²`;
}

/** "as drawn (+Z up), 30 mm tall; overhangs 2.1 cm², support about 0.4 cm³" */
export function orientationWords(figures: OrientationFigures): string {
  const support =
    figures.supportVolumeMm3 > 0
      ? `overhangs ${areaWords(figures.overhangAreaMm2)}, support about ${volumeWords(figures.supportVolumeMm3)}`
      : 'no support needed';
  return `${UP_WORDS[figures.up]}, ${number(figures.heightMm, 1)} mm tall; ${support}`;
}

export interface GeometryFact {
  label: string;
  value: string;
  /** A figure the shop should look at before pricing from it. */
  attention?: boolean;
}

/** The facts of one measured file, in the order the page lists them. */
export function geometryFacts(geometry: MeasuredGeometry): GeometryFact[] {
  const facts: GeometryFact[] = [
    { label: 'Measured size', value: sizeWords(geometry.boundingBoxMm) },
    { label: 'Volume', value: volumeWords(geometry.volumeMm3) },
    { label: 'Surface', value: areaWords(geometry.surfaceAreaMm2) },
    { label: 'Triangles', value: number(geometry.triangleCount, 0) },
    { label: 'Shells', value: number(geometry.shells, 0) },
    geometry.problems.length === 0 && geometry.watertight
      ? { label: 'Mesh', value: 'Watertight, no problems found' }
      : {
          label: 'Mesh',
          value: problemWords(geometry),
          attention: true,
        },
    { label: 'Suggested orientation', value: orientationWords(geometry.orientation) },
  ];
  if (geometry.unitSuggestion) {
    const { unit, boundingBoxMm } = geometry.unitSuggestion;
    facts.push({
      label: 'Unit',
      value: `Read in ${UNIT_WORDS[geometry.units]}; if it was drawn in ${UNIT_WORDS[unit]} it is ${sizeWords(boundingBoxMm)}`,
      attention: true,
    });
  } else if (geometry.units !== 'mm') {
    facts.push({ label: 'Unit', value: `Drawn in ${UNIT_WORDS[geometry.units]}, shown here in mm` });
  }
  return facts;
}

function problemWords(geometry: MeasuredGeometry): string {
  const problems = geometry.problems.map((problem) => PROBLEM_WORDS[problem]);
  // A report that says "not watertight" without naming why still says so.
  if (!geometry.watertight && !geometry.problems.includes('not_watertight')) {
    problems.unshift(PROBLEM_WORDS.not_watertight);
  }
  return `${problems.join('. ')}.`;
}

/** What the page shows for a file: figures for a measured 3D file, the note for an unmeasured one. */
export type FileGeometry =
  { kind: 'measured'; facts: GeometryFact[] } | { kind: 'unmeasured'; note: string } | { kind: 'none' };

export function fileGeometry(file: Pick<FileView, 'kind' | 'geometry' | 'geometryNote'>): FileGeometry {
  if (file.geometry) return { kind: 'measured', facts: geometryFacts(file.geometry) };
  if (file.kind === 'cad') {
    return { kind: 'unmeasured', note: file.geometryNote ?? 'This 3D file was not measured; size it by hand.' };
  }
  return { kind: 'none' };
}
