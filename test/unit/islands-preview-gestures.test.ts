/**
 * The preview's controls on the page (src/islands/lib/preview-gestures.ts): keys, the wheel, mouse
 * drags and touch turned into the inputs the preview worker applies, at OrbitControls' speeds; and,
 * through the camera model, what the customer sees them do.
 */
import { describe, expect, it } from 'vitest';
import { cameraPosition, homeOrbit, moveOrbit, type OrbitInput } from '../../src/islands/lib/orbit-camera.js';
import { createGestures, keyInput, wheelInput, type PointerSample } from '../../src/islands/lib/preview-gestures.js';

const HEIGHT = 200;

const mouse = (x: number, y: number, button = 0, modified = false): PointerSample => ({
  id: 1,
  touch: false,
  x,
  y,
  button,
  modified,
});
const finger = (id: number, x: number, y: number): PointerSample => ({
  id,
  touch: true,
  x,
  y,
  button: 0,
  modified: false,
});

describe('keys', () => {
  it.each([
    ['ArrowLeft', { kind: 'turn', theta: -Math.PI / 18, phi: 0 }],
    ['ArrowRight', { kind: 'turn', theta: Math.PI / 18, phi: 0 }],
    ['ArrowUp', { kind: 'turn', theta: 0, phi: -Math.PI / 18 }],
    ['ArrowDown', { kind: 'turn', theta: 0, phi: Math.PI / 18 }],
    ['+', { kind: 'zoom', factor: 0.85 }],
    ['=', { kind: 'zoom', factor: 0.85 }],
    ['-', { kind: 'zoom', factor: 1 / 0.85 }],
    ['0', { kind: 'reset' }],
  ] satisfies [string, OrbitInput][])('%s', (key, input) => {
    expect(keyInput(key)).toEqual(input);
  });

  it.each(['Tab', 'Enter', ' ', 'a', '1', 'Escape'])('leaves %j to the page', (key) => {
    expect(keyInput(key)).toBeNull();
  });

  it('+ then − comes back to the same distance', () => {
    const home = homeOrbit([60, 60, 40]);
    const plus = keyInput('+');
    const minus = keyInput('-');
    if (!plus || !minus) throw new Error('no zoom keys');
    expect(moveOrbit(moveOrbit(home, plus, home), minus, home).radius).toBeCloseTo(home.radius, 9);
  });
});

describe('the wheel', () => {
  it('scrolling down moves away, up comes closer, 0.95 per 100 pixels', () => {
    expect(wheelInput({ deltaY: 100, deltaMode: 0, ctrlKey: false })).toEqual({ kind: 'zoom', factor: 1 / 0.95 });
    const closer = wheelInput({ deltaY: -100, deltaMode: 0, ctrlKey: false });
    expect(closer?.kind === 'zoom' && closer.factor).toBeCloseTo(0.95, 12);
  });

  it('counts lines as 16 pixels and pages as 100, and a trackpad pinch (ctrlKey) ten times over', () => {
    const factor = (sample: Parameters<typeof wheelInput>[0]) => {
      const input = wheelInput(sample);
      return input?.kind === 'zoom' ? input.factor : NaN;
    };
    expect(factor({ deltaY: 3, deltaMode: 1, ctrlKey: false })).toBeCloseTo(
      factor({ deltaY: 48, deltaMode: 0, ctrlKey: false }),
      12,
    );
    expect(factor({ deltaY: 1, deltaMode: 2, ctrlKey: false })).toBeCloseTo(
      factor({ deltaY: 100, deltaMode: 0, ctrlKey: false }),
      12,
    );
    expect(factor({ deltaY: -2, deltaMode: 0, ctrlKey: true })).toBeCloseTo(
      factor({ deltaY: -20, deltaMode: 0, ctrlKey: false }),
      12,
    );
  });

  it('a sideways scroll does not zoom', () => {
    expect(wheelInput({ deltaY: 0, deltaMode: 0, ctrlKey: false })).toBeNull();
  });
});

