/**
 * The preview canvas's events on the page: pointer, wheel, key and size changes, read into the small
 * inputs of preview-gestures.ts and forwarded to whichever renderer draws the canvas (the preview
 * worker, or the page's own). The main thread does no more than this for the picture.
 */
import type { OrbitInput } from './orbit-camera.js';
import type { PreviewSize } from './preview-client.js';
import { createGestures, keyInput, wheelInput, type PointerSample } from './preview-gestures.js';

export interface AttachPreviewControlsOptions {
  canvas: HTMLCanvasElement;
  input: (input: OrbitInput) => void;
  resize: (size: PreviewSize) => void;
}

/** The canvas's size in CSS pixels and the device pixels per CSS pixel (at most 2: the part is a sketch, not a photo). */
export function canvasSize(canvas: HTMLCanvasElement): PreviewSize {
  return {
    width: canvas.clientWidth,
    height: canvas.clientHeight,
    pixelRatio: Math.min(window.devicePixelRatio || 1, 2),
  };
}

/** Listens until the returned function is called. */
export function attachPreviewControls({ canvas, input, resize }: AttachPreviewControlsOptions): () => void {
  const gestures = createGestures();
  const sample = (event: PointerEvent): PointerSample => ({
    id: event.pointerId,
    touch: event.pointerType === 'touch',
    x: event.clientX,
    y: event.clientY,
    button: event.button,
    modified: event.ctrlKey || event.metaKey || event.shiftKey,
  });

  const onDown = (event: PointerEvent) => {
    // Captured, so a drag that leaves the canvas keeps turning the part until the button is let go.
    canvas.setPointerCapture(event.pointerId);
    gestures.down(sample(event));
  };
  const onMove = (event: PointerEvent) => {
    for (const next of gestures.move(sample(event), canvas.clientHeight)) input(next);
  };
  const onUp = (event: PointerEvent) => gestures.up(event.pointerId);
  const onWheel = (event: WheelEvent) => {
    event.preventDefault();
    if (gestures.active) return;
    const zoom = wheelInput(event);
    if (zoom) input(zoom);
  };
  // Right-drag pans; the menu would interrupt it.
  const onContextMenu = (event: Event) => event.preventDefault();
  const onKey = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const key = keyInput(event.key);
    if (!key) return;
    event.preventDefault();
    input(key);
  };
  const observer = new ResizeObserver(() => resize(canvasSize(canvas)));

  const on = <K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (event: HTMLElementEventMap[K]) => void,
    options?: AddEventListenerOptions,
  ) => {
    canvas.addEventListener(type, listener, options);
    return () => canvas.removeEventListener(type, listener, options);
  };
  const detach = [
    on('pointerdown', onDown),
    on('pointermove', onMove),
    on('pointerup', onUp),
    on('pointercancel', onUp),
    on('lostpointercapture', onUp),
    // Not passive: the wheel zooms the part instead of scrolling the page.
    on('wheel', onWheel, { passive: false }),
    on('contextmenu', onContextMenu),
    on('keydown', onKey),
  ];
  observer.observe(canvas);
  return () => {
    observer.disconnect();
    for (const off of detach) off();
  };
}
