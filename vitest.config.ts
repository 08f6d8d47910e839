import { defineConfig } from 'vitest/config';

// Layers: unit (pure), integration (functions over HTTP on loopback), e2e (Chromium).
// Integration and e2e start their own servers on free ports with temp data folders.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    globalSetup: ['test/global-setup.ts'],
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
