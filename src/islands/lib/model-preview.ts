/**
 * The 3D preview of a measured model (three.js, WebGL 2): the part stood on a bed the way it would be
 * printed, its bounding box drawn, and the faces that would need support tinted. It runs in the
 * preview worker on the canvas the page handed over (`transferControlToOffscreen`), so three.js's
 * setup (the WebGL context, shader compile, the mesh upload) and every redraw happen off the page's
 * main thread; where a worker cannot draw WebGL 2, the page loads this same module itself
 * (preview-client.ts, docs/architecture.md §3.4). Nothing here touches the DOM.
 *
 * The tint is worked out on the GPU: the fragment shader takes each face's normal from the screen-space
 * derivatives of its position, so turning the part to another orientation costs one uniform and no pass
 * over a million triangles, and the mesh needs no normal buffer. The rule matches the geometry core's:
 * a face pointing down more steeply than 45° from vertical that is not on the bed.
 *
 * The camera is orbit-camera.ts, moved by the inputs the page forwards (preview-gestures.ts); frames
 * are drawn at most once per animation frame, however many inputs arrive.
 */
import {
  Box3,
  BufferAttribute,
  BufferGeometry,
  Color,
  DoubleSide,
  EdgesGeometry,
  BoxGeometry,
  GridHelper,
  Group,
  LineBasicMaterial,
  LineSegments,
  Mesh,
  PerspectiveCamera,
  Quaternion,
  Scene,
  ShaderMaterial,
  Vector3,
  WebGLRenderer,
} from 'three';
import type { Orientation } from '../../domain/geometry/report.js';
import { cameraPosition, FIELD_OF_VIEW, homeOrbit, moveOrbit, type Orbit, type OrbitInput } from './orbit-camera.js';

/** The model axis that points up in each printing orientation. */
const UP_AXIS: Record<Orientation, [number, number, number]> = {
  '+z': [0, 0, 1],
  '-z': [0, 0, -1],
  '+x': [1, 0, 0],
  '-x': [-1, 0, 0],
  '+y': [0, 1, 0],
  '-y': [0, -1, 0],
};

/** The positions' bounding box in one flat pass (Box3.setFromBufferAttribute goes vertex by vertex). */
function boxOf(positions: Float32Array): Box3 {
  const min = [Infinity, Infinity, Infinity];
  const max = [-Infinity, -Infinity, -Infinity];
  for (let i = 0; i < positions.length; i += 3) {
    for (let k = 0; k < 3; k++) {
      const v = positions[i + k]!;
      if (v < min[k]!) min[k] = v;
      if (v > max[k]!) max[k] = v;
    }
  }
  return new Box3(new Vector3(min[0], min[1], min[2]), new Vector3(max[0], max[1], max[2]));
}

/** cos(45°): a face whose outward normal points further down than this needs support. */
const OVERHANG_COS = Math.SQRT1_2;

const VERTEX = /* glsl */ `
varying vec3 vWorld;
void main() {
  vec4 world = modelMatrix * vec4(position, 1.0);
  vWorld = world.xyz;
  gl_Position = projectionMatrix * viewMatrix * world;
}`;

const FRAGMENT = /* glsl */ `
uniform vec3 uBase;
uniform vec3 uTint;
uniform float uBedZ;
uniform float uOverhangCos;
uniform float uFlip;
varying vec3 vWorld;
void main() {
  // Toward the viewer on a front face; the winding says which side is out.
  vec3 toViewer = normalize(cross(dFdx(vWorld), dFdy(vWorld)));
  vec3 outward = (gl_FrontFacing ? toViewer : -toViewer) * uFlip;
  bool overhang = outward.z < -uOverhangCos && vWorld.z > uBedZ;
  vec3 colour = overhang ? uTint : uBase;
  float light = 0.6 + 0.4 * abs(dot(toViewer, normalize(vec3(0.35, -0.45, 0.82))));
  gl_FragColor = vec4(colour * light, 1.0);
  #include <colorspace_fragment>
}`;

