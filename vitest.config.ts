import { defineConfig } from 'vitest/config';

// Layers (docs/architecture.md §8): unit (pure), integration (functions over HTTP on loopback),
// e2e (Chromium), deploy (Vercel's build and launcher), contract (Stripe's wire format).
// Integration and e2e start their own servers on free ports with temp data folders, each with a
// database of its own on the run's one PostgreSQL server (started by test/global-setup.ts for the
// system project); each e2e file launches its own Chromium. Global setup belongs to each project,
// not the root: vitest calls a root setup once, for the root project, so it could not tell them apart.
// The deploy project's setup runs `vercel build` before any test starts: its own layer.
const SETUP = ['test/global-setup.ts'];

export default defineConfig({
  test: {
    // Guards against hangs, not speed checks (those live in `npm run bench`): generous, because
    // browser and process tests share 2 cores.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // expect.poll waits for a page or a log to catch up; on two busy cores one round trip to the
    // browser can take most of vitest's default second, so it waits up to 10 s (a hang guard too).
    expect: { poll: { timeout: 10_000 } },
    pool: 'forks',
    fileParallelism: true,
    // One worker per core. Measured side by side on this suite: a third or fourth worker made it slower
    // (more contention in the browser and release tests), not faster.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        // Pure modules with no process-wide state: one process runs them all, so each file does
        // not pay for a fresh fork and a fresh module graph.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false, globalSetup: SETUP },
      },
      {
        extends: true,
        // Each file starts its own runtime (configuration, database and mail are process-wide) and
        // closes it in afterAll; the runtime allows one at a time per process and sets the
        // configuration anew when it starts. So the files take turns in each worker's process
        // instead of a fresh fork each: no file pays again for the fork and for loading the server's
        // module graph (about 180 of 650 CPU-seconds of the suite, measured side by side).
        test: {
          name: 'system',
          include: ['test/{integration,e2e,contract}/**/*.test.ts'],
          isolate: false,
          globalSetup: SETUP,
        },
      },
      {
        extends: true,
        // The deploy file loads Vercel's built functions into its process: it keeps one of its own.
        test: { name: 'deploy', include: ['test/deploy/**/*.test.ts'], globalSetup: SETUP },
      },
    ],
  },
});
