/**
 * The geometry worker: reads and measures a 3D file off the main thread, so dropping a million-triangle
 * STL never freezes the form, and prices the measured part. It runs the same pure core the server uses
 * (domain/geometry), which uses no DOM API (no DOMParser, which a worker lacks). STEP's WASM reader is
 * loaded only when a STEP file arrives.
 */
import raw from '../../../content/shop/pricing.json' with { type: 'json' };
import { detectModelFormat } from '../../domain/geometry/analyze.js';
import { GeometryError } from '../../domain/geometry/errors.js';
import { measureMesh } from '../../domain/geometry/measure.js';
import type { Mesh } from '../../domain/geometry/mesh.js';
import type { ModelFormat } from '../../domain/geometry/report.js';
import { parseStep } from '../../domain/geometry/step.js';
import { parseStl } from '../../domain/geometry/stl.js';
import { parse3mf } from '../../domain/geometry/three-mf.js';
import { pricingDataSchema } from '../../domain/pricing.js';
import type { AnalyseResult, WorkerReply, WorkerRequest } from './geometry-protocol.js';
import { priceModel } from './model-price.js';
import { previewMesh } from './preview-mesh.js';

// The project compiles against the DOM library, not the worker one; this is the part of the worker's
// global scope used here.
declare const self: {
  onmessage: ((event: MessageEvent<WorkerRequest>) => void) | null;
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
};

const pricing = pricingDataSchema.parse(raw);

/**
 * The core's two steps, read then measure, as analyzeModel runs them, because the preview needs the
 * mesh as well as the report. The WASM reader's module is imported only here, for a STEP file.
 */
async function readMesh(bytes: Uint8Array, format: ModelFormat): Promise<Mesh> {
  if (format === 'stl') return parseStl(bytes);
  if (format === '3mf') return parse3mf(bytes);
  return parseStep(bytes, async () => (await import('./step-reader.js')).loadStepReader());
}

async function analyse(
  bytes: ArrayBuffer,
  format: ModelFormat,
): Promise<{ result: AnalyseResult; transfer: Transferable[] }> {
  const started = performance.now();
  try {
    const data = new Uint8Array(bytes);
    // The bytes say what the file is; the name only when they do not (a damaged file is read as named).
    const detected = detectModelFormat(data) ?? format;
    const mesh = await readMesh(data, detected);
    const { buildVolumeMm } = pricing;
    const report = measureMesh(mesh, buildVolumeMm ? { format: detected, buildVolumeMm } : { format: detected });
    const preview = previewMesh(mesh.positions, mesh.triangleCount);
    return {
      result: {
        ok: true,
        report,
        positions: preview.positions,
        previewSimplified: preview.simplified,
        ms: performance.now() - started,
      },
      transfer: [preview.positions.buffer],
    };
  } catch (error) {
    const result: AnalyseResult =
      error instanceof GeometryError
        ? { ok: false, code: error.code, message: error.message }
        : { ok: false, code: 'failed', message: 'This file could not be measured here.' };
    return { result, transfer: [] };
  }
}

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.kind === 'price') {
    self.postMessage({ id: request.id, kind: 'price', price: priceModel(request.input, pricing) });
    return;
  }
  void analyse(request.bytes, request.format).then(({ result, transfer }) =>
    self.postMessage({ id: request.id, kind: 'analyse', result }, transfer),
  );
};
