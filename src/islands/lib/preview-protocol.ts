/**
 * The messages between a page and the preview worker (`preview-worker.ts`). The canvas and the
 * preview's positions go in transferred, not copied, and the positions come back the same way when
 * the preview closes, so the analysis the page keeps can be shown again; everything else is a few
 * numbers: a view, a size, a turn, zoom or pan.
 */
import type { PreviewColours, PreviewSize, PreviewView } from './model-preview.js';
import type { OrbitInput } from './orbit-camera.js';

export type PreviewRequest =
  | {
      id: number;
      kind: 'open';
      canvas: OffscreenCanvas;
      positions: Float32Array;
      insideOut: boolean;
      colours: PreviewColours;
      size: PreviewSize;
      view: PreviewView;
    }
  | { id: number; kind: 'show'; view: PreviewView }
  | { id: number; kind: 'input'; input: OrbitInput }
  | { id: number; kind: 'resize'; size: PreviewSize }
  | { id: number; kind: 'close' };

export type PreviewReply =
  /** The renderer is set up on the canvas. */
  | { id: number; kind: 'opened'; ok: true }
  /** No WebGL 2 for an OffscreenCanvas here (or the renderer failed to start): the positions come back, and the page may draw itself. */
  | { id: number; kind: 'opened'; ok: false; positions: Float32Array }
  /** The first frame with the part in it is on the canvas. */
  | { id: number; kind: 'drawn' }
  /** The preview is gone and its positions are the page's again. */
  | { id: number; kind: 'closed'; positions: Float32Array };

/** What the worker posts: `ready` once, when it has loaded (three.js included), then replies. */
export type PreviewWorkerMessage = { kind: 'ready' } | PreviewReply;
