/**
 * Reads a STEP file with OpenCascade (occt-import-js, WASM) on a worker thread of the function's own
 * process, stopped at a deadline. Triangulating a B-rep is not bounded by the file's size the way an
 * STL or 3MF is: a 360 KB STEP of 600 planar faces took 19 s here, and the kernel's synchronous WASM
 * cannot be interrupted on the main thread. An upload function may run 15 s (architecture §9), so
 * the kernel gets a deadline and is terminated when it passes; the file is then stored unmeasured.
 *
 * The worker is plain JavaScript evaluated from a string, so it needs no build step of its own. The
 * package's script and WASM are named by `new URL(…, import.meta.url)`, the form Vercel's file tracer
 * follows (it does not follow require.resolve), so both ship beside the function (architecture §9);
 * require.resolve is the fallback where node_modules sits elsewhere.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { StepReadParams, StepReadResult } from '../../domain/geometry/index.js';

const require = createRequire(import.meta.url);

function kernelFile(url: URL, specifier: string): string {
  const path = fileURLToPath(url);
  return existsSync(path) ? path : require.resolve(specifier);
}

const KERNEL = {
  main: kernelFile(
    new URL('../../../node_modules/occt-import-js/dist/occt-import-js.js', import.meta.url),
    'occt-import-js',
  ),
  wasm: kernelFile(
    new URL('../../../node_modules/occt-import-js/dist/occt-import-js.wasm', import.meta.url),
    'occt-import-js/dist/occt-import-js.wasm',
  ),
};

/** The deadline passed before the kernel finished. */
export class StepDeadlineError extends Error {
  override readonly name = 'StepDeadlineError';
}

/** The kernel failed (a WASM abort, an exception) without a result. */
export class StepWorkerError extends Error {
  override readonly name = 'StepWorkerError';
}

export interface ReadStepInWorkerOptions {
  bytes: Uint8Array;
  params: StepReadParams;
  /** Milliseconds from the start, the kernel's loading included. */
  deadlineMs: number;
}

// Runs in the worker: load the kernel, read the file, send back only the arrays the core reads, as
// transferable typed arrays (the kernel answers with plain arrays, slow to copy between threads).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const factory = require(workerData.main);
factory({ locateFile: (file) => (file.endsWith('.wasm') ? workerData.wasm : file) })
  .then((occt) => {
    const result = occt.ReadStepFile(workerData.bytes, workerData.params);
    const transfer = [];
    const meshes = (result.meshes || []).map((mesh) => {
      const position = Float32Array.from(mesh.attributes.position.array);
      transfer.push(position.buffer);
      const out = { attributes: { position: { array: position } } };
      if (mesh.index) {
        const index = Uint32Array.from(mesh.index.array);
        transfer.push(index.buffer);
        out.index = { array: index };
      }
      return out;
    });
    parentPort.postMessage({ ok: true, result: { success: Boolean(result.success), meshes } }, transfer);
  })
  .catch((error) => parentPort.postMessage({ ok: false, name: (error && error.name) || 'Error' }));
`;

type WorkerAnswer = { ok: true; result: StepReadResult } | { ok: false; name: string };

/**
 * Kernels running at once in this process. Each holds its own WASM memory (tens of MB, more for a
 * large model), and one instance may serve several uploads at once; the rest wait their turn, and the
 * wait counts against their deadline.
 */
export const MAX_KERNELS = 2;
let running = 0;
const waiting: (() => void)[] = [];

function releaseKernel(): void {
  running--;
  waiting.shift()?.();
}

function acquireKernel(deadlineMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const grant = () => {
      clearTimeout(timer);
      running++;
      resolve();
    };
    const timer = setTimeout(() => {
      const at = waiting.indexOf(grant);
      if (at >= 0) waiting.splice(at, 1);
      reject(new StepDeadlineError(`no STEP reader free within ${deadlineMs} ms`));
    }, deadlineMs);
    if (running < MAX_KERNELS) grant();
    else waiting.push(grant);
  });
}

export async function readStepInWorker({
  bytes,
  params,
  deadlineMs,
}: ReadStepInWorkerOptions): Promise<StepReadResult> {
  const started = Date.now();
  await acquireKernel(deadlineMs);
  try {
    return await runKernel({ bytes, params, deadlineMs: Math.max(0, deadlineMs - (Date.now() - started)) });
  } finally {
    releaseKernel();
  }
}

function runKernel({ bytes, params, deadlineMs }: ReadStepInWorkerOptions): Promise<StepReadResult> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { ...KERNEL, bytes, params },
  });
  return new Promise<StepReadResult>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      outcome();
    };
    const timer = setTimeout(() => {
      settle(() => reject(new StepDeadlineError(`STEP reader passed its ${deadlineMs} ms deadline`)));
    }, deadlineMs);
    worker.on('message', (answer: WorkerAnswer) => {
      settle(() =>
        answer.ok ? resolve(answer.result) : reject(new StepWorkerError(`STEP reader threw ${answer.name}`)),
      );
    });
    worker.on('error', (error: unknown) =>
      settle(() => reject(new StepWorkerError(`STEP reader failed: ${error instanceof Error ? error.name : 'error'}`))),
    );
    worker.on('exit', (code) => settle(() => reject(new StepWorkerError(`STEP reader exited with ${code}`))));
  });
}
