/**
 * The 3D preview of a measured model (three.js, WebGL 2): the part stood on a bed the way it would be
 * printed, its bounding box drawn, and the faces that would need support tinted. Loaded with a dynamic
 * `import()` only once a 3D file is added, so pages without one never download three.js.
 *
 * The tint is worked out on the GPU: the fragment shader takes each face's normal from the screen-space
 * derivatives of its position, so turning the part to another orientation costs one uniform and no pass
 * over a million triangles on the main thread, and the mesh needs no normal buffer. The rule matches the
 * geometry core's: a face pointing down more steeply than 45° from vertical that is not on the bed.
 *
 * Keyboard: the canvas is focusable; arrow keys turn the view, + and − zoom, 0 resets it. Pointer:
 * OrbitControls (drag to turn, wheel or pinch to zoom, right-drag or two fingers to pan).
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
  Spherical,
  Vector3,
  WebGLRenderer,
} from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import type { Orientation } from '../../domain/geometry/report.js';

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

export interface ModelPreview {
  show(view: PreviewView): void;
  dispose(): void;
}

/**
 * A WebGL 2 context for the canvas, or null where there is none (no GPU and no software fallback,
 * WebGL switched off). Asked for directly so an unavailable context is a null, not a console error.
 */
function webgl2(canvas: HTMLCanvasElement): WebGL2RenderingContext | null {
  try {
    return canvas.getContext('webgl2', { antialias: true, powerPreference: 'low-power' });
  } catch {
    return null;
  }
}

export interface CreatePreviewOptions {
  canvas: HTMLCanvasElement;
  /** Nine floats a triangle, in millimetres, as the geometry worker sends them (simplified when large). */
  positions: Float32Array;
  /** The faces are wound inward (the core reports the mesh inside out): out is the other side. */
  insideOut?: boolean;
  /** Colours from the page's tokens, so the preview matches the site. */
  colours?: { base: string; tint: string; box: string };
}

/** The preview on the canvas, or null when this browser cannot draw WebGL (the caller says so in words). */
export function createPreview({
  canvas,
  positions,
  insideOut = false,
  colours,
}: CreatePreviewOptions): ModelPreview | null {
  const context = webgl2(canvas);
  if (!context) return null;
  let renderer: WebGLRenderer;
  try {
    renderer = new WebGLRenderer({ canvas, context, antialias: true });
  } catch {
    return null;
  }
  renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
  renderer.setClearColor(0xf4f7f7, 1);
  // Checking the shaders after compiling waits for the GPU process (a synchronous round trip); they
  // are fixed and tested, so the check is left out.
  renderer.debug.checkShaderErrors = false;

  const scene = new Scene();
  const camera = new PerspectiveCamera(35, 1, 0.1, 100_000);
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

  const controls = new OrbitControls(camera, canvas);
  controls.enableDamping = false;
  const home = { position: new Vector3(), target: new Vector3() };

  // Nothing is drawn until the shaders are linked: compileAsync waits for the GPU process without
  // blocking (KHR_parallel_shader_compile), where the first draw would hold the main thread until the
  // link finished (over 100 ms with a software renderer).
  let compiled = false;
  const render = () => {
    if (compiled) renderer.render(scene, camera);
  };
  void renderer
    .compileAsync(scene, camera)
    .catch(() => undefined)
    .then(() => {
      compiled = true;
      render();
    });
  controls.addEventListener('change', render);

  const resize = () => {
    const width = canvas.clientWidth || 320;
    const height = canvas.clientHeight || 240;
    renderer.setSize(width, height, false);
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    render();
  };
  const observer = new ResizeObserver(resize);
  observer.observe(canvas);

  const onKey = (event: KeyboardEvent) => {
    const offset = camera.position.clone().sub(controls.target);
    const spherical = new Spherical().setFromVector3(new Vector3(offset.x, offset.z, -offset.y));
    const step = Math.PI / 18;
    switch (event.key) {
      case 'ArrowLeft':
        spherical.theta -= step;
        break;
      case 'ArrowRight':
        spherical.theta += step;
        break;
      case 'ArrowUp':
        spherical.phi = Math.max(0.05, spherical.phi - step);
        break;
      case 'ArrowDown':
        spherical.phi = Math.min(Math.PI - 0.05, spherical.phi + step);
        break;
      case '+':
      case '=':
        spherical.radius *= 0.85;
        break;
      case '-':
        spherical.radius /= 0.85;
        break;
      case '0':
        camera.position.copy(home.position);
        controls.target.copy(home.target);
        controls.update();
        event.preventDefault();
        return;
      default:
        return;
    }
    event.preventDefault();
    // Spherical is y-up; the bed's up is z.
    const turned = new Vector3().setFromSpherical(spherical);
    camera.position.set(turned.x, -turned.z, turned.y).add(controls.target);
    controls.update();
  };
  canvas.addEventListener('keydown', onKey);

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
    const size = box.getSize(new Vector3());
    const longest = Math.max(size.x, size.y, size.z, 1e-6);
    material.uniforms.uBedZ!.value = longest * 0.002;
    boxLines.scale.set(Math.max(size.x, 1e-6), Math.max(size.y, 1e-6), Math.max(size.z, 1e-6));
    boxLines.position.set(0, 0, size.z / 2);

    if (grid) {
      scene.remove(grid);
      grid.dispose();
    }
    const gridSize = longest * 1.6;
    grid = new GridHelper(gridSize, 8, 0xa9d3d4, 0xd5eaea);
    grid.rotation.x = Math.PI / 2;
    scene.add(grid);

    const distance = longest * 2.6;
    home.target.set(0, 0, size.z / 2);
    home.position.set(distance * 0.75, -distance, distance * 0.6 + size.z / 2);
    camera.near = longest / 100;
    camera.far = longest * 100;
    camera.updateProjectionMatrix();
    camera.position.copy(home.position);
    controls.target.copy(home.target);
    controls.update();
    render();
  };

  return {
    show,
    dispose() {
      observer.disconnect();
      canvas.removeEventListener('keydown', onKey);
      controls.removeEventListener('change', render);
      controls.dispose();
      geometry.dispose();
      material.dispose();
      boxLines.geometry.dispose();
      grid?.dispose();
      renderer.dispose();
    },
  };
}
