/**
 * STEP's reader in the browser: occt-import-js (OpenCascade compiled to WASM, LGPL-2.1), imported by
 * the geometry worker only when a STEP file arrives. The 7.6 MB WASM file is emitted by Vite as a
 * hashed asset under /_astro/ (the `?url` import) and fetched from the same origin; compiling it needs
 * 'wasm-unsafe-eval' in the worker's Content-Security-Policy.
 */
import factory from 'occt-import-js';
import wasmUrl from 'occt-import-js/dist/occt-import-js.wasm?url';
import type { StepReader } from '../../domain/geometry/step.js';

let loading: Promise<StepReader> | undefined;

/** The worker's reader, instantiated once; a failed start is tried again with the next STEP file. */
export function loadStepReader(): Promise<StepReader> {
  loading ??= factory({ locateFile: (file) => (file.endsWith('.wasm') ? wasmUrl : file) }).then(
    // The module's result has the shape StepReadResult describes; its declaration says less.
    (occt) => occt as StepReader,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