export interface PreviewView {
  /** Which model axis points up on the bed. */
  up: Orientation;
  /** Millimetres per file unit (1, or 25.4 when the customer says it was drawn in inches). */
  scale: number;
}

/** The canvas's size on the page, in CSS pixels, and the device pixels per CSS pixel to draw at. */
export interface PreviewSize {
  width: number;
  height: number;
  pixelRatio: number;
}

/** Colours from the page's tokens, so the preview matches the site (the worker cannot read CSS). */
export interface PreviewColours {
  base: string;
  tint: string;
  box: string;
}

export interface ModelPreview {
  show(view: PreviewView): void;
  input(input: OrbitInput): void;
  resize(size: PreviewSize): void;
  dispose(): void;
}

export type PreviewCanvas = HTMLCanvasElement | OffscreenCanvas;

/**
 * A WebGL 2 context for the canvas, or null where there is none (no GPU and no software fallback,
 * WebGL switched off, a worker whose OffscreenCanvas has no WebGL 2). Asked for directly so an
 * unavailable context is a null, not a console error.
 */
export function webgl2(canvas: PreviewCanvas): WebGL2RenderingContext | null {
  const attributes: WebGLContextAttributes = { antialias: true, powerPreference: 'low-power' };
  try {
    return isOffscreen(canvas) ? canvas.getContext('webgl2', attributes) : canvas.getContext('webgl2', attributes);
  } catch {
    return null;
  }
}

// A browser without OffscreenCanvas has no such global: this page's fallback must not trip on it.
function isOffscreen(canvas: PreviewCanvas): canvas is OffscreenCanvas {
  return typeof OffscreenCanvas !== 'undefined' && canvas instanceof OffscreenCanvas;
}

export interface CreatePreviewOptions {
  canvas: PreviewCanvas;
  /** Nine floats a triangle, in millimetres, as the geometry worker sends them (simplified when large). */
  positions: Float32Array;
  /** The faces are wound inward (the core reports the mesh inside out): out is the other side. */
  insideOut?: boolean;
  colours?: PreviewColours;
  size: PreviewSize;
  /** Called once, when the first frame with the part in it has been drawn. */
  onDrawn?: () => void;
}

/** Draws in the next animation frame where the scope has them (windows, and workers in current browsers). */
const nextFrame: (draw: () => void) => void =
  typeof requestAnimationFrame === 'function' ? (draw) => requestAnimationFrame(draw) : (draw) => setTimeout(draw, 16);

