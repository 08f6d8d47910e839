/**
 * The STEP kernel's deadline (server/files/step-worker.ts, architecture §5): past it the kernel is
 * stopped and the upload is stored unmeasured, with `timeout` as the reason its log line names.
 * Deterministic here by a deadline shorter than the kernel's own loading.
 */
import { describe, expect, it } from 'vitest';
import { measureGeometry } from '../../src/server/files/measure-geometry.js';
import { STEP_FILE } from '../support/intake.js';
import { boxWithHolePolyhedron, stepFile } from '../support/solids.js';

const SHA = 'b'.repeat(64);
const BLOCK = stepFile(boxWithHolePolyhedron([40, 30, 12], 10));

describe('the STEP kernel’s deadline', () => {
  it('stops a kernel that has not answered in time', async () => {
    const started = Date.now();
    const measured = await measureGeometry({ data: BLOCK, format: 'step', sha256: SHA, stepDeadlineMs: 1 });
    expect(measured).toEqual({ geometry: null, reason: 'timeout', refused: true });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('measures within the deadline, and calls a file the kernel cannot read unreadable', async () => {
    const block = await measureGeometry({ data: BLOCK, format: 'step', sha256: SHA });
    expect(block.geometry).toMatchObject({ format: 'step', shells: 1, watertight: true, sha256: SHA });
    const empty = await measureGeometry({ data: Buffer.from(STEP_FILE), format: 'step', sha256: SHA });
    expect(empty.geometry).toBeNull();
    expect(empty).toMatchObject({ refused: true });
    expect('reason' in empty ? empty.reason : '').toMatch(/^(unreadable|empty)$/);
  });
});
