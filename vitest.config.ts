import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 30_000,
    // No plan cache in ~/.cache: each test that wants one names its own folder.
    env: { NO_COLOR: '1', FORCE_COLOR: '0', PLANMETRICS_CACHE_DIR: 'off' },
    // One worker per core. Vitest's own default is one fewer than the cores, which on a 2-core
    // machine is a single worker: the files then run one after another while a core idles.
    maxWorkers: '100%',
    // The files share their workers' loaded modules instead of each loading src/ and its libraries
    // anew (a quarter of the run's time went to imports). They can: src/ keeps no state between
    // runs but caches of what it read from the package's own data; the tests change the environment
    // only through vi.stubEnv (undone in the same test) or to the PLANMETRICS_CACHE_DIR set above.
    isolate: false,
  },
});
