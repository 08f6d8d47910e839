/**
 * The preview's camera as the customer moves it: an orbit around a target point that turns, zooms
 * and pans. Pure, with no DOM and no three.js: the page turns pointer, wheel and key events into
 * these inputs (preview-gestures.ts) and the preview worker applies them here, so the camera moves as
 * three's OrbitControls moved it without the DOM events OrbitControls needs (docs/architecture.md §3.4).
 *
 * The bed's up is z. The angles are those of three's Spherical in the y-up frame OrbitControls turned
 * the camera's offset into: theta turns around the up axis (0 looks along +y), phi is measured down
 * from straight above.
 */

export type Vec3 = readonly [number, number, number];

export interface Orbit {
  /** The point the camera looks at and turns around. */
  target: Vec3;
  /** The camera's distance from the target. */
  radius: number;
  theta: number;
  phi: number;
}

/** What the page sends when the customer moves the view. */
export type OrbitInput =
  /** Radians added to theta and phi (dragging right or pressing ArrowLeft makes theta smaller). */
  | { kind: 'turn'; theta: number; phi: number }
  /** The distance multiplied by this: under 1 comes closer. */
  | { kind: 'zoom'; factor: number }
  /** The target moved by this fraction of the canvas's height, right and down positive, so the part follows the pointer. */
  | { kind: 'pan'; x: number; y: number }
  /** Back to the view the part was first shown in. */
  | { kind: 'reset' };

/** The camera's vertical field of view, in degrees. */
export const FIELD_OF_VIEW = 35;

/** How close to straight above or below the camera may turn (OrbitControls' limit for the keys). */
const POLE = 0.05;
/** Zoom stays within these multiples of the home distance, so the part never vanishes behind the far plane. */
const CLOSEST = 1 / 50;
const FARTHEST = 20;

/** The orbit that puts the camera at `position`, looking at `target`. */
export function orbitOf(target: Vec3, position: Vec3): Orbit {
  const [x, y, z] = [position[0] - target[0], position[1] - target[1], position[2] - target[2]];
  const radius = Math.hypot(x, y, z);
  if (radius === 0) return { target, radius, theta: 0, phi: Math.PI / 2 };
  return { target, radius, theta: Math.atan2(x, -y), phi: Math.acos(Math.min(1, Math.max(-1, z / radius))) };
}

/** Where the camera stands for an orbit. */
export function cameraPosition({ target, radius, theta, phi }: Orbit): Vec3 {
  const across = radius * Math.sin(phi);
  return [
    target[0] + across * Math.sin(theta),
    target[1] - across * Math.cos(theta),
    target[2] + radius * Math.cos(phi),
  ];
}

/**
 * The first view of a part of this size standing on the bed at the origin: from the front right and
 * above, far enough back for the whole part, looking at its middle.
 */
export function homeOrbit(size: Vec3): Orbit {
  const longest = Math.max(size[0], size[1], size[2], 1e-6);
  const distance = longest * 2.6;
  const middle = size[2] / 2;
  return orbitOf([0, 0, middle], [distance * 0.75, -distance, distance * 0.6 + middle]);
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

/** The orbit after one input; `home` is where reset goes and what the zoom limits are measured from. */
export function moveOrbit(orbit: Orbit, input: OrbitInput, home: Orbit): Orbit {
  switch (input.kind) {
    case 'reset':
      return home;
    case 'turn':
      return {
        ...orbit,
        theta: orbit.theta + input.theta,
        phi: clamp(orbit.phi + input.phi, POLE, Math.PI - POLE),
      };
    case 'zoom':
      if (!(input.factor > 0) || !Number.isFinite(input.factor)) return orbit;
      return { ...orbit, radius: clamp(orbit.radius * input.factor, home.radius * CLOSEST, home.radius * FARTHEST) };
    case 'pan': {
      // The height the camera sees at the target's distance: a pan of one canvas height moves it that far.
      const seen = 2 * orbit.radius * Math.tan(((FIELD_OF_VIEW / 2) * Math.PI) / 180);
      const { theta, phi } = orbit;
      // The screen's right and up as seen from this orbit.
      const right: Vec3 = [Math.cos(theta), Math.sin(theta), 0];
      const up: Vec3 = [-Math.cos(phi) * Math.sin(theta), Math.cos(phi) * Math.cos(theta), Math.sin(phi)];
      // Dragging right moves the target left, so the part moves right with the pointer; down likewise.
      const [dx, dy] = [-input.x * seen, input.y * seen];
      const [tx, ty, tz] = orbit.target;
      return {
        ...orbit,
        target: [tx + right[0] * dx + up[0] * dy, ty + right[1] * dx + up[1] * dy, tz + right[2] * dx + up[2] * dy],
      };
    }
  }
}
