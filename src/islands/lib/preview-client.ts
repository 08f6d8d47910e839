/**
 * The page's side of the 3D preview (docs/architecture.md §3.4). Where the browser can hand a canvas
 * to a worker, the preview worker draws it: the page transfers the canvas and the positions, then
 * only forwards the customer's gestures, so three.js never runs on the main thread. Where it cannot
 * (no OffscreenCanvas, or no WebGL 2 for one in a worker), the page loads the same renderer
 * (model-preview.ts) lazily and draws on the main thread as before; where neither can draw, the form
 * shows the figures without the picture.
 *
 * The positions are lent, not copied: the worker owns them while its preview is open and hands them
 * back when it closes, so going back to the files step draws the kept analysis again.
 */
import type { ModelPreview, PreviewColours, PreviewSize, PreviewView } from './model-preview.js';
import type { OrbitInput } from './orbit-camera.js';
import type { PreviewReply, PreviewRequest, PreviewWorkerMessage } from './preview-protocol.js';

export type { PreviewColours, PreviewSize, PreviewView } from './model-preview.js';

/** One open preview; its members may be passed around on their own (as event handlers are). */
export interface PreviewSession {
  show: (view: PreviewView) => void;
  input: (input: OrbitInput) => void;
  resize: (size: PreviewSize) => void;
  close: () => void;
}

export type PreviewRenderer = 'worker' | 'page';

/**
 * A session; 'try-page' when the worker cannot draw here (open again with the page's renderer on a
 * fresh canvas: this one was handed over); 'unavailable' when there is no picture to be had.
 */
export type OpenedPreview = PreviewSession | 'try-page' | 'unavailable';

export interface OpenPreviewOptions {
  canvas: HTMLCanvasElement;
  /** The analysis's positions (after a first preview, the key to where they are now). */
  positions: Float32Array;
  insideOut: boolean;
  colours: PreviewColours;
  size: PreviewSize;
  view: PreviewView;
  /** The first frame with the part in it is on the canvas. */
  onDrawn: () => void;
  /** The preview worker stopped (it died): this preview draws no more. */
  onLost: () => void;
}

/** False once a worker has failed to load or said it has no WebGL 2: later previews go to the page. */
let workerDraws = true;

export function previewRenderer(): PreviewRenderer {
  const canHandOver =
    typeof OffscreenCanvas !== 'undefined' &&
    typeof HTMLCanvasElement !== 'undefined' &&
    'transferControlToOffscreen' in HTMLCanvasElement.prototype;
  return workerDraws && canHandOver ? 'worker' : 'page';
}

/** Starts loading the renderer while the model is still being measured, so the picture is not kept waiting. */
export function warmPreview(): void {
  if (previewRenderer() === 'worker') void readyWorker();
  else void import('./model-preview.js').catch(() => undefined);
}

export function openPreview(renderer: PreviewRenderer, options: OpenPreviewOptions): Promise<OpenedPreview> {
  return renderer === 'worker' ? openInWorker(options) : openInPage(options);
}

// Where each analysis's positions are: resolved with the array when the page has them again, or
// null if a worker died holding them. Each borrower waits for the one before.
const loans = new WeakMap<Float32Array, Promise<Float32Array | null>>();

function borrow(key: Float32Array) {
  const positions = loans.get(key) ?? Promise.resolve(key);
  let giveBack: (returned: Float32Array | null) => void = () => undefined;
  loans.set(
    key,
    new Promise((resolve) => {
      giveBack = resolve;
    }),
  );
  return { positions, giveBack: (returned: Float32Array | null) => giveBack(returned) };
}

let worker: Promise<Worker | null> | undefined;
let nextId = 0;
/** Each open preview's reply handler; null tells it the worker stopped. */
const listeners = new Map<number, (reply: PreviewReply | null) => void>();

