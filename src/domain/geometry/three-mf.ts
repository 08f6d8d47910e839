/**
 * 3MF: a ZIP package whose model part (3D/3dmodel.model, or wherever the root relationships point) is
 * XML holding indexed meshes, components (objects built from other objects) and build items placed by
 * 3 × 4 transforms, in the unit the model declares.
 *
 * The XML is read by a scanner over the bytes rather than DOMParser (which Web Workers lack) or an XML
 * library: a million-triangle model is about 100 MB of `<vertex>` and `<triangle>` tags, and reading
 * their numbers straight from the bytes, without building strings or a tree, keeps it to well under a
 * second. The scanner understands what 3MF files contain (elements, attributes in either quote,
 * comments, processing instructions, CDATA, namespace prefixes); it is not a validating XML parser.
 *
 * Parts referenced through the production extension (`p:path`, as Bambu Studio and OrcaSlicer write
 * them) are read too; their numbers are taken in the root model's unit.
 */
import { unzipSync } from 'fflate';
import { emptyModel, GeometryError, MAX_TRIANGLES, tooManyTriangles, unreadableModel } from './errors.js';
import { MM_PER_UNIT, type Mesh } from './mesh.js';
import type { LengthUnit } from './report.js';

export interface Parse3mfOptions {
  maxTriangles?: number;
}

/** Uncompressed model XML we are willing to read: about 10 million triangles' worth. */
const MAX_MODEL_BYTES = 1024 * 1024 * 1024;

const UNITS: Record<string, LengthUnit> = {
  micron: 'micron',
  millimeter: 'mm',
  centimeter: 'cm',
  inch: 'in',
  foot: 'ft',
  meter: 'm',
};

/** Row-vector 3 × 4 matrix as 3MF writes it: x' = x·m0 + y·m3 + z·m6 + m9, and so on. */
type Matrix = Float64Array;

interface MeshObject {
  kind: 'mesh';
  vertices: Float64Array;
  vertexCount: number;
  triangles: Int32Array;
  triangleCount: number;
}

interface ComponentsObject {
  kind: 'components';
  components: Reference[];
}

interface Reference {
  objectId: string;
  /** The model part holding the object (production extension); absent: the same part. */
  path?: string;
  transform: Matrix;
}

interface ModelPart {
  unit: LengthUnit;
  objects: Map<string, MeshObject | ComponentsObject>;
  items: Reference[];
}

export function parse3mf(bytes: Uint8Array, { maxTriangles = MAX_TRIANGLES }: Parse3mfOptions = {}): Mesh {
  const files = unzipModelFiles(bytes);
  const rootPath = modelPathOf(files);
  if (!rootPath) throw new GeometryError('unreadable', NO_MODEL_MESSAGE);
  const parts = new Map<string, ModelPart>();
  const partAt = (path: string): ModelPart => {
    const key = normalisePath(path);
    let part = parts.get(key);
    if (!part) {
      const data = files.get(key) ?? files.get(key.toLowerCase());
      if (!data) throw unreadableModel('3MF');
      part = parseModelPart(data);
      parts.set(key, part);
    }
    return part;
  };
  const root = partAt(rootPath);

  // Expand the build into (mesh, placement) instances, then copy them out transformed.
  const instances: { mesh: MeshObject; transform: Matrix }[] = [];
  let triangleCount = 0;
  const visit = (reference: Reference, from: string, parent: Matrix, depth: number): void => {
    if (depth > 32) throw unreadableModel('3MF'); // components referring to themselves
    const path = reference.path ? normalisePath(reference.path) : from;
    const object = partAt(path).objects.get(reference.objectId);
    if (!object) throw unreadableModel('3MF');
    const transform = compose(reference.transform, parent);
    if (object.kind === 'mesh') {
      instances.push({ mesh: object, transform });
      triangleCount += object.triangleCount;
      if (triangleCount > maxTriangles) throw tooManyTriangles(triangleCount, maxTriangles);
      return;
    }
    for (const component of object.components) visit(component, path, transform, depth + 1);
  };
  const rootKey = normalisePath(rootPath);
  for (const item of root.items) visit(item, rootKey, IDENTITY, 0);
  if (triangleCount === 0) throw emptyModel('3MF');

  const scale = MM_PER_UNIT[root.unit];
  const positions = new Float32Array(triangleCount * 9);
  let out = 0;
  for (const { mesh, transform: m } of instances) {
    const v = mesh.vertices;
    const t = mesh.triangles;
    for (let i = 0, end = mesh.triangleCount * 3; i < end; i++) {
      const at = 3 * t[i]!;
      const x = v[at]!;
      const y = v[at + 1]!;
      const z = v[at + 2]!;
      positions[out++] = (x * m[0]! + y * m[3]! + z * m[6]! + m[9]!) * scale;
      positions[out++] = (x * m[1]! + y * m[4]! + z * m[7]! + m[10]!) * scale;
      positions[out++] = (x * m[2]! + y * m[5]! + z * m[8]! + m[11]!) * scale;
    }
  }
  return { positions, triangleCount, units: root.unit };
}

