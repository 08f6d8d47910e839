/**
 * A binary STL read as it streams: each 50-byte record's corners are welded as they arrive (`weld.ts`),
 * so the file and its triangle soup are never held, only the welded mesh (about a third of the soup).
 * The server uses it to measure a large upload straight from storage (architecture §15); the figures are
 * those of `parseStl` and `measureMesh` to the last bit.
 */
import { MAX_TRIANGLES, tooManyTriangles, unreadableModel } from './errors.js';
import type { IndexedMesh } from './mesh.js';
import { expectedVertices, VertexWelder } from './weld.js';

const HEADER = 84;
const RECORD = 50;
/** An IEEE 754 single's exponent bits: all set means infinity or NaN. */
const EXPONENT = 0x7f800000;

export class BinaryStlStream {
  private header = new Uint8Array(HEADER);
  private received = 0;
  private welder: VertexWelder | undefined;
  private triangles: Int32Array | undefined;
  private triangleCount = 0;
  private record = new Uint8Array(RECORD);
  private view = new DataView(this.record.buffer);
  private recordFill = 0;
  private triangle = 0;
  private finite = true;

  /** `size` is the whole file's length: a binary STL is recognised by it (84 + 50 bytes a triangle). */
  private readonly size: number;
  private readonly maxTriangles: number;

  constructor(size: number, maxTriangles = MAX_TRIANGLES) {
    this.size = size;
    this.maxTriangles = maxTriangles;
  }

  push(chunk: Uint8Array): void {
    let at = 0;
    if (this.received < HEADER) {
      const take = Math.min(HEADER - this.received, chunk.length);
      this.header.set(chunk.subarray(0, take), this.received);
      this.received += take;
      at = take;
      if (this.received === HEADER) this.start();
    }
    const { welder, triangles, view } = this;
    if (!welder || !triangles) return;
    while (at < chunk.length) {
      const take = Math.min(RECORD - this.recordFill, chunk.length - at);
      this.record.set(chunk.subarray(at, at + take), this.recordFill);
      this.recordFill += take;
      at += take;
      this.received += take;
      if (this.recordFill < RECORD) break;
      this.recordFill = 0;
      if (this.triangle >= this.triangleCount) throw unreadableModel('STL');
      for (let corner = 0, out = this.triangle * 3; corner < 3; corner++, out++) {
        const x = view.getUint32(12 + 12 * corner, true);
        const y = view.getUint32(16 + 12 * corner, true);
        const z = view.getUint32(20 + 12 * corner, true);
        this.finite &&= (x & EXPONENT) !== EXPONENT && (y & EXPONENT) !== EXPONENT && (z & EXPONENT) !== EXPONENT;
        triangles[out] = welder.add(x, y, z);
      }
      this.triangle++;
    }
  }

  /** The welded mesh; the stream lets go of it, so the caller's is the only reference. */
  finish(): IndexedMesh {
    const { welder, triangles } = this;
    if (!welder || !triangles || this.triangle !== this.triangleCount || this.recordFill !== 0 || !this.finite) {
      throw unreadableModel('STL');
    }
    this.welder = undefined;
    this.triangles = undefined;
    return { ...welder.finish(), triangles, triangleCount: this.triangleCount, units: 'mm' };
  }

  private start(): void {
    const count = new DataView(this.header.buffer).getUint32(80, true);
    if (count === 0 || this.size !== HEADER + count * RECORD) throw unreadableModel('STL');
    if (count > this.maxTriangles) throw tooManyTriangles(count, this.maxTriangles);
    this.triangleCount = count;
    this.triangles = new Int32Array(count * 3);
    this.welder = new VertexWelder(expectedVertices(count));
  }
}
