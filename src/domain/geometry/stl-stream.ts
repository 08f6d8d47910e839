/**
 * A binary STL read as it streams: the 50-byte records become the same `Mesh` `parseStl` builds, without
 * holding the file (36 of every 50 bytes are kept, as floats). The server uses it to measure a large
 * upload straight from storage (architecture §15); the figures are those of `parseStl` to the last bit.
 */
import { MAX_TRIANGLES, tooManyTriangles, unreadableModel } from './errors.js';
import type { Mesh } from './mesh.js';

const HEADER = 84;
const RECORD = 50;

export class BinaryStlStream {
  private header = new Uint8Array(HEADER);
  private received = 0;
  private positions: Float32Array | undefined;
  private triangleCount = 0;
  private record = new Uint8Array(RECORD);
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
    const positions = this.positions;
    if (!positions) return;
    while (at < chunk.length) {
      const take = Math.min(RECORD - this.recordFill, chunk.length - at);
      this.record.set(chunk.subarray(at, at + take), this.recordFill);
      this.recordFill += take;
      at += take;
      this.received += take;
      if (this.recordFill < RECORD) break;
      this.recordFill = 0;
      if (this.triangle >= this.triangleCount) throw unreadableModel('STL');
      const view = new DataView(this.record.buffer);
      for (let k = 0, out = this.triangle * 9; k < 9; k++, out++) {
        const value = view.getFloat32(12 + 4 * k, true);
        positions[out] = value;
        this.finite &&= Number.isFinite(value);
      }
      this.triangle++;
    }
  }

  finish(): Mesh {
    if (!this.positions || this.triangle !== this.triangleCount || this.recordFill !== 0 || !this.finite) {
      throw unreadableModel('STL');
    }
    return { positions: this.positions, triangleCount: this.triangleCount, units: 'mm' };
  }

  private start(): void {
    const count = new DataView(this.header.buffer).getUint32(80, true);
    if (count === 0 || this.size !== HEADER + count * RECORD) throw unreadableModel('STL');
    if (count > this.maxTriangles) throw tooManyTriangles(count, this.maxTriangles);
    this.triangleCount = count;
    this.positions = new Float32Array(count * 9);
  }
}