const NO_MODEL_MESSAGE =
  'The 3MF file holds no 3D model part; it may be a different kind of ZIP archive. Export it again as 3MF and retry.';

// ---------------------------------------------------------------------------------------------
// Package

function unzipModelFiles(bytes: Uint8Array): Map<string, Uint8Array> {
  let total = 0;
  let unzipped: Record<string, Uint8Array>;
  try {
    unzipped = unzipSync(bytes, {
      filter: (file) => {
        const wanted = /\.(model|rels)$/i.test(file.name);
        if (wanted) total += file.originalSize;
        return wanted;
      },
    });
  } catch (error) {
    throw unreadableModel('3MF', error);
  }
  if (total > MAX_MODEL_BYTES) {
    throw new GeometryError(
      'too_many_triangles',
      'The 3MF model is too large for us to measure. Export it again with a coarser resolution and try again.',
    );
  }
  const files = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(unzipped)) files.set(normalisePath(name), data);
  return files;
}

function normalisePath(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\/+/, '');
}

/** The part the package's root relationships name as the 3D model; by convention 3D/3dmodel.model. */
function modelPathOf(files: Map<string, Uint8Array>): string | undefined {
  const rels = files.get('_rels/.rels');
  if (rels) {
    const text = new TextDecoder().decode(rels);
    for (const match of text.matchAll(/<(?:\w+:)?Relationship\b[^>]*>/g)) {
      const tag = match[0];
      const type = /\bType\s*=\s*["']([^"']*)["']/.exec(tag)?.[1] ?? '';
      const target = /\bTarget\s*=\s*["']([^"']*)["']/.exec(tag)?.[1];
      if (target && /\/3dmodel$/i.test(type) && files.has(normalisePath(decodeEntities(target)))) {
        return normalisePath(decodeEntities(target));
      }
    }
  }
  if (files.has('3D/3dmodel.model')) return '3D/3dmodel.model';
  for (const name of files.keys()) if (/^3D\/[^/]+\.model$/i.test(name)) return name;
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Model XML

const LT = 0x3c; // <
const GT = 0x3e; // >
const SLASH = 0x2f;
const QUESTION = 0x3f;
const BANG = 0x21;
const EQUALS = 0x3d;
const COLON = 0x3a;

const IDENTITY: Matrix = Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0);

