import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // DuckDB and SQLite tests use real files; two cores, so keep the pool small.
    pool: 'forks',
    maxWorkers: 2,
  },
});
