import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Builds the 6.12 test tree once from fixtures/kernel/6.12.
    globalSetup: ['test/tree/setup.ts'],
  },
});