/** Elements by their local name (prefix stripped), as the scanner meets them. */
function parseModelPart(xml: Uint8Array): ModelPart {
  const part: ModelPart = { unit: 'mm', objects: new Map(), items: [] };
  const attributes = new Attributes(xml);
  let object: { id: string; skip: boolean; value?: MeshObject | ComponentsObject } | undefined;
  let mesh: MeshObject | undefined;
  let inBuild = false;
  let sawModel = false;
  let closedModel = false;
  let at = 0;
  const length = xml.length;
  while (at < length) {
    let open = at;
    while (open < length && xml[open] !== LT) open++;
    if (open >= length) break;
    const next = xml[open + 1];
    if (next === QUESTION) {
      at = indexOfSequence(xml, '?>', open + 2) + 2;
      continue;
    }
    if (next === BANG) {
      at = skipDeclaration(xml, open);
      continue;
    }
    const closing = next === SLASH;
    const nameStart = closing ? open + 2 : open + 1;
    let nameEnd = nameStart;
    let localStart = nameStart;
    for (; nameEnd < length; nameEnd++) {
      const c = xml[nameEnd]!;
      if (c === COLON) localStart = nameEnd + 1;
      else if (c <= 0x20 || c === SLASH || c === GT) break;
    }
    const end = attributes.read(nameEnd);
    if (end < 0) throw unreadableModel('3MF');
    at = end + 1;
    // The million vertices and triangles take a path that builds no string.
    if (!closing && mesh) {
      if (isName(xml, localStart, nameEnd, VERTEX)) {
        pushVertex(mesh, attributes);
        continue;
      }
      if (isName(xml, localStart, nameEnd, TRIANGLE)) {
        pushTriangle(mesh, attributes);
        continue;
      }
    }
    const name = localName(xml, localStart, nameEnd);
    if (closing) {
      if (name === 'object' && object) {
        // A skipped object stays known, as one that adds nothing, so items naming it are still valid.
        if (object.skip) part.objects.set(object.id, { kind: 'components', components: [] });
        else if (object.value) part.objects.set(object.id, object.value);
        object = undefined;
        mesh = undefined;
      } else if (name === 'build') inBuild = false;
      else if (name === 'model') closedModel = true;
      continue;
    }
    switch (name) {
      case 'vertex':
        if (mesh) pushVertex(mesh, attributes);
        break;
      case 'triangle':
        if (mesh) pushTriangle(mesh, attributes);
        break;
      case 'model': {
        sawModel = true;
        const unit = attributes.text('unit');
        if (unit !== undefined) {
          const known = UNITS[unit.trim().toLowerCase()];
          if (!known) throw unreadableModel('3MF');
          part.unit = known;
        }
        break;
      }
      case 'object': {
        const id = attributes.text('id');
        if (id === undefined) throw unreadableModel('3MF');
        // Support meshes a slicer saved with the project are its own; the shop generates its own.
        const type = attributes.text('type');
        object = { id, skip: type === 'support' || type === 'solidsupport' };
        if (attributes.selfClosing) object = undefined;
        break;
      }
      case 'mesh':
        if (object) {
          mesh = {
            kind: 'mesh',
            vertices: new Float64Array(3 * 256),
            vertexCount: 0,
            triangles: new Int32Array(3 * 256),
            triangleCount: 0,
          };
          object.value = mesh;
        }
        break;
      case 'component':
        if (object) {
          if (!object.value || object.value.kind !== 'components')
            object.value = { kind: 'components', components: [] };
          object.value.components.push(referenceOf(attributes));
        }
        break;
      case 'build':
        inBuild = !attributes.selfClosing;
        break;
      case 'item':
        if (inBuild) part.items.push(referenceOf(attributes));
        break;
    }
  }
  // A model that never closes was cut short, even when what came before it parsed.
  if (!sawModel || !closedModel) throw unreadableModel('3MF');
  for (const value of part.objects.values()) if (value.kind === 'mesh') checkIndices(value);
  return part;
}

const VERTEX = Uint8Array.from('vertex', (c) => c.charCodeAt(0));
const TRIANGLE = Uint8Array.from('triangle', (c) => c.charCodeAt(0));

function isName(xml: Uint8Array, from: number, to: number, name: Uint8Array): boolean {
  if (to - from !== name.length) return false;
  for (let i = 0; i < name.length; i++) if (xml[from + i] !== name[i]) return false;
  return true;
}

function localName(xml: Uint8Array, from: number, to: number): string {
  // The handful of names we act on are short ASCII; anything longer is some other element.
  if (to - from > 12) return '';
  let name = '';
  for (let i = from; i < to; i++) name += String.fromCharCode(xml[i]!);
  return name;
}

function skipDeclaration(xml: Uint8Array, open: number): number {
  if (xml[open + 2] === 0x2d && xml[open + 3] === 0x2d) return indexOfSequence(xml, '-->', open + 4) + 3;
  if (xml[open + 2] === 0x5b) return indexOfSequence(xml, ']]>', open + 3) + 3; // <![CDATA[
  const close = xml.indexOf(GT, open);
  return close < 0 ? xml.length : close + 1;
}

function indexOfSequence(xml: Uint8Array, sequence: string, from: number): number {
  const first = sequence.charCodeAt(0);
  for (let at = xml.indexOf(first, from); at >= 0; at = xml.indexOf(first, at + 1)) {
    let matches = true;
    for (let k = 1; k < sequence.length && matches; k++) matches = xml[at + k] === sequence.charCodeAt(k);
    if (matches) return at;
  }
  return xml.length;
}

