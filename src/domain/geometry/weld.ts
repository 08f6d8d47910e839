/**
 * Welds a triangle soup's corners into shared vertices: corners with identical x, y, z (bit for bit, with
 * -0 taken as 0) become one vertex. No tolerance welding: exporters write a shared corner as the same
 * float every time. Vertex ids are numbered in order of first appearance, so neighbouring faces get
 * nearby ids, which keeps the measuring's later passes cache-friendly.
 *
 * Corners arrive one at a time, so a streaming reader welds as it reads and never holds the soup. The
 * table is open addressing over vertex ids (4 bytes a slot, at most 5/8 full); the keys are the stored
 * vertices themselves, so a large part costs 12 bytes a vertex plus the table.
 */
import type { IndexedMesh, Mesh } from './mesh.js';

/** Grow the table past this share of slots in use (linear probing stays short below about 0.7). */
const MAX_LOAD = 0.625;

const NEGATIVE_ZERO = 0x80000000;

export class VertexWelder {
  private vertices: Float32Array;
  /** The same memory as `vertices`, as the float bits the table compares. */
  private bits: Uint32Array;
  /** Vertex id + 1 for each slot; 0 is empty. */
  private table: Int32Array;
  private mask: number;
  private count = 0;

  /** `expected` sizes the first allocation; more vertices grow it. */
  constructor(expected: number) {
    const capacity = Math.max(16, Math.ceil(expected));
    this.vertices = new Float32Array(3 * capacity);
    this.bits = new Uint32Array(this.vertices.buffer);
    this.table = new Int32Array(tableSizeFor(capacity));
    this.mask = this.table.length - 1;
  }

  /** The id of the vertex at these float bits (IEEE 754 single, as stored in the file). */
  add(x: number, y: number, z: number): number {
    if (x === NEGATIVE_ZERO) x = 0;
    if (y === NEGATIVE_ZERO) y = 0;
    if (z === NEGATIVE_ZERO) z = 0;
    const table = this.table;
    const mask = this.mask;
    let bits = this.bits;
    let h = hashVertex(x, y, z) & mask;
    for (;;) {
      const slot = table[h]!;
      if (slot === 0) break;
      const at = 3 * (slot - 1);
      if (bits[at] === x && bits[at + 1] === y && bits[at + 2] === z) return slot - 1;
      h = (h + 1) & mask;
    }
    const id = this.count++;
    if (3 * this.count > bits.length) bits = this.growVertices();
    bits[3 * id] = x;
    bits[3 * id + 1] = y;
    bits[3 * id + 2] = z;
    table[h] = id + 1;
    if (this.count > table.length * MAX_LOAD) this.growTable();
    return id;
  }

  /** The vertices welded so far; the welder lets go of its table (it is done). */
  finish(): { vertices: Float32Array; vertexCount: number } {
    const vertexCount = this.count;
    const used = 3 * vertexCount;
    // Trimmed when the spare room is worth a copy; a closed part's estimate is nearly exact.
    const vertices =
      this.vertices.length > used * 1.25 ? this.vertices.slice(0, used) : this.vertices.subarray(0, used);
    this.table = new Int32Array(0);
    this.vertices = new Float32Array(0);
    this.bits = new Uint32Array(0);
    return { vertices, vertexCount };
  }

  private growVertices(): Uint32Array {
    const grown = new Float32Array(Math.ceil((this.vertices.length / 3) * 1.5) * 3);
    grown.set(this.vertices);
    this.vertices = grown;
    this.bits = new Uint32Array(grown.buffer);
    return this.bits;
  }

  private growTable(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    const bits = this.bits;
    for (let id = 0; id < this.count; id++) {
      let h = hashVertex(bits[3 * id]!, bits[3 * id + 1]!, bits[3 * id + 2]!) & mask;
      while (table[h] !== 0) h = (h + 1) & mask;
      table[h] = id + 1;
    }
    this.table = table;
    this.mask = mask;
  }
}

/** About half a vertex a triangle: what a closed surface has (Euler: V ≈ T / 2). */
export function expectedVertices(triangleCount: number): number {
  return Math.ceil(triangleCount / 2) + 64;
}

/** The soup a reader built, welded. */
export function indexMesh({ positions, triangleCount, units }: Mesh): IndexedMesh {
  const bits = new Uint32Array(positions.buffer, positions.byteOffset, triangleCount * 9);
  const welder = new VertexWelder(expectedVertices(triangleCount));
  const triangles = new Int32Array(triangleCount * 3);
  for (let c = 0; c < triangles.length; c++)
    triangles[c] = welder.add(bits[3 * c]!, bits[3 * c + 1]!, bits[3 * c + 2]!);
  return { ...welder.finish(), triangles, triangleCount, units };
}

function tableSizeFor(vertices: number): number {
  let size = 16;
  while (size * MAX_LOAD < vertices + 1) size *= 2;
  return size;
}

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return h ^ (h >>> 16);
}

function hashVertex(x: number, y: number, z: number): number {
  return mix(Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77) ^ Math.imul(z, 0xc2b2ae3d));
}
