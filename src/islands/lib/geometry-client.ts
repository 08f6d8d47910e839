/**
 * The page's side of the geometry worker: one worker for the page, started on the first 3D file; one
 * analysis per chosen file (kept, so going back to the files step shows it again at once); prices asked
 * of the same worker. This module is itself loaded with a dynamic `import()`, so a page pays for none of
 * it until a model arrives.
 */
import type { ModelFormat } from '../../domain/geometry/report.js';
import type { AnalyseResult, WorkerReply, WorkerRequest } from './geometry-protocol.js';
import type { ModelPrice, ModelPriceInput } from './model-price.js';

export type { AnalyseResult as ModelAnalysis } from './geometry-protocol.js';
export type { ModelPrice } from './model-price.js';

const FORMATS: Record<string, ModelFormat> = { stl: 'stl', '3mf': '3mf', step: 'step', stp: 'step' };

/** The 3D format a file name says, or undefined for anything else (images). */
export function modelFormatOf(name: string): ModelFormat | undefined {
  const dot = name.lastIndexOf('.');
  return dot === -1 ? undefined : FORMATS[name.slice(dot + 1).toLowerCase()];
}

const FAILED: AnalyseResult = {
  ok: false,
  code: 'failed',
  message: 'This file could not be measured in your browser.',
};

let worker: Worker | undefined;
let nextId = 0;
const waiting = new Map<number, (reply: WorkerReply | null) => void>();
const analyses = new WeakMap<Blob, Promise<AnalyseResult>>();

function startWorker(): Worker {
  // Vite bundles the worker as its own file (served from /_astro/, allowed by the CSP's 'self').
  const started = new Worker(new URL('./geometry-worker.ts', import.meta.url), { type: 'module', name: 'geometry' });
  started.onmessage = (event: MessageEvent<WorkerReply>) => {
    waiting.get(event.data.id)?.(event.data);
    waiting.delete(event.data.id);
  };
  started.onerror = (event) => {
    // A worker that fails to load or dies (out of memory) fails what it was given; the next file starts a new one.
    event.preventDefault();
    for (const resolve of waiting.values()) resolve(null);
    waiting.clear();
    started.terminate();
    if (worker === started) worker = undefined;
  };
  return started;
}

/** A request before it is numbered (Omit over each member, so the kinds stay told apart). */
type Unsent = WorkerRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

function ask(request: Unsent, transfer: Transferable[] = []): Promise<WorkerReply | null> {
  return new Promise((resolve) => {
    worker ??= startWorker();
    nextId += 1;
    waiting.set(nextId, resolve);
    worker.postMessage({ ...request, id: nextId }, transfer);
  });
}

/** Reads and measures the file in the worker; never rejects (a problem comes back as `ok: false`). */
export function analyseModelFile(file: Blob, format: ModelFormat): Promise<AnalyseResult> {
  const known = analyses.get(file);
  if (known) return known;
  const analysis = file.arrayBuffer().then(
    // Transferred, not copied: the page keeps no second copy of the file's bytes.
    async (bytes) => {
      const reply = await ask({ kind: 'analyse', format, bytes }, [bytes]);
      return reply?.kind === 'analyse' ? reply.result : FAILED;
    },
    (): AnalyseResult => ({ ok: false, code: 'failed', message: 'Your browser could not read this file.' }),
  );
  analyses.set(file, analysis);
  return analysis;
}

/** The instant price for a measured part, or null when there is none to give. */
export async function priceMeasuredModel(input: ModelPriceInput): Promise<ModelPrice | null> {
  const reply = await ask({ kind: 'price', input });
  return reply?.kind === 'price' ? reply.price : null;
}