function referenceOf(attributes: Attributes): Reference {
  const objectId = attributes.text('objectid');
  if (objectId === undefined) throw unreadableModel('3MF');
  const transform = attributes.text('transform');
  const path = attributes.text('path');
  const reference: Reference = { objectId, transform: transform === undefined ? IDENTITY : matrixOf(transform) };
  if (path) reference.path = decodeEntities(path);
  return reference;
}

function matrixOf(text: string): Matrix {
  const values = text.trim().split(/\s+/).map(Number);
  if (values.length !== 12 || !values.every(Number.isFinite)) throw unreadableModel('3MF');
  return Float64Array.from(values);
}

/** `inner` applied first, then `outer` (row vectors: p · inner · outer). */
function compose(inner: Matrix, outer: Matrix): Matrix {
  const out = new Float64Array(12);
  for (let row = 0; row < 4; row++) {
    for (let col = 0; col < 3; col++) {
      let sum = row === 3 ? outer[9 + col]! : 0;
      for (let k = 0; k < 3; k++) sum += inner[3 * row + k]! * outer[3 * k + col]!;
      out[3 * row + col] = sum;
    }
  }
  return out;
}

function pushVertex(mesh: MeshObject, attributes: Attributes): void {
  if (3 * mesh.vertexCount + 3 > mesh.vertices.length) mesh.vertices = grow(mesh.vertices);
  const at = 3 * mesh.vertexCount++;
  mesh.vertices[at] = attributes.number(0x78); // x
  mesh.vertices[at + 1] = attributes.number(0x79); // y
  mesh.vertices[at + 2] = attributes.number(0x7a); // z
}

function pushTriangle(mesh: MeshObject, attributes: Attributes): void {
  if (3 * mesh.triangleCount + 3 > mesh.triangles.length) mesh.triangles = grow(mesh.triangles);
  const at = 3 * mesh.triangleCount++;
  mesh.triangles[at] = attributes.index(0x31); // v1
  mesh.triangles[at + 1] = attributes.index(0x32); // v2
  mesh.triangles[at + 2] = attributes.index(0x33); // v3
}

function checkIndices(mesh: MeshObject): void {
  for (let i = 0, end = 3 * mesh.triangleCount; i < end; i++) {
    const v = mesh.triangles[i]!;
    if (v < 0 || v >= mesh.vertexCount) throw unreadableModel('3MF');
  }
  for (let i = 0, end = 3 * mesh.vertexCount; i < end; i++) {
    if (!Number.isFinite(mesh.vertices[i]!)) throw unreadableModel('3MF');
  }
}

function grow<T extends Float64Array | Int32Array>(array: T): T {
  const grown = new (array.constructor as new (length: number) => T)(array.length * 2);
  grown.set(array);
  return grown;
}

function decodeEntities(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, entity: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (entity[0] !== '#') return named[entity.toLowerCase()] ?? '';
    return String.fromCodePoint(
      entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)),
    );
  });
}

/**
 * The attributes of the tag being read, as byte ranges (no strings unless asked for). `read` walks from
 * the end of the tag's name to its `>` and returns that position (-1 when the file ends first).
 */
class Attributes {
  private readonly xml: Uint8Array;
  private count = 0;
  private readonly nameStart = new Int32Array(32);
  private readonly nameEnd = new Int32Array(32);
  private readonly valueStart = new Int32Array(32);
  private readonly valueEnd = new Int32Array(32);
  selfClosing = false;

  constructor(xml: Uint8Array) {
    this.xml = xml;
  }

  read(from: number): number {
    const xml = this.xml;
    const length = xml.length;
    this.count = 0;
    this.selfClosing = false;
    let at = from;
    for (;;) {
      while (at < length && xml[at]! <= 0x20) at++;
      if (at >= length) return -1;
      const c = xml[at]!;
      if (c === GT) return at;
      if (c === SLASH) {
        this.selfClosing = true;
        at++;
        continue;
      }
      // name = "value"; the local name is kept (after any prefix such as p:).
      let localStart = at;
      while (at < length && xml[at] !== EQUALS && xml[at]! > 0x20 && xml[at] !== GT && xml[at] !== SLASH) {
        if (xml[at] === COLON) localStart = at + 1;
        at++;
      }
      const nameEnd = at;
      while (at < length && xml[at]! <= 0x20) at++;
      if (xml[at] !== EQUALS) continue; // a bare word: not XML we need, skip it
      at++;
      while (at < length && xml[at]! <= 0x20) at++;
      const quote = xml[at];
      if (quote !== 0x22 && quote !== 0x27) return -1;
      const valueStart = at + 1;
      // A loop, not indexOf: a native call per attribute costs more than the few bytes it skips.
      let valueEnd = valueStart;
      while (valueEnd < length && xml[valueEnd] !== quote) valueEnd++;
      if (valueEnd >= length) return -1;
      if (this.count < 32) {
        this.nameStart[this.count] = localStart;
        this.nameEnd[this.count] = nameEnd;
        this.valueStart[this.count] = valueStart;
        this.valueEnd[this.count] = valueEnd;
        this.count++;
      }
      at = valueEnd + 1;
    }
  }