/** The preview worker once it has loaded (three.js included), or null if it could not. */
function readyWorker(): Promise<Worker | null> {
  worker ??= new Promise((resolve) => {
    let started: Worker;
    try {
      // Vite bundles the worker as its own file under /_astro/, served with the pages' policy.
      started = new Worker(new URL('./preview-worker.ts', import.meta.url), { type: 'module', name: 'preview' });
    } catch {
      workerDraws = false;
      resolve(null);
      return;
    }
    let ready = false;
    started.onmessage = (event: MessageEvent<PreviewWorkerMessage>) => {
      const reply = event.data;
      if (reply.kind === 'ready') {
        ready = true;
        resolve(started);
      } else {
        listeners.get(reply.id)?.(reply);
      }
    };
    started.onerror = (event) => {
      // A worker that fails to load leaves the page to draw; one that dies loses its previews, and
      // the next preview starts a new one.
      event.preventDefault();
      started.terminate();
      worker = undefined;
      if (!ready) {
        workerDraws = false;
        resolve(null);
        return;
      }
      const stopped = [...listeners.values()];
      listeners.clear();
      for (const listener of stopped) listener(null);
    };
  });
  return worker;
}

async function openInWorker(options: OpenPreviewOptions): Promise<OpenedPreview> {
  const started = await readyWorker();
  if (!started) return 'try-page';
  const loan = borrow(options.positions);
  const positions = await loan.positions;
  if (!positions) {
    loan.giveBack(null);
    return 'unavailable';
  }
  let canvas: OffscreenCanvas;
  try {
    canvas = options.canvas.transferControlToOffscreen();
  } catch {
    // This canvas was handed over or drawn on before: a fresh one is needed either way.
    loan.giveBack(positions);
    return 'try-page';
  }
  nextId += 1;
  const id = nextId;
  let closed = false;
  const send = (request: PreviewRequest) => {
    if (!closed) started.postMessage(request);
  };
  const session: PreviewSession = {
    show: (view) => send({ id, kind: 'show', view }),
    input: (input) => send({ id, kind: 'input', input }),
    resize: (size) => send({ id, kind: 'resize', size }),
    close() {
      send({ id, kind: 'close' });
      closed = true;
    },
  };
  return new Promise<OpenedPreview>((resolve) => {
    let opened = false;
    listeners.set(id, (reply) => {
      if (reply === null) {
        loan.giveBack(null);
        if (opened) options.onLost();
        else resolve('unavailable');
      } else if (reply.kind === 'opened' && !reply.ok) {
        listeners.delete(id);
        workerDraws = false;
        loan.giveBack(reply.positions);
        resolve('try-page');
      } else if (reply.kind === 'opened') {
        opened = true;
        resolve(session);
      } else if (reply.kind === 'drawn') {
        options.onDrawn();
      } else {
        listeners.delete(id);
        loan.giveBack(reply.positions);
      }
    });
    const { insideOut, colours, size, view } = options;
    // Transferred, not copied: the canvas and the positions are the worker's until it closes.
    started.postMessage(
      { id, kind: 'open', canvas, positions, insideOut, colours, size, view } satisfies PreviewRequest,
      [canvas, positions.buffer],
    );
  });
}

async function openInPage(options: OpenPreviewOptions): Promise<OpenedPreview> {
  const loan = borrow(options.positions);
  const positions = await loan.positions;
  let preview: ModelPreview | null = null;
  if (positions) {
    try {
      const { createPreview } = await import('./model-preview.js');
      const { canvas, insideOut, colours, size, onDrawn } = options;
      preview = createPreview({ canvas, positions, insideOut, colours, size, onDrawn });
    } catch {
      preview = null;
    }
  }
  if (!preview) {
    loan.giveBack(positions);
    return 'unavailable';
  }
  const drawing = preview;
  drawing.show(options.view);
  let closed = false;
  return {
    show: (view) => drawing.show(view),
    input: (input) => drawing.input(input),
    resize: (size) => drawing.resize(size),
    close() {
      if (closed) return;
      closed = true;
      drawing.dispose();
      loan.giveBack(positions);
    },
  };
}
