import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Builds the Debian 6.12 test tree once (never skipped: a missing tarball fails the run).
    globalSetup: ['test/tree/setup.ts'],
  },
});
