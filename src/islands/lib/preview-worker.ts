/**
 * The preview worker: draws each 3D preview with three.js on the canvas the page transferred to it
 * (`transferControlToOffscreen`), so the WebGL setup and every redraw stay off the page's main thread;
 * the page only forwards the customer's gestures (preview-client.ts, docs/architecture.md §3.4).
 *
 * A worker of its own rather than the geometry worker's thread: a redraw never waits behind a model
 * being measured (a STEP file can take seconds), three.js is not in the bundle the first figures wait
 * for, and this script runs under the pages' own Content-Security-Policy, not the geometry worker's
 * wider one for WASM.
 */
import { createPreview, type ModelPreview } from './model-preview.js';
import type { PreviewRequest, PreviewWorkerMessage } from './preview-protocol.js';

// The project compiles against the DOM library, not the worker one; this is the part of the worker's
// global scope used here.
declare const self: {
  onmessage: ((event: MessageEvent<PreviewRequest>) => void) | null;
  postMessage(message: PreviewWorkerMessage, transfer?: Transferable[]): void;
};

const previews = new Map<number, { preview: ModelPreview; positions: Float32Array }>();

self.onmessage = (event: MessageEvent<PreviewRequest>) => {
  const request = event.data;
  const { id } = request;
  if (request.kind === 'open') {
    const { positions } = request;
    let preview: ModelPreview | null;
    try {
      preview = createPreview({
        canvas: request.canvas,
        positions,
        insideOut: request.insideOut,
        colours: request.colours,
        size: request.size,
        onDrawn: () => self.postMessage({ id, kind: 'drawn' }),
      });
    } catch {
      // Whatever failed here, the page still has a chance to draw: it gets the positions back.
      preview = null;
    }
    if (!preview) {
      self.postMessage({ id, kind: 'opened', ok: false, positions }, [positions.buffer]);
      return;
    }
    previews.set(id, { preview, positions });
    preview.show(request.view);
    self.postMessage({ id, kind: 'opened', ok: true });
    return;
  }
  const open = previews.get(id);
  if (!open) return;
  switch (request.kind) {
    case 'show':
      open.preview.show(request.view);
      return;
    case 'input':
      open.preview.input(request.input);
      return;
    case 'resize':
      open.preview.resize(request.size);
      return;
    case 'close':
      open.preview.dispose();
      previews.delete(id);
      self.postMessage({ id, kind: 'closed', positions: open.positions }, [open.positions.buffer]);
      return;
  }
};

// Sent last, so the page knows three.js loaded and parsed before it hands over a canvas and positions.
self.postMessage({ kind: 'ready' });
