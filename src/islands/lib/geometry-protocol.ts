/**
 * The messages between a page and the geometry worker (`geometry-worker.ts`). The file's bytes go in
 * and the mesh's positions come back as transferred buffers, so a 50 MB model is never copied; prices
 * are asked for by message too, so the pricing code lives in the worker's bundle, not the page's.
 */
import type { GeometryErrorCode } from '../../domain/geometry/errors.js';
import type { GeometryReport, ModelFormat } from '../../domain/geometry/report.js';
import type { ModelPrice, ModelPriceInput } from './model-price.js';

export type WorkerRequest =
  | { id: number; kind: 'analyse'; format: ModelFormat; bytes: ArrayBuffer }
  | { id: number; kind: 'price'; input: ModelPriceInput };

export type AnalyseResult =
  | {
      ok: true;
      report: GeometryReport;
      /** Nine floats a triangle, in millimetres, for the preview. */
      positions: Float32Array;
      /** The preview's triangles are a simplified copy of a large mesh (the figures are the full mesh's). */
      previewSimplified: boolean;
      /** Time spent reading and measuring in the worker. */
      ms: number;
    }
  | {
      ok: false;
      /** The core's code, or 'failed' for anything it did not expect (the worker ran out of memory). */
      code: GeometryErrorCode | 'failed';
      /** Written for the customer when the core threw it; a generic sentence otherwise. */
      message: string;
    };

export type WorkerReply =
  { id: number; kind: 'analyse'; result: AnalyseResult } | { id: number; kind: 'price'; price: ModelPrice | null };
