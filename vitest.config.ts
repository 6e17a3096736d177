import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    testTimeout: 30_000,
    // No plan cache in ~/.cache: each test that wants one names its own folder.
    env: { NO_COLOR: '1', FORCE_COLOR: '0', PLANMETRICS_CACHE_DIR: 'off' },
  },
});
