/**
 * One entry for every caller (the browser's analysis worker, the server's upload check): tell the
 * format from the bytes, read the mesh, measure it.
 */
import { GeometryError } from './errors.js';
import { measureMesh } from './measure.js';
import type { Mesh } from './mesh.js';
import type { GeometryReport, ModelFormat } from './report.js';
import { parseStep, type LoadStepReader } from './step.js';
import { isBinaryStl, looksLikeAsciiStl, parseStl } from './stl.js';
import { parse3mf } from './three-mf.js';

export interface AnalyzeModelOptions {
  /** The format, when the caller already knows it; otherwise it is told from the bytes. */
  format?: ModelFormat;
  buildVolumeMm?: readonly [number, number, number];
  /** Needed for STEP only; called only when a STEP file arrives. */
  loadStepReader?: LoadStepReader;
  maxTriangles?: number;
}

export async function analyzeModel(
  bytes: Uint8Array,
  { format = detectModelFormat(bytes), buildVolumeMm, loadStepReader, maxTriangles }: AnalyzeModelOptions = {},
): Promise<GeometryReport> {
  if (!format) {
    throw new GeometryError(
      'unsupported',
      'This file is not an STL, 3MF or STEP model. Export the part in one of those and try again.',
    );
  }
  const limit = maxTriangles === undefined ? {} : { maxTriangles };
  let mesh: Mesh;
  if (format === 'stl') mesh = parseStl(bytes, limit);
  else if (format === '3mf') mesh = parse3mf(bytes, limit);
  else {
    if (!loadStepReader) {
      throw new GeometryError(
        'unsupported',
        'STEP files cannot be measured here. Your file is fine; we will size it from the dimensions you typed.',
      );
    }
    mesh = await parseStep(bytes, loadStepReader, limit);
  }
  return measureMesh(mesh, buildVolumeMm ? { format, buildVolumeMm } : { format });
}

/** STL (binary by size, ASCII by its "solid … facet" text), 3MF (a ZIP), STEP (its ISO 10303-21 header). */
export function detectModelFormat(bytes: Uint8Array): ModelFormat | undefined {
  if (isBinaryStl(bytes) || looksLikeAsciiStl(bytes)) return 'stl';
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    return '3mf';
  const head = new TextDecoder('latin1')
    .decode(bytes.subarray(0, 64))
    .replace(/^\uFEFF|^ï»¿/, '')
    .trimStart();
  if (head.startsWith('ISO-10303-21;')) return 'step';
  return undefined;
}
