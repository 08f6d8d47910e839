/**
 * The geometry core (architecture §3: pure, shared by the browser's analysis worker and the server):
 * reads STL, 3MF and STEP into a triangle soup, welds it and measures it into a GeometryReport.
 */
export { analyzeModel, detectModelFormat, type AnalyzeModelOptions } from './analyze.js';
export { GeometryError, MAX_TRIANGLES, type GeometryErrorCode } from './errors.js';
export {
  DEFAULT_BUILD_VOLUME_MM,
  fitsBuildVolume,
  measureIndexedMesh,
  measureMesh,
  type MeasureMeshOptions,
} from './measure.js';
export { MM_PER_UNIT, type IndexedMesh, type Mesh } from './mesh.js';
export type * from './report.js';
export {
  parseStep,
  STEP_TRIANGULATION,
  type LoadStepReader,
  type StepReader,
  type StepReadParams,
  type StepReadResult,
} from './step.js';
export { parseStl } from './stl.js';
export { parse3mf } from './three-mf.js';
export { BinaryStlStream } from './stl-stream.js';