describe('mouse drags', () => {
  it('the main button turns: a quarter of the height dragged right is a quarter circle, from the last position on', () => {
    const gestures = createGestures();
    gestures.down(mouse(100, 100));
    expect(gestures.active).toBe(true);
    expect(gestures.move(mouse(150, 100), HEIGHT)).toEqual([{ kind: 'turn', theta: -Math.PI / 2, phi: -0 }]);
    expect(gestures.move(mouse(150, 120), HEIGHT)).toEqual([{ kind: 'turn', theta: -0, phi: -Math.PI / 5 }]);
    gestures.up(1);
    expect(gestures.active).toBe(false);
    expect(gestures.move(mouse(300, 300), HEIGHT)).toEqual([]);
  });

  it('the secondary button pans, by the share of the height dragged', () => {
    const gestures = createGestures();
    gestures.down(mouse(10, 10, 2));
    expect(gestures.move(mouse(60, 30), HEIGHT)).toEqual([{ kind: 'pan', x: 0.25, y: 0.1 }]);
  });

  it('with Ctrl, Meta or Shift held the buttons swap: the main one pans, the secondary one turns', () => {
    const main = createGestures();
    main.down(mouse(0, 0, 0, true));
    expect(main.move(mouse(20, 0), HEIGHT)[0]?.kind).toBe('pan');
    const secondary = createGestures();
    secondary.down(mouse(0, 0, 2, true));
    expect(secondary.move(mouse(20, 0), HEIGHT)[0]?.kind).toBe('turn');
  });

  it('the middle button zooms: dragging down moves away, up comes closer', () => {
    const gestures = createGestures();
    gestures.down(mouse(0, 100, 1));
    expect(gestures.move(mouse(0, 200), HEIGHT)).toEqual([{ kind: 'zoom', factor: 1 / 0.95 }]);
    const [closer] = gestures.move(mouse(0, 100), HEIGHT);
    expect(closer?.kind === 'zoom' && closer.factor).toBeCloseTo(0.95, 12);
  });

  it('a move that goes nowhere sends nothing, and an unknown pointer is ignored', () => {
    const gestures = createGestures();
    gestures.down(mouse(5, 5));
    expect(gestures.move(mouse(5, 5), HEIGHT)).toEqual([]);
    expect(gestures.move({ ...mouse(50, 50), id: 9 }, HEIGHT)).toEqual([]);
  });

  it('dragging a full height across turns the camera a full circle, back where it was', () => {
    const home = homeOrbit([60, 60, 40]);
    const gestures = createGestures();
    gestures.down(mouse(0, 50));
    let orbit = home;
    for (let x = 10; x <= HEIGHT; x += 10) {
      for (const input of gestures.move(mouse(x, 50), HEIGHT)) orbit = moveOrbit(orbit, input, home);
    }
    cameraPosition(orbit).forEach((value, index) => expect(value).toBeCloseTo(cameraPosition(home)[index] ?? NaN, 6));
    expect(orbit.theta).toBeCloseTo(home.theta - 2 * Math.PI, 9);
  });
});

describe('touch', () => {
  it('one finger turns', () => {
    const gestures = createGestures();
    gestures.down(finger(1, 0, 0));
    expect(gestures.move(finger(1, 50, 0), HEIGHT)).toEqual([{ kind: 'turn', theta: -Math.PI / 2, phi: -0 }]);
  });

  it('two fingers spreading to twice as far apart halve the distance; moving together they pan', () => {
    const gestures = createGestures();
    gestures.down(finger(1, 100, 100));
    gestures.down(finger(2, 200, 100));
    // The second finger spreads them from 100 to 200 px apart; their middle moves 50 px right.
    expect(gestures.move(finger(2, 300, 100), HEIGHT)).toEqual([
      { kind: 'zoom', factor: 0.5 },
      { kind: 'pan', x: 0.25, y: 0 },
    ]);
    // Both move down 20 px, one after the other, and end as far apart as before: in all, a pan of
    // 20 px and no zoom.
    const inputs = [...gestures.move(finger(1, 100, 120), HEIGHT), ...gestures.move(finger(2, 300, 120), HEIGHT)];
    const zoom = inputs.reduce((product, input) => product * (input.kind === 'zoom' ? input.factor : 1), 1);
    const pan = inputs.reduce((sum, input) => sum + (input.kind === 'pan' ? input.y : 0), 0);
    expect(zoom).toBeCloseTo(1, 12);
    expect(pan).toBeCloseTo(20 / HEIGHT, 12);
  });

  it('lifting one of two fingers goes on turning from where the other one is, without a jump', () => {
    const gestures = createGestures();
    gestures.down(finger(1, 100, 100));
    gestures.down(finger(2, 200, 100));
    gestures.up(2);
    expect(gestures.move(finger(1, 110, 100), HEIGHT)).toEqual([
      { kind: 'turn', theta: (-2 * Math.PI * 10) / HEIGHT, phi: -0 },
    ]);
    gestures.up(1);
    expect(gestures.active).toBe(false);
  });

  it('a third finger stops the gesture until fingers are lifted', () => {
    const gestures = createGestures();
    gestures.down(finger(1, 0, 0));
    gestures.down(finger(2, 100, 0));
    gestures.down(finger(3, 50, 50));
    expect(gestures.active).toBe(false);
    expect(gestures.move(finger(1, 30, 0), HEIGHT)).toEqual([]);
    gestures.up(3);
    expect(gestures.active).toBe(true);
  });
});
