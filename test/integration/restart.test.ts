/**
 * Data written before a restart is there after it (its own file: the runtime is one per process).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from '../../src/server/db/orm.js';
import { describe, expect, it } from 'vitest';
import { startRuntime } from '../../src/dev/runtime.js';
import { getDb } from '../../src/server/db/index.js';
import { requests } from '../../src/server/db/schema.js';
import { seedDatabase } from '../support/db-template.js';

describe('restart', () => {
  it('keeps data across a restart on the same DATA_DIR', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'portal-restart-'));
    seedDatabase(dataDir);
    const env = { PORT: '0', STRIPE_EMULATOR_PORT: '0', DATA_DIR: dataDir, NODE_ENV: 'test' };
    const draft = crypto.randomUUID();
    try {
      const first = await startRuntime({ env, host: '127.0.0.1' });
      await getDb().insert(requests).values({
        reference: 'PF-2026-9999',
        clientDraftId: draft,
        mode: 'sample',
        details: {},
      });
      await first.close();
      const second = await startRuntime({ env, host: '127.0.0.1' });
      try {
        const rows = await getDb().select().from(requests).where(eq(requests.clientDraftId, draft));
        expect(rows.map((row) => row.reference)).toEqual(['PF-2026-9999']);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a second runtime in the same process', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'portal-restart-'));
    seedDatabase(dataDir);
    const env = { PORT: '0', STRIPE_EMULATOR_PORT: '0', DATA_DIR: dataDir, NODE_ENV: 'test' };
    const first = await startRuntime({ env, host: '127.0.0.1' });
    try {
      await expect(startRuntime({ env, host: '127.0.0.1' })).rejects.toThrow('already running');
    } finally {
      await first.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
