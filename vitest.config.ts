import { defineConfig } from 'vitest/config';

// Layers: unit (pure), integration (functions over HTTP on loopback), e2e (Chromium).
// Integration and e2e start their own servers on free ports with temp data folders.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Guards against hangs, not speed checks (those live in `npm run bench`): generous, because
    // browser and process tests share 2 cores.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
