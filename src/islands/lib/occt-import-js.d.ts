/**
 * occt-import-js ships no types; what the browser's STEP reader (step-reader.ts) uses of it. The
 * module object has `ReadStepFile`, typed where it is read (domain/geometry/step.ts `StepReader`).
 */
declare module 'occt-import-js' {
  /** Emscripten's module factory: resolves to the module object once its WASM is instantiated. */
  export default function occtImportJs(module?: { locateFile?: (file: string) => string }): Promise<{
    ReadStepFile(content: Uint8Array, params: object | null): { success: boolean; meshes?: unknown[] };
  }>;
}
