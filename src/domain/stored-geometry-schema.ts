/**
 * The schema of `files.geometry`: what the upload stored for a measured 3D file, the geometry core's
 * report plus the file's SHA-256 (`MeasuredGeometry`, domain/geometry/report.ts). Read back through
 * `parseStoredJson` (stored-json.ts) instead of a cast. Loose objects: figures a later core adds are
 * kept as they were stored.
 */
import { z } from 'zod/mini';
import type {
  GeometryProblem,
  LengthUnit,
  MeasuredGeometry,
  ModelFormat,
  Orientation,
  OrientationFigures,
} from './geometry/report.js';

const MODEL_FORMATS = ['stl', '3mf', 'step'] as const satisfies readonly ModelFormat[];
const LENGTH_UNITS = ['mm', 'cm', 'm', 'in', 'ft', 'micron'] as const satisfies readonly LengthUnit[];
const ORIENTATIONS = ['+z', '-z', '+x', '-x', '+y', '-y'] as const satisfies readonly Orientation[];
const PROBLEMS = [
  'not_watertight',
  'inconsistent_orientation',
  'inside_out',
  'zero_volume',
  'too_small',
  'too_large',
  'too_many_triangles',
] as const satisfies readonly GeometryProblem[];

// The lists above must name every member of their type, or a stored report with a new code would fail
// to read back: these lines stop compiling when the contract gains a member the list lacks.
type Missing<All, Listed> = Exclude<All, Listed> extends never ? true : never;
const complete: [
  Missing<ModelFormat, (typeof MODEL_FORMATS)[number]>,
  Missing<LengthUnit, (typeof LENGTH_UNITS)[number]>,
  Missing<Orientation, (typeof ORIENTATIONS)[number]>,
  Missing<GeometryProblem, (typeof PROBLEMS)[number]>,
] = [true, true, true, true];
void complete;

const amount = () => z.number().check(z.minimum(0));
const count = () => z.number().check(z.int(), z.minimum(0));
const box = () => z.tuple([amount(), amount(), amount()]);

const orientationSchema = z.looseObject({
  up: z.enum(ORIENTATIONS),
  heightMm: amount(),
  overhangAreaMm2: amount(),
  supportVolumeMm3: amount(),
}) satisfies z.ZodMiniType<OrientationFigures>;

export const storedGeometrySchema = z.looseObject({
  format: z.enum(MODEL_FORMATS),
  units: z.enum(LENGTH_UNITS),
  triangleCount: count(),
  volumeMm3: amount(),
  surfaceAreaMm2: amount(),
  boundingBoxMm: box(),
  shells: count(),
  watertight: z.boolean(),
  orientation: orientationSchema,
  orientations: z.array(orientationSchema),
  unitSuggestion: z.optional(
    z.looseObject({ unit: z.enum(LENGTH_UNITS), scale: z.number().check(z.positive()), boundingBoxMm: box() }),
  ),
  problems: z.array(z.enum(PROBLEMS)),
  sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
}) satisfies z.ZodMiniType<MeasuredGeometry>;
