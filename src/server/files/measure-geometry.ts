/**
 * Measures an uploaded 3D file with the geometry core the browser uses too (domain/geometry), so the
 * figures the shop prices from are the server's own, read from the stored bytes, never what a browser
 * reported (architecture §5). A file the core cannot measure is still a valid upload (it passed the
 * format check): it is stored without figures and the shop sizes it by hand.
 *
 * Runs in the function's own process, within its 15 s (architecture §9). STL and 3MF are bounded by
 * the upload limit (UPLOAD_MAX_BYTES: at most some hundred thousand triangles, well under a second).
 * STEP is not: the kernel's triangulation time follows the model's faces, not its bytes, so the kernel
 * runs on a worker thread with a deadline (`step-worker.ts`), and only the mesh it returns is measured here.
 */
import {
  analyzeModel,
  GeometryError,
  measureIndexedMesh,
  STEP_TRIANGULATION,
  type IndexedMesh,
  type LoadStepReader,
  type MeasuredGeometry,
  type ModelFormat,
} from '../../domain/geometry/index.js';
import pricing from '../../../content/shop/pricing.json' with { type: 'json' };
import { pricingDataSchema } from '../../domain/pricing.js';
import { getConfig } from '../config.js';
import { errorCode } from '../error-code.js';
import { readStepInWorker, StepDeadlineError } from './step-worker.js';

/**
 * What the STEP kernel may take, its loading included (about 1.5 s), leaving the rest of 15 s to the
 * upload. The STEP_DEADLINE_MS variable overrides it for every upload (a longer maxDuration in
 * vercel.json allows a longer one).
 */
export const STEP_DEADLINE_MS = 9_000;

let buildVolume: readonly [number, number, number] | undefined | null = null;

/** The shop's printers' build volume (content/shop/pricing.json), which "too large" is judged against. */
function shopBuildVolume(): readonly [number, number, number] | undefined {
  if (buildVolume === null) buildVolume = pricingDataSchema.parse(pricing).buildVolumeMm;
  return buildVolume;
}

export interface MeasureGeometryOptions {
  data: Uint8Array;
  format: ModelFormat;
  /** SHA-256 (hex) of the same bytes, stored with the figures. */
  sha256: string;
  /** Overrides the configured deadline (STEP_DEADLINE_MS, or the default above). */
  stepDeadlineMs?: number;
}

export type MeasuredUpload =
  | { geometry: MeasuredGeometry }
  | {
      geometry: null;
      /** For the log line: the core's code (`unreadable`, `empty`, …), `timeout`, or the error's class. */
      reason: string;
      /** The file could not be measured (expected); otherwise the core itself failed, worth an operator's look. */
      refused: boolean;
    };

export async function measureGeometry({
  data,
  format,
  sha256,
  stepDeadlineMs = getConfig().uploads.stepDeadlineMs ?? STEP_DEADLINE_MS,
}: MeasureGeometryOptions): Promise<MeasuredUpload> {
  try {
    const loadStepReader = format === 'step' ? await readStep(data, stepDeadlineMs) : undefined;
    const buildVolumeMm = shopBuildVolume();
    const report = await analyzeModel(data, {
      format,
      ...(buildVolumeMm ? { buildVolumeMm } : {}),
      ...(loadStepReader ? { loadStepReader } : {}),
    });
    return { geometry: { ...report, sha256 } };
  } catch (error) {
    if (error instanceof GeometryError) return { geometry: null, reason: error.code, refused: true };
    if (error instanceof StepDeadlineError) return { geometry: null, reason: 'timeout', refused: true };
    // Whatever else the core throws on a hostile file must not cost the customer the upload.
    return { geometry: null, reason: errorCode(error), refused: false };
  }
}

export interface MeasureDecodedMeshOptions {
  /** Returns the mesh a streaming reader built (it may throw the core's GeometryError). */
  decode: () => IndexedMesh;
  format: ModelFormat;
  sha256: string;
}

/** The same measuring and the same outcomes as `measureGeometry`, for a mesh read as it streamed (§15). */
export function measureDecodedMesh({ decode, format, sha256 }: MeasureDecodedMeshOptions): MeasuredUpload {
  try {
    const buildVolumeMm = shopBuildVolume();
    const report = measureIndexedMesh(decode(), buildVolumeMm ? { format, buildVolumeMm } : { format });
    return { geometry: { ...report, sha256 } };
  } catch (error) {
    if (error instanceof GeometryError) return { geometry: null, reason: error.code, refused: true };
    return { geometry: null, reason: errorCode(error), refused: false };
  }
}

/**
 * Runs the kernel on the worker, then hands the core a reader that answers with that result, so the
 * core reads the kernel's mesh exactly as it does in the browser. A kernel failure becomes the
 * reader's exception, which the core words as an unreadable file; a deadline passes through.
 */
async function readStep(data: Uint8Array, deadlineMs: number): Promise<LoadStepReader> {
  let outcome: { result: Awaited<ReturnType<typeof readStepInWorker>> } | { failure: unknown };
  try {
    outcome = { result: await readStepInWorker({ bytes: data, params: STEP_TRIANGULATION, deadlineMs }) };
  } catch (error) {
    if (error instanceof StepDeadlineError) throw error;
    outcome = { failure: error };
  }
  return () =>
    Promise.resolve({
      ReadStepFile: () => {
        if ('failure' in outcome) throw outcome.failure;
        return outcome.result;
      },
    });
}

/** The core's format name for a stored CAD file's extension (file-types.ts `detectCad`). */
export function modelFormatOf(extension: string): ModelFormat | undefined {
  return extension === 'stl' || extension === '3mf' || extension === 'step' ? extension : undefined;
}
