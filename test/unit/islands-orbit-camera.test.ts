/**
 * The preview's camera model (src/islands/lib/orbit-camera.ts), which the preview worker moves with
 * the inputs the page forwards: the first view of a part, turning around it, zooming within limits,
 * panning with the pointer, and reset.
 */
import { describe, expect, it } from 'vitest';
import {
  cameraPosition,
  FIELD_OF_VIEW,
  homeOrbit,
  moveOrbit,
  orbitOf,
  type Orbit,
  type Vec3,
} from '../../src/islands/lib/orbit-camera.js';

const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
const length = (a: Vec3) => Math.hypot(...a);
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const unit = (a: Vec3): Vec3 => [a[0] / length(a), a[1] / length(a), a[2] / length(a)];

function expectClose(actual: Vec3, expected: Vec3, digits = 9): void {
  actual.forEach((value, index) => expect(value).toBeCloseTo(expected[index] ?? NaN, digits));
}

// A 60 × 60 × 40 mm part: the first view stands 2.6 × 60 mm back, to the front right and above.
const home = homeOrbit([60, 60, 40]);

describe('the first view', () => {
  it('looks at the middle of the part from the front right, above it, with the whole part in sight', () => {
    expect(home.target).toEqual([0, 0, 20]);
    expectClose(cameraPosition(home), [0.75 * 156, -156, 0.6 * 156 + 20]);
  });

  it('scales with the part: ten times the size, ten times as far', () => {
    const big = homeOrbit([600, 600, 400]);
    expect(big.radius).toBeCloseTo(home.radius * 10, 9);
    expect(big.theta).toBeCloseTo(home.theta, 12);
    expect(big.phi).toBeCloseTo(home.phi, 12);
  });

  it('reads any camera position back into the same orbit', () => {
    const target: Vec3 = [5, -3, 12];
    for (const position of [
      [40, 10, 30],
      [-20, -50, 2],
      [0, 30, -10],
      [7, 0, 50],
    ] satisfies Vec3[]) {
      expectClose(cameraPosition(orbitOf(target, position)), position);
    }
  });
});

describe('turning', () => {
  const front: Orbit = { target: [0, 0, 10], radius: 100, theta: 0, phi: Math.PI / 2 };

  it('goes around the part at the same distance and height; a full circle comes back', () => {
    const turned = moveOrbit(front, { kind: 'turn', theta: 1.1, phi: 0 }, front);
    const offset = sub(cameraPosition(turned), turned.target);
    expect(length(offset)).toBeCloseTo(100, 9);
    expect(offset[2]).toBeCloseTo(0, 9);
    const around = moveOrbit(front, { kind: 'turn', theta: 2 * Math.PI, phi: 0 }, front);
    expectClose(cameraPosition(around), cameraPosition(front));
  });

  it('a quarter turn takes the camera from the front (−y) to the right (+x)', () => {
    expectClose(cameraPosition(front), [0, -100, 10]);
    expectClose(cameraPosition(moveOrbit(front, { kind: 'turn', theta: Math.PI / 2, phi: 0 }, front)), [100, 0, 10]);
  });

  it('a smaller phi looks from higher up, and never from straight above or below', () => {
    const higher = moveOrbit(front, { kind: 'turn', theta: 0, phi: -0.5 }, front);
    expect(cameraPosition(higher)[2]).toBeGreaterThan(10);
    for (const phi of [-10, 10]) {
      const pole = moveOrbit(front, { kind: 'turn', theta: 0, phi }, front);
      const offset = sub(cameraPosition(pole), pole.target);
      // Still a little way out from the vertical through the target, so "up" on screen stays defined.
      expect(Math.hypot(offset[0], offset[1])).toBeGreaterThan(100 * Math.sin(0.04));
      expect(Math.abs(offset[2])).toBeGreaterThan(99);
    }
  });
});

describe('zooming', () => {
  it('moves along the line of sight: half the distance, same direction', () => {
    const closer = moveOrbit(home, { kind: 'zoom', factor: 0.5 }, home);
    const before = sub(cameraPosition(home), home.target);
    const after = sub(cameraPosition(closer), closer.target);
    expectClose(after, [before[0] / 2, before[1] / 2, before[2] / 2]);
  });

  it('stops at a fiftieth and at twenty times the first distance', () => {
    let orbit = home;
    for (let i = 0; i < 100; i += 1) orbit = moveOrbit(orbit, { kind: 'zoom', factor: 0.5 }, home);
    expect(orbit.radius).toBeCloseTo(home.radius / 50, 9);
    for (let i = 0; i < 100; i += 1) orbit = moveOrbit(orbit, { kind: 'zoom', factor: 2 }, home);
    expect(orbit.radius).toBeCloseTo(home.radius * 20, 9);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('ignores a factor of %s', (factor) => {
    expect(moveOrbit(home, { kind: 'zoom', factor }, home)).toBe(home);
  });
});

describe('panning', () => {
  const seen = 2 * home.radius * Math.tan((FIELD_OF_VIEW / 2) * (Math.PI / 180));
  const camera = cameraPosition(home);
  const sight = sub(home.target, camera);
  // The screen's right and up, from the line of sight and the bed's up (z).
  const right = unit(cross(sight, [0, 0, 1]));
  const screenUp = unit(cross(right, sight));

  it('moves camera and target together, across the line of sight, so the view turns no further', () => {
    const panned = moveOrbit(home, { kind: 'pan', x: 0.3, y: -0.2 }, home);
    const moved = sub(panned.target, home.target);
    expectClose(sub(cameraPosition(panned), camera), moved);
    expect(dot(moved, sight)).toBeCloseTo(0, 9);
  });

  it('a drag to the right moves the target left by that share of the height in view: the part follows the pointer', () => {
    const moved = sub(moveOrbit(home, { kind: 'pan', x: 0.5, y: 0 }, home).target, home.target);
    expect(dot(moved, right)).toBeCloseTo(-0.5 * seen, 9);
    expect(dot(moved, screenUp)).toBeCloseTo(0, 9);
  });

  it('a drag down moves the target up on screen', () => {
    const moved = sub(moveOrbit(home, { kind: 'pan', x: 0, y: 0.25 }, home).target, home.target);
    expect(dot(moved, screenUp)).toBeCloseTo(0.25 * seen, 9);
    expect(dot(moved, right)).toBeCloseTo(0, 9);
  });
});

it('reset goes back to the first view from wherever the customer went', () => {
  let orbit = home;
  for (const input of [
    { kind: 'turn', theta: 0.7, phi: -0.3 },
    { kind: 'zoom', factor: 0.4 },
    { kind: 'pan', x: 0.2, y: 0.1 },
  ] as const) {
    orbit = moveOrbit(orbit, input, home);
  }
  expect(orbit).not.toEqual(home);
  expect(moveOrbit(orbit, { kind: 'reset' }, home)).toEqual(home);
});
