/**
 * Loads the STEP reader (occt-import-js: OpenCascade as WASM, LGPL-2.1) in Node, once per process and
 * only when the first STEP file arrives. The package is CommonJS without types, so it is required
 * through createRequire and typed by the domain's StepReader; the WASM is located with require.resolve,
 * which also tells the deployment's file tracer to ship it beside the function.
 */
import { createRequire } from 'node:module';
import type { StepReader, StepReadParams, StepReadResult } from '../../domain/geometry/step.js';

type OcctFactory = (module?: {
  locateFile?: (file: string) => string;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}) => Promise<StepReader>;

const require = createRequire(import.meta.url);

let loading: Promise<StepReader> | undefined;

/** The process's reader; a reader that crashed (a WASM abort leaves the instance unusable) is replaced. */
export function loadStepReader(): Promise<StepReader> {
  loading ??= instantiate().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

/** Alias naming where it runs, for callers that also deal with the browser's loader. */
export const loadStepReaderNode = loadStepReader;

async function instantiate(): Promise<StepReader> {
  const factory = require('occt-import-js') as OcctFactory;
  const wasm = require.resolve('occt-import-js/dist/occt-import-js.wasm');
  // OpenCascade narrates every parse error on stdout; a bad file is answered as unreadable instead.
  const quiet = (): void => undefined;
  const occt = await factory({
    locateFile: (file) => (file.endsWith('.wasm') ? wasm : file),
    print: quiet,
    printErr: quiet,
  });
  return {
    ReadStepFile(content: Uint8Array, params: StepReadParams | null): StepReadResult {
      try {
        return occt.ReadStepFile(content, params);
      } catch (error) {
        loading = undefined;
        throw error;
      }
    },
  };
}
