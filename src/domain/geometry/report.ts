/**
 * What the geometry core measures in a 3D file (STL, 3MF, STEP): the contract shared by the browser's
 * analysis worker, the server's upload check (`POST /api/uploads` answers with `geometry`), pricing and
 * the pages. Pure types; the measuring lives beside this file. Lengths in millimetres after units are
 * applied, areas in mm², volumes in mm³.
 */

export type ModelFormat = 'stl' | '3mf' | 'step';

/** The length unit the file's numbers were read in (3MF declares it; STL and STEP are taken as mm). */
export type LengthUnit = 'mm' | 'cm' | 'm' | 'in' | 'ft' | 'micron';

/**
 * Which way is up when printing: the part's own axis that points up on the bed ('+z': as drawn; '-z':
 * upside down; '+x': lying so that the part's +X axis points up).
 */
export type Orientation = '+z' | '-z' | '+x' | '-x' | '+y' | '-y';

/** Overhang and support for one orientation. */
export interface OrientationFigures {
  up: Orientation;
  /** Height on the bed in this orientation. */
  heightMm: number;
  /** Downward-facing area steeper than the overhang limit (45° from vertical), not on the bed. */
  overhangAreaMm2: number;
  /** Estimated support material under those faces, down to the bed or the part. */
  supportVolumeMm3: number;
}

/** Problems a person can act on, each with a code the pages turn into words. */
export type GeometryProblem =
  | 'not_watertight' // some edge is not shared by exactly two faces
  | 'inconsistent_orientation' // neighbouring faces disagree on which side is out
  | 'inside_out' // every face points in: the volume came out negative and was flipped
  | 'zero_volume' // flat or empty: nothing to print
  | 'too_small' // under ~3 mm on its longest side: probably drawn in inches or metres
  | 'too_large' // over the build volume: too big, or drawn in the wrong unit
  | 'too_many_triangles'; // over the analysis limit: measured figures are absent

/** A guess that the file's unit is wrong, and what it would be in the unit offered. */
export interface UnitSuggestion {
  /** The unit the numbers were probably drawn in. */
  unit: LengthUnit;
  /** Multiply the measured lengths by this to get millimetres in that unit. */
  scale: number;
  boundingBoxMm: [number, number, number];
}

export interface GeometryReport {
  format: ModelFormat;
  units: LengthUnit;
  triangleCount: number;
  /** Enclosed volume (absolute value when the mesh is inside out). */
  volumeMm3: number;
  surfaceAreaMm2: number;
  /** Extent along x, y, z in the file's own orientation. */
  boundingBoxMm: [number, number, number];
  /** Connected pieces (faces joined through shared edges). */
  shells: number;
  /** Every edge shared by exactly two faces, with consistent orientation. */
  watertight: boolean;
  /** The orientation the figures below and the price use: the suggested one. */
  orientation: OrientationFigures;
  /** All six axis-aligned orientations, least support first. */
  orientations: OrientationFigures[];
  /** Set when the size looks like the wrong unit. */
  unitSuggestion?: UnitSuggestion;
  problems: GeometryProblem[];
}

/** A measured file as stored and answered by the server: the report plus the file's SHA-256 (hex). */
export interface MeasuredGeometry extends GeometryReport {
  sha256: string;
}