/** The preview on the canvas, or null when WebGL 2 cannot draw there (the caller says so, or tries the page). */
export function createPreview({
  canvas,
  positions,
  insideOut = false,
  colours,
  size,
  onDrawn,
}: CreatePreviewOptions): ModelPreview | null {
  const context = webgl2(canvas);
  if (!context) return null;
  let renderer: WebGLRenderer;
  try {
    renderer = new WebGLRenderer({ canvas, context, antialias: true });
  } catch {
    return null;
  }
  renderer.setClearColor(0xf4f7f7, 1);
  // Checking the shaders after compiling waits for the GPU process (a synchronous round trip); they
  // are fixed and tested, so the check is left out.
  renderer.debug.checkShaderErrors = false;

  const scene = new Scene();
  const camera = new PerspectiveCamera(FIELD_OF_VIEW, 1, 0.1, 100_000);
  camera.up.set(0, 0, 1);

  const fileBox = boxOf(positions);
  const centre = fileBox.getCenter(new Vector3());

  const material = new ShaderMaterial({
    vertexShader: VERTEX,
    fragmentShader: FRAGMENT,
    side: DoubleSide,
    uniforms: {
      uBase: { value: new Color(colours?.base ?? '#3f9599') },
      uTint: { value: new Color(colours?.tint ?? '#d9822b') },
      uBedZ: { value: 0 },
      uOverhangCos: { value: OVERHANG_COS },
      uFlip: { value: insideOut ? -1 : 1 },
    },
  });
  // The mesh sits centred in a pivot that the orientation turns, scales and stands on the bed; the
  // positions themselves are never changed (an analysis is kept and may be shown again).
  const model = new Group();
  model.position.set(-centre.x, -centre.y, -centre.z);
  const pivot = new Group();
  pivot.add(model);
  scene.add(pivot);
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new BufferAttribute(positions, 3));
  geometry.boundingBox = fileBox;
  model.add(new Mesh(geometry, material));

  const boxLines = new LineSegments(
    new EdgesGeometry(new BoxGeometry(1, 1, 1)),
    new LineBasicMaterial({ color: colours?.box ?? '#515a64' }),
  );
  scene.add(boxLines);
  let grid: GridHelper | undefined;
  let home: Orbit | undefined;
  let orbit: Orbit | undefined;

  // Nothing is drawn until the shaders are linked and the part has been placed: compileAsync waits
  // for the GPU process without blocking (KHR_parallel_shader_compile), so the thread stays free for
  // the page's messages while the programs link.
  let compiled = false;
  let queued = false;
  let disposed = false;
  let drawn = false;
  const render = () => {
    if (!compiled || !orbit || queued || disposed) return;
    queued = true;
    nextFrame(() => {
      queued = false;
      if (disposed) return;
      renderer.render(scene, camera);
      if (!drawn) {
        drawn = true;
        onDrawn?.();
      }
    });
  };
  void renderer
    .compileAsync(scene, camera)
    .catch(() => undefined)
    .then(() => {
      compiled = true;
      render();
    });

  const place = () => {
    if (!orbit) return;
    const [x, y, z] = cameraPosition(orbit);
    camera.position.set(x, y, z);
    camera.lookAt(...orbit.target);
    render();
  };

  const resize = ({ width, height, pixelRatio }: PreviewSize) => {
    const w = width > 0 ? width : 320;
    const h = height > 0 ? height : 240;
    renderer.setPixelRatio(Math.min(pixelRatio || 1, 2));
    // The canvas's CSS size belongs to the page; only its drawing buffer is set here.
    renderer.setSize(w, h, false);
    camera.aspect = w / h;
    camera.updateProjectionMatrix();
    render();
  };
  resize(size);

  const show = ({ up, scale }: PreviewView) => {
    const axis = new Vector3(...UP_AXIS[up]);
    pivot.quaternion.copy(new Quaternion().setFromUnitVectors(axis, new Vector3(0, 0, 1)));
    pivot.scale.setScalar(scale);
    pivot.position.set(0, 0, 0);
    pivot.updateMatrixWorld(true);
    // The file's box turned and scaled, not the mesh walked again: cheap for a million triangles.
    const box = fileBox.clone().translate(centre.clone().negate()).applyMatrix4(pivot.matrixWorld);
    // Stand the part on the bed (z = 0), centred over the origin.
    pivot.position.set(-(box.min.x + box.max.x) / 2, -(box.min.y + box.max.y) / 2, -box.min.z);
    pivot.updateMatrixWorld(true);
    const measured = box.getSize(new Vector3());
    const longest = Math.max(measured.x, measured.y, measured.z, 1e-6);
    material.uniforms.uBedZ!.value = longest * 0.002;
    boxLines.scale.set(Math.max(measured.x, 1e-6), Math.max(measured.y, 1e-6), Math.max(measured.z, 1e-6));
    boxLines.position.set(0, 0, measured.z / 2);

    if (grid) {
      scene.remove(grid);
      grid.dispose();
    }
    grid = new GridHelper(longest * 1.6, 8, 0xa9d3d4, 0xd5eaea);
    grid.rotation.x = Math.PI / 2;
    scene.add(grid);

    camera.near = longest / 100;
    camera.far = longest * 100;
    camera.updateProjectionMatrix();
    home = homeOrbit([measured.x, measured.y, measured.z]);
    orbit = home;
    place();
  };

  return {
    show,
    input(input) {
      if (!orbit || !home) return;
      orbit = moveOrbit(orbit, input, home);
      place();
    },
    resize,
    dispose() {
      disposed = true;
      geometry.dispose();
      material.dispose();
      boxLines.geometry.dispose();
      boxLines.material.dispose();
      grid?.dispose();
      renderer.dispose();
    },
  };
}