  /** The attribute whose local name is `name`, decoded; undefined when absent. */
  text(name: string): string | undefined {
    const i = this.find(name);
    if (i < 0) return undefined;
    return decodeEntities(new TextDecoder().decode(this.xml.subarray(this.valueStart[i], this.valueEnd[i])));
  }

  /** A number-valued single-letter attribute (x, y, z); NaN when absent or malformed. */
  number(letter: number): number {
    const i = this.findLetter(letter);
    return i < 0 ? NaN : parseDecimal(this.xml, this.valueStart[i]!, this.valueEnd[i]!);
  }

  /** A vertex index attribute (v1, v2, v3); -1 when absent or malformed. */
  index(digit: number): number {
    for (let i = 0; i < this.count; i++) {
      const start = this.nameStart[i]!;
      if (this.nameEnd[i] === start + 2 && this.xml[start] === 0x76 && this.xml[start + 1] === digit) {
        return parseIndex(this.xml, this.valueStart[i]!, this.valueEnd[i]!);
      }
    }
    return -1;
  }

  private findLetter(letter: number): number {
    for (let i = 0; i < this.count; i++) {
      const start = this.nameStart[i]!;
      if (this.nameEnd[i] === start + 1 && this.xml[start] === letter) return i;
    }
    return -1;
  }

  private find(name: string): number {
    outer: for (let i = 0; i < this.count; i++) {
      const start = this.nameStart[i]!;
      if (this.nameEnd[i]! - start !== name.length) continue;
      for (let k = 0; k < name.length; k++) if (this.xml[start + k] !== name.charCodeAt(k)) continue outer;
      return i;
    }
    return -1;
  }
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * A decimal from bytes. Up to 15 significant digits and 22 decimals it is exact (an integer mantissa
 * divided by an exact power of ten, one correctly rounded operation); anything else goes to Number.
 */
function parseDecimal(xml: Uint8Array, from: number, to: number): number {
  let at = from;
  while (at < to && xml[at]! <= 0x20) at++;
  let end = to;
  while (end > at && xml[end - 1]! <= 0x20) end--;
  let negative = false;
  if (xml[at] === 0x2d) {
    negative = true;
    at++;
  } else if (xml[at] === 0x2b) at++;
  let mantissa = 0;
  let digits = 0;
  let decimals = 0;
  let sawDot = false;
  let any = false;
  for (; at < end; at++) {
    const c = xml[at]!;
    if (c >= 0x30 && c <= 0x39) {
      any = true;
      if (mantissa === 0 && c === 0x30) {
        if (sawDot) decimals++;
        continue;
      }
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      if (sawDot) decimals++;
    } else if (c === 0x2e && !sawDot) sawDot = true;
    else break;
  }
  if (at === end && any && digits <= 15 && decimals <= 22) {
    const value = mantissa / POWERS_OF_TEN[decimals]!;
    return negative ? -value : value;
  }
  // Exponents, long mantissas and anything odd: the exact general parser (NaN if malformed).
  if (end - from > 64) return NaN;
  let text = '';
  for (let i = from; i < end; i++) text += String.fromCharCode(xml[i]!);
  return text.trim() === '' ? NaN : Number(text);
}

function parseIndex(xml: Uint8Array, from: number, to: number): number {
  let value = 0;
  let any = false;
  for (let at = from; at < to; at++) {
    const c = xml[at]!;
    if (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      any = true;
      if (value > 0x7fffffff) return -1;
    } else if (c > 0x20) return -1;
  }
  return any ? value : -1;
}
