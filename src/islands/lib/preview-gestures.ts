/**
 * The preview's controls on the page's side, DOM-free: pointer, wheel and key events read the way
 * three's OrbitControls read them, turned into the small inputs the preview worker applies to its
 * camera (orbit-camera.ts). Mouse: drag to turn, right-drag (or a modifier key with drag) to pan,
 * middle-drag or the wheel to zoom. Touch: one finger turns, two fingers pinch to zoom and move to
 * pan. Keys: arrows turn, + and − zoom, 0 resets. Speeds are OrbitControls' defaults.
 */
import type { OrbitInput } from './orbit-camera.js';

/** One pointer event, as much of it as the gestures need (CSS pixels). */
export interface PointerSample {
  id: number;
  touch: boolean;
  x: number;
  y: number;
  /** 0 main, 1 middle, 2 secondary (MouseEvent.button). */
  button: number;
  /** Ctrl, Meta or Shift held: a main-button drag pans, a secondary-button drag turns. */
  modified: boolean;
}

/** A full canvas height dragged turns the view one full circle (OrbitControls' rotateSpeed 1). */
const TURN_PER_HEIGHT = 2 * Math.PI;
/** Ten degrees a key press. */
const KEY_TURN = Math.PI / 18;
const KEY_ZOOM = 0.85;

/** OrbitControls' zoom for a wheel or middle-drag distance: 0.95 per 100 px, away from the part when positive. */
function zoomFor(delta: number): OrbitInput {
  return { kind: 'zoom', factor: Math.pow(0.95, -delta * 0.01) };
}

/** The input for a key, or null for a key the preview does not use (the page keeps it). */
export function keyInput(key: string): OrbitInput | null {
  switch (key) {
    case 'ArrowLeft':
      return { kind: 'turn', theta: -KEY_TURN, phi: 0 };
    case 'ArrowRight':
      return { kind: 'turn', theta: KEY_TURN, phi: 0 };
    case 'ArrowUp':
      return { kind: 'turn', theta: 0, phi: -KEY_TURN };
    case 'ArrowDown':
      return { kind: 'turn', theta: 0, phi: KEY_TURN };
    case '+':
    case '=':
      return { kind: 'zoom', factor: KEY_ZOOM };
    case '-':
      return { kind: 'zoom', factor: 1 / KEY_ZOOM };
    case '0':
      return { kind: 'reset' };
    default:
      return null;
  }
}

export interface WheelSample {
  deltaY: number;
  /** WheelEvent.deltaMode: 0 pixels, 1 lines, 2 pages. */
  deltaMode: number;
  /** A trackpad pinch arrives as a wheel event with ctrlKey set, in small steps. */
  ctrlKey: boolean;
}

export function wheelInput({ deltaY, deltaMode, ctrlKey }: WheelSample): OrbitInput | null {
  const pixels = deltaY * (deltaMode === 1 ? 16 : deltaMode === 2 ? 100 : 1) * (ctrlKey ? 10 : 1);
  return pixels === 0 ? null : zoomFor(pixels);
}

type Mode = 'none' | 'turn' | 'pan' | 'zoom' | 'pinch';

export interface Gestures {
  down(pointer: PointerSample): void;
  /** The inputs this move makes, for a canvas `height` CSS pixels tall. */
  move(pointer: PointerSample, height: number): OrbitInput[];
  /** The pointer lifted, cancelled or lost. */
  up(id: number): void;
  /** A drag or pinch is under way (the wheel is ignored then, as OrbitControls did). */
  readonly active: boolean;
}

export function createGestures(): Gestures {
  const pointers = new Map<number, { x: number; y: number; touch: boolean }>();
  let mode: Mode = 'none';
  // Where the last move left off: the pointer, or for two fingers their middle and spread.
  let last = { x: 0, y: 0, spread: 0 };

  const touchPoints = () => [...pointers.values()].filter((point) => point.touch);
  // Touch: one finger turns from where it is; two pinch and pan from their middle; more do nothing.
  const startTouch = () => {
    const points = touchPoints();
    const [a, b] = points;
    if (points.length === 1 && a) {
      mode = 'turn';
      last = { x: a.x, y: a.y, spread: 0 };
    } else if (points.length === 2 && a && b) {
      mode = 'pinch';
      last = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, spread: Math.hypot(a.x - b.x, a.y - b.y) };
    } else {
      mode = 'none';
    }
  };

  return {
    get active() {
      return mode !== 'none';
    },
    down(pointer) {
      if (pointers.has(pointer.id)) return;
      pointers.set(pointer.id, { x: pointer.x, y: pointer.y, touch: pointer.touch });
      if (pointer.touch) {
        startTouch();
        return;
      }
      last = { x: pointer.x, y: pointer.y, spread: 0 };
      if (pointer.button === 0) mode = pointer.modified ? 'pan' : 'turn';
      else if (pointer.button === 1) mode = 'zoom';
      else if (pointer.button === 2) mode = pointer.modified ? 'turn' : 'pan';
      else mode = 'none';
    },
    move(pointer, height) {
      const known = pointers.get(pointer.id);
      if (!known || mode === 'none') return [];
      known.x = pointer.x;
      known.y = pointer.y;
      let at = { x: pointer.x, y: pointer.y, spread: 0 };
      if (mode === 'pinch') {
        const [a, b] = touchPoints();
        if (!a || !b) return [];
        at = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, spread: Math.hypot(a.x - b.x, a.y - b.y) };
      }
      const [dx, dy] = [at.x - last.x, at.y - last.y];
      const tall = Math.max(height, 1);
      const inputs: OrbitInput[] = [];
      const moved = dx !== 0 || dy !== 0;
      if (mode === 'turn') {
        if (moved)
          inputs.push({ kind: 'turn', theta: (-TURN_PER_HEIGHT * dx) / tall, phi: (-TURN_PER_HEIGHT * dy) / tall });
      } else if (mode === 'zoom') {
        if (dy !== 0) inputs.push(zoomFor(dy));
      } else {
        // Fingers spreading apart bring the part closer, in proportion.
        if (mode === 'pinch' && at.spread > 0 && last.spread > 0 && at.spread !== last.spread) {
          inputs.push({ kind: 'zoom', factor: last.spread / at.spread });
        }
        if (moved) inputs.push({ kind: 'pan', x: dx / tall, y: dy / tall });
      }
      last = at;
      return inputs;
    },
    up(id) {
      const known = pointers.get(id);
      if (!known) return;
      pointers.delete(id);
      if (known.touch) startTouch();
      else mode = 'none';
    },
  };
}
